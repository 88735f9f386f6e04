"""Driving the visitor screens as a person does: taps, the on-screen keyboard, a finger
signature. Shared by the visitor tests (with pytest-qt's ``qtbot``) and the benchmarks
(with ``PlainBot``, the same few calls without pytest)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.ui.context import AppContext
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.visitor.flow import VisitorFlow
from kiosk.ui.visitor.photo import Stage
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.widgets.touch_keyboard import SHIFT

NIK = "6171014506900001"  # Pontianak, woman born 5 June 1990
#: The finger's path for a signature: one stroke, zigzagging right across the pad.
SIGNATURE_STROKE = (QPoint(60, 100),
                    *(QPoint(x, 100 + (x % 60) - 30) for x in range(70, 400, 15)),
                    QPoint(400, 110))


class Bot(Protocol):
    """The calls the driver makes on pytest-qt's ``QtBot``."""

    def mouseClick(self, widget: QWidget, button: Qt.MouseButton) -> None: ...  # noqa: N802

    def mousePress(self, widget: QWidget, button: Qt.MouseButton,  # noqa: N802
                   *, pos: QPoint) -> None: ...

    def mouseMove(self, widget: QWidget, pos: QPoint) -> None: ...  # noqa: N802

    def mouseRelease(self, widget: QWidget, button: Qt.MouseButton,  # noqa: N802
                     *, pos: QPoint) -> None: ...

    def waitUntil(self, callback: Callable[[], bool | None],  # noqa: N802
                  *, timeout: int = ...) -> None: ...

    def wait(self, ms: int) -> None: ...


class PlainBot:
    """``Bot`` on QTest alone, for benchmarks, which run without pytest."""

    def mouseClick(self, widget: QWidget, button: Qt.MouseButton) -> None:  # noqa: N802
        QTest.mouseClick(widget, button)

    def mousePress(self, widget: QWidget, button: Qt.MouseButton,  # noqa: N802
                   *, pos: QPoint) -> None:
        QTest.mousePress(widget, button, Qt.KeyboardModifier.NoModifier, pos)

    def mouseMove(self, widget: QWidget, pos: QPoint) -> None:  # noqa: N802
        QTest.mouseMove(widget, pos)

    def mouseRelease(self, widget: QWidget, button: Qt.MouseButton,  # noqa: N802
                     *, pos: QPoint) -> None:
        QTest.mouseRelease(widget, button, Qt.KeyboardModifier.NoModifier, pos)

    def waitUntil(self, callback: Callable[[], bool | None],  # noqa: N802
                  *, timeout: int = 5000) -> None:
        deadline = time.monotonic() + timeout / 1000
        while not _holds(callback):
            if time.monotonic() > deadline:
                raise TimeoutError(f"waitUntil timed out in {timeout} milliseconds")
            QTest.qWait(5)

    def wait(self, ms: int) -> None:
        QTest.qWait(ms)


def _holds(callback: Callable[[], bool | None]) -> bool:
    """pytest-qt's rule: True, or None without an AssertionError, means done."""
    try:
        result = callback()
    except AssertionError:
        return False
    return result is None or result


