"""``pintu pass``: contractor passes from the command line, so an office can script them:
issue one (and write its card), list them, revoke one, write a card again."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.config import Settings
from kiosk.domain.clock import utcnow
from kiosk.domain.records import PASS_STATE_LABELS, PassRecord, masked_id
from kiosk.domain.tokens import load_or_create_secret
from kiosk.domain.types import IdType
from kiosk.files import check_folder_writable
from kiosk.formats import short_date
from kiosk.i18n import tr
from kiosk.services import paperwork, passes
from kiosk.services.actors import SYSTEM
from kiosk.services.passes import PassInput
from kiosk.services.store import open_database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("pass", help="contractor passes")
    actions = parser.add_subparsers(dest="pass_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="issue a pass valid for some days and purposes")
    add.add_argument("--name", required=True, help="the holder's full name")
    add.add_argument("--id-type", choices=[t.value for t in IdType], default="ktp")
    add.add_argument("--id-number", required=True,
                     help="number of the ID card the holder hands over at each visit")
    add.add_argument("--organisation", required=True)
    add.add_argument("--purposes", required=True,
                     help="purpose keys it covers, comma-separated (e.g. repair,installation)")
    add.add_argument("--days", required=True, help="how many days it is valid, from today "
                                                   "or --from")
    add.add_argument("--from", dest="valid_from", default=None,
                     help="first day (DD/MM/YYYY or YYYY-MM-DD; default today)")
    add.add_argument("--phone", default="")
    add.add_argument("--pic", default="", help="the person or unit the holder visits")
    add.add_argument("--card", type=Path, help="also write the pass card as a PDF")
    add.set_defaults(handler=_add)
    actions.add_parser("list", help="list passes with their state").set_defaults(handler=_list)
    revoke = actions.add_parser("revoke", help="stop a pass at once")
    revoke.add_argument("id", type=_pass_id, help="the pass number, e.g. P0007 or 7")
    revoke.add_argument("--reason", required=True)
    revoke.set_defaults(handler=_revoke)
    card = actions.add_parser("card", help="write a pass card as a PDF")
    card.add_argument("id", type=_pass_id, help="the pass number, e.g. P0007 or 7")
    card.add_argument("out", type=Path)
    card.set_defaults(handler=_card)


def _pass_id(text: str) -> int:
    """A pass as the lists and cards name it (P0007) or by its bare number (7)."""
    digits = text.strip().upper().removeprefix("P")
    if not digits.isdigit():
        raise argparse.ArgumentTypeError(f"not a pass number: {text!r}")
    return int(digits)


def _write_card(settings: Settings, record: PassRecord, out: Path) -> None:
    secret = load_or_create_secret(settings.secret_path)
    paperwork.pass_card(settings, secret, record, out)
    print(tr("Pass card written to {path}.", path=str(out)))


def _add(args: argparse.Namespace, settings: Settings) -> int:
    if args.card:
        check_folder_writable(args.card)  # no pass without its card
    record = passes.issue_pass(open_database(settings), settings, SYSTEM, PassInput(
        full_name=args.name, id_type=args.id_type, id_number=args.id_number,
        organisation=args.organisation, purposes=args.purposes, days=args.days,
        valid_from=args.valid_from, phone=args.phone, pic=args.pic))
    print(tr("Pass {number} for {name}, valid {first} to {last}.", number=record.number,
             name=record.full_name, first=short_date(record.valid_from),
             last=short_date(record.valid_until)))
    if args.card:
        _write_card(settings, record, args.card)
    return 0


def _list(_args: argparse.Namespace, settings: Settings) -> int:
    now = utcnow()
    for record in passes.list_passes(open_database(settings)):
        state = tr(PASS_STATE_LABELS[record.state(now)])
        print(f"{record.number:6} {state:16} {short_date(record.valid_from)}-"
              f"{short_date(record.valid_until)}  {masked_id(record.id_type, record.id_number):18} "
              f"{record.full_name:30} {record.organisation:30} {','.join(record.purposes)}")
    return 0


def _revoke(args: argparse.Namespace, settings: Settings) -> int:
    record = passes.revoke_pass(open_database(settings), SYSTEM, args.id, args.reason)
    print(tr("Pass {number} revoked; its QR no longer works.", number=record.number))
    return 0


def _card(args: argparse.Namespace, settings: Settings) -> int:
    check_folder_writable(args.out)
    _write_card(settings, passes.get_pass(open_database(settings), args.id), args.out)
    return 0
