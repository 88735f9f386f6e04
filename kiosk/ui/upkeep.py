"""What the running kiosk does for itself, in the background queue: the audit-chain check
(soon after start from this terminal's checkpoint, then a full walk daily), the daily
retention purge, the daily backup (with its outcome on the console), closing quiet bursts
of wrong sign-ins (so each reaches the audit trail as one event even if nobody signs in
afterwards), and telling a supervisor when the chain is found broken. In a queue of its
own, every 30 s: queueing overstays and visits open at day end, and sending the outbox's
due messages (``Notifier``).

Nothing here runs before the first window: on years of data the full walk takes tens of
seconds, and the door must open at once after a power cut.

The warning waits for a supervisor to sign in rather than popping up at start: after a
power cut the kiosk restarts with nobody at the desk, and a visitor must not meet a
dialog about the audit trail. Operators are not shown it; they cannot act on it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from kiosk.domain.types import Role
from kiosk.i18n import tr
from kiosk.services import backup, integrity, outbox, retention, signin
from kiosk.services.events import VisitEvent, subscribe, unsubscribe
from kiosk.services.integrity import StartupReport
from kiosk.ui.context import AppContext
from kiosk.ui.main_window import MainWindow
from kiosk.ui.ops import run_background, run_notify
from kiosk.ui.widgets.plain import message_box

log = logging.getLogger(__name__)

#: The first purge runs this long after start, once the screens are up.
FIRST_PURGE_MS = 60_000
#: The chain is checked from the checkpoint this soon after the window shows.
FIRST_CHECK_MS = 1_000
DAY_MS = 24 * 3600 * 1000
#: How often quiet bursts of wrong sign-ins are looked for (one small row per terminal).
BURST_CHECK_MS = 60_000
#: The first look at the backups, after the purge has had its turn.
FIRST_BACKUP_CHECK_MS = 90_000
#: How often the kiosk asks whether the daily backup is due (and what other terminals did).
BACKUP_CHECK_MS = 15 * 60_000
#: How often overstays are looked for and due messages sent.
NOTIFY_MS = 30_000
#: This terminal's events that queue messages: they are sent at once, not at the next tick.
QUEUEING_EVENTS = frozenset({"submitted", "approved", "escort_changed"})


def install_upkeep(window: MainWindow, ctx: AppContext, *,
                   first_purge_ms: int = FIRST_PURGE_MS,
                   first_check_ms: int = FIRST_CHECK_MS,
                   first_backup_check_ms: int = FIRST_BACKUP_CHECK_MS) -> QTimer:
    """Start the checks, the daily purge, the backup check and the outbox; returns the
    purge timer (the backup timer is the window's child "backup-check")."""
    Notifier(window, ctx).start()
    warning = _SupervisorWarning(window)
    QTimer.singleShot(first_check_ms, window, lambda: _check(window, ctx, warning, full=False))
    daily_check = QTimer(window)
    daily_check.setObjectName("daily-chain-check")
    daily_check.setInterval(DAY_MS)
    daily_check.timeout.connect(lambda: _check(window, ctx, warning, full=True))
    daily_check.start()
    bursts = QTimer(window)
    bursts.setObjectName("signin-bursts")
    bursts.setInterval(BURST_CHECK_MS)
    bursts.timeout.connect(lambda: _close_bursts(window, ctx))
    bursts.start()
    timer = QTimer(window)
    timer.setObjectName("daily-purge")
    timer.setInterval(int(retention.PURGE_INTERVAL.total_seconds() * 1000))
    timer.timeout.connect(lambda: _purge(window, ctx))
    timer.start()
    QTimer.singleShot(first_purge_ms, window, lambda: _purge(window, ctx))
    backups = QTimer(window)
    backups.setObjectName("backup-check")
    backups.setInterval(BACKUP_CHECK_MS)
    backups.timeout.connect(lambda: check_backup(window, ctx))
    backups.start()
    QTimer.singleShot(first_backup_check_ms, window, lambda: check_backup(window, ctx))
    return timer


def _check(window: MainWindow, ctx: AppContext, warning: _SupervisorWarning, *,
           full: bool) -> None:
    db, settings, secret = ctx.db, ctx.settings, ctx.token_secret
    run_background(window, lambda: integrity.startup_check(db, settings, secret, full=full),
                   warning.report, lambda exc: log.warning("chain check did not run: %s", exc))


def _close_bursts(window: MainWindow, ctx: AppContext) -> None:
    run_background(window, lambda: signin.close_quiet_bursts(ctx.db, ctx.settings),
                   lambda closed: log.info("%d bursts of wrong sign-ins summarised", closed)
                   if closed else None,
                   lambda exc: log.warning("sign-in bursts not summarised: %s", exc))


def check_backup(window: MainWindow, ctx: AppContext) -> None:
    """Make the daily backup if it is due, off the UI thread, and show the outcome."""
    run_background(window, lambda: backup.run_if_due(ctx.db, ctx.settings),
                   window.console.show_backup, _backup_check_failed)


def _backup_check_failed(exc: Exception) -> None:
    # The database itself is away: the next check tries again; the copies are untouched.
    log.warning("backup check did not run: %s", exc)


def _purge(window: MainWindow, ctx: AppContext) -> None:
    run_background(window, lambda: retention.purge(ctx.db, ctx.settings), _purged,
                   _purge_failed)


def _purged(report: retention.PurgeReport) -> None:
    if report.anything:
        log.info("daily purge erased %d visits", report.visits)


def _purge_failed(exc: Exception) -> None:
    # A database that is away now is purged at the next run; nothing is half-erased.
    log.warning("daily purge did not run: %s", exc)


class Notifier(QObject):
    """Every ``interval_ms``, and at once when this terminal queues a message (a visit
    submitted or an escort named): overstays and day-end visits queued, due messages sent.

    A run never overlaps the one before (a mail server timing out makes a run long): a
    wish to run meanwhile is kept for when it ends. Every terminal runs one; the outbox
    makes sure each message is sent by one of them only.
    """

    #: Emitted from whatever thread committed a visit event; runs ``run`` on this one.
    wake = Signal()

    def __init__(self, parent: QObject, ctx: AppContext, interval_ms: int = NOTIFY_MS) -> None:
        super().__init__(parent)
        self.setObjectName("notifier")
        self._ctx = ctx
        self._busy = self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.run)
        self.wake.connect(self.run)

    def start(self) -> None:
        self._timer.start()
        subscribe(self._heard)
        self.destroyed.connect(lambda _obj=None, heard=self._heard: unsubscribe(heard))

    def _heard(self, event: VisitEvent) -> None:
        if event.action in QUEUEING_EVENTS:
            self.wake.emit()

    def run(self) -> None:
        if self._busy:
            self._again = True
            return
        self._busy, self._again = True, False
        db, settings = self._ctx.db, self._ctx.settings
        run_notify(self, lambda: (outbox.queue_due_notices(db, settings),
                                  outbox.send_due(db, settings)), self._done, self._failed)

    def _done(self, result: tuple[int, outbox.SendReport]) -> None:
        self._finish()
        queued, report = result
        if queued or report.sent or report.retrying or report.failed:
            log.info("outbox: %d queued, %d sent, %d to retry, %d given up", queued,
                     report.sent, report.retrying, report.failed)

    def _failed(self, exc: Exception) -> None:
        # The database is away: the messages wait in it, and the next tick tries again.
        self._finish()
        log.warning("outbox run did not complete: %s", exc)

    def _finish(self) -> None:
        self._busy = False
        if self._again:
            QTimer.singleShot(0, self, self.run)


class _SupervisorWarning:
    """Shows a broken chain to the next supervisor who signs in, once per finding."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._pending: StartupReport | None = None
        window.pages.currentChanged.connect(self._on_page)

    def report(self, report: StartupReport) -> None:
        self._pending = None if report.ok else report
        self._on_page()

    def _on_page(self, _index: int = 0) -> None:
        window, report = self._window, self._pending
        actor = window.console.actor
        if report is None or window.pages.currentWidget() is not window.console:
            return
        if actor is None or actor.role not in (Role.SUPERVISOR, Role.ADMIN):
            return
        self._pending = None
        box = message_box(QMessageBox.Icon.Critical, tr("Audit trail broken"), report.text(),
                          QMessageBox.StandardButton.Ok, window)
        box.setObjectName("audit-broken")
        box.open()
