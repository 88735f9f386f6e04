"""A failing backup stays on the console until one succeeds; supervisors see when the last
backup was made and can make one at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.services import backup
from kiosk.ui.context import AppContext
from kiosk.ui.main_window import MainWindow
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.upkeep import install_upkeep
from tests.support.factories import make_team


def test_the_daily_backup_runs_by_itself_and_a_failure_shows(
        qtbot: QtBot, ctx: AppContext, db: Database, tmp_path: Path) -> None:
    team = make_team(db)
    usb = tmp_path / "usb"
    broken = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings,
                                                                   backup_dir=usb))
    window = MainWindow(broken)
    qtbot.addWidget(window)
    window.console.start(team.operator)
    window.show_console()
    window.resize(1280, 800)
    window.show()

    install_upkeep(window, broken, first_purge_ms=3_600_000, first_check_ms=3_600_000,
                   first_backup_check_ms=0)

    console = window.console
    qtbot.waitUntil(lambda: console.backup_banner.isVisibleTo(console), timeout=10_000)
    text = console.backup_text.text()
    assert f"{usb}" in text and "apakah disknya terpasang" in text
    assert "Beri tahu kepala seksi" in text
    assert not console.backup_now.isVisibleTo(console)  # an operator cannot fix it
    assert not console.backup_state.isVisibleTo(console)
    window.grab().save(str(tmp_path / "backup-banner-operator.png"))
    window.console.shutdown()
    wait_for_ops()


def test_a_supervisor_backs_up_now_and_the_banner_goes(
        qtbot: QtBot, ctx: AppContext, db: Database, tmp_path: Path,
        console_for: Callable[..., OperatorConsole]) -> None:
    team = make_team(db)
    usb = tmp_path / "usb"
    broken = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings,
                                                                   backup_dir=usb))
    console = console_for(team.supervisor, broken)
    console.show_backup(backup.back_up_now(db, broken.settings))  # the stick is not in

    assert console.backup_banner.isVisibleTo(console)
    assert "Perbaiki, lalu tekan Cadangkan sekarang" in console.backup_text.text()
    button = console.findChild(QPushButton, "backup-now")
    assert button.isVisibleTo(console) and button.text() == "Cadangkan sekarang"
    assert console.backup_state.text() == "Belum ada cadangan"
    console.grab().save(str(tmp_path / "backup-banner-supervisor.png"))

    usb.mkdir()  # the stick is plugged in
    button.click()

    qtbot.waitUntil(lambda: not console.backup_banner.isVisibleTo(console), timeout=10_000)
    assert console.backup_state.text().startswith("Cadangan terakhir: ")
    assert len(backup.list_copies(usb)) == 1
    console.grab().save(str(tmp_path / "backup-ok-supervisor.png"))


def test_a_copy_that_fails_its_check_is_shown(
        qtbot: QtBot, ctx: AppContext, db: Database,
        console_for: Callable[..., OperatorConsole]) -> None:
    """The failing verification of the copy itself reaches the banner, in words."""
    team = make_team(db)
    with db.session() as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 1).values(actor="x"))
    console = console_for(team.supervisor)

    console.show_backup(backup.back_up_now(db, ctx.settings))

    assert console.backup_banner.isVisibleTo(console)
    assert "bukan cadangan yang dapat dipakai: jejak auditnya rusak" in \
        console.backup_text.text()
    assert backup.list_copies(ctx.settings.backup_folder) == []
