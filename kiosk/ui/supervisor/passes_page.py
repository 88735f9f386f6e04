"""Contractor passes: who comes often, for what, until when; their cards; revoking one.

Supervisors issue and revoke passes. Operators see the same list and print a card again
(a holder who lost theirs is at the desk), but the form and "Revoke" are closed to them,
and the services refuse them all the same.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from kiosk.config import chosen_printer
from kiosk.domain.clock import utcnow
from kiosk.domain.records import PASS_STATE_LABELS, PassRecord, PassState, masked_id
from kiosk.domain.types import ID_TYPE_LABELS, IdType, Role
from kiosk.formats import short_date
from kiosk.i18n import N_, tr
from kiosk.services import paperwork, passes
from kiosk.services.actors import Actor
from kiosk.services.passes import PassInput
from kiosk.ui.context import AppContext
from kiosk.ui.operator.common import error_text, purpose_label, set_message
from kiosk.ui.operator.reason_dialog import ReasonDialog
from kiosk.ui.operator.record_table import RecordTable
from kiosk.ui.operator.table_model import Column, Mark, RecordTableModel
from kiosk.ui.ops import run_op, run_render
from kiosk.ui.printing import PrintQueue
from kiosk.ui.supervisor.list_and_form import lay_out_list_and_form
from kiosk.ui.widgets.plain import PlainLabel, plain

DEFAULT_DAYS = 90
FIELDS = (N_("Name"), N_("ID type"), N_("NIK / ID number"), N_("Organisation"), N_("Phone"),
          N_("PIC"), N_("Purposes"), N_("Days valid"))


class PassesPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, print_queue: PrintQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.actor, self._print_queue = ctx, actor, print_queue
        self.active_dialog: ReasonDialog | None = None
        settings = ctx.settings
        self.model: RecordTableModel[PassRecord] = RecordTableModel(
            [Column(N_("Pass"), lambda r: r.number),
             Column(N_("Name"), lambda r: r.full_name),
             Column(N_("State"), lambda r: tr(PASS_STATE_LABELS[r.state(utcnow())])),
             Column(N_("Valid"), lambda r: f"{short_date(r.valid_from)} – "
                                           f"{short_date(r.valid_until)}"),
             Column(N_("Purposes"), lambda r: ", ".join(purpose_label(settings, k)
                                                        for k in r.purposes)),
             Column(N_("Organisation"), lambda r: r.organisation),
             Column(N_("ID"), lambda r: f"{tr(ID_TYPE_LABELS[r.id_type])} "
                                        f"{masked_id(r.id_type, r.id_number)}")],
            key=lambda r: r.id,
            mark=lambda r: Mark.NONE if r.state(utcnow()) is PassState.VALID else Mark.MUTED)
        self.table: RecordTable[PassRecord] = RecordTable(self.model)
        self.table.setObjectName("passes-table")
        self.table.chosen.connect(lambda _r: self._update_actions())
        self.print_card = QPushButton()
        self.print_card.setObjectName("print-pass")
        self.print_card.clicked.connect(self._print)
        self.revoke = QPushButton()
        self.revoke.setObjectName("revoke-pass")
        self.revoke.setProperty("role", "danger")
        self.revoke.clicked.connect(self._revoke)
        row = QHBoxLayout()
        row.addWidget(self.print_card)
        row.addWidget(self.revoke)
        row.addStretch(1)
        form = QFormLayout()
        self.name, self.number = QLineEdit(), QLineEdit()
        self.organisation, self.phone, self.pic = QLineEdit(), QLineEdit(), QLineEdit()
        self.id_type = QComboBox()
        for kind in IdType:
            self.id_type.addItem(tr(ID_TYPE_LABELS[kind]), kind.value)
        purposes = QWidget()
        grid = QGridLayout(purposes)
        grid.setContentsMargins(0, 0, 0, 0)
        self.purposes: dict[str, QCheckBox] = {}
        for index, purpose in enumerate(settings.purposes):
            box = QCheckBox()
            box.setObjectName(f"pass-purpose-{purpose.key}")
            self.purposes[purpose.key] = box
            grid.addWidget(box, index // 2, index % 2)
        self.days = QSpinBox()
        self.days.setRange(1, passes.MAX_PASS_DAYS)
        self.days.setValue(DEFAULT_DAYS)
        fields: tuple[QWidget, ...] = (self.name, self.id_type, self.number, self.organisation,
                                       self.phone, self.pic, purposes, self.days)
        self._labels = [PlainLabel() for _ in FIELDS]
        for label, field, name in zip(self._labels, fields,
                                      ("pass-name", "pass-id-type", "pass-number",
                                       "pass-organisation", "pass-phone", "pass-pic",
                                       "pass-purposes", "pass-days"), strict=True):
            field.setObjectName(name)
            form.addRow(label, field)
        self._form_fields = fields
        self.issue = QPushButton()
        self.issue.setObjectName("issue-pass")
        self.issue.setProperty("role", "primary")
        self.issue.clicked.connect(self._issue)
        panel = lay_out_list_and_form(self, self.table, row, form, self.issue)
        self.form_title, self.message = panel.title, plain(panel.message)
        self.message.setObjectName("passes-message")
        may = actor.role in (Role.SUPERVISOR, Role.ADMIN)
        for field in (*fields, self.issue):
            field.setEnabled(may)
        self._may_manage = may
        self.retranslate()
        self._update_actions()
        self.refresh()

    def title(self) -> str:
        return tr("Passes")

    def retranslate(self) -> None:
        for label, source in zip(self._labels, FIELDS, strict=True):
            label.setText(tr(source))
        for key, box in self.purposes.items():
            box.setText(purpose_label(self._ctx.settings, key))
        self.days.setSuffix(" " + tr("days"))
        self.form_title.setText(tr("Issue a contractor pass") if self._may_manage
                                else tr("Only a supervisor can issue or revoke passes."))
        self.issue.setText(tr("Issue pass and print its card"))
        self.print_card.setText(tr("Print card"))
        self.revoke.setText(tr("Revoke…"))
        self.model.retranslate()

    def refresh(self) -> None:
        run_op(self, lambda: passes.list_passes(self._ctx.db), self._listed, self._failed)

    def _listed(self, records: list[PassRecord]) -> None:
        self.model.set_rows(records)
        self._update_actions()

    def _failed(self, exc: Exception) -> None:
        set_message(self.message, error_text(exc))

    def _update_actions(self) -> None:
        record = self.table.current()
        usable = record is not None and record.state(utcnow()) in (PassState.VALID,
                                                                   PassState.NOT_YET)
        self.print_card.setEnabled(usable)
        self.revoke.setEnabled(usable and self._may_manage)

    def _issue(self) -> None:
        ctx, actor = self._ctx, self.actor
        data = PassInput(
            full_name=self.name.text(), id_type=str(self.id_type.currentData()),
            id_number=self.number.text(), organisation=self.organisation.text(),
            phone=self.phone.text(), pic=self.pic.text(), days=self.days.value(),
            purposes=[key for key, box in self.purposes.items() if box.isChecked()])
        run_op(self, lambda: passes.issue_pass(ctx.db, ctx.settings, actor, data),
               self._issued, self._failed)

    def _issued(self, record: PassRecord) -> None:
        for field in (self.name, self.number, self.organisation, self.phone, self.pic):
            field.clear()
        for box in self.purposes.values():
            box.setChecked(False)
        set_message(self.message, tr("Pass {number} for {name} issued, valid until {date}.",
                                     number=record.number, name=record.full_name,
                                     date=short_date(record.valid_until)), "ok")
        self.refresh()
        self._paper(record)

    def _print(self) -> None:
        record = self.table.current()
        if record is not None:
            self._paper(record)

    def _paper(self, record: PassRecord) -> None:
        ctx = self._ctx
        run_render(self, lambda: paperwork.pass_card(ctx.settings, ctx.token_secret, record),
                   self._send, self._failed)

    def _send(self, path: Path) -> None:
        self._print_queue.submit(path, chosen_printer(self._ctx.settings), N_("Pass card"))
        set_message(self.message, tr("Pass card sent to the printer; a copy is kept at "
                                     "{path}.", path=str(path)), "ok")

    def _revoke(self) -> None:
        record = self.table.current()
        if record is None:
            return
        dialog = ReasonDialog(
            tr("Revoke pass"),
            tr("Why may {name} no longer use pass {number}? Its card stops working at once.",
               name=record.full_name, number=record.number),
            tr("Revoke"),
            lambda reason: passes.revoke_pass(self._ctx.db, self.actor, record.id, reason),
            parent=self)
        dialog.finished.connect(lambda _r: self.refresh())
        self.active_dialog = dialog
        dialog.open()
