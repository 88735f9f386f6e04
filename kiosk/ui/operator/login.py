"""Staff sign-in: name and PIN, checked by the service (lockout included)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import PintuError
from kiosk.i18n import ptr, tr
from kiosk.services import staff
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.ops import run_op


class LoginDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.actor: Actor | None = None
        self.setWindowTitle(tr("Staff sign-in"))
        self.setModal(True)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        title = QLabel(tr("Staff sign-in"))
        title.setProperty("role", "heading")
        layout.addWidget(title)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        # TRANSLATORS: staff sign in with their user name, not their full name.
        form.addRow(ptr("sign-in", "Name"), self.username)
        form.addRow(tr("PIN"), self.pin)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("login-error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        cancel = QPushButton(tr("Cancel"))
        cancel.setProperty("role", "secondary")
        cancel.clicked.connect(self.reject)
        self.submit = QPushButton(tr("Sign in"))
        self.submit.setObjectName("sign-in")
        self.submit.setProperty("role", "primary")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self._sign_in)
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)
        layout.addLayout(buttons)

    def _sign_in(self) -> None:
        name, pin = self.username.text(), self.pin.text()
        self.submit.setEnabled(False)
        self.error.clear()
        run_op(self, lambda: staff.authenticate(self._ctx.db, self._ctx.settings, name, pin),
               self._signed_in, self._failed)

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.submit.setEnabled(True)
        self.pin.clear()
        self.error.setText(exc.text() if isinstance(exc, PintuError)
                           else tr("Something went wrong; please try again."))
