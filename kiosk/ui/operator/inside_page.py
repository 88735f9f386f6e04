"""Who is inside now (SOP step 5): badge, escort, time against the plan and the SOP's hour.

From here the operator marks the walk-in, changes the escort, checks a visitor out (also
by scanning the badge at the desk), prints the evacuation list and starts (or joins) the
emergency roll call of everyone on it. Forms that did not reach the archive after
check-out wait here for another try, and so do the ID cards of visitors who left without
check-out, until they come back for them.

The visit chosen in the list shows below it with the visitor's photo, large enough to tell
who is who at check-out; a thumbnail in every row would be too small to recognise anyone
and would make the 30-second refresh carry every photo. Each photo is read once, when its
row is first chosen, and kept while the visit is on the board.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import chosen_printer
from kiosk.domain.clock import utcnow
from kiosk.domain.records import VisitDetail, VisitSummary
from kiosk.domain.types import Role, VisitState
from kiosk.domain.windows import OutsideWindow
from kiosk.formats import time_text
from kiosk.i18n import N_, ntr, tr
from kiosk.services import exits, paperwork, queries, visits
from kiosk.services import review as review_service
from kiosk.services.actors import Actor
from kiosk.services.archive import archive_visit
from kiosk.services.review import Snapshot
from kiosk.ui.context import AppContext
from kiosk.ui.operator.checkout_dialog import CheckoutDialog
from kiosk.ui.operator.common import duration_text, error_text, over_text, set_message
from kiosk.ui.operator.escort_dialog import EscortDialog
from kiosk.ui.operator.reason_dialog import ReasonDialog
from kiosk.ui.operator.record_table import RecordTable
from kiosk.ui.operator.scan_field import ScanField
from kiosk.ui.operator.table_model import Column, Mark, RecordTableModel
from kiosk.ui.operator.visit_panel import BOARD_PHOTO_SIZE, photo_label, show_photo
from kiosk.ui.ops import run_op, run_render
from kiosk.ui.printing import PrintQueue
from kiosk.ui.widgets.plain import PlainLabel

S = VisitState


class InsidePage(QWidget):
    changed = Signal()
    roll_call_requested = Signal()

    def __init__(self, ctx: AppContext, print_queue: PrintQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._print_queue = print_queue
        self.actor: Actor | None = None
        self.active_dialog: QDialog | None = None
        self._now = utcnow()
        self._exit_requests: dict[int, exits.ExitRequest] = {}
        self._unarchived: tuple[VisitSummary, ...] = ()
        self.model: RecordTableModel[VisitSummary] = RecordTableModel(
            [Column(N_("Name"), lambda v: v.full_name, elide=True),
             Column(N_("Organisation"), lambda v: v.organisation, elide=True),
             Column(N_("Badge"), lambda v: str(v.badge_number or "-"), right=True),
             Column(N_("Escort"), lambda v: v.escort_name or "-"),
             Column(N_("Entered"), lambda v: time_text(v.entered_at)),
             Column(N_("Inside / planned"), self._planned_text, right=True),
             Column(N_("SOP 1 hour"), self._sop_text, right=True),
             Column(N_("Status"), self._status_text)],
            key=lambda v: v.id, mark=self._mark)
        self.table: RecordTable[VisitSummary] = RecordTable(self.model)
        self.table.setObjectName("inside-table")
        self.table.chosen.connect(self._on_chosen)
        self.table.doubleClicked.connect(lambda _i: self._check_out())
        top = QHBoxLayout()
        self.count = PlainLabel()
        self.count.setProperty("role", "section")
        self.scan = ScanField()
        self.scan.setObjectName("badge-scan")
        self.scan.setMinimumWidth(480)
        self.scan.scanned.connect(self._badge_scanned)
        self.evacuation = QPushButton()
        self.evacuation.setObjectName("evacuation")
        self.evacuation.clicked.connect(self._evacuation)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(self.scan)
        top.addWidget(self.evacuation)
        self.roll_call = QPushButton()
        self.roll_call.setObjectName("start-roll-call")
        self.roll_call.setProperty("role", "danger")
        self.roll_call.clicked.connect(self.roll_call_requested)
        top.addWidget(self.roll_call)
        self.message = PlainLabel()
        self.message.setObjectName("inside-message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        archive_row = QHBoxLayout()
        self.archive_note = PlainLabel()
        self.archive_note.setProperty("role", "muted")
        self.archive_retry = QPushButton()
        self.archive_retry.setObjectName("archive-retry")
        self.archive_retry.clicked.connect(self._archive_waiting)
        archive_row.addWidget(self.archive_note, 1)
        archive_row.addWidget(self.archive_retry)
        cards_row = QHBoxLayout()
        self.cards_note = PlainLabel()
        self.cards_note.setObjectName("cards-waiting")
        self.cards_note.setProperty("role", "muted")
        self.cards_note.setWordWrap(True)
        self.card_back = QPushButton()
        self.card_back.setObjectName("card-handed-back")
        self.card_back.clicked.connect(self._card_handed_back)
        cards_row.addWidget(self.cards_note, 1)
        cards_row.addWidget(self.card_back)
        self._cards_waiting: tuple[VisitSummary, ...] = ()
        actions = QHBoxLayout()
        self.entered = QPushButton()
        self.entered.setObjectName("entered")
        self.entered.clicked.connect(self._entered)
        self.escort = QPushButton()
        self.escort.setObjectName("change-escort")
        self.escort.clicked.connect(self._change_escort)
        self.cancel = QPushButton()
        self.cancel.setObjectName("cancel-visit")
        self.cancel.clicked.connect(self._cancel)
        self.checkout = QPushButton()
        self.checkout.setObjectName("open-checkout")
        self.checkout.setProperty("role", "primary")
        self.checkout.clicked.connect(self._check_out)
        for button in (self.entered, self.escort, self.cancel):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.checkout)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._make_chosen_card())
        layout.addLayout(archive_row)
        layout.addLayout(cards_row)
        layout.addLayout(actions)
        self.retranslate()
        self._update_actions()

    def retranslate(self) -> None:
        self.scan.setPlaceholderText(tr("Scan a badge to check out, or type its number + Enter"))
        self.evacuation.setText(tr("Evacuation list (PDF)"))
        self.roll_call.setText(tr("Roll call"))
        self.entered.setText(tr("Has gone in"))
        self.escort.setText(tr("Change escort…"))
        self.cancel.setText(tr("Cancel visit…"))
        self.checkout.setText(tr("Check out…"))
        self.archive_retry.setText(tr("Archive now"))
        self.card_back.setText(tr("ID card handed back"))
        self.model.retranslate()
        self._show_counts()
        self._on_chosen(self.table.current())

    def _make_chosen_card(self) -> QFrame:
        self._photos: dict[int, queries.VisitPhoto] = {}
        self.chosen_card = QFrame()
        self.chosen_card.setObjectName("inside-chosen")
        self.chosen_card.setProperty("role", "card")
        row = QHBoxLayout(self.chosen_card)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(16)
        self.chosen_photo = photo_label(size=BOARD_PHOTO_SIZE)
        self.chosen_photo.setObjectName("inside-photo")
        row.addWidget(self.chosen_photo)
        words = QVBoxLayout()
        self.chosen_name = PlainLabel()
        self.chosen_name.setProperty("role", "section")
        self.chosen_facts = PlainLabel()
        self.chosen_facts.setProperty("role", "muted")
        self.chosen_facts.setWordWrap(True)
        words.addWidget(self.chosen_name)
        words.addWidget(self.chosen_facts)
        words.addStretch(1)
        row.addLayout(words, 1)
        self.chosen_card.hide()
        return self.chosen_card

    def _on_chosen(self, visit: VisitSummary | None) -> None:
        self._update_actions()
        self.chosen_card.setVisible(visit is not None)
        if visit is None:
            return
        self.chosen_name.setText(visit.full_name)
        self._show_chosen_facts(visit)
        known = self._photos.get(visit.id)
        if known is not None:
            show_photo(self.chosen_photo, known.jpeg, known.no_photo_reason)
            return
        self.chosen_photo.clear()
        db = self._ctx.db
        run_op(self, lambda: queries.visit_photo(db, visit.id),
               lambda photo: self._photo_read(visit.id, photo), self.show_error)

    def _show_chosen_facts(self, visit: VisitSummary) -> None:
        facts = [visit.organisation, tr("Badge {number}", number=visit.badge_number or "-")]
        if visit.escort_name:
            facts.append(tr("Escort: {name}", name=visit.escort_name))
        self.chosen_facts.setText(" · ".join(facts))

    def _photo_read(self, visit_id: int, photo: queries.VisitPhoto) -> None:
        self._photos[visit_id] = photo
        chosen = self.table.current()
        if chosen is not None and chosen.id == visit_id:
            show_photo(self.chosen_photo, photo.jpeg, photo.no_photo_reason)

    # --- what the board shows -------------------------------------------------------------

    def _planned_text(self, visit: VisitSummary) -> str:
        planned, _sop = review_service.stay(visit, self._ctx.settings, self._now)
        return over_text(f"{duration_text(planned.elapsed)} / {duration_text(planned.limit)}",
                         planned.over)

    def _sop_text(self, visit: VisitSummary) -> str:
        _planned, sop = review_service.stay(visit, self._ctx.settings, self._now)
        return over_text(tr("over"), True) if sop.over else tr("within")

    def _status_text(self, visit: VisitSummary) -> str:
        if visit.id in self._exit_requests:
            return tr("Typed at kiosk: check badge") \
                if self._exit_requests[visit.id].typed else tr("At the kiosk to leave")
        if visit.state is S.APPROVED:
            return tr("Approved, not yet inside")
        planned, sop = review_service.stay(visit, self._ctx.settings, self._now)
        if planned.over or sop.over:
            return tr("Overdue")
        return tr("Inside")

    def _mark(self, visit: VisitSummary) -> Mark:
        if visit.id in self._exit_requests:
            return Mark.ACCENT
        planned, sop = review_service.stay(visit, self._ctx.settings, self._now)
        return Mark.WARNING if (planned.over or sop.over) and visit.state is S.INSIDE \
            else Mark.NONE

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self._now = snapshot.taken_at
        self._exit_requests = snapshot.exit_requests
        self._unarchived = snapshot.unarchived
        self._cards_waiting = snapshot.cards_waiting
        on_board = {v.id for v in snapshot.inside}
        self._photos = {k: p for k, p in self._photos.items() if k in on_board}
        self.model.set_rows(snapshot.inside)
        self._show_counts()
        self._update_actions()

    def _show_counts(self) -> None:
        rows = self.model.records()
        self.count.setText(ntr("{count} person inside", "{count} people inside", len(rows)))
        waiting = len(self._unarchived)
        self.archive_note.setText(ntr("{count} checked-out form is not archived yet.",
                                      "{count} checked-out forms are not archived yet.",
                                      waiting))
        self.archive_note.setVisible(waiting > 0)
        self.archive_retry.setVisible(waiting > 0)
        cards = self._cards_waiting
        if cards:
            text = tr("{name} (visit {number}) left without check-out; their ID card is kept "
                      "at the desk.", name=cards[0].full_name, number=cards[0].number)
            if len(cards) > 1:
                text += " " + tr("{count} more ID cards are kept.", count=len(cards) - 1)
            self.cards_note.setText(text)
        self.cards_note.setVisible(bool(cards))
        self.card_back.setVisible(bool(cards))

    def _update_actions(self) -> None:
        visit = self.table.current()
        self.entered.setEnabled(visit is not None and visit.state is S.APPROVED)
        self.cancel.setEnabled(visit is not None and visit.state is S.APPROVED)
        self.escort.setEnabled(visit is not None)
        self.checkout.setEnabled(visit is not None and visit.state is S.INSIDE)
        self.evacuation.setEnabled(bool(self.model.records()))
        self.roll_call.setEnabled(bool(self.model.records()))

    # --- actions ----------------------------------------------------------------------------

    def _say(self, text: str, role: str = "ok") -> None:
        set_message(self.message, text, role)

    def show_error(self, exc: Exception) -> None:
        self._say(error_text(exc), "error")

    def _entered(self) -> None:
        visit, actor = self.table.current(), self.actor
        if visit is None or actor is None:
            return
        run_op(self, lambda: visits.mark_entered(self._ctx.db, actor, visit.id, visit.version),
               lambda _s: self.changed.emit(), self._enter_refused)

    def _enter_refused(self, exc: Exception) -> None:
        """Outside the access window a supervisor is asked for the reason to let them in
        anyway; anyone else reads that a supervisor may do it."""
        visit, actor = self.table.current(), self.actor
        if not isinstance(exc, OutsideWindow) or visit is None or actor is None \
                or actor.role not in (Role.SUPERVISOR, Role.ADMIN):
            self.show_error(exc)
            return
        self._open(ReasonDialog(
            tr("Outside the window"),
            tr("{problem}\nWhy may {name} go in now?", problem=exc.text(), name=visit.full_name),
            tr("Let them in"),
            lambda reason: visits.mark_entered(self._ctx.db, actor, visit.id, visit.version,
                                               window_override_reason=reason),
            parent=self))

    def _change_escort(self) -> None:
        visit, actor = self.table.current(), self.actor
        if visit is None or actor is None:
            return
        self._open(EscortDialog(self._ctx, actor, visit, self))

    def _cancel(self) -> None:
        visit, actor = self.table.current(), self.actor
        if visit is None or actor is None:
            return
        self._open(ReasonDialog(
            tr("Cancel visit"),
            tr("Why does {name} not go in? The badge and ID card are returned.",
               name=visit.full_name),
            tr("Cancel visit"),
            lambda reason: visits.close_unvisited(self._ctx.db, actor, visit.id, visit.version,
                                                  S.CANCELLED, reason),
            parent=self))

    def _open(self, dialog: QDialog) -> None:
        self.active_dialog = dialog
        dialog.finished.connect(lambda _r: self.changed.emit())
        dialog.open()

    def _badge_scanned(self, text: str) -> None:
        ctx = self._ctx
        if text.isdigit():
            number = int(text)
            found = next((v for v in self.model.records() if v.badge_number == number), None)
            if found is None:
                self._say(tr("Badge {number} is not on a visit now.", number=number), "error")
                return
            self.table.select_key(found.id)
            self._check_out()
            return
        run_op(self, lambda: exits.visit_for_badge(ctx.db, ctx.token_secret, text),
               self._open_for, self.show_error)

    def _open_for(self, visit: VisitSummary) -> None:
        self.table.select_key(visit.id)
        self._check_out()

    def open_checkout(self, visit_id: int) -> None:
        if self.table.select_key(visit_id):
            self._check_out()

    def _check_out(self) -> None:
        visit, actor = self.table.current(), self.actor
        if visit is None or actor is None:
            return
        if visit.state is not S.INSIDE:
            self._say(tr("Mark the visitor as gone in first, or cancel the visit."), "error")
            return
        run_op(self, lambda: queries.get_visit(self._ctx.db, visit.id),
               lambda detail: self._checkout_dialog(actor, detail), self.show_error)

    def _checkout_dialog(self, actor: Actor, detail: VisitDetail) -> None:
        dialog = CheckoutDialog(self._ctx, actor, detail, self)
        dialog.finished.connect(lambda _r: self.checked_out(actor, dialog.result_summary))
        self._open(dialog)

    def checked_out(self, actor: Actor, done: VisitSummary | None) -> None:
        """After a check-out (here, or a late one at the day's end): file the form."""
        if done is None:
            return
        self._say(tr("{name} checked out. Filing the form in the archive…",
                     name=done.full_name))
        self._archive(actor, done)

    def _archive(self, actor: Actor, visit: VisitSummary) -> None:
        """SOP step 7. A failure here never undoes the check-out; it can be retried."""
        ctx = self._ctx
        run_render(self, lambda: archive_visit(ctx.db, ctx.settings, actor, visit.id).path,
               lambda path: self._archived(visit, path),
               lambda exc: self._say(tr("{name} checked out. The form could not be archived "
                                        "yet: {reason} Use “Archive now” to try again.",
                                        name=visit.full_name, reason=error_text(exc)), "warn"))

    def _archived(self, visit: VisitSummary, _path: object) -> None:
        self._say(tr("{name} checked out; the form is in the archive.", name=visit.full_name))
        self.changed.emit()

    def _archive_waiting(self) -> None:
        if self.actor is None:
            return
        for visit in self._unarchived:
            self._archive(self.actor, visit)

    def _card_handed_back(self) -> None:
        if self.actor is None or not self._cards_waiting:
            return
        visit, actor = self._cards_waiting[0], self.actor
        run_op(self, lambda: visits.hand_back_id_card(self._ctx.db, actor, visit.id),
               self._card_returned, self.show_error)

    def _card_returned(self, visit: VisitSummary) -> None:
        self._say(tr("{name}'s ID card was handed back.", name=visit.full_name))
        self.changed.emit()

    def _evacuation(self) -> None:
        if self.actor is None:
            return
        rows, seen_at, ctx, actor = self.model.records(), self._now, self._ctx, self.actor
        self.evacuation.setEnabled(False)
        run_render(self, lambda: paperwork.evacuation_list(ctx.db, ctx.settings, actor, rows,
                                                       seen_at),
               self._evacuation_ready, self._evacuation_failed)

    def _evacuation_ready(self, path: Path) -> None:
        self._update_actions()
        self._print_queue.submit(path, chosen_printer(self._ctx.settings), N_("Evacuation list"))
        self._say(tr("Evacuation list sent to the printer; a copy is kept at {path}.",
                     path=str(path)))

    def _evacuation_failed(self, exc: Exception) -> None:
        self._update_actions()
        self.show_error(exc)
