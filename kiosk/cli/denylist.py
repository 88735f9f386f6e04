"""``pintu denylist``: the deny list from the command line, so an office can script its
setup. Entries are listed with their numbers masked, as the screens show them."""

from __future__ import annotations

import argparse
import datetime as dt

from kiosk.config import Settings
from kiosk.domain.clock import at_site, local
from kiosk.domain.records import masked_id
from kiosk.domain.types import IdType
from kiosk.formats import short_date
from kiosk.i18n import tr
from kiosk.services import denylist
from kiosk.services.actors import SYSTEM
from kiosk.services.invitations import parse_day
from kiosk.services.store import open_database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("denylist", help="people who may not enter")
    actions = parser.add_subparsers(dest="denylist_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a person to the deny list")
    add.add_argument("--id-type", choices=[t.value for t in IdType], default="ktp")
    add.add_argument("--id-number", required=True)
    add.add_argument("--name", default="", help="full name, a hint for possible matches")
    add.add_argument("--reason", required=True)
    add.add_argument("--until", default=None,
                     help="last day of the entry (DD/MM/YYYY or YYYY-MM-DD; default: none)")
    add.set_defaults(handler=_add)
    actions.add_parser("list", help="list the active entries").set_defaults(handler=_list)
    remove = actions.add_parser("remove", help="take an entry off the deny list")
    remove.add_argument("id", type=int)
    remove.add_argument("--reason", required=True)
    remove.set_defaults(handler=_remove)


def _add(args: argparse.Namespace, settings: Settings) -> int:
    expires = None
    if args.until:
        last = parse_day(args.until)
        expires = at_site(last, dt.time(23, 59)).astimezone(dt.UTC)
    record = denylist.add_entry(open_database(settings), SYSTEM, IdType(args.id_type),
                                args.id_number, args.name, args.reason, expires)
    print(tr("Deny-list entry {number} added.", number=record.id))
    return 0


def _list(_args: argparse.Namespace, settings: Settings) -> int:
    for record in denylist.active_entries(open_database(settings)):
        until = short_date(local(record.expires_at).date()) if record.expires_at else "-"
        print(f"{record.id:5d}  {record.id_type.value:8} "
              f"{masked_id(record.id_type, record.id_number):18} {record.full_name or '-':30} "
              f"{until:10}  {record.reason}")
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    denylist.remove_entry(open_database(settings), SYSTEM, args.id, args.reason)
    print(tr("Deny-list entry {number} removed.", number=args.id))
    return 0
