"""A staff member chooses their own PIN: from the console whenever they like, and straight
after signing in when their PIN is one somebody else knows (the published demo PIN).

In the forced case the only way out other than a new PIN is back to the visitor side:
the service refuses every other action to such a sign-in anyway.
"""

from __future__ import annotations

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

from kiosk.domain.pins import MAX_PIN_LENGTH, MIN_PIN_LENGTH
from kiosk.i18n import tr
from kiosk.services import staff
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.operator.common import error_text
from kiosk.ui.ops import run_op
from kiosk.ui.widgets.plain import PlainLabel


def pin_hint() -> str:
    """What a new PIN must look like, shown before anyone types one."""
    return tr("At least {n} characters; not one digit repeated and not digits in a row "
              "such as 123456.", n=MIN_PIN_LENGTH)


def pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setMaxLength(MAX_PIN_LENGTH)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class ChangePinDialog(QDialog):
    def __init__(self, ctx: AppContext, actor: Actor, *, forced: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._actor = ctx, actor
        self.actor: Actor | None = None  # the sign-in after the change
        self.setObjectName("change-pin-dialog")
        self.setWindowTitle(tr("Change PIN"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        # Sized by its content: it grows when an error or the wait appears.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        title = PlainLabel(tr("Choose your own PIN") if forced else tr("Change PIN"))
        title.setProperty("role", "heading")
        layout.addWidget(title)
        if forced:
            why = PlainLabel(tr("{name}, you signed in with the demo PIN, which is published "
                            "with Pintu. Choose your own PIN to continue.",
                            name=actor.full_name))
            why.setObjectName("change-pin-reason")
            why.setWordWrap(True)
            layout.addWidget(why)
        hint = PlainLabel(pin_hint())
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.current = pin_field("current-pin")
        self.new = pin_field("new-pin")
        self.again = pin_field("new-pin-again")
        form.addRow(PlainLabel(tr("Current PIN")), self.current)
        form.addRow(PlainLabel(tr("New PIN")), self.new)
        form.addRow(PlainLabel(tr("New PIN again")), self.again)
        layout.addLayout(form)
        self.error = PlainLabel()
        self.error.setObjectName("change-pin-error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        cancel = QPushButton(tr("Sign out") if forced else tr("Cancel"))
        cancel.setObjectName("change-pin-cancel")
        cancel.setProperty("role", "secondary")
        cancel.clicked.connect(self.reject)
        self.confirm = QPushButton(tr("Save new PIN"))
        self.confirm.setObjectName("change-pin-confirm")
        self.confirm.setProperty("role", "primary")
        self.confirm.setDefault(True)
        self.confirm.clicked.connect(self._change)
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        layout.addLayout(buttons)

    def _change(self) -> None:
        current, new = self.current.text(), self.new.text()
        if new != self.again.text():
            self.error.setText(tr("The two PINs differ."))
            self.again.clear()
            return
        self.confirm.setEnabled(False)
        self.error.clear()
        run_op(self, lambda: staff.change_own_pin(self._ctx.db, self._ctx.settings,
                                                  self._actor, current, new),
               self._changed, self._failed)

    def _changed(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.confirm.setEnabled(True)
        self.error.setText(error_text(exc))
        for field in (self.current, self.new, self.again):
            field.clear()
