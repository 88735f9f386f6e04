"""Staff sign-in: name and PIN, checked by the service, with this terminal's wait shown.

After a wrong try the terminal must wait (1, 2, 4 ... s); the dialog counts the wait down
and keeps the button disabled meanwhile. It asks the service for the wait when it opens,
so closing and reopening it (or restarting the kiosk) shows the same countdown. The
service enforces the wait in any case; the countdown only tells the person about it.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.pins import MAX_PIN_LENGTH
from kiosk.i18n import ptr, tr
from kiosk.services import signin
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.operator.common import error_text
from kiosk.ui.ops import run_op
from kiosk.ui.widgets.plain import PlainLabel

#: User names are at most 64 characters (``staff.username``).
NAME_MAX = 64


class LoginDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.actor: Actor | None = None
        self._deadline = 0.0  # time.monotonic() when the next try is allowed
        self._busy = False  # a try is being checked
        self.setWindowTitle(tr("Staff sign-in"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        # Sized by its content: it grows when an error or the wait appears.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        title = PlainLabel(tr("Staff sign-in"))
        title.setProperty("role", "heading")
        layout.addWidget(title)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(NAME_MAX)
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setMaxLength(MAX_PIN_LENGTH)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        # TRANSLATORS: staff sign in with their user name, not their full name.
        form.addRow(PlainLabel(ptr("sign-in", "Name")), self.username)
        form.addRow(PlainLabel(tr("PIN")), self.pin)
        layout.addLayout(form)
        self.error = PlainLabel()
        self.error.setObjectName("login-error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.wait = PlainLabel()
        self.wait.setObjectName("login-wait")
        self.wait.setProperty("role", "muted")
        self.wait.setWordWrap(True)
        layout.addWidget(self.wait)
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
        self._countdown = QTimer(self)
        self._countdown.setInterval(250)
        self._countdown.timeout.connect(self._tick)
        run_op(self, lambda: signin.signin_wait(ctx.db, ctx.settings), self.wait_for,
               lambda _exc: None)  # the service refuses an early try anyway

    def _sign_in(self) -> None:
        if self._busy or self._countdown.isActive():
            return
        name, pin = self.username.text(), self.pin.text()
        self._busy = True
        self.submit.setEnabled(False)
        self.error.clear()
        run_op(self, lambda: signin.authenticate(self._ctx.db, self._ctx.settings, name, pin),
               self._signed_in, self._failed)

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.pin.clear()
        self.error.setText(error_text(exc))
        self.wait_for(exc.wait_seconds if isinstance(exc, signin.LoginFailed) else 0)

    def wait_for(self, seconds: int) -> None:
        """Disable the button and count ``seconds`` down (0: the button is usable now)."""
        self._deadline = time.monotonic() + seconds
        self._tick()
        if seconds > 0:
            self._countdown.start()

    def seconds_left(self) -> int:
        return max(0, math.ceil(self._deadline - time.monotonic()))

    def _tick(self) -> None:
        left = self.seconds_left()
        self.submit.setEnabled(left == 0 and not self._busy)
        if left == 0:
            self._countdown.stop()
            self.wait.clear()
        else:
            self.wait.setText(tr("Wait {seconds} s before the next try.", seconds=left))
