"""``pintu purge``: erase personal data older than the retention period (UU PDP).

The kiosk runs the same purge by itself once a day; this command is for the first run on
an old database, for a cron job on a shared server, and for ``--dry-run`` before changing
``retention_days``.
"""

from __future__ import annotations

import argparse

from kiosk.config import Settings
from kiosk.i18n import ntr, tr
from kiosk.services import retention
from kiosk.services.store import open_database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "purge", help="erase personal data older than the retention period")
    parser.add_argument("--dry-run", action="store_true",
                        help="only count what would be erased")
    parser.set_defaults(handler=_purge)


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    report = retention.purge(open_database(settings), settings, dry_run=args.dry_run)
    counts = {
        "days": ntr("{count} day", "{count} days", settings.retention_days),
        "cutoff": report.cutoff_day.isoformat(),
        "visits": ntr("{count} visit", "{count} visits", report.visits),
        "visitors": ntr("{count} visitor", "{count} visitors", report.visitors),
        "invitations": ntr("{count} invitation", "{count} invitations", report.invitations),
        "entries": ntr("{count} deny-list entry", "{count} deny-list entries",
                       report.deny_entries),
        "files": ntr("{count} file", "{count} files", report.files),
    }
    if args.dry_run:
        print(tr("Dry run: retention {days}; data from before {cutoff} would be erased: "
                 "{visits}, {visitors}, {invitations}, {entries}, {files}.", **counts))
    else:
        print(tr("Retention {days}; data from before {cutoff} erased: {visits}, {visitors}, "
                 "{invitations}, {entries}, {files}.", **counts))
    return 0
