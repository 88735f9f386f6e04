"""Closing the day: every visit still open after the day end gets an exit, with a reason.

The SOP wants an exit time for everyone, and forgotten check-outs are what a visitor log
gets wrong most. From the configured day end (``day_end``) the console lists the visits
still open (see ``kiosk.domain.lifecycle``), and the operator resolves each one:

* checked out late: the usual check-out, with the real exit time and why it is late;
* left without check-out: nobody saw the visitor go; the badge is retired unless it is
  back at the desk, the ID card stays at the desk for the visitor to collect;
* did not come: a form never decided, or a badge handed out to someone who never went in
  (the badge comes back).

The list is read again after each one; the day is closed when it is empty.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.records import VisitDetail, VisitSummary
from kiosk.domain.types import STATE_LABELS, VisitState
from kiosk.formats import short_datetime_text
from kiosk.i18n import N_, tr
from kiosk.services import queries, visits
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.operator.checkout_dialog import CheckoutDialog
from kiosk.ui.operator.common import error_label, show_error
from kiosk.ui.operator.reason_dialog import ReasonDialog
from kiosk.ui.operator.record_table import RecordTable
from kiosk.ui.operator.table_model import Column, Mark, RecordTableModel
from kiosk.ui.ops import run_op
from kiosk.ui.widgets.plain import PlainLabel

S = VisitState


class DayEndDialog(QDialog):
    #: A late check-out was recorded (its ``VisitSummary``): the console files the form.
    checked_out = Signal(object)

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._actor = ctx, actor
        self.active_dialog: QDialog | None = None
        self.closed_day = False
        self.setWindowTitle(tr("Close the day"))
        self.setMinimumSize(1000, 620)
        layout = QVBoxLayout(self)
        heading = PlainLabel(tr("Close the day"))
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        self.intro = PlainLabel(tr(
            "Every visit needs an exit. Resolve each visit still open: checked out late "
            "(with the real exit time), left without check-out, or did not come."))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.model: RecordTableModel[VisitSummary] = RecordTableModel(
            [Column(N_("No."), lambda v: v.number),
             Column(N_("Name"), lambda v: v.full_name, elide=True),
             Column(N_("Badge"), lambda v: str(v.badge_number or "-"), right=True),
             Column(N_("Status"), lambda v: tr(STATE_LABELS[v.state])),
             Column(N_("Since"), lambda v: short_datetime_text(
                 v.entered_at or v.decided_at or v.submitted_at))],
            key=lambda v: v.id, mark=lambda v: Mark.WARNING)
        self.table: RecordTable[VisitSummary] = RecordTable(self.model)
        self.table.setObjectName("day-end-table")
        self.table.chosen.connect(lambda _v: self._update_actions())
        layout.addWidget(self.table, 1)
        self.done_label = PlainLabel(tr("Every visit is closed. The day is closed."))
        self.done_label.setObjectName("day-closed")
        self.done_label.setProperty("role", "ok")
        self.done_label.setVisible(False)
        layout.addWidget(self.done_label)
        self.error = error_label()
        layout.addWidget(self.error)
        actions = QHBoxLayout()
        self.late = QPushButton(tr("Checked out late…"))
        self.late.setObjectName("resolve-late")
        self.late.clicked.connect(self._late)
        self.unrecorded = QPushButton(tr("Left without check-out…"))
        self.unrecorded.setObjectName("resolve-unrecorded")
        self.unrecorded.clicked.connect(self._unrecorded)
        self.no_show = QPushButton(tr("Did not come…"))
        self.no_show.setObjectName("resolve-no-show")
        self.no_show.clicked.connect(self._no_show)
        close = QPushButton(tr("Close"))
        close.setObjectName("day-end-close")
        close.clicked.connect(self.accept)
        for button in (self.late, self.unrecorded, self.no_show):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(close)
        layout.addLayout(actions)
        self._update_actions()
        self.refresh()

    # --- the list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        ctx = self._ctx
        run_op(self, lambda: queries.open_after_day_end(ctx.db, ctx.settings), self._show,
               lambda exc: show_error(self.error, exc))

    def _show(self, rows: list[VisitSummary]) -> None:
        self.model.set_rows(rows)
        if self.table.current() is None and rows:
            self.table.selectRow(0)
        self.closed_day = not rows
        self.done_label.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self._update_actions()

    def _update_actions(self) -> None:
        visit = self.table.current()
        state = visit.state if visit is not None else None
        self.late.setEnabled(state is S.INSIDE)
        self.unrecorded.setEnabled(state in {S.INSIDE, S.APPROVED})
        self.no_show.setEnabled(state in {S.SUBMITTED, S.APPROVED})

    # --- the three ways to close a visit -----------------------------------------------------

    def _late(self) -> None:
        visit = self.table.current()
        if visit is None:
            return
        run_op(self, lambda: queries.get_visit(self._ctx.db, visit.id), self._late_dialog,
               lambda exc: show_error(self.error, exc))

    def _late_dialog(self, detail: VisitDetail) -> None:
        dialog = CheckoutDialog(self._ctx, self._actor, detail, self, late=True)
        dialog.finished.connect(lambda _r: self._late_done(dialog.result_summary))
        self._open(dialog)

    def _late_done(self, done: VisitSummary | None) -> None:
        if done is not None:
            self.checked_out.emit(done)

    def _unrecorded(self) -> None:
        visit, actor, db = self.table.current(), self._actor, self._ctx.db
        if visit is None:
            return
        badge_back = QCheckBox(tr("Badge {number} is back at the desk",
                                  number=visit.badge_number or "-"))
        badge_back.setObjectName("badge-at-desk")
        dialog = ReasonDialog(
            tr("Left without check-out"),
            tr("Nobody saw {name} leave. The devices stay unchecked and the supervisor is "
               "told. Unless it is back at the desk, the badge is retired; the ID card stays "
               "at the desk for the visitor to collect.", name=visit.full_name),
            tr("Close without check-out"),
            lambda reason: visits.mark_left_unrecorded(db, actor, visit.id, visit.version,
                                                       reason, badge_back.isChecked()),
            parent=self)
        dialog.add_option(badge_back)
        self._open(dialog)

    def _no_show(self) -> None:
        visit, actor, db = self.table.current(), self._actor, self._ctx.db
        if visit is None:
            return
        self._open(ReasonDialog(
            tr("Did not come"),
            tr("{name} never went in. A badge already handed out comes back to the pool.",
               name=visit.full_name),
            tr("Mark as did not come"),
            lambda reason: visits.close_unvisited(db, actor, visit.id, visit.version,
                                                  S.NO_SHOW, reason),
            parent=self))

    def _open(self, dialog: QDialog) -> None:
        self.active_dialog = dialog
        show_error(self.error, None)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
