"""Staff accounts (supervisor): add, disable, on duty, PIN reset, unlock an account that
locked after many wrong PINs (the Locked column says until when), and where each person is
told of visitors they escort or invited. The service refuses all of it to an operator,
whatever the screen shows."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kiosk.domain.clock import utcnow
from kiosk.domain.records import StaffRecord
from kiosk.domain.types import ROLE_LABELS, Role
from kiosk.i18n import N_, tr
from kiosk.services import staff
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.operator.common import day_and_clock, error_text, set_message
from kiosk.ui.operator.record_table import RecordTable
from kiosk.ui.operator.table_model import Column, Mark, RecordTableModel
from kiosk.ui.ops import run_op
from kiosk.ui.supervisor.list_and_form import lay_out_list_and_form


def _locked(record: StaffRecord) -> str:
    if record.locked_at(utcnow()):
        return tr("until {time}", time=day_and_clock(record.locked_until))
    return "-"


class StaffPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.actor = ctx, actor
        self.model: RecordTableModel[StaffRecord] = RecordTableModel(
            [Column(N_("User name"), lambda r: r.username),
             Column(N_("Name"), lambda r: r.full_name),
             Column(N_("Role"), lambda r: tr(ROLE_LABELS[r.role])),
             Column(N_("Active"), lambda r: tr("yes") if r.active else tr("no")),
             Column(N_("On duty"), lambda r: tr("yes") if r.on_duty else tr("no")),
             Column(N_("Locked"), _locked),
             Column(N_("Notify at"), lambda r: r.notify_target or "-")],
            key=lambda r: r.id, mark=lambda r: Mark.NONE if r.active else Mark.MUTED)
        self.table: RecordTable[StaffRecord] = RecordTable(self.model)
        self.table.setObjectName("staff-table")
        self.table.chosen.connect(lambda _r: self._update_actions())
        actions = QGridLayout()
        self.toggle_active = QPushButton()
        self.toggle_active.setObjectName("toggle-active")
        self.toggle_active.clicked.connect(self._toggle_active)
        self.toggle_duty = QPushButton()
        self.toggle_duty.setObjectName("toggle-duty")
        self.toggle_duty.clicked.connect(self._toggle_duty)
        self.reset = QPushButton()
        self.reset.setObjectName("reset-pin")
        self.reset.clicked.connect(self._reset_pin)
        self.unlock = QPushButton()
        self.unlock.setObjectName("unlock")
        self.unlock.clicked.connect(self._unlock)
        self.contact = QPushButton()
        self.contact.setObjectName("notify-target")
        self.contact.clicked.connect(self._set_contact)
        # Three a row: five side by side would make the console wider than 1280 px.
        for index, button in enumerate((self.toggle_active, self.toggle_duty, self.reset,
                                        self.unlock, self.contact)):
            actions.addWidget(button, index // 3, index % 3)
        actions.setColumnStretch(3, 1)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("new-username")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("new-full-name")
        self.role = QComboBox()
        self.role.setObjectName("new-role")
        for role in Role:
            self.role.addItem(tr(ROLE_LABELS[role]), role.value)
        self.pin = QLineEdit()
        self.pin.setObjectName("new-pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self._labels = [QLabel() for _ in range(4)]
        for label, field in zip(self._labels, (self.username, self.full_name, self.role,
                                               self.pin), strict=True):
            form.addRow(label, field)
        self.add = QPushButton()
        self.add.setObjectName("add-staff")
        self.add.setProperty("role", "primary")
        self.add.clicked.connect(self._add)
        panel = lay_out_list_and_form(self, self.table, actions, form, self.add)
        self.form_title, self.message = panel.title, panel.message
        self.message.setObjectName("staff-message")
        self.retranslate()
        self._update_actions()
        self.refresh()

    def title(self) -> str:
        return tr("Staff")

    def retranslate(self) -> None:
        for label, source in zip(self._labels, (N_("User name"), N_("Name"), N_("Role"),
                                                N_("PIN")), strict=True):
            label.setText(tr(source))
        self.form_title.setText(tr("New account"))
        self.add.setText(tr("Create account"))
        self.reset.setText(tr("New PIN…"))
        self.unlock.setText(tr("Unlock"))
        self.contact.setText(tr("Notify at…"))
        self.model.retranslate()
        self._update_actions()

    def refresh(self) -> None:
        run_op(self, lambda: staff.managed_staff(self._ctx.db, self.actor), self._show,
               self._failed)

    def _show(self, rows: list[StaffRecord]) -> None:
        self.model.set_rows(rows)
        self._update_actions()  # the selected account may have been unlocked meanwhile

    def _failed(self, exc: Exception) -> None:
        set_message(self.message, error_text(exc))

    def _done(self, text: str) -> None:
        set_message(self.message, text, "ok")
        self.refresh()

    def _update_actions(self) -> None:
        record = self.table.current()
        for button in (self.toggle_active, self.toggle_duty, self.reset, self.contact):
            button.setEnabled(record is not None)
        # Only an account locked after too many wrong PINs has anything to unlock.
        self.unlock.setEnabled(record is not None and record.locked_at(utcnow()))
        self.toggle_active.setText(tr("Enable") if record and not record.active
                                   else tr("Disable"))
        self.toggle_duty.setText(tr("Set on duty") if record and not record.on_duty
                                 else tr("Set off duty"))

    def _toggle_active(self) -> None:
        record = self.table.current()
        if record is not None:
            run_op(self, lambda: staff.set_active(self._ctx.db, self.actor, record.id,
                                                  not record.active),
                   lambda r: self._done(tr("{name} updated.", name=r.full_name)), self._failed)

    def _toggle_duty(self) -> None:
        record = self.table.current()
        if record is not None:
            run_op(self, lambda: staff.set_on_duty(self._ctx.db, self.actor, record.id,
                                                   not record.on_duty),
                   lambda r: self._done(tr("{name} updated.", name=r.full_name)), self._failed)

    def _unlock(self) -> None:
        record = self.table.current()
        if record is not None:
            run_op(self, lambda: staff.unlock(self._ctx.db, self.actor, record.id),
                   lambda r: self._done(tr("{name} can sign in again.", name=r.full_name)),
                   self._failed)

    def _reset_pin(self) -> None:
        record = self.table.current()
        if record is None:
            return
        pin, ok = QInputDialog.getText(self, tr("New PIN…"),
                                       tr("New PIN for {name}:", name=record.full_name),
                                       QLineEdit.EchoMode.Password)
        if ok:
            run_op(self, lambda: staff.reset_pin(self._ctx.db, self.actor, record.id, pin),
                   lambda r: self._done(tr("{name} has a new PIN.", name=r.full_name)),
                   self._failed)

    def _set_contact(self) -> None:
        record = self.table.current()
        if record is None:
            return
        target, ok = QInputDialog.getText(
            self, tr("Notify at…"),
            tr("Where {name} is told of visitors they escort or invited: an e-mail address "
               "or telegram:<chat id>. Leave empty for nowhere.", name=record.full_name),
            QLineEdit.EchoMode.Normal, record.notify_target)
        if ok:
            run_op(self, lambda: staff.set_notify_target(self._ctx.db, self.actor, record.id,
                                                         target),
                   lambda r: self._done(tr("{name} updated.", name=r.full_name)),
                   self._failed)

    def _add(self) -> None:
        username, full_name = self.username.text(), self.full_name.text()
        role, pin = Role(self.role.currentData()), self.pin.text()
        self.pin.clear()
        run_op(self, lambda: staff.add_staff(self._ctx.db, self.actor, username, pin, role,
                                             full_name),
               lambda r: self._added(r), self._failed)

    def _added(self, record: StaffRecord) -> None:
        self.username.clear()
        self.full_name.clear()
        self._done(tr("Account {name} created.", name=record.username))
