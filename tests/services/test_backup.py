"""Backups that are made, checked and restorable; the token secret copied on its own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy import select, update

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, BackupRun
from kiosk.domain.clock import travel_to, utcnow
from kiosk.errors import FileAccessError
from kiosk.files import RunLock
from kiosk.services import audit, backup
from kiosk.services.store import open_database
from tests.support.child import pintu
from tests.support.factories import WIB, make_team, submitted
from tests.support.pgserver import PgServer


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8192] = b"\x55" * 8192
    path.write_bytes(bytes(data))


def _runs(db: Database) -> list[BackupRun]:
    with db.session() as session:
        return list(session.scalars(select(BackupRun).order_by(BackupRun.id)))


def test_a_restored_copy_has_the_same_audit_head(settings: Settings,
                                                 sqlite_db: Database) -> None:
    team = make_team(sqlite_db)
    for _ in range(3):
        submitted(sqlite_db, settings)
    at_backup = audit.verify(sqlite_db)

    made = backup.backup(sqlite_db, settings)
    submitted(sqlite_db, settings)  # the day goes on after the backup
    later = audit.verify(sqlite_db)
    sqlite_db.dispose()  # the kiosk is stopped for a restore
    live = _sha(settings.database_path)

    restored = backup.restore(settings, made.copy.path)

    assert made.copy.head_hash == restored.check.head_hash == at_backup.head_hash
    assert made.copy.events == at_backup.events
    db = open_database(settings)
    assert audit.verify(db).head_hash == at_backup.head_hash
    assert db.url.database == str(settings.database_path)
    db.dispose()
    aside = restored.set_aside[0]  # the database it replaced, renamed and never deleted
    assert aside.name.startswith("pintu.replaced-") and aside.suffix == ".sqlite3"
    assert _sha(aside) == live
    kept = Database(f"sqlite:///{aside}")
    assert audit.verify(kept).head_hash == later.head_hash
    kept.dispose()
    assert team.operator.username == "budi"


def test_rotation_keeps_the_newest_copies(settings: Settings, sqlite_db: Database) -> None:
    settings = dataclasses.replace(settings, backup_keep=3)
    make_team(sqlite_db)
    start = dt.datetime(2026, 11, 23, 1, 30, tzinfo=WIB)
    made = []
    with travel_to(start) as advance:
        for _ in range(5):
            made.append(backup.backup(sqlite_db, settings))
            advance(dt.timedelta(days=1))

    kept = backup.list_copies(settings.backup_folder)
    assert kept == [m.copy.path for m in made[-3:]]
    assert [p.name for p in kept] == ["pintu-20261125-013000.sqlite3",
                                      "pintu-20261126-013000.sqlite3",
                                      "pintu-20261127-013000.sqlite3"]
    assert made[3].removed == (made[0].copy.path,) and made[4].removed == (made[1].copy.path,)
    for path in kept:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert backup.verify_copy(path).events == made[0].copy.events
    assert stat.S_IMODE(settings.backup_folder.stat().st_mode) == 0o700
    assert all(run.ok for run in _runs(sqlite_db))


def test_two_copies_in_the_same_second_keep_their_order(settings: Settings,
                                                        sqlite_db: Database) -> None:
    with travel_to(dt.datetime(2026, 11, 23, 9, 0, tzinfo=WIB)):
        first = backup.backup(sqlite_db, settings)
        submitted(sqlite_db, settings)
        second = backup.backup(sqlite_db, settings)
    assert second.copy.path.name == "pintu-20261123-090000-2.sqlite3"
    assert backup.list_copies(settings.backup_folder) == [first.copy.path, second.copy.path]


def test_a_corrupt_copy_is_refused_by_the_check_and_by_restore(
        settings: Settings, sqlite_db: Database, tmp_path: Path) -> None:
    make_team(sqlite_db)
    submitted(sqlite_db, settings)
    made = backup.backup(sqlite_db, settings)
    sqlite_db.dispose()
    _corrupt(made.copy.path)
    live = _sha(settings.database_path)

    with pytest.raises(backup.CopyInvalid) as checked:
        backup.verify_copy(made.copy.path)
    with pytest.raises(backup.CopyInvalid):
        backup.restore(settings, made.copy.path)

    assert str(made.copy.path) in checked.value.text()
    assert _sha(settings.database_path) == live
    assert sorted(p.name for p in settings.data_dir.iterdir()
                  if p.name.startswith("pintu")) == ["pintu.sqlite3"]

    done = pintu(settings.data_dir, "restore", str(made.copy.path))
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert f"Salinan {made.copy.path} bukan cadangan yang dapat dipakai" in done.stderr
    assert _sha(settings.database_path) == live
    checks = pintu(settings.data_dir, "--lang", "en", "backup", "--check")
    assert checks.returncode == 1 and "BROKEN The copy" in checks.stderr


def test_a_copy_whose_audit_trail_is_broken_is_not_kept(settings: Settings,
                                                        sqlite_db: Database) -> None:
    """The check runs on the copy itself: a copy of an edited chain fails, the earlier
    copies stay, the run is recorded as failed, and a later good backup clears it."""
    make_team(sqlite_db)
    visit = submitted(sqlite_db, settings)
    good = backup.backup(sqlite_db, settings)
    with sqlite_db.session() as session:
        original = session.scalar(select(AuditEvent.detail).where(
            AuditEvent.visit_id == visit.id))
        session.execute(update(AuditEvent).where(AuditEvent.visit_id == visit.id)
                        .values(detail="{}"))

    with travel_to(utcnow() + dt.timedelta(seconds=5)), \
            pytest.raises(backup.CopyInvalid) as refused:
        backup.backup(sqlite_db, settings)

    assert "jejak auditnya rusak" in refused.value.text()
    assert backup.list_copies(settings.backup_folder) == [good.copy.path]
    assert [p.name for p in settings.backup_folder.iterdir()] == [good.copy.path.name]
    status = backup.backup_status(sqlite_db)
    assert status.failing and status.last_success_at is not None
    assert status.problem is not None and "jejak auditnya rusak" in status.problem.text()
    assert status.last_copy == str(good.copy.path)

    with sqlite_db.session() as session:
        session.execute(update(AuditEvent).where(AuditEvent.visit_id == visit.id)
                        .values(detail=original))
    with travel_to(utcnow() + dt.timedelta(seconds=10)):
        backup.backup(sqlite_db, settings)
    assert not backup.backup_status(sqlite_db).failing


def test_a_missing_backup_folder_is_a_recorded_failure(settings: Settings,
                                                       sqlite_db: Database,
                                                       tmp_path: Path) -> None:
    nas = tmp_path / "nas" / "pintu"
    settings = dataclasses.replace(settings, backup_dir=nas)

    with pytest.raises(FileAccessError) as refused:
        backup.backup(sqlite_db, settings)

    assert refused.value.text("en") == (f"Cannot write {nas}: the folder does not exist (is "
                                        "the disk connected?).")
    assert not nas.exists()  # an unmounted share is never created on the local disk
    status = backup.backup_status(sqlite_db)
    assert status.failing and status.last_success_at is None
    assert status.problem is not None and status.problem.text("en") == refused.value.text("en")


def test_the_daily_backup_is_due_once_a_day(settings: Settings) -> None:
    at = lambda h, m, day=23: dt.datetime(2026, 11, day, h, m, tzinfo=WIB)  # noqa: E731
    never = backup.BackupStatus()
    done_today = backup.BackupStatus(last_run_at=at(1, 31), last_ok=True,
                                     last_success_at=at(1, 31))
    failed = backup.BackupStatus(last_run_at=at(9, 0), last_ok=False,
                                 last_success_at=at(1, 31, 22))

    assert backup.backup_due(never, settings, at(0, 5))  # a new kiosk: at once
    assert not backup.backup_due(done_today, settings, at(23, 59))
    assert not backup.backup_due(done_today, settings, at(1, 29, 24))
    assert backup.backup_due(done_today, settings, at(1, 30, 24))
    assert not backup.backup_due(failed, settings, at(9, 30))  # retried an hour later
    assert backup.backup_due(failed, settings, at(10, 1))
    off = dataclasses.replace(settings, backup_time="off")
    assert not backup.backup_due(never, off, at(12, 0))


def test_run_if_due_makes_one_copy_a_day(settings: Settings, sqlite_db: Database) -> None:
    with travel_to(dt.datetime(2026, 11, 23, 8, 0, tzinfo=WIB)) as advance:
        first = backup.run_if_due(sqlite_db, settings)
        advance(dt.timedelta(hours=3))
        second = backup.run_if_due(sqlite_db, settings)
        advance(dt.timedelta(hours=15))  # 02:00 the next day
        third = backup.run_if_due(sqlite_db, settings)
    assert first.last_ok and first == second
    assert third.last_success_at is not None and first.last_success_at is not None
    assert third.last_success_at > first.last_success_at
    assert len(backup.list_copies(settings.backup_folder)) == 2


def test_restore_waits_for_the_kiosk_to_stop(settings: Settings,
                                             sqlite_db: Database) -> None:
    made = backup.backup(sqlite_db, settings)
    sqlite_db.dispose()
    running = RunLock(settings.lock_path)
    assert running.acquire()
    try:
        with pytest.raises(backup.RestoreRefused) as refused:
            backup.restore(settings, made.copy.path)
        done = pintu(settings.data_dir, "restore", str(made.copy.path))
    finally:
        running.release()
    assert "Kios sedang berjalan" in refused.value.text()
    assert done.returncode == 2 and "Kios sedang berjalan" in done.stderr
    assert backup.restore(settings, made.copy.path).set_aside


def test_a_backup_while_the_kiosk_keeps_writing(settings: Settings,
                                                sqlite_db: Database) -> None:
    """The copy is a consistent moment: its chain verifies while visits keep coming."""
    make_team(sqlite_db)
    stop = threading.Event()
    written: list[int] = []

    def desk() -> None:
        while not stop.is_set():
            written.append(submitted(sqlite_db, settings).id)

    worker = threading.Thread(target=desk)
    worker.start()
    try:
        made = [backup.backup(sqlite_db, settings) for _ in range(3)]
    finally:
        stop.set()
        worker.join()
    assert written
    for result in made:
        assert backup.verify_copy(result.copy.path).head_hash == result.copy.head_hash


def test_the_token_secret_goes_elsewhere(settings: Settings, tmp_path: Path) -> None:
    from kiosk.domain.tokens import load_or_create_secret

    load_or_create_secret(settings.secret_path)
    settings.backup_folder.mkdir(parents=True)
    with pytest.raises(backup.BackupFailed):
        backup.backup_secret(settings, settings.backup_folder)
    with pytest.raises(FileAccessError):
        backup.backup_secret(settings, tmp_path / "usb-not-mounted")
    usb = tmp_path / "usb"
    usb.mkdir()

    copy = backup.backup_secret(settings, usb)

    assert copy.read_bytes() == settings.secret_path.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert list(settings.backup_folder.iterdir()) == []


# --- PostgreSQL: pg_dump, read back with pg_restore --------------------------------------


@pytest.mark.postgres
def test_postgres_backup_and_restore(pg_server: PgServer, pg_db: Database,
                                     settings: Settings) -> None:
    make_team(pg_db)
    for _ in range(3):
        submitted(pg_db, settings)
    live = audit.verify(pg_db)

    made = backup.backup(pg_db, settings)

    assert made.copy.path.suffix == ".dump" and made.copy.path.read_bytes()[:5] == b"PGDMP"
    assert (made.copy.events, made.copy.head_hash) == (live.events, live.head_hash)
    assert backup.backup_status(pg_db).last_copy == str(made.copy.path)

    busy = dataclasses.replace(settings, database_url=pg_db.url.render_as_string(False))
    with pytest.raises(backup.RestoreRefused):
        backup.restore(busy, made.copy.path)  # never over a database in use
    empty = dataclasses.replace(settings, database_url=pg_server.create_database())
    restored = backup.restore(empty, made.copy.path)
    assert restored.check.head_hash == live.head_hash
    db = open_database(empty)
    assert audit.verify(db).head_hash == live.head_hash
    assert db.url.database != pg_db.url.database
    db.dispose()

    cut = made.copy.path.with_name("cut.dump")
    cut.write_bytes(made.copy.path.read_bytes()[:-2000])
    with pytest.raises(backup.CopyInvalid):
        backup.verify_copy(cut)

    with pg_db.session() as session:  # the chain is read out of the dump and checked
        session.execute(update(AuditEvent).where(AuditEvent.seq == 2).values(actor="x"))
    with travel_to(utcnow() + dt.timedelta(seconds=5)), \
            pytest.raises(backup.CopyInvalid) as refused:
        backup.backup(pg_db, settings)
    assert "jejak auditnya rusak" in refused.value.text()
    assert backup.list_copies(settings.backup_folder) == [made.copy.path]
