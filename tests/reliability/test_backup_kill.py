"""A backup killed half-way (SIGKILL: a power cut for the process) leaves the earlier copy
valid and nothing that counts as a copy; the next backup cleans up after it."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
from typing import Any

import pytest

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.clock import travel_to, utcnow
from kiosk.services import backup
from tests.support.factories import make_team, submitted
from tests.support.powerloss import REPO

#: Megabytes of padding so the copy takes many steps: killed in the middle, not after.
PADDING_MB = 48

CHILD_BACKUP = """
import sys, time
from pathlib import Path
from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.services import backup

settings = Settings(data_dir=Path(sys.argv[1]))
db = Database(settings.effective_database_url())

def progress(_status, remaining, total):
    print("copying", remaining, total, flush=True)
    time.sleep(0.05)

backup.backup(db, settings, progress=progress)
print("done", flush=True)
"""


@pytest.fixture
def big_db(settings: Settings, sqlite_db: Database) -> Database:
    """A real database with visits, padded to tens of megabytes."""
    make_team(sqlite_db)
    for _ in range(5):
        submitted(sqlite_db, settings)
    with sqlite3.connect(settings.database_path) as conn:
        conn.execute("CREATE TABLE padding (chunk BLOB)")
        conn.executemany("INSERT INTO padding VALUES (randomblob(1048576))",
                         [()] * PADDING_MB)
    return sqlite_db


def _kill_while_copying(settings: Settings, after_steps: int) -> list[str]:
    child = subprocess.Popen([sys.executable, "-c", CHILD_BACKUP, str(settings.data_dir)],
                             stdout=subprocess.PIPE, text=True, cwd=REPO,
                             env={**os.environ, "PYTHONPATH": str(REPO)})
    assert child.stdout is not None
    seen = []
    for line in child.stdout:
        seen.append(line.strip())
        if len([s for s in seen if s.startswith("copying")]) >= after_steps:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, seen
    return seen


@pytest.mark.parametrize("after_steps", [1, 4, 9])
def test_a_killed_backup_leaves_the_earlier_copy_valid(
        after_steps: int, settings: Settings, big_db: Database, figures: Any) -> None:
    earlier = backup.backup(big_db, settings)
    earlier_sha = earlier.copy.path.read_bytes()

    seen = _kill_while_copying(settings, after_steps)

    remaining, total = (int(n) for n in seen[-1].split()[1:])
    assert 0 < remaining < total  # it really was killed in the middle of the copy
    assert backup.list_copies(settings.backup_folder) == [earlier.copy.path]
    assert earlier.copy.path.read_bytes() == earlier_sha
    assert backup.verify_copy(earlier.copy.path).head_hash == earlier.copy.head_hash
    left = [p.name for p in settings.backup_folder.iterdir() if p != earlier.copy.path]
    assert left and all(name.startswith(".") and ".partial" in name for name in left)
    figures("backups killed mid-copy")

    with travel_to(utcnow() + dt.timedelta(hours=7)):  # the next day's backup
        after = backup.backup(big_db, settings)
    assert backup.list_copies(settings.backup_folder) == [earlier.copy.path, after.copy.path]
    assert sorted(settings.backup_folder.iterdir()) == [earlier.copy.path, after.copy.path]
    assert not backup.backup_status(big_db).failing
