"""The desk's paper: evacuation list, badge sheet, invitations, and the archived form.

These functions only write PDFs, into the data folder's ``print`` folder (private, like
the archive), and return their paths; the pages hand the paths to the console's
``PrintQueue``, so a missing printer never loses a document or holds up the desk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

from kiosk.clock import local, utcnow
from kiosk.config import Settings
from kiosk.documents import archive, cards, evacuation
from kiosk.i18n import current_language
from kiosk.services.actors import Actor
from kiosk.services.badges import BadgeRecord, badge_token
from kiosk.services.invitations import InvitationRecord, invitation_token
from kiosk.services.records import VisitSummary
from kiosk.ui.context import AppContext


def print_dir(settings: Settings) -> Path:
    folder = settings.data_dir / "print"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _stamp() -> str:
    return local(utcnow()).strftime("%Y%m%d-%H%M%S")


def evacuation_list(ctx: AppContext, visits: Sequence[VisitSummary]) -> Path:
    out = print_dir(ctx.settings) / f"evakuasi-{_stamp()}.pdf"
    return evacuation.evacuation_pdf(visits, ctx.settings, out, current_language())


def badge_sheet(ctx: AppContext, badges: Sequence[BadgeRecord]) -> Path:
    out = print_dir(ctx.settings) / f"kartu-tamu-{_stamp()}.pdf"
    tokens = [badge_token(ctx.token_secret, b) for b in badges]
    return cards.badge_sheet_pdf(badges, tokens, ctx.settings, out)


def invitation(ctx: AppContext, record: InvitationRecord) -> Path:
    out = print_dir(ctx.settings) / f"undangan-{record.id:05d}-{record.valid_on:%Y%m%d}.pdf"
    # The documents' protocol declares settable attributes; a frozen record only reads.
    printable = cast(cards.InvitationLike, record)
    return cards.invitation_pdf(printable, invitation_token(ctx.token_secret, record),
                                ctx.settings, out, current_language())


def archive_job(ctx: AppContext, actor: Actor, visit_id: int) -> Callable[[], Path]:
    """SOP step 7 after check-out: the completed form goes to the archive."""
    return lambda: archive.archive_visit(ctx.db, ctx.settings, actor, visit_id).path

