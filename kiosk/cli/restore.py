"""``pintu restore FILE``: put a checked backup copy in place of the database.

The copy must pass the same check as a new backup (integrity and audit chain). With
SQLite the kiosk on this computer must be stopped, and the current database is renamed
with the time, never deleted. With PostgreSQL the dump is loaded into the configured
database only when that one is empty.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.config import Settings
from kiosk.i18n import tr
from kiosk.services import backup
from kiosk.services.store import open_database, schema_status


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "restore", help="replace the database with a checked backup copy (kiosk stopped)")
    parser.add_argument("file", type=Path, help="the copy (pintu-….sqlite3 or .dump)")
    parser.set_defaults(handler=_restore)


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    result = backup.restore(settings, args.file)
    print(tr("Database {database} restored from {path}: {events} audit events, last hash "
             "{hash}.", database=result.database, path=str(args.file),
             events=result.check.events, hash=result.check.head_hash[:16]))
    for aside in result.set_aside:
        print(tr("The previous database was kept as {path}.", path=str(aside)))
    status = schema_status(open_database(settings))  # a copy from an older version
    print(tr("Database {url} is at revision {rev}.", url=status.location,
             rev=status.revision or "-"))
    return 0
