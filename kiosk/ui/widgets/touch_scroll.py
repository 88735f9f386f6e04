"""Kinetic scrolling by finger for the kiosk's scroll areas.

The kiosk's screen is touched, not wheeled: a visitor drags the content itself, and it
glides on and slows as on a phone. The touch screen's driver delivers taps and drags as a
left mouse button, so the scroller listens to that; a tap that does not move still reaches
the button or field under the finger, without delay. The content does not bounce past
its ends, which reads as a fault on a screen that does not scroll back by itself in
every driver.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QScroller, QScrollerProperties


def touch_scrolling(area: QAbstractScrollArea) -> QScroller:
    """Let ``area`` be dragged with a finger; returns its scroller."""
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    properties = scroller.scrollerProperties()
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    # A tap reaches the field under the finger at once, as without a scroller: held back
    # for a quarter second (Qt's default) a quick tap on a field would not focus it.
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(properties)
    return scroller
