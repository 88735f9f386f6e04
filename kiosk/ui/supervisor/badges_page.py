"""The badge pool (supervisor): numbered reusable cards, their QR sheet, retiring lost ones."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSpinBox, QVBoxLayout, QWidget

from kiosk.config import chosen_printer
from kiosk.domain.records import BadgeRecord, visit_number
from kiosk.domain.types import BadgeState
from kiosk.i18n import N_, ntr, tr
from kiosk.services import badges, paperwork
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.operator.common import error_text, set_message
from kiosk.ui.operator.reason_dialog import ReasonDialog
from kiosk.ui.operator.record_table import RecordTable
from kiosk.ui.operator.table_model import Column, Mark, RecordTableModel
from kiosk.ui.ops import run_op, run_render
from kiosk.ui.printing import PrintQueue
from kiosk.ui.widgets.plain import PlainLabel

STATE_LABELS = {BadgeState.AVAILABLE: N_("Free"), BadgeState.OUT: N_("Out"),
                BadgeState.RETIRED: N_("Retired")}


class BadgesPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, print_queue: PrintQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.actor = ctx, actor
        self._print_queue = print_queue
        self.model: RecordTableModel[BadgeRecord] = RecordTableModel(
            [Column(N_("Badge"), lambda b: str(b.number), right=True),
             Column(N_("State"), lambda b: tr(STATE_LABELS[b.state])),
             Column(N_("Visit"), lambda b: visit_number(b.holder_visit_id)
                    if b.holder_visit_id else "-")],
            key=lambda b: b.number,
            mark=lambda b: Mark.MUTED if b.state is BadgeState.RETIRED else Mark.NONE)
        self.table: RecordTable[BadgeRecord] = RecordTable(self.model)
        self.table.setObjectName("badges-table")
        self.summary = PlainLabel()
        self.summary.setProperty("role", "section")
        self.count = QSpinBox()
        self.count.setObjectName("badge-count")
        self.count.setRange(1, badges.MAX_BADGES_PER_CALL)
        self.count.setValue(10)
        self.add = QPushButton()
        self.add.setObjectName("add-badges")
        self.add.clicked.connect(self._add)
        self.sheet = QPushButton()
        self.sheet.setObjectName("badge-sheet")
        self.sheet.clicked.connect(self._sheet)
        self.retire = QPushButton()
        self.retire.setObjectName("retire-badge")
        self.retire.setProperty("role", "danger")
        self.retire.clicked.connect(self._retire)
        self.message = PlainLabel()
        self.message.setObjectName("badges-message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.count)
        row.addWidget(self.add)
        row.addWidget(self.sheet)
        row.addStretch(1)
        row.addWidget(self.retire)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.retranslate()
        self.refresh()

    def title(self) -> str:
        return tr("Badges")

    def retranslate(self) -> None:
        self.add.setText(tr("Add badges"))
        self.sheet.setText(tr("Print badge cards (PDF)"))
        self.retire.setText(tr("Retire lost badge…"))
        self.model.retranslate()
        self._summarise()

    def refresh(self) -> None:
        run_op(self, lambda: badges.list_badges(self._ctx.db), self._loaded, self._failed)

    def _loaded(self, records: list[BadgeRecord]) -> None:
        self.model.set_rows(records)
        self._summarise()

    def _summarise(self) -> None:
        records = self.model.records()
        self.summary.setText(tr("{free} free, {out} out, {retired} retired",
                                free=sum(b.state is BadgeState.AVAILABLE for b in records),
                                out=sum(b.state is BadgeState.OUT for b in records),
                                retired=sum(b.state is BadgeState.RETIRED for b in records)))

    def _failed(self, exc: Exception) -> None:
        set_message(self.message, error_text(exc))

    def _add(self) -> None:
        count = self.count.value()
        run_op(self, lambda: badges.add_badges(self._ctx.db, self.actor, count), self._added,
               self._failed)

    def _added(self, records: list[BadgeRecord]) -> None:
        set_message(self.message, ntr("{count} badge added. Print its card.",
                                      "{count} badges added. Print their cards.",
                                      len(records)), "ok")
        self.refresh()

    def _sheet(self) -> None:
        usable = [b for b in self.model.records() if b.state is not BadgeState.RETIRED]
        ctx = self._ctx
        run_render(self, lambda: paperwork.badge_sheet(ctx.settings, ctx.token_secret, usable),
               self._sheet_ready, self._failed)

    def _sheet_ready(self, path: Path) -> None:
        self._print_queue.submit(path, chosen_printer(self._ctx.settings),
                                 N_("Visitor badge cards"))
        set_message(self.message, tr("Badge cards sent to the printer; a copy is kept at "
                                     "{path}.", path=str(path)), "ok")

    def _retire(self) -> None:
        record = self.table.current()
        if record is None:
            return
        dialog = ReasonDialog(tr("Retire badge {number}", number=record.number),
                     tr("Why is badge {number} taken out of use? Its QR stops working.",
                        number=record.number),
                     tr("Retire"),
                     lambda reason: badges.retire_badge(self._ctx.db, self.actor,
                                                        record.number, reason),
                     parent=self)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
