"""``pintu db``: the schema by hand."""

from __future__ import annotations

import argparse

from kiosk.bootstrap import open_database
from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.i18n import tr


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="database schema")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    actions.add_parser("upgrade", help="bring the schema up to date").set_defaults(
        handler=_upgrade)
    actions.add_parser("status", help="show the schema revision").set_defaults(handler=_status)


def _upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    db = open_database(settings)
    print(tr("Database {url} is at revision {rev}.", url=db.display_url,
             rev=migrate.current_revision(db) or "-"))
    return 0


def _status(_args: argparse.Namespace, settings: Settings) -> int:
    db = open_database(settings, upgrade=False)
    current, head = migrate.current_revision(db), migrate.head_revision()
    print(tr("Database {url}: revision {rev} (latest {head}).", url=db.display_url,
             rev=current or "-", head=head or "-"))
    return 0 if current == head else 1
