"""The deny list (supervisor): who may not enter, why, and until when."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kiosk.domain.clock import at_site, today
from kiosk.domain.records import DenyRecord, masked_id
from kiosk.domain.types import ID_TYPE_LABELS, IdType
from kiosk.formats import short_datetime_text
from kiosk.i18n import N_, tr
from kiosk.services import denylist
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.operator.common import error_text, set_message
from kiosk.ui.operator.reason_dialog import ReasonDialog
from kiosk.ui.operator.record_table import RecordTable
from kiosk.ui.operator.table_model import Column, Mark, RecordTableModel
from kiosk.ui.ops import run_op
from kiosk.ui.supervisor.list_and_form import lay_out_list_and_form
from kiosk.ui.widgets.plain import PlainLabel


class DenyListPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.actor = ctx, actor
        self.model: RecordTableModel[DenyRecord] = RecordTableModel(
            [Column(N_("ID"), lambda r: f"{tr(ID_TYPE_LABELS[r.id_type])} "
                                        f"{masked_id(r.id_type, r.id_number)}"),
             Column(N_("Name"), lambda r: r.full_name or "-", elide=True),
             Column(N_("Reason"), lambda r: r.reason),
             Column(N_("Until"), lambda r: short_datetime_text(r.expires_at) if r.expires_at
                    else tr("no end date")),
             Column(N_("Added"), lambda r: short_datetime_text(r.added_at))],
            key=lambda r: r.id, mark=lambda _r: Mark.DANGER)
        self.table: RecordTable[DenyRecord] = RecordTable(self.model)
        self.table.setObjectName("deny-table")
        self.remove = QPushButton()
        self.remove.setObjectName("remove-deny")
        self.remove.clicked.connect(self._remove)
        self.table.chosen.connect(lambda r: self.remove.setEnabled(r is not None))
        self.remove.setEnabled(False)
        form = QFormLayout()
        self.id_type = QComboBox()
        self.id_type.setObjectName("deny-id-type")
        for kind in IdType:
            self.id_type.addItem(tr(ID_TYPE_LABELS[kind]), kind.value)
        self.number = QLineEdit()
        self.number.setObjectName("deny-number")
        self.name = QLineEdit()
        self.name.setObjectName("deny-name")
        self.reason = QLineEdit()
        self.reason.setObjectName("deny-reason")
        self.has_end = QCheckBox()
        self.has_end.setObjectName("deny-has-end")
        self.until = QDateEdit()
        self.until.setObjectName("deny-until")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("dd/MM/yyyy")
        later = today() + dt.timedelta(days=90)
        self.until.setDate(QDate(later.year, later.month, later.day))
        self.until.setEnabled(False)
        self.has_end.toggled.connect(self.until.setEnabled)
        self._labels = [PlainLabel() for _ in range(5)]
        for label, field in zip(self._labels, (self.id_type, self.number, self.name,
                                               self.reason, self.has_end), strict=True):
            form.addRow(label, field)
        form.addRow(PlainLabel(), self.until)
        self.add = QPushButton()
        self.add.setObjectName("add-deny")
        self.add.setProperty("role", "danger")
        self.add.clicked.connect(self._add)
        row = QHBoxLayout()
        row.addWidget(self.remove)
        row.addStretch(1)
        panel = lay_out_list_and_form(self, self.table, row, form, self.add)
        self.form_title, self.message = panel.title, panel.message
        self.retranslate()
        self.refresh()

    def title(self) -> str:
        return tr("Deny list")

    def retranslate(self) -> None:
        for label, source in zip(self._labels, (N_("ID type"), N_("NIK / ID number"),
                                                N_("Name"), N_("Reason"), N_("End date")),
                                 strict=True):
            label.setText(tr(source))
        self.has_end.setText(tr("Ends on"))
        self.form_title.setText(tr("Add to the deny list"))
        self.add.setText(tr("Add to the deny list"))
        self.remove.setText(tr("Remove…"))
        self.model.retranslate()

    def refresh(self) -> None:
        run_op(self, lambda: denylist.active_entries(self._ctx.db), self.model.set_rows,
               lambda exc: set_message(self.message, error_text(exc)))

    def _add(self) -> None:
        kind = IdType(self.id_type.currentData())
        number, name, reason = self.number.text(), self.name.text(), self.reason.text()
        expires = None
        if self.has_end.isChecked():
            end = self.until.date()
            expires = at_site(dt.date(end.year(), end.month(), end.day()), dt.time(23, 59))
        run_op(self, lambda: denylist.add_entry(self._ctx.db, self.actor, kind, number, name,
                                                reason, expires),
               self._added, lambda exc: set_message(self.message, error_text(exc)))

    def _added(self, _record: DenyRecord) -> None:
        for field in (self.number, self.name, self.reason):
            field.clear()
        set_message(self.message, tr("Added to the deny list."), "ok")
        self.refresh()

    def _remove(self) -> None:
        record = self.table.current()
        if record is None:
            return
        dialog = ReasonDialog(tr("Remove from the deny list"),
                     tr("Why may {name} enter again?", name=record.full_name or "-"),
                     tr("Remove"),
                     lambda reason: denylist.remove_entry(self._ctx.db, self.actor, record.id,
                                                          reason),
                     parent=self)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
