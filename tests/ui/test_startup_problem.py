"""The kiosk that cannot start shows a calm screen saying what to do, and starts once the
problem is fixed: no traceback, no generic dialog."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import CANNOT_USE
from kiosk.errors import DatabaseFileError, KnownError
from kiosk.services import audit, backup
from kiosk.services.store import open_database
from kiosk.ui.app import make_application, start_or_explain
from kiosk.ui.startup_problem import StartupProblem
from tests.support.factories import make_team


@pytest.fixture
def kiosk_settings(settings: Settings) -> Iterator[Settings]:
    """A real installation with one checked backup, whose database then gets damaged."""
    make_application([])
    db = open_database(settings)
    make_team(db)
    backup.backup(db, settings)
    db.dispose()
    yield settings


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 2:4096 * 5] = b"\x55" * (4096 * 3)
    path.write_bytes(bytes(data))
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)


def _error(settings: Settings) -> KnownError:
    with pytest.raises(KnownError) as refused:
        open_database(settings)
    return refused.value


def _texts(screen: StartupProblem) -> dict[str, str]:
    return {label.objectName(): label.text() for label in screen.findChildren(QLabel)
            if label.objectName()}


def test_a_damaged_database_names_the_restore_command_and_folder(
        qtbot: QtBot, kiosk_settings: Settings, tmp_path: Path) -> None:
    _damage(kiosk_settings.database_path)
    screen = StartupProblem(_error(kiosk_settings), kiosk_settings)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()

    texts = _texts(screen)
    newest = backup.list_copies(kiosk_settings.backup_folder)[-1]
    assert str(kiosk_settings.database_path) in texts["startup-cause"]
    assert "rusak" in texts["startup-cause"]
    assert str(kiosk_settings.backup_folder) in texts["startup-steps"]
    assert texts["startup-command"] == f"pintu restore {newest}"
    assert screen.findChild(QLabel, "startup-command").isVisible()
    screen.grab().save(str(tmp_path / "startup-damaged.png"))


def test_a_read_only_database_asks_for_write_access(qtbot: QtBot, kiosk_settings: Settings,
                                                    tmp_path: Path) -> None:
    error = DatabaseFileError(CANNOT_USE, path=str(kiosk_settings.database_path),
                              reason="it is read-only")
    screen = StartupProblem(error, kiosk_settings)
    qtbot.addWidget(screen)
    screen.show()
    texts = _texts(screen)
    assert "hanya-baca" in texts["startup-cause"]
    assert "izin menulis" in texts["startup-steps"]
    assert not screen.findChild(QLabel, "startup-command").isVisible()
    assert not screen.auto_retry.isActive()  # a read-only file does not mend itself


def test_the_kiosk_starts_once_the_copy_is_restored(qtbot: QtBot,
                                                    kiosk_settings: Settings) -> None:
    """``start_or_explain`` waits on the screen; restoring and pressing Try again starts."""
    _damage(kiosk_settings.database_path)
    seen: list[str] = []

    def act() -> None:
        screens = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, StartupProblem) and w.isVisible()]
        if not screens:
            QTimer.singleShot(20, act)
            return
        seen.append(_texts(screens[0])["startup-cause"])
        backup.restore(kiosk_settings, backup.list_copies(kiosk_settings.backup_folder)[-1])
        screens[0].retry.click()

    QTimer.singleShot(0, act)
    started = start_or_explain(kiosk_settings)

    assert started is not None
    ctx, first_run = started
    assert not first_run and seen and str(kiosk_settings.database_path) in seen[0]
    assert audit.verify(ctx.db).ok  # the restored copy's chain, whole
    ctx.db.dispose()


def test_close_on_the_screen_ends_the_start(qtbot: QtBot, kiosk_settings: Settings) -> None:
    _damage(kiosk_settings.database_path)

    def close() -> None:
        screens = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, StartupProblem) and w.isVisible()]
        if not screens:
            QTimer.singleShot(20, close)
            return
        screens[0].close_button.click()

    QTimer.singleShot(0, close)
    assert start_or_explain(kiosk_settings) is None


def test_a_server_that_is_away_is_tried_again_by_itself(qtbot: QtBot,
                                                        settings: Settings) -> None:
    away = dataclasses.replace(
        settings, database_url="postgresql+psycopg://pintu@127.0.0.1:9/pintu")
    make_application([])
    screen = StartupProblem(_error(away), away)
    qtbot.addWidget(screen)
    screen.show()

    assert "Basis data tidak dapat dihubungi" in _texts(screen)["startup-cause"]
    assert "kabel jaringan" in _texts(screen)["startup-steps"]
    assert screen.auto_retry.isActive()
    with qtbot.waitSignal(screen.retry_requested, timeout=1_000):
        screen.auto_retry.setInterval(10)  # the 30 s of the real screen, shortened
        screen.auto_retry.start()
