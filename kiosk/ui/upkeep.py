"""What the running kiosk does for itself: the daily retention purge, the daily backup
(with its outcome on the console), and telling a supervisor when the start-up check found
the audit trail broken.

The warning waits for a supervisor to sign in rather than popping up at start: after a
power cut the kiosk restarts with nobody at the desk, and a visitor must not meet a
dialog about the audit trail. Operators are not shown it; they cannot act on it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from kiosk.domain.types import Role
from kiosk.i18n import tr
from kiosk.services import backup, retention
from kiosk.services.integrity import StartupReport
from kiosk.ui.context import AppContext
from kiosk.ui.main_window import MainWindow
from kiosk.ui.ops import run_op

log = logging.getLogger(__name__)

#: The first purge runs this long after start, once the screens are up.
FIRST_PURGE_MS = 60_000
#: The first look at the backups, after the purge has had its turn.
FIRST_BACKUP_CHECK_MS = 90_000
#: How often the kiosk asks whether the daily backup is due (and what other terminals did).
BACKUP_CHECK_MS = 15 * 60_000


def install_upkeep(window: MainWindow, ctx: AppContext, report: StartupReport,
                   *, first_purge_ms: int = FIRST_PURGE_MS,
                   first_backup_check_ms: int = FIRST_BACKUP_CHECK_MS) -> QTimer:
    """Start the daily purge and the backup check and arm the supervisor's warning;
    returns the purge timer (the backup timer is the window's child "backup-check")."""
    if not report.ok:
        _warn_supervisors(window, report)
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


def check_backup(window: MainWindow, ctx: AppContext) -> None:
    """Make the daily backup if it is due, off the UI thread, and show the outcome."""
    run_op(window, lambda: backup.run_if_due(ctx.db, ctx.settings), window.console.show_backup,
           _backup_check_failed)


def _backup_check_failed(exc: Exception) -> None:
    # The database itself is away: the next check tries again; the copies are untouched.
    log.warning("backup check did not run: %s", exc)


def _purge(window: MainWindow, ctx: AppContext) -> None:
    run_op(window, lambda: retention.purge(ctx.db, ctx.settings), _purged, _purge_failed)


def _purged(report: retention.PurgeReport) -> None:
    if report.anything:
        log.info("daily purge erased %d visits", report.visits)


def _purge_failed(exc: Exception) -> None:
    # A database that is away now is purged at the next run; nothing is half-erased.
    log.warning("daily purge did not run: %s", exc)


def _warn_supervisors(window: MainWindow, report: StartupReport) -> None:
    def on_page(_index: int) -> None:
        actor = window.console.actor
        if window.pages.currentWidget() is not window.console or actor is None:
            return
        if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
            return
        box = QMessageBox(QMessageBox.Icon.Critical, tr("Audit trail broken"), report.text(),
                          QMessageBox.StandardButton.Ok, window)
        box.setObjectName("audit-broken")
        box.open()

    window.pages.currentChanged.connect(on_page)
