"""The environment fails: PostgreSQL goes away, the disk fills up, the data folder turns
read-only. Each gives a calm ``DatabaseUnavailable`` in the reader's language, changes
nothing half-way, and the same action succeeds once when retried after the fault is gone.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.db.models import BadgeLoan, Visit
from kiosk.errors import AlreadyHandled, DatabaseUnavailable
from kiosk.services import audit, visits
from kiosk.services.queries import get_visit, pending
from tests.support.child import WITHOUT_OVERRIDE
from tests.support.factories import Team, make_form, make_team, submitted
from tests.support.pgserver import PgServer

UNAVAILABLE_ID = ("Basis data tidak dapat dihubungi atau ditulisi. Periksa server atau disk, "
                  "lalu coba lagi.")


def _approval(db: Database, visit_id: int, team: Team, badge: int) -> visits.Approval:
    return visits.Approval(escort_id=team.second_operator.staff_id or 0, badge_number=badge,
                           id_card_type="ktp", id_card_number=get_visit(db, visit_id).id_number)


@pytest.mark.postgres
def test_postgres_stopped_and_started_again(own_pg: PgServer, settings: Settings,
                                            figures: Any) -> None:
    db = Database(own_pg.create_database())
    migrate.upgrade(db)
    team = make_team(db)
    waiting = submitted(db, settings)
    approval = _approval(db, waiting.id, team, badge=1)
    form = make_form()  # what the visitor typed; the screen keeps it and its key

    own_pg.stop()
    with pytest.raises(DatabaseUnavailable) as down:
        visits.submit_visit(db, settings, form)
    assert down.value.text("id") == UNAVAILABLE_ID
    with pytest.raises(DatabaseUnavailable):
        visits.approve(db, team.operator, waiting.id, waiting.version, approval)
    figures("database outage refusals", 2)

    own_pg.start()
    first = visits.submit_visit(db, settings, form)  # the retry after the server is back
    again = visits.submit_visit(db, settings, form)  # a second tap on "retry"
    decided = visits.approve(db, team.operator, waiting.id, waiting.version, approval)
    with pytest.raises(AlreadyHandled):  # the approval's answer was lost; tapped again
        visits.approve(db, team.operator, waiting.id, waiting.version, approval)

    assert again.id == first.id
    assert decided.badge_number == 1
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Visit).where(
            Visit.submission_key == form.submission_key)) == 1
        assert session.scalar(select(func.count()).select_from(BadgeLoan).where(
            BadgeLoan.visit_id == waiting.id)) == 1
    assert [v.id for v in pending(db)] == [first.id]
    assert audit.verify(db).ok
    db.dispose()


@pytest.mark.postgres
def test_postgres_stopped_in_the_middle_of_a_transaction(own_pg: PgServer,
                                                         settings: Settings) -> None:
    db = Database(own_pg.create_database())
    migrate.upgrade(db)
    make_team(db)
    form = make_form()

    with pytest.raises(DatabaseUnavailable), db.session() as session:
        session.execute(text("SELECT 1"))
        own_pg.stop()
        session.execute(select(Visit))
    own_pg.start()

    assert visits.submit_visit(db, settings, form).number
    assert audit.verify(db).ok
    db.dispose()


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def test_sqlite_database_full(settings: Settings, sqlite_db: Database, figures: Any) -> None:
    """``max_page_count`` makes SQLite answer SQLITE_FULL as on a full disk."""
    team = make_team(sqlite_db)
    before = [submitted(sqlite_db, settings).id for _ in range(3)]

    @event.listens_for(sqlite_db.engine, "connect")
    def _cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 4}")

    sqlite_db.engine.dispose()
    saved, blob = [], os.urandom(6000)
    with pytest.raises(DatabaseUnavailable) as full:
        for _ in range(50):
            saved.append(visits.submit_visit(
                sqlite_db, settings, make_form(signature_png=blob)).id)
    form = make_form(signature_png=blob)
    with pytest.raises(DatabaseUnavailable):
        visits.submit_visit(sqlite_db, settings, form)
    figures("disk full refusals", 2)
    assert "disk" in full.value.text("id")

    event.remove(sqlite_db.engine, "connect", _cap)
    sqlite_db.engine.dispose()  # space was freed
    retried = visits.submit_visit(sqlite_db, settings, form)

    assert _integrity(settings.database_path) == "ok"
    with sqlite_db.session() as session:
        stored = set(session.scalars(select(Visit.id)))
    assert {*before, *saved, retried.id} == stored
    assert audit.verify(sqlite_db).ok
    assert team.operator.username == "budi"


CHILD_FILLS_DISK = """
import resource, signal, sys
from pathlib import Path
from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.errors import DatabaseUnavailable
from kiosk.services import visits
from tests.support.factories import make_form

