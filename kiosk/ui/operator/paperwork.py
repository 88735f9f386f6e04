"""The desk's paper: evacuation list, badge sheet, invitations, and the archived form.

PDFs are written to the data folder's ``print`` folder (private, like the archive) and
sent to the configured printer. A missing or failing printer never loses the document:
the file stays there to print again, and the console says where it is.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from kiosk.clock import local, utcnow
from kiosk.config import Settings
from kiosk.documents import archive, cards, evacuation
from kiosk.errors import KnownError
from kiosk.i18n import current_language
from kiosk.services.actors import Actor
from kiosk.services.badges import BadgeRecord, badge_token
from kiosk.services.invitations import InvitationRecord, invitation_token
from kiosk.services.records import VisitSummary
from kiosk.ui.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Paper:
    path: Path
    printed: bool
    problem: KnownError | None = None


def print_dir(settings: Settings) -> Path:
    folder = settings.data_dir / "print"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _stamp() -> str:
    return local(utcnow()).strftime("%Y%m%d-%H%M%S")


def _send(path: Path, settings: Settings, to_printer: bool) -> Paper:
    if not to_printer:
        return Paper(path, printed=False)
    try:
        printing = importlib.import_module("kiosk.ui.printing")
    except ModuleNotFoundError:
        return Paper(path, printed=False)
    try:
        printing.print_pdf(path, settings.printer)
    except KnownError as exc:
        log.warning("printing %s failed: %s", path.name, exc)
        return Paper(path, printed=False, problem=exc)
    return Paper(path, printed=True)


def evacuation_list(ctx: AppContext, visits: Sequence[VisitSummary],
                    to_printer: bool = True) -> Paper:
    out = print_dir(ctx.settings) / f"evakuasi-{_stamp()}.pdf"
    evacuation.evacuation_pdf(visits, ctx.settings, out, current_language())
    return _send(out, ctx.settings, to_printer)


def badge_sheet(ctx: AppContext, badges: Sequence[BadgeRecord], to_printer: bool = True) -> Paper:
    out = print_dir(ctx.settings) / f"kartu-tamu-{_stamp()}.pdf"
    tokens = [badge_token(ctx.token_secret, b) for b in badges]
    cards.badge_sheet_pdf(badges, tokens, ctx.settings, out)
    return _send(out, ctx.settings, to_printer)


def invitation(ctx: AppContext, record: InvitationRecord, to_printer: bool = True) -> Paper:
    out = print_dir(ctx.settings) / f"undangan-{record.id:05d}-{record.valid_on:%Y%m%d}.pdf"
    # The documents' protocol declares settable attributes; a frozen record only reads.
    printable = cast(cards.InvitationLike, record)
    cards.invitation_pdf(printable, invitation_token(ctx.token_secret, record), ctx.settings,
                         out, current_language())
    return _send(out, ctx.settings, to_printer)


def archive_job(ctx: AppContext, actor: Actor, visit_id: int) -> Callable[[], Path]:
    """SOP step 7 after check-out: the completed form goes to the archive."""
    return lambda: archive.archive_visit(ctx.db, ctx.settings, actor, visit_id).path

