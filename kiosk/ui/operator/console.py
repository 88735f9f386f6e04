"""The staff console: queue, inside-now board, pre-registration, contractor passes (issued
and revoked by supervisors, seen and printed by operators), and (for supervisors) the
overview they start on, staff accounts, deny list, badge pool and reports.

Banners above the tabs ask for what cannot wait: an emergency roll call in progress (at
any terminal), a visitor at the kiosk to leave, a day not closed (visits still open after
the day end, until each has an exit), print jobs that failed. The roll call itself takes
the place of the tabs while it is shown (``RollCallPage``).

It locks itself (back to the visitor side) after ``operator_idle_seconds`` without input.
Supervisor pages are only added for supervisors, but every rule is enforced again by the
services: hiding a tab is a convenience, not the protection.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.figures import Period
from kiosk.domain.lifecycle import must_close
from kiosk.domain.records import RollCallRecord, VisitSummary
from kiosk.domain.types import ROLE_LABELS, Role
from kiosk.formats import clock_text, seconds_text, short_datetime_text, time_text
from kiosk.i18n import ntr, ptr, tr
from kiosk.services import backup, rollcall
from kiosk.services.actors import Actor
from kiosk.services.backup import BackupStatus
from kiosk.services.review import Snapshot
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.operator.banner import Banner
from kiosk.ui.operator.change_pin_dialog import ChangePinDialog
from kiosk.ui.operator.common import error_text, set_message
from kiosk.ui.operator.day_end_dialog import DayEndDialog
from kiosk.ui.operator.idle import IdleWatcher
from kiosk.ui.operator.inside_page import InsidePage
from kiosk.ui.operator.live import LiveFeed
from kiosk.ui.operator.notify_line import NotifyLine
from kiosk.ui.operator.preregistration_page import PreregistrationPage
from kiosk.ui.operator.queue_page import QueuePage
from kiosk.ui.operator.roll_call_page import RollCallPage
from kiosk.ui.operator.style import console_style_sheet
from kiosk.ui.ops import run_op
from kiosk.ui.printing import PrintQueue
from kiosk.ui.supervisor.badges_page import BadgesPage
from kiosk.ui.supervisor.denylist_page import DenyListPage
from kiosk.ui.supervisor.notifications_page import NotificationsPage
from kiosk.ui.supervisor.overview_page import OverviewPage
from kiosk.ui.supervisor.passes_page import PassesPage
from kiosk.ui.supervisor.reports_page import ReportsScreen
from kiosk.ui.supervisor.staff_page import StaffPage
from kiosk.ui.widgets.plain import PlainLabel

log = logging.getLogger(__name__)


class OperatorConsole(QWidget):
    signed_out = Signal()
    exit_kiosk_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.actor: Actor | None = None
        self._snapshot: Snapshot | None = None
        self.setStyleSheet(console_style_sheet())
        bar = QFrame()
        bar.setProperty("role", "bar")
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(16, 6, 16, 6)
        self.who = PlainLabel()
        self.who.setObjectName("signed-in")
        self.who.setProperty("role", "value")
        self.who.setWordWrap(True)
        self.status = PlainLabel()
        self.status.setObjectName("console-status")
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)  # both wrap on a 1280-pixel screen rather than widen it
        self.change_pin_button = QPushButton()
        self.change_pin_button.setObjectName("change-pin")
        self.change_pin_button.clicked.connect(self._change_pin)
        self.pin_dialog: ChangePinDialog | None = None
        self.exit_kiosk = QPushButton()
        self.exit_kiosk.setObjectName("exit-kiosk")
        self.exit_kiosk.clicked.connect(self.exit_kiosk_requested)
        self.sign_out_button = QPushButton()
        self.sign_out_button.setObjectName("sign-out")
        self.sign_out_button.setProperty("role", "primary")
        self.sign_out_button.clicked.connect(self.sign_out)
        bar_layout.addWidget(self.who)
        bar_layout.addSpacing(16)
        bar_layout.addWidget(self.status, 1)
        bar_layout.addWidget(self.change_pin_button)
        self.backup_state = PlainLabel()
        self.backup_state.setObjectName("backup-state")
        self.backup_state.setVisible(False)
        bar_layout.addWidget(self.backup_state)
        bar_layout.addWidget(self.exit_kiosk)
        bar_layout.addWidget(self.sign_out_button)
        self.exit_banner = Banner("exit-banner", "banner-accent")
        self.exit_text = self.exit_banner.text
        self.exit_button = self.exit_banner.add_button("exit-banner-checkout",
                                                       self._open_exit_request)
        self.roll_banner = self._roll_banner()
        self.notify_line = NotifyLine(ctx.db, ctx.settings.notify)
        self.notify_line.setContentsMargins(16, 2, 16, 2)
        self._exit_visit: int | None = None
        self.day_banner = self._day_banner()
        self.day_dialog: DayEndDialog | None = None
        self.print_queue = PrintQueue(self)
        self.print_queue.changed.connect(self._show_print_jobs)
        self.print_banner = self._print_banner()
        self._backup: BackupStatus | None = None
        self.backup_banner = self._backup_banner()

        self.queue = QueuePage(ctx, self.print_queue)
        self.inside = InsidePage(ctx, self.print_queue)
        self.preregistration = PreregistrationPage(ctx, self.print_queue)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("console-tabs")
        self.tabs.addTab(self.queue, "")
        self.tabs.addTab(self.inside, "")
        self.tabs.addTab(self.preregistration, "")
        self._supervisor_pages: list[QWidget] = []
        self.roll_call = RollCallPage(ctx, self.print_queue)
        self.roll_call.back_requested.connect(self.show_tabs)
        self.body = QStackedWidget()
        self.body.setObjectName("console-body")
        self.body.addWidget(self.tabs)
        self.body.addWidget(self.roll_call)
        self.overview: OverviewPage | None = None
        self.reports: ReportsScreen | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 8)
        layout.addWidget(bar)
        layout.addWidget(self.roll_banner)
        layout.addWidget(self.notify_line)
        layout.addWidget(self.exit_banner)
        layout.addWidget(self.day_banner)
        layout.addWidget(self.print_banner)
        layout.addWidget(self.backup_banner)
        layout.addWidget(self.body, 1)

        self.feed = LiveFeed(ctx.db, self)
        self.feed.updated.connect(self._show_snapshot)
        self.feed.failed.connect(self._poll_failed)
        self.idle = IdleWatcher(ctx.settings.operator_idle_seconds, self)
        self.idle.idle.connect(self._idle_lock)
        for page in (self.queue, self.inside, self.roll_call):
            page.changed.connect(self.feed.refresh)
        self.inside.roll_call_requested.connect(self.start_roll_call)
        language().changed.connect(self.retranslate)
        self.retranslate()

    # --- signing in and out --------------------------------------------------------------

    def start(self, actor: Actor) -> None:
        self.actor = actor
        for page in (self.queue, self.inside, self.preregistration, self.roll_call):
            page.actor = actor
        self._add_supervisor_pages(actor)
        self.tabs.setCurrentIndex(0)
        self.retranslate()
        self.feed.start()
        self.notify_line.start()
        self.idle.start()
        self.preregistration.refresh()

    def sign_out(self) -> None:
        self._stop()
        self.actor = None
        for page in (self.queue, self.inside, self.preregistration, self.roll_call):
            page.actor = None
        self.roll_call.clear()
        self.show_tabs()
        for extra in self._supervisor_pages:
            self.tabs.removeTab(self.tabs.indexOf(extra))
            extra.deleteLater()
        self._supervisor_pages = []
        self.overview = self.reports = None
        self.queue.panel.clear()
        self.signed_out.emit()

    def shutdown(self) -> None:
        """Stop timers and listeners before the window closes."""
        self._stop()

    def _stop(self) -> None:
        self.feed.stop()
        self.notify_line.stop()
        self.idle.stop()
        if self.pin_dialog is not None:
            self.pin_dialog.reject()

    def _change_pin(self) -> None:
        if self.actor is None:
            return
        self.pin_dialog = ChangePinDialog(self._ctx, self.actor, forced=False, parent=self)
        self.pin_dialog.accepted.connect(
            lambda: set_message(self.status, tr("Your new PIN is saved."), "ok"))
        self.pin_dialog.finished.connect(self._pin_dialog_closed)
        self.pin_dialog.open()

    def _pin_dialog_closed(self) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.deleteLater()
            self.pin_dialog = None

    def _idle_lock(self) -> None:
        if self.actor is not None:
            log.info("console locked after %s s idle", self._ctx.settings.operator_idle_seconds)
            self.sign_out()

    def _add_supervisor_pages(self, actor: Actor) -> None:
        """The pages made for this sign-in: passes for everyone; supervisors start on the
        overview, the first tab, and their other pages follow the desk's."""
        pages: list[QWidget] = [PassesPage(self._ctx, actor, self.print_queue)]
        if actor.role in (Role.SUPERVISOR, Role.ADMIN):
            self.overview = OverviewPage(self._ctx, actor)
            self.reports = ReportsScreen(self._ctx, actor, print_queue=self.print_queue)
            self.overview.period_requested.connect(self.open_report)
            self.tabs.insertTab(0, self.overview, "")
            pages += [StaffPage(self._ctx, actor), DenyListPage(self._ctx, actor),
                      BadgesPage(self._ctx, actor, self.print_queue),
                      self.reports, NotificationsPage(self._ctx, actor)]
        for page in pages:
            self.tabs.addTab(page, "")
        self._supervisor_pages = [*([self.overview] if self.overview else []), *pages]

    def open_report(self, period: Period) -> None:
        """The report of ``period`` on the reports tab (a day or week tapped on the
        overview)."""
        if self.reports is None:
            return
        self.reports.set_period(period)
        self.tabs.setCurrentWidget(self.reports)
        self.reports.refresh()

    # --- the live picture ------------------------------------------------------------------

    def _show_snapshot(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self.queue.show_snapshot(snapshot)
        self.inside.show_snapshot(snapshot)
        self.roll_call.show_live(snapshot.roll_call, snapshot.taken_at)
        self._show_roll_banner()
        set_message(self.status, tr("Up to date at {time} · {terminal}",
                                    time=seconds_text(snapshot.taken_at),
                                    terminal=self._ctx.settings.terminal_name), "muted")
        self._show_exit_request(snapshot)
        self._show_open_day(snapshot)
        self._tab_titles()

    def _poll_failed(self, exc: Exception) -> None:
        set_message(self.status, error_text(exc), "error")
        self.roll_call.show_unreachable(exc)

    # --- the emergency roll call -------------------------------------------------------------

    def _roll_banner(self) -> Banner:
        """A roll call open anywhere is shown on every console until it ends."""
        banner = Banner("roll-banner", "banner-danger", "roll-banner-text")
        self.roll_text = banner.text
        self.roll_open = banner.add_button("open-roll-call", self.open_roll_call, "danger")
        return banner

    def _show_roll_banner(self) -> None:
        call = self._snapshot.roll_call if self._snapshot else None
        shown = self.body.currentWidget() is self.roll_call and self.roll_call.record \
            is not None and call is not None and self.roll_call.record.id == call.id
        self.roll_banner.setVisible(call is not None and not shown)
        if call is not None:
            self.roll_text.setText(tr(
                "Emergency roll call in progress since {time} ({name}, {terminal}): "
                "{accounted} of {total} accounted for.", time=time_text(call.started_at),
                name=call.started_by, terminal=call.started_terminal,
                accounted=len(call.accounted), total=len(call.lines)))

    def start_roll_call(self) -> None:
        """Start a roll call of everyone holding a badge, or join the one already open."""
        actor, ctx = self.actor, self._ctx
        if actor is None:
            return
        self.inside.roll_call.setEnabled(False)
        run_op(self, lambda: rollcall.start(ctx.db, actor, ctx.settings.terminal_name),
               self._roll_call_started, self._roll_call_refused)

    def _roll_call_started(self, started: tuple[RollCallRecord, bool]) -> None:
        record, joined = started
        self.inside.roll_call.setEnabled(True)
        self._show_roll_call(record)
        if joined:
            self.roll_call.say(tr("A roll call was already open: you joined the one {name} "
                                  "started at {time} ({terminal}).", name=record.started_by,
                                  time=time_text(record.started_at),
                                  terminal=record.started_terminal))
        self.feed.refresh()

    def _roll_call_refused(self, exc: Exception) -> None:
        self.inside.roll_call.setEnabled(True)
        self.inside.show_error(exc)

    def open_roll_call(self) -> None:
        call = self._snapshot.roll_call if self._snapshot else None
        if call is not None:
            self._show_roll_call(call)

    def _show_roll_call(self, record: RollCallRecord) -> None:
        self.roll_call.show_record(record)
        self.body.setCurrentWidget(self.roll_call)
        self._show_roll_banner()

    def show_tabs(self) -> None:
        self.body.setCurrentWidget(self.tabs)
        self._show_roll_banner()

    def _show_exit_request(self, snapshot: Snapshot) -> None:
        waiting = [v for v in snapshot.inside if v.id in snapshot.exit_requests]
        waiting.sort(key=lambda v: snapshot.exit_requests[v.id].at)
        self.exit_banner.setVisible(bool(waiting))
        if not waiting:
            self._exit_visit = None
            return
        first = waiting[0]
        self._exit_visit = first.id
        if snapshot.exit_requests[first.id].typed:
            text = tr("Badge {badge} ({name}) was typed at the kiosk to leave: check the "
                      "badge.", name=first.full_name, badge=first.badge_number or "-")
        else:
            text = tr("{name} (badge {badge}) is at the kiosk to leave.",
                      name=first.full_name, badge=first.badge_number or "-")
        if len(waiting) > 1:
            text += " " + ntr("{count} more is waiting to leave.",
                              "{count} more are waiting to leave.", len(waiting) - 1)
        self.exit_text.setText(text)

    def _open_exit_request(self) -> None:
        if self._exit_visit is not None:
            self.tabs.setCurrentWidget(self.inside)
            self.inside.open_checkout(self._exit_visit)

    # --- closing the day -------------------------------------------------------------------

    def _day_banner(self) -> Banner:
        banner = Banner("day-banner", "banner-warning", "day-open")
        self.day_text = banner.text
        self.day_button = banner.add_button("close-day", self.open_day_end, "primary")
        return banner

    def _open_visits(self, snapshot: Snapshot) -> list[VisitSummary]:
        end = self._ctx.settings.day_end_time
        return [v for v in (*snapshot.pending, *snapshot.inside)
                if must_close(v.state, v.submitted_at, snapshot.taken_at, end)]

    def _show_open_day(self, snapshot: Snapshot) -> None:
        """Shown until every visit of a day past its end has an exit."""
        still_open = self._open_visits(snapshot)
        self.day_banner.setVisible(bool(still_open))
        self.day_text.setText(tr(
            "The day is not closed: {count} visits are still open after the day end ({time}). "
            "Every visit needs an exit.", count=len(still_open),
            time=clock_text(self._ctx.settings.day_end_time)))

    def open_day_end(self) -> None:
        if self.actor is None:
            return
        actor = self.actor
        dialog = DayEndDialog(self._ctx, actor, self)
        dialog.checked_out.connect(lambda done: self.inside.checked_out(actor, done))
        dialog.finished.connect(lambda _r: self.feed.refresh())
        self.day_dialog = dialog
        dialog.open()

    # --- printing ----------------------------------------------------------------------------

    def _print_banner(self) -> Banner:
        """Failed print jobs wait here, beside the work: nothing else stops for paper."""
        banner = Banner("print-banner", "banner-warning", "print-problem")
        self.print_text = banner.text
        self.print_retry = banner.add_button("print-retry", self.print_queue.retry)
        self.print_discard = banner.add_button("print-discard", self._discard_print_job)
        return banner

    def _show_print_jobs(self) -> None:
        jobs = self.print_queue.pending()
        self.print_banner.setVisible(bool(jobs))
        if not jobs:
            return
        first = jobs[0]
        text = tr("{title} was not printed. {message}", title=tr(first.title),
                  message=first.message())
        if len(jobs) > 1:
            text += " " + ntr("{count} more print job is waiting.",
                              "{count} more print jobs are waiting.", len(jobs) - 1)
        self.print_text.setText(text)

    def _discard_print_job(self) -> None:
        jobs = self.print_queue.pending()
        if jobs:
            self.print_queue.discard(jobs[0])

    # --- backups -----------------------------------------------------------------------------

    def _backup_banner(self) -> Banner:
        """A failing backup stays in sight until one succeeds: the records are one disk
        failure from being lost, which nobody notices unless it is shown."""
        banner = Banner("backup-banner", "banner-warning", "backup-problem")
        self.backup_text = banner.text
        self.backup_now = banner.add_button("backup-now", self._back_up_now)
        return banner

    def show_backup(self, status: BackupStatus) -> None:
        """The last backup, as the kiosk's own check or a supervisor's "Back up now" found
        it (possibly made by another terminal on the same database)."""
        self._backup = status
        self._show_backup()

    def _show_backup(self) -> None:
        status, actor = self._backup, self.actor
        supervisor = actor is not None and actor.role in (Role.SUPERVISOR, Role.ADMIN)
        failing = status is not None and status.failing
        self.backup_banner.setVisible(failing)
        self.backup_now.setVisible(supervisor)
        if status is None:
            self.backup_state.setVisible(False)
            return
        if failing:
            problem = status.problem.text() if status.problem else ""
            text = tr("The backup of {time} failed: {problem}",
                      time=short_datetime_text(status.last_run_at), problem=problem)
            text += " " + (tr("Fix it and press Back up now.") if supervisor
                           else tr("Tell the supervisor."))
            self.backup_text.setText(text)
        if status.last_success_at is None:
            set_message(self.backup_state, tr("No backup yet"), "warn")
        else:
            set_message(self.backup_state, tr("Last backup: {time}",
                                              time=short_datetime_text(status.last_success_at)),
                        "warn" if failing else "ok")
        self.backup_state.setVisible(supervisor)  # the time is the supervisors' to watch

    def _back_up_now(self) -> None:
        actor, ctx = self.actor, self._ctx
        if actor is None:
            return
        self.backup_now.setEnabled(False)
        self.backup_text.setText(tr("Backing up…"))

        def done(status: BackupStatus) -> None:
            self.backup_now.setEnabled(True)
            self.show_backup(status)

        def failed(exc: Exception) -> None:
            self.backup_now.setEnabled(True)
            self.backup_text.setText(error_text(exc))

        run_op(self, lambda: backup.back_up_now(ctx.db, ctx.settings, actor), done, failed)

    # --- language ----------------------------------------------------------------------------

    def retranslate(self, _language: str = "") -> None:
        if self.actor is not None:
            role = tr(ROLE_LABELS[self.actor.role]) if self.actor.role else ""
            self.who.setText(f"{self.actor.full_name} · {role}")
        self.change_pin_button.setText(tr("Change PIN"))
        self.exit_kiosk.setText(tr("Exit kiosk mode"))
        self.sign_out_button.setText(tr("Sign out"))
        self.exit_button.setText(ptr("operator action", "Check out"))
        self.day_button.setText(tr("Close the day…"))
        self.print_retry.setText(tr("Retry"))
        self.print_discard.setText(tr("Discard"))
        self.backup_now.setText(tr("Back up now"))
        self.roll_open.setText(tr("Open roll call"))
        self._show_print_jobs()
        self._show_backup()
        self.notify_line.retranslate()
        for page in (self.queue, self.inside, self.preregistration, self.roll_call,
                     *self._supervisor_pages):
            retranslate = getattr(page, "retranslate", None)
            if callable(retranslate):
                retranslate()
        if self._snapshot is not None:
            self._show_exit_request(self._snapshot)
            self._show_open_day(self._snapshot)
            self._show_roll_banner()
        self._tab_titles()

    def _tab_titles(self) -> None:
        pending = len(self._snapshot.pending) if self._snapshot else 0
        inside = len(self._snapshot.inside) if self._snapshot else 0
        titles: dict[QWidget, str] = {self.queue: tr("Queue ({count})", count=pending),
                  self.inside: tr("Inside now ({count})", count=inside),
                  self.preregistration: tr("Pre-registration")}
        for page in self._supervisor_pages:
            titles[page] = str(getattr(page, "title", lambda: "")()) or tr("Reports")
        for page, title in titles.items():
            self.tabs.setTabText(self.tabs.indexOf(page), title)
