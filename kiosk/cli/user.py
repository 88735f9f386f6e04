"""``pintu user``: staff accounts from the command line: the first admin, the list with
locked accounts marked, and unlocking one when no supervisor can sign in."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys

from kiosk.config import Settings
from kiosk.domain.clock import utcnow
from kiosk.domain.records import StaffRecord
from kiosk.domain.types import Role
from kiosk.errors import ValidationError
from kiosk.formats import datetime_text
from kiosk.i18n import tr
from kiosk.services import staff
from kiosk.services.actors import SYSTEM
from kiosk.services.store import open_database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("user", help="staff accounts")
    actions = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create a staff account (asks for the PIN)")
    add.add_argument("name", help="user name used to sign in")
    add.add_argument("--role", choices=[r.value for r in Role], required=True)
    add.add_argument("--full-name", default="", help="name shown on forms and reports")
    add.add_argument("--pin-stdin", action="store_true",
                     help="read the PIN from standard input (for scripts)")
    add.set_defaults(handler=_add)
    actions.add_parser("list", help="list staff accounts, with locked and disabled ones "
                                    "marked").set_defaults(handler=_list)
    unlock = actions.add_parser("unlock", help="lift the lockout of an account after too "
                                               "many wrong PINs")
    unlock.add_argument("name", help="user name of the locked account")
    unlock.set_defaults(handler=_unlock)
    contact = actions.add_parser(
        "contact", help="where a staff member is told of visitors they escort or invited")
    contact.add_argument("name", help="user name")
    contact.add_argument("target", help='an e-mail address, telegram:<chat id>, or "" for none')
    contact.set_defaults(handler=_contact)


def _read_pin(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(tr("PIN: "))
    if getpass.getpass(tr("PIN again: ")) != first:
        raise ValidationError("pin", "The two PINs differ.")
    return first


def _add(args: argparse.Namespace, settings: Settings) -> int:
    pin = _read_pin(args.pin_stdin)
    record = staff.add_staff(open_database(settings), SYSTEM, args.name, pin, Role(args.role),
                             args.full_name)
    print(tr("Account {name} ({role}) created.", name=record.username, role=record.role.value))
    return 0


def _list(_args: argparse.Namespace, settings: Settings) -> int:
    now = utcnow()
    for record in staff.list_staff(open_database(settings)):
        state = "; ".join(_state(record, now))
        print(f"{record.username:20} {record.role.value:11} {record.full_name:30} "
              f"{record.notify_target}".rstrip() + (f"  [{state}]" if state else ""))
    return 0


def _state(record: StaffRecord, now: dt.datetime) -> list[str]:
    state = []
    if record.locked_at(now) and record.locked_until is not None:
        state.append(tr("locked until {time}",
                        time=datetime_text(record.locked_until)))
    if not record.active:
        state.append(tr("disabled"))
    if record.must_change_pin:
        state.append(tr("still has the demo PIN"))
    return state


def _unlock(args: argparse.Namespace, settings: Settings) -> int:
    db = open_database(settings)
    record = staff.unlock(db, SYSTEM, staff.find_staff(db, args.name).id)
    print(tr("{name} can sign in again.", name=record.username))
    return 0


def _contact(args: argparse.Namespace, settings: Settings) -> int:
    db = open_database(settings)
    record = staff.set_notify_target(db, SYSTEM, staff.find_staff(db, args.name).id,
                                     args.target)
    print(tr("{name} is told at {target}.", name=record.username,
             target=record.notify_target or "-"))
    return 0
