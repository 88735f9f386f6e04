"""``pintu audit verify``: walk the hash chain and name the first broken event."""

from __future__ import annotations

import argparse
import sys

from kiosk.config import Settings
from kiosk.i18n import ntr, tr
from kiosk.services import audit
from kiosk.services.store import open_database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("audit", help="the audit trail")
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    actions.add_parser("verify", help="check that no audit event was edited or deleted"
                       ).set_defaults(handler=_verify)


def _verify(_args: argparse.Namespace, settings: Settings) -> int:
    report = audit.verify(open_database(settings))
    if report.ok:
        print(ntr("Audit chain intact: {count} event, last hash {hash}.",
                  "Audit chain intact: {count} events, last hash {hash}.",
                  report.events, hash=report.head_hash[:16]))
        return 0
    print(tr("Audit chain BROKEN: {problem}", problem=report.text()), file=sys.stderr)
    return 1
