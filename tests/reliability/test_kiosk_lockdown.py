"""The kiosk window: a visitor cannot leave it or reach the console without a staff
sign-in; a broken audit trail is shown to a supervisor; the daily purge runs by itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.domain.clock import today, travel_to, utcnow
from kiosk.services.queries import get_visit
from kiosk.ui.app import make_application
from kiosk.ui.context import AppContext
from kiosk.ui.main_window import MainWindow
from kiosk.ui.operator.login import LoginDialog
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.upkeep import install_upkeep
from tests.support import factories
from tests.support.factories import PIN, WIB, Team


@pytest.fixture
def ctx(sqlite_db: Database, settings: Settings) -> AppContext:
    make_application([])
    return AppContext(settings=settings, db=sqlite_db, token_secret=b"w" * 32, camera="none")


@pytest.fixture
def window_for(qtbot: QtBot, ctx: AppContext) -> Iterator[Callable[[bool], MainWindow]]:
    made: list[MainWindow] = []

    def open_window(kiosk_mode: bool) -> MainWindow:
        window = MainWindow(ctx, kiosk_mode=kiosk_mode)
        window.resize(1280, 800)
        window.show()
        made.append(window)
        return window

    yield open_window
    for window in made:
        if window.isVisible():  # the kiosk-mode window was closed by the test itself
            window.close()
        window.deleteLater()
    wait_for_ops()


def _sign_in_through_the_dialog(qtbot: QtBot, window: MainWindow, username: str,
                                pin: str) -> str:
    """Press "Staff", type into the sign-in dialog; returns the error it shows ('' if it
    accepted). The dialog is modal, so it is driven from a timer inside its own loop."""
    seen: list[str] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, drive)
            return
        dialog.findChild(QLineEdit, "username").setText(username)
        dialog.findChild(QLineEdit, "pin").setText(pin)
        dialog.findChild(QPushButton, "sign-in").click()
        error = dialog.findChild(QLabel, "login-error")

        def settle() -> None:
            if dialog.isVisible() and not error.text():
                QTimer.singleShot(20, settle)
                return
            seen.append(error.text() if dialog.isVisible() else "")
            if dialog.isVisible():
                dialog.reject()

        settle()

    QTimer.singleShot(0, drive)
    qtbot.mouseClick(window.header.staff_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    return seen[0]


def test_a_visitor_cannot_close_the_kiosk_or_reach_the_console(
        qtbot: QtBot, window_for: Callable[[bool], MainWindow], lite_team: Team,
        figures: Callable[..., None]) -> None:
    window = window_for(True)
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint

    window.close()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert window.isVisible()
    assert window.pages.currentWidget() is window.visitor
    error = _sign_in_through_the_dialog(qtbot, window, "budi", "000000")
    assert error == "Nama atau PIN salah, atau akun sedang dikunci atau nonaktif."
    assert window.pages.currentWidget() is window.visitor and window.console.actor is None
    figures("refusals checked", 5)

    with travel_to(utcnow() + dt.timedelta(seconds=2)):  # after the terminal's wait
        assert _sign_in_through_the_dialog(qtbot, window, "budi", PIN) == ""
    assert window.pages.currentWidget() is window.console
    assert window.console.actor is not None and window.console.actor.username == "budi"
    window.console.sign_out()
    assert window.pages.currentWidget() is window.visitor
    window.console.exit_kiosk_requested.emit()  # only the console can ask for this
    assert not window.isVisible()


def test_a_broken_audit_trail_is_shown_to_a_supervisor(
        qtbot: QtBot, ctx: AppContext, window_for: Callable[[bool], MainWindow],
        lite_team: Team) -> None:
    factories.submitted(ctx.db, ctx.settings)
    with ctx.db.session() as session:
        session.execute(update(AuditEvent).where(AuditEvent.action == "submitted")
                        .values(detail="{}"))
    window = window_for(False)
    install_upkeep(window, ctx, first_purge_ms=3_600_000, first_check_ms=0)
    qtbot.wait(500)  # the check runs in the background queue meanwhile

    window.console.start(lite_team.operator)
    window.show_console()
    qtbot.wait(50)
    assert window.findChild(QMessageBox, "audit-broken") is None  # not the operator's to fix
    window.console.sign_out()
    window.console.start(lite_team.supervisor)
    window.show_console()

    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "audit-broken") is not None)
    box = window.findChild(QMessageBox, "audit-broken")
    assert box.isVisible()
    assert "Jejak audit rusak" in box.text() and "kepala seksi" in box.text()
    assert [b.text() for b in box.buttons()] == ["Baik"]  # Qt's "OK", in Indonesian
    box.close()


def test_the_daily_purge_runs_by_itself(qtbot: QtBot, ctx: AppContext,
                                        window_for: Callable[[bool], MainWindow],
                                        lite_team: Team) -> None:
    long_ago = dt.datetime.combine(today() - dt.timedelta(days=400), dt.time(10),
                                   WIB)
    with travel_to(long_ago):
        old = factories.checked_out(ctx.db, ctx.settings, lite_team)
    window = window_for(False)

    timer = install_upkeep(window, ctx, first_purge_ms=0)

    assert timer.isActive() and timer.interval() == 24 * 3600 * 1000
    qtbot.waitUntil(lambda: get_visit(ctx.db, old.id).summary.purged, timeout=10_000)
    assert get_visit(ctx.db, old.id).summary.full_name == ""
