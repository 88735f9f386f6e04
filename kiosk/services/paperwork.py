"""The desk's paper: evacuation list, badge sheet and invitations.

These functions only write PDFs, into the data folder's ``print`` folder (private, like
the archive), and return their paths; the console hands the paths to its print queue, so
a missing printer never loses a document or holds up the desk.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from kiosk.config import Settings
from kiosk.documents import cards, evacuation
from kiosk.domain.clock import local, utcnow
from kiosk.domain.records import BadgeRecord, InvitationRecord, PassRecord, VisitSummary
from kiosk.domain.types import Role
from kiosk.errors import DatabaseUnavailable
from kiosk.files import make_private_dir
from kiosk.i18n import current_language
from kiosk.services.actors import Actor
from kiosk.services.badges import badge_token
from kiosk.services.invitations import invitation_token
from kiosk.services.passes import pass_token
from kiosk.services.queries import inside_now
from kiosk.services.store import Store

log = logging.getLogger(__name__)


def print_dir(settings: Settings) -> Path:
    return make_private_dir(settings.data_dir / "print")


def _stamp() -> str:
    return local(utcnow()).strftime("%Y%m%d-%H%M%S")


def evacuation_list(db: Store, settings: Settings, actor: Actor,
                    last_seen: Sequence[VisitSummary], seen_at: dt.datetime) -> Path:
    """Everyone in custody, read at this moment.

    In an emergency the list must come out even when the database cannot be reached: then
    it is the console's last picture (``last_seen``), printed with the time it was taken.
    """
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    out = print_dir(settings) / f"evakuasi-{_stamp()}.pdf"
    try:
        visits, as_of = inside_now(db), utcnow()
    except DatabaseUnavailable:
        log.warning("evacuation list printed from the screen of %s", seen_at.isoformat())
        visits, as_of = list(last_seen), seen_at
    return evacuation.evacuation_pdf(visits, as_of, settings, out, current_language())


def badge_sheet(settings: Settings, secret: bytes, badges: Sequence[BadgeRecord]) -> Path:
    out = print_dir(settings) / f"kartu-tamu-{_stamp()}.pdf"
    tokens = [badge_token(secret, b) for b in badges]
    return cards.badge_sheet_pdf(badges, tokens, settings, out)


def invitation(settings: Settings, secret: bytes, record: InvitationRecord) -> Path:
    out = print_dir(settings) / f"undangan-{record.id:05d}-{record.valid_on:%Y%m%d}.pdf"
    # The documents' protocol declares settable attributes; a frozen record only reads.
    printable = cast(cards.InvitationLike, record)
    return cards.invitation_pdf(printable, invitation_token(secret, record), settings, out,
                                current_language())


def pass_card(settings: Settings, secret: bytes, record: PassRecord,
              out: Path | None = None) -> Path:
    """The contractor pass card, in the print folder unless ``out`` names a file."""
    target = out or print_dir(settings) / f"pass-{record.number}.pdf"
    return cards.pass_card_pdf(record, pass_token(secret, record), settings, target,
                               current_language())
