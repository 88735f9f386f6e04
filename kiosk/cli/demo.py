"""``pintu demo``: a realistic week of visits in an empty database."""

from __future__ import annotations

import argparse

from kiosk.config import Settings
from kiosk.domain.pins import DEMO_PIN
from kiosk.i18n import ntr, tr
from kiosk.services.demo import DEMO_STAFF, fill_demo
from kiosk.services.store import open_database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("demo", help="fill an empty database with a week of visits")
    parser.add_argument("--seed", type=int, default=7)
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    result = fill_demo(open_database(settings), settings, seed=args.seed)
    if result is None:
        print(tr("The database already holds visits; nothing was added."))
        return 0
    print(tr("Added {visits}, {staff} and {badges}.",
             visits=ntr("{count} visit", "{count} visits", result.visits),
             staff=ntr("{count} staff account", "{count} staff accounts", result.staff),
             badges=ntr("{count} badge", "{count} badges", result.badges)))
    print(tr("Demo accounts: {names}; PIN {pin}.",
             names=", ".join(name for name, _, _ in DEMO_STAFF), pin=DEMO_PIN))
    if settings.demo:
        print(tr("This installation is a demo (demo = true): the demo accounts keep this "
                 "PIN."))
    else:
        print(tr("Each demo account chooses its own PIN at its first sign-in (set "
                 "demo = true in the configuration to keep the demo PIN)."))
    return 0
