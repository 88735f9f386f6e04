"""``pintu badges``: the desk's pool of numbered visitor badge cards."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.config import Settings
from kiosk.documents.cards import badge_sheet_pdf
from kiosk.domain.tokens import load_or_create_secret
from kiosk.files import check_folder_writable
from kiosk.i18n import tr
from kiosk.services import badges
from kiosk.services.actors import SYSTEM
from kiosk.services.store import open_database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("badges", help="visitor badge cards")
    actions = parser.add_subparsers(dest="badges_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add numbered badge cards to the pool")
    add.add_argument("--count", type=int, required=True)
    add.add_argument("--sheet", type=Path, help="also write the new cards as a PDF sheet")
    add.set_defaults(handler=_add)
    sheet = actions.add_parser("sheet", help="write every usable card as a PDF sheet")
    sheet.add_argument("out", type=Path)
    sheet.set_defaults(handler=_sheet)
    actions.add_parser("list", help="list the cards and where they are").set_defaults(
        handler=_list)
    retire = actions.add_parser("retire", help="take a lost or damaged card out of use")
    retire.add_argument("number", type=int)
    retire.add_argument("--reason", required=True)
    retire.set_defaults(handler=_retire)


def _write_sheet(settings: Settings, records: list[badges.BadgeRecord], out: Path) -> None:
    secret = load_or_create_secret(settings.secret_path)
    badge_sheet_pdf(records, [badges.badge_token(secret, b) for b in records], settings, out)
    print(tr("Badge cards written to {path}.", path=str(out)))


def _add(args: argparse.Namespace, settings: Settings) -> int:
    if args.sheet:
        check_folder_writable(args.sheet)  # no new cards without their sheet
    records = badges.add_badges(open_database(settings), SYSTEM, args.count)
    print(tr("Added badges {first} to {last}.", first=records[0].number,
             last=records[-1].number))
    if args.sheet:
        _write_sheet(settings, records, args.sheet)
    return 0


def _sheet(args: argparse.Namespace, settings: Settings) -> int:
    records = [b for b in badges.list_badges(open_database(settings))
               if b.state is not badges.BadgeState.RETIRED]
    _write_sheet(settings, records, args.out)
    return 0


def _list(_args: argparse.Namespace, settings: Settings) -> int:
    for record in badges.list_badges(open_database(settings)):
        holder = f"visit {record.holder_visit_id}" if record.holder_visit_id else ""
        print(f"{record.number:5d}  {record.state.value:10} {holder}")
    return 0


def _retire(args: argparse.Namespace, settings: Settings) -> int:
    badges.retire_badge(open_database(settings), SYSTEM, args.number, args.reason)
    print(tr("Badge {number} retired; its QR no longer works.", number=args.number))
    return 0