settings = Settings(data_dir=Path(sys.argv[1]))
db = Database(settings.effective_database_url())
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails (EFBIG) instead
limit = settings.database_path.stat().st_size + 400_000
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
committed = 0
try:
    for n in range(500):
        visits.submit_visit(db, settings, make_form(signature_png=bytes(range(256)) * 200))
        committed += 1
except DatabaseUnavailable as exc:
    print("refused", committed, exc.text("id"), flush=True)
else:
    print("never refused", committed, flush=True)
"""


def test_the_operating_system_refuses_a_write(settings: Settings, sqlite_db: Database,
                                              figures: Any) -> None:
    """A real failed ``write()``: the child may not grow files past a size limit (the way
    a full disk fails a write), while it keeps submitting visits."""
    make_team(sqlite_db)
    before = submitted(sqlite_db, settings).id
    sqlite_db.dispose()

    done = subprocess.run([sys.executable, "-c", CHILD_FILLS_DISK, str(settings.data_dir)],
                          capture_output=True, text=True, timeout=120, check=True)

    words = done.stdout.split(maxsplit=2)
    assert words[0] == "refused", done.stdout + done.stderr
    committed = int(words[1])
    assert committed > 0 and words[2].strip() == UNAVAILABLE_ID
    figures("disk full refusals")
    assert _integrity(settings.database_path) == "ok"
    with sqlite_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == committed + 1
        assert session.get(Visit, before) is not None
    assert audit.verify(sqlite_db).ok


CHILD_READ_ONLY = """
import sys
from pathlib import Path
from kiosk.services.store import open_database
from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.errors import DatabaseUnavailable
from kiosk.services import visits
from tests.support.factories import make_form

settings = Settings(data_dir=Path(sys.argv[1]))
try:
    open_database(settings)
    print("opened")
except DatabaseUnavailable as exc:
    print("start:", exc.text("id"))
try:
    visits.submit_visit(Database(settings.effective_database_url()), settings, make_form())
    print("submitted")
except DatabaseUnavailable as exc:
    print("submit:", exc.text("id"))
"""

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_only_data_folder(settings: Settings, sqlite_db: Database, figures: Any) -> None:
    """The folder and file lose their write permission (a remount read-only, a wrong
    owner after a restore). The child runs without root's permission override, so the
    kernel really refuses its writes; opening says so before anything is tried, and the
    file stays read-only."""
    make_team(sqlite_db)
    kept = submitted(sqlite_db, settings).id
    sqlite_db.dispose()
    path = settings.database_path
    digest = _sha(path)
    command = [sys.executable, "-c", CHILD_READ_ONLY, str(settings.data_dir)]
    if os.geteuid() == 0:
        command = WITHOUT_OVERRIDE + command
    path.chmod(0o400)
    settings.data_dir.chmod(0o500)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                              check=True)
        left = stat.S_IMODE(path.stat().st_mode)
    finally:
        settings.data_dir.chmod(0o700)
        path.chmod(0o600)

    read_only = (f"Basis data {path} tidak dapat digunakan: berkas itu hanya-baca. "
                 "Tidak ada yang diubah.")
    assert done.stdout.splitlines() == [f"start: {read_only}", f"submit: {read_only}"], \
        done.stderr
    figures("read-only folder refusals", 2)
    assert left == 0o400  # never made writable behind the owner's back
    assert _sha(path) == digest
    assert _integrity(path) == "ok"
    with sqlite_db.session() as session:
        assert list(session.scalars(select(Visit.id))) == [kept]
