"""The kiosk window: the visitor's flow by default, the staff console behind a sign-in.

In kiosk mode the window is full screen and cannot be closed from the visitor side;
only a signed-in staff member can leave it, from the console.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.i18n import tr
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.operator.login import LoginDialog
from kiosk.ui.visitor.flow import VisitorFlow
from kiosk.ui.widgets.header import Header

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, kiosk_mode: bool = False) -> None:
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

    def _sign_in(self) -> None:
        dialog = LoginDialog(self._ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.actor is not None:
            self.visitor.reset()
            self.console.start(dialog.actor)
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
