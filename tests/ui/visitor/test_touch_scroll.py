"""A visitor scrolls with a finger: every visitor screen that scrolls has a kinetic
scroller, a scroll bar a finger can hold, and a drag moves the content."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QScroller
from pytestqt.qtbot import QtBot

from kiosk.ui import theme
from kiosk.ui.visitor.flow import VisitorFlow
from tests.support.visitor_driver import Driver


def test_every_scrolling_screen_takes_a_finger(flow: VisitorFlow) -> None:
    areas = [s.scroll_area for s in flow.screens if s.scroll_area is not None]
    assert areas
    for area in areas:
        assert QScroller.hasScroller(area.viewport())
        bar = area.verticalScrollBar()
        bar.ensurePolished()
        assert bar.sizeHint().width() >= theme.SCROLL_BAR


def test_a_drag_up_scrolls_the_review(qtbot: QtBot, flow: VisitorFlow, driver: Driver
                                      ) -> None:
    driver.fill_to_review()
    area = flow.review.scroll_area
    assert area is not None
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    viewport = area.viewport()
    x = viewport.width() // 2
    bottom = viewport.height() - 20
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(x, bottom))
    for y in range(bottom, 40, -20):
        qtbot.mouseMove(viewport, QPoint(x, y))
        qtbot.wait(5)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(x, 40))
    qtbot.waitUntil(lambda: bar.value() > 0)
