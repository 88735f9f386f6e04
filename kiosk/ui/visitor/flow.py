"""The visitor's side of the kiosk: welcome, the form's steps, waiting, check-out.

The flow owns the one draft of the visitor at the screen, the order of the screens, the
docked keyboard and the idle timeout. Screens only check and store their own fields and
say when they are done; nothing is written to the database before the review screen's
"Submit". ``reset`` replaces the draft and reloads every screen from it, so no widget can
keep the previous visitor's data. Nothing here leads to a staff screen: that is only the
header's Staff button, behind a PIN.

The form has five steps, six with the face photo (``visitor_photo`` not "off" and a
camera set up); the step indicator names the ones this kiosk shows.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.records import VisitSummary
from kiosk.domain.types import PhotoAbsence
from kiosk.scan.payloads import ScanMode
from kiosk.scan.scanner import ScanEvent
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.visitor.camera import VisitorCamera
from kiosk.ui.visitor.checkout_scan import CheckoutScreen
from kiosk.ui.visitor.details_form import DetailsScreen
from kiosk.ui.visitor.devices import DevicesScreen
from kiosk.ui.visitor.draft import VisitDraft
from kiosk.ui.visitor.identity import IdentityScreen
from kiosk.ui.visitor.idle import PROMPT_SECONDS, IdleWatcher, StillTherePrompt
from kiosk.ui.visitor.photo import PhotoScreen
from kiosk.ui.visitor.review import ReviewScreen
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.visitor.signature import SignatureScreen
from kiosk.ui.visitor.waiting import WaitingScreen
from kiosk.ui.visitor.welcome import WelcomeScreen
from kiosk.ui.widgets.camera_view import Guide
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.step_indicator import StepIndicator
from kiosk.ui.widgets.touch_keyboard import TouchKeyboard

log = logging.getLogger(__name__)

#: Below this height (a 1280x800 screen) the keyboard uses smaller keys.
COMPACT_BELOW = 900


class VisitorFlow(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitor-flow")
        self._ctx = ctx
        self._draft = VisitDraft()
        self._editing_from_review = False
        self.welcome = WelcomeScreen(ctx)
        self.identity = IdentityScreen(ctx)
        self.details = DetailsScreen(ctx)
        self.devices = DevicesScreen(ctx)
        self.photo = PhotoScreen(ctx)
        self.signature = SignatureScreen(ctx)
        self.review = ReviewScreen(ctx)
        self.waiting = WaitingScreen(ctx)
        self.checkout = CheckoutScreen(ctx)
        self.camera = VisitorCamera(ctx, self)
        self._add_cameras()
        self.review.photo_step = self.takes_photo
        photo = (self.photo,) if self.takes_photo else ()
        self.form_steps: tuple[VisitorScreen, ...] = (
            self.identity, self.details, self.devices, *photo, self.signature, self.review)
        self.screens: tuple[VisitorScreen, ...] = (
            self.welcome, *self.form_steps, self.waiting, self.checkout)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.steps = StepIndicator([s.step_name or "" for s in self.form_steps])
        layout.addWidget(self.steps)
        self.pages = QStackedWidget()
        # The stack would otherwise ask for the tallest page's height even while the
        # keyboard is up; the pages that show the keyboard scroll instead.
        self.pages.setMinimumSize(1, 1)
        layout.addWidget(self.pages, 1)
        self.keyboard = TouchKeyboard()
        layout.addWidget(self.keyboard)
        for screen in self.screens:
            self.pages.addWidget(screen)
        self._wire()
        self.idle = IdleWatcher(ctx.settings.visitor_idle_seconds, self)
        self.idle.timed_out.connect(self._on_idle)
        self.prompt = StillTherePrompt(min(PROMPT_SECONDS, ctx.settings.visitor_idle_seconds),
                                       self)
        self.prompt.resumed.connect(self.idle.start)
        self.prompt.expired.connect(self.reset)
        self.prompt.restart_requested.connect(self.reset)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus)
        self.keyboard.closed.connect(self._on_keyboard_closed)
        language().changed.connect(self.retranslate)
        self.retranslate()
        self.reset()

    # -- the contract with the main window -------------------------------------------------

    @property
    def draft(self) -> VisitDraft:
        return self._draft

    @property
    def asks_photo(self) -> bool:
        """The visit wants a photo of the visitor (``visitor_photo`` is not "off")."""
        return self._ctx.settings.visitor_photo != "off"

    @property
    def takes_photo(self) -> bool:
        """The photo step is in the form: a photo is wanted and a camera is set up."""
        return self.asks_photo and self.camera.available

    def current_screen(self) -> VisitorScreen:
        screen = self.pages.currentWidget()
        assert isinstance(screen, VisitorScreen)
        return screen

    def reset(self) -> None:
        """Back to the welcome screen with nothing of the previous visitor left."""
        self.prompt.close_prompt()
        self.idle.stop()
        self._editing_from_review = False
        self._start_draft()
        self.waiting.clear()
        self._show(self.welcome)

    def shutdown(self) -> None:
        """Stop the camera and timers before the window closes."""
        self.camera.stop()
        self.waiting.clear()
        self.idle.shutdown()
        self.prompt.close_prompt()
        self.welcome.stop()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._on_focus)

    # -- the camera ------------------------------------------------------------------------

    def _add_cameras(self) -> None:
        self._camera_panels: list[QWidget] = []
        if not self.camera.available:
            return
        for panel, layout, guide in (
                (self.identity.camera_panel, self.identity.camera_layout, Guide.QR),
                (self.devices.camera_panel, self.devices.camera_layout, Guide.LABEL),
                (self.checkout.camera_panel, self.checkout.camera_layout, Guide.QR)):
            view = self.camera.make_view(guide)
            view.setMinimumHeight(220 if guide is Guide.LABEL else 300)
            layout.addWidget(view, 1)
            panel.show()
            self._camera_panels.append(panel)
        self.identity.camera_layout.addWidget(self.identity.read_ktp)
        self.identity.read_ktp.clicked.connect(self.camera.capture_ktp)
        if self.takes_photo:
            face = self.camera.make_view(Guide.FACE)
            face.setMinimumHeight(300)
            self.photo.set_view(face)
            self.photo.take_requested.connect(self.camera.capture_still)
            self.photo.take_cancelled.connect(self.camera.cancel_still)
            self.camera.still_taken.connect(self.photo.still_taken)
        self.camera.code_found.connect(self._on_code)
        self.camera.working_changed.connect(self._on_camera_working)
        self.camera.ktp_result.connect(self.identity.ktp_read)
        self.camera.ktp_failed.connect(
            lambda why: self.identity.show_notice(why, ok=False))

    def _on_code(self, event: ScanEvent) -> None:
        screen = self.current_screen()
        if screen is self.identity:
            self.identity.code_scanned(event)
        elif screen is self.devices:
            self.devices.code_scanned(event)
        elif screen is self.checkout:
            self.checkout.code_scanned(event)

    def _on_camera_working(self, working: bool) -> None:
        """No camera after all: the dark panel goes away and typing is the way; it comes
        back by itself when the camera does."""
        for panel in self._camera_panels:
            panel.setVisible(working)
        self.photo.set_camera_working(working)
        if working:
            return
        screen = self.current_screen()
        editor = screen.first_editor() if screen is not self.identity else (
            self.identity.number.editor)
        focused = QApplication.focusWidget()
        if editor is not None and (focused is None or not screen.isAncestorOf(focused)):
            editor.setFocus()

    def _camera_for(self, screen: VisitorScreen) -> None:
        modes = {self.identity: ScanMode.IDENTITY, self.devices: ScanMode.DEVICES,
                 self.photo: ScanMode.PHOTO, self.checkout: ScanMode.BADGE_RETURN}
        mode = modes.get(screen)
        if mode is None:
            self.camera.stop()
        else:
            self.camera.start(mode)

    # -- moving between screens ------------------------------------------------------------

    def _wire(self) -> None:
        self.welcome.check_in.connect(self._check_in)
        self.welcome.check_out.connect(lambda: self._show(self.checkout))
        for screen in self.form_steps:
            if screen is not self.review:
                screen.finished.connect(lambda s=screen: self._forward(s))
            screen.back_requested.connect(lambda s=screen: self._backward(s))
        self.review.edit_requested.connect(self._edit)
        self.review.submitted.connect(self._submitted)
        self.waiting.finished.connect(self.reset)
        self.checkout.finished.connect(self.reset)
        self.checkout.back_requested.connect(self.reset)

    def _start_draft(self) -> None:
        # The SOP's hour is the planned duration until the visitor picks another: most
        # visits fit it, and a tap saved is seconds saved at the door.
        self._draft = VisitDraft(planned_minutes=str(self._ctx.settings.sop.visit))
        if self.asks_photo and not self.camera.available:
            self._draft.no_photo_reason = PhotoAbsence.CAMERA_UNAVAILABLE.value
        for screen in self.screens:
            screen.load(self._draft)

    def _check_in(self) -> None:
        self._start_draft()
        self._show(self.identity)

    def _forward(self, screen: VisitorScreen) -> None:
        if self._editing_from_review:
            self._editing_from_review = False
            self._show(self.review)
            return
        index = self.form_steps.index(screen)
        self._show(self.form_steps[index + 1])

    def _backward(self, screen: VisitorScreen) -> None:
        if self._editing_from_review:
            self._editing_from_review = False
            self._show(self.review)
            return
        index = self.form_steps.index(screen)
        if index == 0:
            self.reset()
        else:
            self._show(self.form_steps[index - 1])

    def _edit(self, name: str) -> None:
        self.review.keep()
        target = {"identity": self.identity, "details": self.details,
                  "devices": self.devices, "photo": self.photo,
                  "signature": self.signature}[name]
        self._editing_from_review = True
        self._show(target)

    def _submitted(self, summary: VisitSummary) -> None:
        self.waiting.show_visit(summary)
        self._start_draft()  # the form is in the database now; nothing stays on screen
        self._show(self.waiting)

    def _show(self, screen: VisitorScreen) -> None:
        # Drop the focus first: hiding a focused page would hand it to a field on the next
        # page before that page is ready, opening the keyboard behind our back.
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()
        self.keyboard.detach()
        self.current_screen().set_compact(False)
        if screen is not self.welcome and screen is not self.pages.currentWidget():
            screen.load(self._draft)
        self.pages.setCurrentWidget(screen)
        if screen is self.photo:
            self.photo.set_camera_working(self.camera.working is not False)
        self._camera_for(screen)
        self.steps.setVisible(screen in self.form_steps)
        if screen in self.form_steps:
            self.steps.set_current(self.form_steps.index(screen))
        if screen is self.welcome:
            self.idle.stop()
        else:
            self.idle.start()
        editor = screen.first_editor()
        if editor is not None:
            QTimer.singleShot(0, editor.setFocus)
        elif self.focusWidget() is not None:
            self.setFocus()

    # -- idle ------------------------------------------------------------------------------

    def _on_idle(self) -> None:
        if self.current_screen() in (self.waiting, self.checkout) or not self.isVisible():
            self.reset()
            return
        self.keyboard.detach()
        self.prompt.open()

    # -- the keyboard ----------------------------------------------------------------------

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not self.isAncestorOf(new) or self.keyboard.isAncestorOf(new):
            return
        if isinstance(new, QLineEdit) and self.pages.isAncestorOf(new):
            self.keyboard.attach(new, compact=self.height() < COMPACT_BELOW)
            self.steps.hide()
            self.current_screen().set_compact(True)
            QTimer.singleShot(0, lambda: self._reveal(new))
        else:
            self.keyboard.detach()
            self._on_keyboard_closed()

    def _on_keyboard_closed(self) -> None:
        screen = self.current_screen()
        self.steps.setVisible(screen in self.form_steps)
        screen.set_compact(False)

    def _reveal(self, editor: QWidget) -> None:
        """Scroll so the field, its label and its message are above the keyboard."""
        parent = editor.parentWidget()
        target = parent if isinstance(parent, Field) else editor
        widget: QWidget | None = target
        while widget is not None and not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        if isinstance(widget, QScrollArea):
            widget.ensureWidgetVisible(target, 0, 16)

    # -- language and size -----------------------------------------------------------------

    def retranslate(self, _language: str = "") -> None:
        self.steps.retranslate()
        self.keyboard.retranslate()
        for screen in self.screens:
            screen.retranslate()
        if not self.prompt.isHidden():
            self.prompt.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.prompt.setGeometry(self.rect())
