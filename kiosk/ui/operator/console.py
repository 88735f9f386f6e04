"""The staff console: queue, inside-now board, check-out and administration."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import tr
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext


class OperatorConsole(QWidget):
    signed_out = Signal()
    exit_kiosk_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.actor: Actor | None = None
        layout = QVBoxLayout(self)
        self._title = QLabel()
        self._title.setProperty("role", "heading")
        layout.addWidget(self._title)
        sign_out = QPushButton(tr("Sign out"))
        sign_out.clicked.connect(self.sign_out)
        layout.addWidget(sign_out)

    def start(self, actor: Actor) -> None:
        self.actor = actor
        self._title.setText(actor.full_name)

    def sign_out(self) -> None:
        self.actor = None
        self.signed_out.emit()

    def shutdown(self) -> None:
        """Stop timers before the window closes."""
