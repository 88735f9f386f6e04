"""The queue of submitted forms (SOP steps 2-4), oldest first, against the 5-minute standard."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.clock import utcnow
from kiosk.domain.records import VisitSummary
from kiosk.formats import time_text
from kiosk.i18n import N_, tr
from kiosk.services import review as review_service
from kiosk.services import visits
from kiosk.services.actors import Actor
from kiosk.services.review import Review, Snapshot
from kiosk.ui.context import AppContext
from kiosk.ui.operator.approve_dialog import ApproveDialog
from kiosk.ui.operator.common import (
    duration_text,
    error_label,
    over_text,
    purpose_label,
    show_error,
)
from kiosk.ui.operator.reason_dialog import ReasonDialog
from kiosk.ui.operator.record_table import RecordTable
from kiosk.ui.operator.table_model import Column, Mark, RecordTableModel
from kiosk.ui.operator.visit_panel import VisitPanel
from kiosk.ui.ops import run_op
from kiosk.ui.printing import PrintQueue
from kiosk.ui.widgets.plain import PlainLabel

REFUSAL_CHOICES = (N_("No assignment letter (surat tugas)"),
                   N_("No appointment with the PIC"),
                   N_("The ID does not match the form"))


class QueuePage(QWidget):
    changed = Signal()  # a decision was made here; refresh the live lists now

    def __init__(self, ctx: AppContext, print_queue: PrintQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._print_queue = print_queue
        self.actor: Actor | None = None
        self.active_dialog: QDialog | None = None
        self._now = utcnow()
        settings = ctx.settings
        self.model: RecordTableModel[VisitSummary] = RecordTableModel(
            [Column(N_("No."), lambda v: v.number),
             Column(N_("Name"), lambda v: v.full_name, elide=True),
             Column(N_("Organisation"), lambda v: v.organisation, elide=True),
             Column(N_("Purpose"), lambda v: purpose_label(settings, v.purpose_key)),
             Column(N_("Sent at"), lambda v: time_text(v.submitted_at)),
             # The terminal a form came from is in the panel: the row keeps room for names.
             Column(N_("Waiting / SOP"), self._waiting_text, right=True)],
            key=lambda v: v.id, mark=self._mark)
        self.table: RecordTable[VisitSummary] = RecordTable(self.model)
        self.table.setObjectName("queue-table")
        self.table.chosen.connect(self._chosen)
        self.panel = VisitPanel(settings)
        self.error = error_label()
        self.empty = PlainLabel()
        self.empty.setProperty("role", "muted")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.panel, 1)
        right_layout.addWidget(self.error)
        actions = QHBoxLayout()
        self.refuse_button = QPushButton()
        self.refuse_button.setObjectName("refuse")
        self.refuse_button.setProperty("role", "danger")
        self.refuse_button.clicked.connect(self._refuse)
        self.approve_button = QPushButton()
        self.approve_button.setObjectName("open-approve")
        self.approve_button.setProperty("role", "primary")
        self.approve_button.clicked.connect(self._approve)
        actions.addWidget(self.refuse_button)
        actions.addStretch(1)
        actions.addWidget(self.approve_button)
        right_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([1300, 700])  # on a 1280-pixel screen the list keeps room for names
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._set_actions(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.refuse_button.setText(tr("Refuse…"))
        self.approve_button.setText(tr("Approve…"))
        self.empty.setText(tr("No forms are waiting."))
        self.model.retranslate()
        if self.panel.review is not None:
            self.panel.show_review(self.panel.review)

    def _waiting_text(self, visit: VisitSummary) -> str:
        timing = review_service.waiting(visit, self._ctx.settings, self._now)
        return over_text(f"{duration_text(timing.elapsed)} / {duration_text(timing.limit)}",
                         timing.over)

    def _mark(self, visit: VisitSummary) -> Mark:
        over = review_service.waiting(visit, self._ctx.settings, self._now).over
        return Mark.WARNING if over else Mark.NONE

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self._now = snapshot.taken_at
        previous = self.table.current()
        self.model.set_rows(snapshot.pending)
        self.empty.setVisible(not snapshot.pending)
        if previous is None and snapshot.pending and self.panel.review is None:
            self.table.selectRow(0)
            return
        current = self.table.current()
        shown = self.panel.review
        if current is not None and shown is not None and (
                shown.detail.summary.version != current.version):
            self._load(current)

    def _chosen(self, visit: VisitSummary | None) -> None:
        """Both decisions wait for the chosen visit's form: until it is shown, a click
        would decide on the one shown before."""
        show_error(self.error, None)
        shown = self.panel.review
        if visit is None or shown is None or shown.detail.summary.id != visit.id:
            self._set_actions(False)
        if visit is None:
            self.panel.clear()
            return
        self._load(visit)

    def _load(self, visit: VisitSummary) -> None:
        run_op(self, lambda: review_service.review_visit(self._ctx.db, visit.id),
               self._loaded, lambda exc: show_error(self.error, exc))

    def _loaded(self, review: Review) -> None:
        current = self.table.current()
        if current is None or current.id != review.detail.summary.id:
            return
        self.panel.show_review(review)
        self._set_actions(True)

    def _set_actions(self, enabled: bool) -> None:
        self.refuse_button.setEnabled(enabled)
        self.approve_button.setEnabled(enabled)

    def _approve(self) -> None:
        review = self.panel.review
        if review is None or self.actor is None:
            return
        dialog = ApproveDialog(self._ctx, self.actor, review, self._print_queue, self)
        dialog.finished.connect(lambda _r: self._after_decision(
            dialog.result_summary is not None))
        self._open(dialog)

    def _refuse(self) -> None:
        review, actor = self.panel.review, self.actor
        if review is None or actor is None:
            return
        summary = review.detail.summary
        dialog = ReasonDialog(
            tr("Refuse entry"),
            tr("Why may {name} not enter? The visitor's screen shows that entry was refused.",
               name=summary.full_name),
            tr("Refuse entry"),
            lambda reason: visits.refuse(self._ctx.db, actor, summary.id, summary.version,
                                         reason),
            [tr(c) for c in REFUSAL_CHOICES], self)
        dialog.finished.connect(lambda _r: self._after_decision(dialog.result_value is not None))
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        self.active_dialog = dialog
        dialog.open()

    def _after_decision(self, decided: bool) -> None:
        if decided:
            self.panel.clear()
            self._set_actions(False)
        self.changed.emit()
