"""The emergency roll call on the console: everyone holding a badge, accounted for one by
one, from this terminal and from any other sharing the database.

Big and simple, for a moment nobody reads instructions: one row per person with a photo
when the kiosk took one, the count ("12 of 14 accounted for") and the time since the start
in large type, one "Accounted for" button per person, and "End roll call…", which asks
first and then files the record as a PDF that can be printed at once.

The console's live poll (``LiveFeed``, every 1.5 s) brings the other terminals' marks.
When the database cannot be reached the screen keeps the last list it read, says so and
from when, and points to the printed evacuation list; a mark tried then is refused with
that message, never queued in secret.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import chosen_printer
from kiosk.domain.clock import utcnow
from kiosk.domain.records import RollCallRecord
from kiosk.errors import DatabaseUnavailable
from kiosk.formats import elapsed_text, seconds_text, time_text
from kiosk.i18n import N_, ntr, tr
from kiosk.services import rollcall
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.operator.common import error_text, set_message
from kiosk.ui.operator.roll_call_row import RollCallRow
from kiosk.ui.ops import run_op, run_render
from kiosk.ui.printing import PrintQueue
from kiosk.ui.widgets.plain import PlainLabel, message_box

#: Names listed in the "end now?" question; the rest are counted.
NAMES_ASKED = 6


class RollCallPage(QWidget):
    back_requested = Signal()
    changed = Signal()  # a mark or the end was recorded here: the console polls at once

    def __init__(self, ctx: AppContext, print_queue: PrintQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._print_queue = print_queue
        self.actor: Actor | None = None
        self.record: RollCallRecord | None = None
        self.confirm_box: QMessageBox | None = None
        self._rows: dict[int, RollCallRow] = {}
        self._photos: dict[int, bytes] = {}
        self._photos_asked: set[int] = set()
        self._fetching_end = False
        self._seen_at: dt.datetime | None = None

        self.title = PlainLabel()
        self.title.setObjectName("roll-title")
        self.title.setProperty("role", "heading")
        self.started = PlainLabel()
        self.started.setObjectName("roll-started")
        self.started.setProperty("role", "muted")
        self.started.setWordWrap(True)
        self.count = PlainLabel()
        self.count.setObjectName("roll-count")
        self.count.setProperty("role", "roll-count")
        self.elapsed = PlainLabel()
        self.elapsed.setObjectName("roll-elapsed")
        self.elapsed.setProperty("role", "roll-elapsed")
        self.elapsed_caption = PlainLabel()
        self.elapsed_caption.setProperty("role", "muted")
        timer = QVBoxLayout()
        timer.setSpacing(0)
        timer.addWidget(self.elapsed_caption)
        timer.addWidget(self.elapsed)
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        heading.addWidget(self.started)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addWidget(self.count)
        top.addSpacing(32)
        top.addLayout(timer)

        self.offline = QFrame()
        self.offline.setObjectName("roll-offline")
        self.offline.setProperty("role", "banner-danger")
        offline_layout = QHBoxLayout(self.offline)
        offline_layout.setContentsMargins(12, 6, 12, 6)
        self.offline_text = PlainLabel()
        self.offline_text.setObjectName("roll-offline-text")
        self.offline_text.setWordWrap(True)
        offline_layout.addWidget(self.offline_text)
        self.offline.setVisible(False)
        self.message = PlainLabel()
        self.message.setObjectName("roll-message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        self.list = QWidget()
        self.list.setObjectName("roll-list")
        self._list_layout = QVBoxLayout(self.list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.setSpacing(8)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list)

        self.back = QPushButton()
        self.back.setObjectName("roll-back")
        self.back.clicked.connect(self.back_requested)
        self.print_button = QPushButton()
        self.print_button.setObjectName("roll-print")
        self.print_button.setProperty("role", "primary")
        self.print_button.clicked.connect(self._print)
        self.end_button = QPushButton()
        self.end_button.setObjectName("roll-end")
        self.end_button.setProperty("role", "danger")
        self.end_button.clicked.connect(self._ask_end)
        footer = QHBoxLayout()
        footer.addWidget(self.back)
        footer.addStretch(1)
        footer.addWidget(self.print_button)
        footer.addWidget(self.end_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.offline)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        layout.addLayout(footer)

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self.retranslate()

    # --- what it shows ---------------------------------------------------------------------

    def show_record(self, record: RollCallRecord) -> None:
        """Show ``record`` (as just read or just changed); rows keep their place."""
        if self.record is not None and record.id != self.record.id:
            self.clear()
        self.record = record
        for index, line in enumerate(record.lines):
            row = self._rows.get(line.visit_id)
            if row is None:
                row = RollCallRow(line)
                row.mark_requested.connect(self._mark)
                row.undo_requested.connect(self._undo)
                row.set_photo(self._photos.get(line.visit_id))
                self._rows[line.visit_id] = row
                self._list_layout.insertWidget(index, row)
            row.show_line(line, record.open)
        self._show_state()
        self._ask_photos()

    def show_live(self, record: RollCallRecord | None, taken_at: dt.datetime) -> None:
        """A poll of the open roll call (any terminal's) arrived."""
        self._seen_at = taken_at
        self.offline.setVisible(False)
        shown = self.record
        if record is not None and (shown is None or shown.open or shown.id == record.id):
            self.show_record(record)
        elif record is None and shown is not None and shown.open:
            self._fetch_end(shown.id)  # ended at another terminal: show how it ended

    def show_unreachable(self, exc: Exception) -> None:
        """A poll failed: keep the list, say from when it is and what to do."""
        if self.record is None:
            return
        seen = seconds_text(self._seen_at) if self._seen_at else "-"
        self.offline_text.setText(tr(
            "{problem} Marks cannot be recorded now. This list is from {time}. Carry on "
            "with the printed evacuation list, and mark here again when the database is "
            "back.", problem=error_text(exc), time=seen))
        self.offline.setVisible(True)

    def clear(self) -> None:
        for row in self._rows.values():
            row.deleteLater()
        self._rows = {}
        self.record = None
        self._fetching_end = False
        self.message.setVisible(False)
        self.offline.setVisible(False)
        self._clock.stop()

    def say(self, text: str, role: str = "ok") -> None:
        set_message(self.message, text, role)

    def _show_state(self) -> None:
        record = self.record
        if record is None:
            return
        total, done = len(record.lines), len(record.accounted)
        self.count.setText(tr("{accounted} of {total} accounted for", accounted=done,
                              total=total))
        started = tr("Started at {time} by {name} ({terminal})",
                     time=time_text(record.started_at), name=record.started_by,
                     terminal=record.started_terminal)
        if not record.open:
            started += " · " + tr("ended at {time} by {name}", time=time_text(record.ended_at),
                                  name=record.ended_by or "-")
            started += " · " + tr("{count} missing", count=len(record.missing))
        self.started.setText(started)
        self.end_button.setVisible(record.open)
        self.end_button.setEnabled(record.open)
        self.print_button.setVisible(not record.open)
        if record.open:
            self._clock.start()
        else:
            self._clock.stop()
        self._tick()

    def _tick(self) -> None:
        record = self.record
        if record is None:
            self.elapsed.setText("")
            return
        until = record.ended_at or utcnow()
        self.elapsed.setText(elapsed_text(until - record.started_at))

    def _ask_photos(self) -> None:
        if self.record is None or self.actor is None:
            return
        wanted = {line.visit_id for line in self.record.lines} - self._photos_asked
        if not wanted:
            return
        self._photos_asked |= wanted
        ctx, actor = self._ctx, self.actor
        run_op(self, lambda: rollcall.photos(ctx.db, actor, wanted), self._got_photos,
               lambda _exc: self._photos_asked.difference_update(wanted))

    def _got_photos(self, photos: dict[int, bytes]) -> None:
        self._photos.update(photos)
        for visit_id, data in photos.items():
            row = self._rows.get(visit_id)
            if row is not None:
                row.set_photo(data)

    # --- actions ---------------------------------------------------------------------------

    def _mark(self, visit_id: int) -> None:
        record, actor, ctx = self.record, self.actor, self._ctx
        if record is None or actor is None:
            return
        self._rows[visit_id].set_busy(True)
        run_op(self, lambda: rollcall.mark(ctx.db, actor, record.id, visit_id,
                                           ctx.settings.terminal_name),
               self._recorded, lambda exc: self._not_recorded(visit_id, exc))

    def _undo(self, visit_id: int) -> None:
        record, actor, ctx = self.record, self.actor, self._ctx
        if record is None or actor is None:
            return
        self._rows[visit_id].set_busy(True)
        run_op(self, lambda: rollcall.unmark(ctx.db, actor, record.id, visit_id),
               self._recorded, lambda exc: self._not_recorded(visit_id, exc))

    def _recorded(self, record: RollCallRecord) -> None:
        self.message.setVisible(False)
        self.show_record(record)
        self.changed.emit()

    def _not_recorded(self, visit_id: int, exc: Exception) -> None:
        row = self._rows.get(visit_id)
        if row is not None:
            row.set_busy(False)
        if isinstance(exc, DatabaseUnavailable):
            self.show_unreachable(exc)
        self.say(error_text(exc), "error")
        self.changed.emit()  # an ended roll call, say: read it again

    def _ask_end(self) -> None:
        record = self.record
        if record is None or not record.open:
            return
        missing = record.missing
        if missing:
            names = ", ".join(line.full_name for line in missing[:NAMES_ASKED])
            if len(missing) > NAMES_ASKED:
                names += " " + tr("and {count} more", count=len(missing) - NAMES_ASKED)
            text = ntr("{count} person is not accounted for and will be recorded as missing: "
                       "{names}. End the roll call?",
                       "{count} people are not accounted for and will be recorded as "
                       "missing: {names}. End the roll call?", len(missing), names=names)
        else:
            text = tr("Everyone is accounted for. End the roll call?")
        box = message_box(QMessageBox.Icon.Question, tr("End roll call"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(tr("End and file the record"))
        box.button(QMessageBox.StandardButton.No).setText(tr("Keep counting"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda result: self._end_answered(box, result))
        self.confirm_box = box
        box.open()

    def _end_answered(self, box: QMessageBox, result: int) -> None:
        self.confirm_box = None
        box.deleteLater()
        if result == QMessageBox.StandardButton.Yes:
            self._end()

    def _end(self) -> None:
        record, actor, ctx = self.record, self.actor, self._ctx
        if record is None or actor is None:
            return
        self.end_button.setEnabled(False)
        self.say(tr("Ending the roll call and filing its record…"), "muted")
        run_op(self, lambda: rollcall.end(ctx.db, ctx.settings, actor, record.id,
                                          ctx.settings.terminal_name),
               self._ended, self._end_failed)

    def _ended(self, record: RollCallRecord) -> None:
        self.show_record(record)
        self.say(tr("The roll call is over and its record is filed at {path}. Print it for "
                    "the emergency team.", path=record.archive_path or "-"))
        self.changed.emit()

    def _end_failed(self, exc: Exception) -> None:
        self.end_button.setEnabled(True)
        self.say(tr("The roll call is still open: {reason}", reason=error_text(exc)), "error")

    def _fetch_end(self, roll_call_id: int) -> None:
        if self._fetching_end:
            return
        self._fetching_end = True
        run_op(self, lambda: rollcall.get(self._ctx.db, roll_call_id), self._ended_elsewhere,
               lambda _exc: setattr(self, "_fetching_end", False))

    def _ended_elsewhere(self, record: RollCallRecord) -> None:
        self._fetching_end = False
        if self.record is not None and self.record.id == record.id:
            self.show_record(record)
            if not record.open:
                self.say(tr("{name} ended the roll call at {time}.",
                            name=record.ended_by or "-", time=time_text(record.ended_at)))

    def _print(self) -> None:
        record, actor, ctx = self.record, self.actor, self._ctx
        if record is None or actor is None:
            return
        run_render(self, lambda: rollcall.print_copy(ctx.db, ctx.settings, actor, record.id),
                   self._print_ready, lambda exc: self.say(error_text(exc), "error"))

    def _print_ready(self, path: Path) -> None:
        self._print_queue.submit(path, chosen_printer(self._ctx.settings),
                                 N_("Roll call record"))
        self.say(tr("The roll call record was sent to the printer."))

    def retranslate(self) -> None:
        self.title.setText(tr("Emergency roll call"))
        self.elapsed_caption.setText(tr("Time since the start"))
        self.back.setText(tr("Back to the console"))
        self.print_button.setText(tr("Print the record"))
        self.end_button.setText(tr("End roll call…"))
        if self.record is not None:
            for line in self.record.lines:
                self._rows[line.visit_id].show_line(line, self.record.open)
        self._show_state()
