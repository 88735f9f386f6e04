"""``pintu backup``: a checked copy of the database, and the token secret on its own.

``pintu backup [--to DIR]`` copies the database (safe while the kiosk runs), checks the
copy and keeps the newest ``backup_keep``; ``--check`` checks every copy already there;
``--secret-to DIR`` copies only the token secret, to another medium than the backups.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.config import Settings
from kiosk.errors import KnownError
from kiosk.formats import number_text
from kiosk.i18n import tr
from kiosk.services import backup
from kiosk.services.store import open_database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "backup", help="copy the database to the backup folder and check the copy")
    parser.add_argument("--to", type=Path, default=None,
                        help="folder for the copy (default: backup_dir from the configuration)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--check", action="store_true",
                      help="check every copy in the folder instead of making one")
    what.add_argument("--secret-to", type=Path, default=None, metavar="DIR",
                      help="copy only the token secret into DIR (another medium than the "
                           "backups)")
    parser.set_defaults(handler=_backup)


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    if args.secret_to is not None:
        path = backup.backup_secret(settings, args.secret_to)
        print(tr("Token secret copied to {path}. Keep it on another medium than the "
                 "database backups, never beside them: with both, anyone can forge badges.",
                 path=str(path)))
        return 0
    if args.check:
        return _check(args.to or settings.backup_folder)
    result = backup.backup(open_database(settings), settings, folder=args.to)
    folder = result.copy.path.parent
    print(tr("Backup {path} made and checked: {events} audit events, {size} MB.",
             path=str(result.copy.path), events=result.copy.events,
             size=number_text(round(result.size / 1_000_000, 1))))
    print(tr("{kept} copies kept in {folder}; {removed} older ones removed.",
             kept=len(backup.list_copies(folder)), folder=str(folder),
             removed=len(result.removed)))
    return 0


def _check(folder: Path) -> int:
    """Exit 0 only when there is at least one copy and every copy passes."""
    found = backup.list_copies(folder)
    if not found:
        print(tr("No backup copies in {folder}.", folder=str(folder)), file=sys.stderr)
        return 1
    failed = 0
    for path in found:
        try:
            check = backup.verify_copy(path)
        except KnownError as exc:
            failed += 1
            print(tr("BROKEN {message}", message=exc.text()), file=sys.stderr)
            continue
        print(tr("ok {path}: {events} audit events, last hash {hash}.", path=str(path),
                 events=check.events, hash=check.head_hash[:16]))
    return 1 if failed else 0
