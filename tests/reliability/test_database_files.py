"""Opening the database never crashes and never changes what it should not.

Every command is run as the administrator would run it, in a child process without
root's permission override: a damaged, truncated or foreign file, a read-only one, a
folder in its place, an unreachable path each end in one line naming the file and the
cause, exit code 2, and the file exactly as it was (no tables created, no mode changed).
"""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings
from kiosk.db import database
from kiosk.db.database import Database
from kiosk.errors import DatabaseDamaged
from kiosk.services.store import open_database
from tests.support.child import pintu
from tests.support.factories import make_team, submitted

COMMANDS = (("db", "status"), ("db", "upgrade"), ("audit", "verify"), ("backup",))


@pytest.fixture(scope="module")
def good_copy(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real database with staff, a visit and audit events."""
    folder = tmp_path_factory.mktemp("good")
    settings = Settings(data_dir=folder)
    db = open_database(settings)
    make_team(db)
    submitted(db, settings)
    db.dispose()
    with sqlite3.connect(settings.database_path) as conn:  # one file, no -wal beside it
        conn.execute("PRAGMA journal_mode=DELETE")
    return settings.database_path.read_bytes()


def _truncated(good: bytes) -> bytes:
    return good[:1000]


def _not_a_database(_good: bytes) -> bytes:
    return b"visit list\nDewi Lestari,6171014506900001\n" * 50


def _damaged_pages(good: bytes) -> bytes:
    """SQLite's header intact, a few pages in the middle overwritten (a bad sector)."""
    data = bytearray(good)
    start = 3 * 4096
    data[start:start + 3 * 4096] = b"\x55" * (3 * 4096)
    return bytes(data)


DAMAGES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (_truncated, "rusak"),
    "not a database": (_not_a_database, "bukan basis data SQLite"),
    "damaged pages": (_damaged_pages, "rusak"),
}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(text: str) -> str:
    assert "Traceback" not in text, text
    assert text.strip().count("\n") == 0, text
    return text.strip()


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_file_is_refused_by_every_command(
        damage: str, good_copy: bytes, tmp_path: Path, figures: Any) -> None:
    make, cause = DAMAGES[damage]
    data = tmp_path / "data"
    data.mkdir()
    path = data / "pintu.sqlite3"
    path.write_bytes(make(good_copy))
    path.chmod(0o600)
    before = _sha(path)

    for args in COMMANDS:
        done = pintu(data, *args)
        line = _one_line(done.stderr)
        assert done.returncode == 2, (args, done.stderr)
        assert str(path) in line and cause in line, line
        assert "pintu restore" in line and str(data / "backups") in line
        assert _sha(path) == before  # not one byte written: no tables, no journal switch
        figures("damaged-file refusals")
    assert not (data / "backups").exists() or not any((data / "backups").iterdir())


def test_another_programs_database_is_not_migrated(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "pintu.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    before = _sha(path)

    done = pintu(data, "--lang", "en", "db", "upgrade")

    assert done.returncode == 2
    assert "another program's tables" in _one_line(done.stderr)
    assert _sha(path) == before
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema")}
    assert tables == {"moz_places"}


def test_a_read_only_database_stays_read_only(good_copy: bytes, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    for mode in (0o400, 0o444):
        path = data / "pintu.sqlite3"
        path.write_bytes(good_copy)
        path.chmod(mode)
        before = _sha(path)

        done = pintu(data, "--lang", "en", "db", "upgrade")

        assert done.returncode == 2
        assert _one_line(done.stderr) == (f"Error: The database {path} cannot be used: it is "
                                          "read-only. Nothing was changed.")
        assert stat.S_IMODE(path.stat().st_mode) == mode
        assert _sha(path) == before
        path.chmod(0o600)
        path.unlink()


def test_a_folder_named_as_the_database_is_left_alone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "pintu.sqlite3").mkdir(parents=True, mode=0o755)
    (data / "pintu.sqlite3").chmod(0o755)

    done = pintu(data, "db", "status")

    assert done.returncode == 2
    assert "itu sebuah folder, bukan berkas basis data" in _one_line(done.stderr)
    assert stat.S_IMODE((data / "pintu.sqlite3").stat().st_mode) == 0o755
    assert list((data / "pintu.sqlite3").iterdir()) == []


def test_unreachable_paths_are_one_line(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    cases = {
        f"sqlite:///{a_file}/pintu.sqlite3": "sebagian jalurnya berupa berkas, bukan folder",
        f"sqlite:///{locked}/pintu.sqlite3": "izin ditolak",
    }
    for url, cause in cases.items():
        done = pintu(tmp_path / "data", "db", "status", env={"PINTU_DATABASE_URL": url})
        assert done.returncode == 2
        line = _one_line(done.stderr)
        assert url.removeprefix("sqlite:///") in line and cause in line, line
    assert list(locked.iterdir()) == []

    done = pintu(a_file / "data", "db", "status")  # the data folder itself under a file
    assert done.returncode == 2
    assert f"{a_file}/data/logs" in _one_line(done.stderr)


def test_the_first_command_makes_the_data_folder_private(tmp_path: Path) -> None:
    data = tmp_path / "new" / "pintu"

    done = pintu(data, "db", "status", umask=0o022)

    assert done.returncode == 1, done.stderr  # a new, empty database: not at the latest
    for folder in (data.parent, data, data / "logs"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((data / "pintu.sqlite3").stat().st_mode) == 0o600


def test_a_database_damaged_while_open_is_refused_when_reopened(
        settings: Settings, sqlite_db: Database, good_copy: bytes) -> None:
    """The check runs at every open, for the kiosk as for the commands."""
    sqlite_db.dispose()
    settings.database_path.write_bytes(_damaged_pages(good_copy))
    with pytest.raises(DatabaseDamaged) as refused:
        open_database(settings)
    assert "pintu restore" in refused.value.text("en")


def test_a_large_file_opens_at_once_and_its_pages_are_checked_afterwards(
        good_copy: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Years of data: the door opens on the header and schema, the page check runs in the
    background, and damage found there reaches the supervisor with what to do."""
    settings = Settings(data_dir=tmp_path)
    settings.database_path.write_bytes(_damaged_pages(good_copy))
    monkeypatch.setattr(database, "PAGE_CHECK_BYTES", 1024)  # this file counts as large
    assert database.damaged_pages(settings.database_path) is not None
    Database(f"sqlite:///{settings.database_path}").dispose()  # opens: header, schema whole
    monkeypatch.setattr(database, "PAGE_CHECK_BYTES", 1 << 40)
    with pytest.raises(DatabaseDamaged):  # a small file is refused before it opens
        Database(f"sqlite:///{settings.database_path}")
    assert database.damaged_pages(settings.database_path) is None  # already checked