class Driver:
    """Taps and types through the visitor screens, waiting where the screen waits."""

    def __init__(self, qtbot: Bot, flow: VisitorFlow) -> None:
        self.qtbot = qtbot
        self.flow = flow

    def tap(self, widget: QWidget) -> None:
        assert widget.isVisible(), f"{widget.objectName()} is not on screen"
        assert widget.isEnabled(), f"{widget.objectName()} is disabled"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def button(self, name: str) -> QPushButton:
        button = self.flow.findChild(QPushButton, name)
        assert button is not None, name
        return button

    def tap_named(self, name: str) -> None:
        self.tap(self.button(name))

    def on(self, screen: VisitorScreen) -> None:
        self.qtbot.waitUntil(lambda: self.flow.current_screen() is screen, timeout=5000)

    def next(self) -> None:
        screen = self.flow.current_screen()
        assert screen.footer is not None
        self.tap(screen.footer.primary)

    def type_with_keyboard(self, text: str) -> None:
        """Type on the on-screen keyboard into the focused field."""
        keyboard = self.flow.keyboard
        self.qtbot.waitUntil(keyboard.isVisible, timeout=2000)
        for ch in text:
            if ch.isupper():
                self.tap(keyboard.key(SHIFT))
            self.tap(keyboard.space_button if ch == " " else keyboard.key(ch.lower()))

    def focus_and_type(self, editor: QWidget, text: str) -> None:
        self.tap(editor)
        self.qtbot.waitUntil(lambda: self.flow.keyboard.target is editor, timeout=2000)
        self.type_with_keyboard(text)

    def sign(self) -> None:
        pad = self.flow.signature.pad
        first, *middle, last = SIGNATURE_STROKE
        self.qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=first)
        for point in middle:
            self.qtbot.mouseMove(pad, point)
        self.qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=last)

    def pass_photo(self) -> None:
        """The photo step: "Take photo", the countdown, the still, "Use this photo"; or,
        when the camera gives no picture, "Continue without a photo"."""
        flow, photo = self.flow, self.flow.photo
        self.on(photo)
        self.qtbot.waitUntil(lambda: flow.camera.working is not None, timeout=10_000)
        if photo.stage is Stage.LIVE:
            self.next()
            self.qtbot.waitUntil(lambda: photo.stage is Stage.TAKEN, timeout=10_000)
        assert photo.stage in (Stage.TAKEN, Stage.NO_CAMERA), photo.stage
        self.next()

    def fill_to_review(self) -> None:
        """Identity, details, two devices, the photo (when the kiosk takes one) and a
        signature, all through the screen."""
        flow = self.flow
        self.tap(flow.welcome.check_in_button)
        self.on(flow.identity)
        if not flow.identity.camera_panel.isHidden():
            self.tap(flow.identity.number.editor)  # the camera is up; typing needs a tap
        self.qtbot.waitUntil(flow.keyboard.isVisible)
        assert flow.keyboard.target is flow.identity.number.editor
        assert flow.keyboard.numeric, "the NIK gets the numeric keyboard"
        self.type_with_keyboard(NIK)
        self.next()
        self.on(flow.details)
        d = flow.details
        self.focus_and_type(d.full_name.editor, "dewi lestari")
        self.focus_and_type(d.organisation.editor, "dinas kominfo")
        self.focus_and_type(d.phone.editor, "081234567890")
        assert flow.keyboard.numeric
        self.focus_and_type(d.pic.editor, "seksi jaringan")
        self.focus_and_type(d.reference.editor, "800/12/2026")
        self.tap(d.purpose.button("repair"))
        self.focus_and_type(d.purpose_text.editor, "ganti psu")
        self.tap_named("duration-120")
        self.next()
        self.on(flow.devices)
        self.tap(flow.devices.choice.button("some"))
        for kind, brand, serial in (("laptop", "lenovo t14", "PF3ABC12"),
                                    ("switch", "cisco 2960", "FOC1234X")):
            self.focus_and_type(flow.devices.kind.editor, kind)
            self.focus_and_type(flow.devices.brand.editor, brand)
            self.focus_and_type(flow.devices.serial.editor, serial)
            self.tap(flow.devices.add_button)
        self.next()
        if flow.photo in flow.form_steps:
            self.pass_photo()
        self.on(flow.signature)
        self.sign()
        self.next()
        self.on(flow.review)

    def settle(self) -> None:
        wait_for_ops()
        self.qtbot.wait(20)


#: Opens a visitor flow for a context (a camera, a photo setting) and drives it.
MakeFlow = Callable[[AppContext], Driver]
def show_flow(ctx: AppContext, bot: Bot) -> VisitorFlow:
    """The visitor window at the size of the kiosk's screen, shown and active."""
    flow = VisitorFlow(ctx)
    flow.resize(1280, 712)
    flow.show()
    flow.activateWindow()
    bot.waitUntil(flow.isActiveWindow, timeout=2000)
    return flow
