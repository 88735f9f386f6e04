"""The first start of an empty installation: the first administrator's name and PIN,
typed on the kiosk itself before anything else is shown.

Without it a fresh kiosk would open on the visitor's side with nobody able to sign in and
approve a visit. The service refuses once any account exists, so this page cannot add
an administrator later; the window shows it only when the start-up check found no staff.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import N_, tr
from kiosk.services import staff
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.operator.change_pin_dialog import pin_field, pin_hint
from kiosk.ui.operator.common import error_label, error_text, set_message
from kiosk.ui.operator.login import NAME_MAX
from kiosk.ui.ops import run_op
from kiosk.ui.widgets.plain import PlainLabel

_LABELS = (N_("User name"), N_("Full name"), N_("PIN"), N_("PIN again"))


class FirstRunPage(QWidget):
    #: The new administrator, signed in.
    created = Signal(object)
    #: Someone else made the first account meanwhile: this page has nothing left to do.
    already_set_up = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("first-run")
        card = QFrame()
        card.setProperty("role", "card")
        card.setMaximumWidth(1040)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 20, 40, 20)
        inner.setSpacing(10)
        self.title = PlainLabel()
        self.title.setProperty("role", "welcome-title")
        self.title.setWordWrap(True)
        self.lead = PlainLabel()
        self.lead.setProperty("role", "lead")
        self.lead.setWordWrap(True)
        self.hint = PlainLabel()
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        inner.addWidget(self.title)
        inner.addWidget(self.lead)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        self.username = QLineEdit()
        self.username.setObjectName("first-username")
        self.username.setMaxLength(NAME_MAX)
        self.full_name = QLineEdit()
        self.full_name.setObjectName("first-full-name")
        self.full_name.setMaxLength(200)
        self.pin = pin_field("first-pin")
        self.again = pin_field("first-pin-again")
        self._labels = [PlainLabel() for _ in _LABELS]
        for label, field in zip(self._labels, (self.username, self.full_name, self.pin,
                                               self.again), strict=True):
            label.setProperty("role", "label")
            form.addRow(label, field)
        inner.addLayout(form)
        inner.addWidget(self.hint)
        self.error = error_label()
        self.error.setObjectName("first-run-error")
        inner.addWidget(self.error)
        self.submit = QPushButton()
        self.submit.setObjectName("create-first-admin")
        self.submit.setProperty("role", "primary")
        self.submit.clicked.connect(self._create)
        inner.addWidget(self.submit)
        # A scroll area keeps every field reachable on a small screen or in large text.
        content = QWidget()
        row = QHBoxLayout(content)
        row.setContentsMargins(24, 12, 24, 12)
        row.addStretch(1)
        row.addWidget(card, 8, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        language().changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self, _language: str = "") -> None:
        self.title.setText(tr("Set up the first administrator"))
        self.lead.setText(tr("Nobody can sign in yet. Choose a name and a PIN only you know; "
                             "other staff are added later."))
        self.hint.setText(pin_hint())
        for label, source in zip(self._labels, _LABELS, strict=True):
            label.setText(tr(source))
        self.submit.setText(tr("Create administrator and sign in"))

    def _create(self) -> None:
        username, full_name, pin = self.username.text(), self.full_name.text(), self.pin.text()
        if pin != self.again.text():
            self._show_error(tr("The two PINs differ."))
            self.again.clear()
            return
        self.submit.setEnabled(False)
        self._show_error("")
        run_op(self, lambda: staff.create_first_admin(self._ctx.db, self._ctx.settings,
                                                      username, pin, full_name),
               self._created, self._failed)

    def _show_error(self, text: str) -> None:
        """The error takes the hint's place, so the button stays on a 1280x800 screen."""
        set_message(self.error, text)
        self.hint.setVisible(not text)

    def _created(self, actor: Actor) -> None:
        for field in (self.pin, self.again):
            field.clear()
        self.created.emit(actor)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, staff.AlreadySetUp):
            self.already_set_up.emit()
        self.submit.setEnabled(True)
        self._show_error(error_text(exc))
        for field in (self.pin, self.again):
            field.clear()
