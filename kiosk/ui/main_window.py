"""The kiosk window: the visitor's flow by default, the staff console behind a sign-in.

In kiosk mode the window is full screen and cannot be closed from the visitor side;
only a signed-in staff member can leave it, from the console. On an installation with no
staff account yet it opens on the first-run page instead, which creates the first
administrator. A sign-in with a PIN others know (the demo's) must choose a new PIN before
the console opens.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.i18n import tr
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.operator.change_pin_dialog import ChangePinDialog
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.operator.login import LoginDialog
from kiosk.ui.supervisor.first_run_page import FirstRunPage
from kiosk.ui.visitor.flow import VisitorFlow
from kiosk.ui.widgets.header import Header

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, kiosk_mode: bool = False,
                 first_run: bool = False) -> None:
        super().__init__()
        self._ctx = ctx
        self._kiosk_mode = kiosk_mode
        self._may_close = not kiosk_mode
        self._shut_down = False
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = Header(ctx.settings.site_name)
        self.header.staff_requested.connect(self._sign_in)
        layout.addWidget(self.header)
        self.pages = QStackedWidget()
        self.visitor = VisitorFlow(ctx)
        self.console = OperatorConsole(ctx)
        self.console.signed_out.connect(self.show_visitor)
        self.console.exit_kiosk_requested.connect(self._leave_kiosk)
        self.pages.addWidget(self.visitor)
        self.pages.addWidget(self.console)
        self.first_run: FirstRunPage | None = None
        if first_run:
            self._show_first_run()
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        language().changed.connect(self.retranslate)
        self.retranslate()
        if kiosk_mode:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)

    def retranslate(self, _language: str = "") -> None:
        self.setWindowTitle(tr("Pintu: server room access"))

    def show_visitor(self) -> None:
        self.visitor.reset()
        self.pages.setCurrentWidget(self.visitor)
        self.header.staff_button.setVisible(True)

    def show_console(self) -> None:
        self.pages.setCurrentWidget(self.console)
        self.header.staff_button.setVisible(False)

    def _show_first_run(self) -> None:
        self.first_run = FirstRunPage(self._ctx)
        self.first_run.created.connect(self._first_admin_created)
        self.first_run.already_set_up.connect(self._leave_first_run)
        self.pages.addWidget(self.first_run)
        self.pages.setCurrentWidget(self.first_run)
        self.header.staff_button.setVisible(False)

    def _leave_first_run(self) -> None:
        if self.first_run is not None:
            self.pages.removeWidget(self.first_run)
            self.first_run.deleteLater()
            self.first_run = None
        self.show_visitor()

    def _first_admin_created(self, actor: Actor) -> None:
        self._leave_first_run()
        self._open_console(actor)

    def _sign_in(self) -> None:
        dialog = LoginDialog(self._ctx, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
            return
        actor = dialog.actor
        if actor.must_change_pin:
            change = ChangePinDialog(self._ctx, actor, forced=True, parent=self)
            if change.exec() != QDialog.DialogCode.Accepted or change.actor is None:
                return
            actor = change.actor
        self._open_console(actor)

    def _open_console(self, actor: Actor) -> None:
        self.visitor.reset()
        self.console.start(actor)
        self.show_console()

    def _leave_kiosk(self) -> None:
        log.info("kiosk closed by staff")
        self._may_close = True
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self._kiosk_mode and event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            event.ignore()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self._may_close:
            event.ignore()
            return
        if not self._shut_down:
            self._shut_down = True
            self.console.shutdown()
            self.visitor.shutdown()
        super().closeEvent(event)
