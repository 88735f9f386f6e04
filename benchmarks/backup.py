"""What the checks around the database cost: the file check at every open, and a backup
with its verification, on a database of realistic size.

Builds a SQLite database with real visit cycles (audit chain included) padded to the
given size, then prints: the open-time check (header and ``PRAGMA quick_check``) as a
share of the whole ``open_database``, which every command and every start pays; the
backup split into copy, integrity check and audit-chain check; and a restore. Nothing is
asserted: these are figures to read.

Usage: python -m benchmarks.backup [--megabytes 100] [--cycles 1000]
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.lifecycle import Site, one_cycle
from kiosk.config import Settings
from kiosk.db import copies
from kiosk.db.database import Database, check_sqlite_file
from kiosk.services import audit, backup
from kiosk.services.badges import available_numbers
from kiosk.services.store import open_database
from tests.support import factories


def timed(work: Callable[[], object], repeat: int = 1) -> float:
    """Best of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def build(settings: Settings, cycles: int, megabytes: int) -> Database:
    db = open_database(settings)
    team = factories.make_team(db)
    site = Site(db, settings, team, available_numbers(db)[0])
    for n in range(cycles):
        one_cycle(site, n)
    size = settings.database_path.stat().st_size
    padding = max(0, megabytes * 1_000_000 - size) // 1_000_000
    with sqlite3.connect(settings.database_path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS padding (chunk BLOB)")
        conn.executemany("INSERT INTO padding VALUES (randomblob(1000000))", [()] * padding)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--cycles", type=int, default=1000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the restore's own warning is expected
    with tempfile.TemporaryDirectory(prefix="pintu-bench-backup-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data")
        db = build(settings, args.cycles, args.megabytes)
        path = settings.database_path
        mb = path.stat().st_size / 1_000_000
        events = audit.verify(db).events
        print(f"database: {mb:.1f} MB, {args.cycles} visit cycles, {events} audit events")

        checked = timed(lambda: check_sqlite_file(path), repeat=5)
        whole_open = timed(lambda: open_database(settings).dispose(), repeat=5)
        print(f"open check (header + quick_check): {checked * 1000:.1f} ms of "
              f"{whole_open * 1000:.1f} ms for the whole open_database "
              f"({checked / whole_open:.0%})")

        copy = Path(tmp) / "copy.sqlite3"
        copy_s = timed(lambda: copies.sqlite_copy(path, copy))
        integrity_s = timed(lambda: copies.integrity_problems(copy))
        reader = Database(f"sqlite:///{copy}", read_only=True)
        chain_s = timed(lambda: audit.verify(reader))
        reader.dispose()
        print(f"backup parts: copy {copy_s:.2f} s ({mb / copy_s:.0f} MB/s), integrity_check "
              f"{integrity_s:.2f} s, audit chain {chain_s:.2f} s")

        whole = timed(lambda: backup.backup(db, settings))
        print(f"pintu backup (copy, check, rename, rotate): {whole:.2f} s "
              f"({mb / whole:.0f} MB/s)")
        db.dispose()
        newest = backup.list_copies(settings.backup_folder)[-1]
        restore_s = timed(lambda: backup.restore(settings, newest))
        print(f"pintu restore (check, copy, set aside, rename): {restore_s:.2f} s")


if __name__ == "__main__":
    main()
