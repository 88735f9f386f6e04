"""``pintu db``: the schema by hand."""

from __future__ import annotations

import argparse

from kiosk.config import Settings
from kiosk.i18n import tr
from kiosk.services.store import open_database, schema_status


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="database schema")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    actions.add_parser("upgrade", help="bring the schema up to date").set_defaults(
        handler=_upgrade)
    actions.add_parser("status", help="show the schema revision").set_defaults(handler=_status)


def _upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    status = schema_status(open_database(settings))
    print(tr("Database {url} is at revision {rev}.", url=status.location,
             rev=status.revision or "-"))
    return 0


def _status(_args: argparse.Namespace, settings: Settings) -> int:
    status = schema_status(open_database(settings, upgrade=False))
    print(tr("Database {url}: revision {rev} (latest {head}).", url=status.location,
             rev=status.revision or "-", head=status.head or "-"))
    return 0 if status.current else 1
