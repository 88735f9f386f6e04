"""SOP step 7: the completed visit form filed as a sealed PDF whose SHA-256 the visit keeps.

The form is sealed (PAdES, ``kiosk.services.signing``) so that it proves itself outside the
building, and the recorded hash is the hash of the sealed file, as filed. Rendering and
sealing are both deterministic (see ``layout`` and ``kiosk.documents.sealing``): the same
visit, sealed with the same key, always gives the same bytes. That makes a reprint honest:
the filed file is handed out when its hash still matches; when the file is gone, the form
is re-created and re-sealed and, if the bytes match the recorded hash, it *is* the
original; otherwise (data purged, a newer ReportLab or pyHanko, a new certificate, an
altered file) the re-created form is watermarked "SALINAN / COPY", says why, and is sealed
as a copy made now, which ``pintu verify-pdf`` does not find among the filed documents.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.documents.visit_form import form_moment, visit_form_pdf
from kiosk.domain.clock import utcnow
from kiosk.domain.figures import local_day
from kiosk.domain.lifecycle import check_move
from kiosk.domain.records import VisitDetail
from kiosk.domain.types import Role, VisitState
from kiosk.errors import DomainError
from kiosk.files import make_private_dir, write_atomic
from kiosk.formats import datetime_text
from kiosk.i18n import N_, translate
from kiosk.services import checkout, signing
from kiosk.services.actors import Actor
from kiosk.services.queries import get_visit
from kiosk.services.report_data import form_chain_hash

log = logging.getLogger(__name__)

GONE = N_("Copy re-created on {moment}: the archived original is no longer in the archive "
          "folder.")
CHANGED = N_("Copy re-created on {moment}: the archived file no longer matches the hash "
             "recorded when it was filed.")
#: The reason a PDF reader shows beside the seal.
FILED = N_("Visit form filed at the server room door")
COPIED = N_("Copy of a filed visit form, re-created from the records")


@dataclass(frozen=True)
class ArchiveResult:
    path: Path
    sha256: str


def archive_visit(db: Database, settings: Settings, actor: Actor, visit_id: int
                  ) -> ArchiveResult:
    """Render the visit's form into the archive folder and move the visit to ``archived``."""
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    detail = get_visit(db, visit_id)
    check_move(detail.summary.state, VisitState.ARCHIVED)
    data = _filed_form(detail, form_chain_hash(db, visit_id), settings)
    path = archive_path(settings, detail)
    # The archive folder may be full, read-only or an unplugged disk: FileAccessError,
    # and the visit stays checked out until the form is filed.
    make_private_dir(path.parent)
    write_atomic(path, data, mode=0o600)
    digest = hashlib.sha256(data).hexdigest()
    checkout.archive(db, actor, visit_id, digest, str(path))
    log.info("visit %s archived as %s", detail.summary.number, path.name)
    return ArchiveResult(path, digest)


def _filed_form(detail: VisitDetail, chain: str, settings: Settings) -> bytes:
    """The form as it is filed: rendered, then sealed at the moment it was completed."""
    language = settings.default_language
    data = visit_form_pdf(detail, chain, settings, language)
    return signing.seal(settings, data, form_moment(detail), translate(FILED, language))


def archive_path(settings: Settings, detail: VisitDetail) -> Path:
    """``archive/2026/11/kunjungan-0042-20261123.pdf``: a folder per month keeps it browsable."""
    day = local_day(detail.summary.submitted_at)
    return (settings.archive_dir / f"{day.year:04d}" / f"{day.month:02d}"
            / f"kunjungan-{detail.summary.number}-{day:%Y%m%d}.pdf")


def reprint(db: Database, settings: Settings, visit_id: int) -> bytes:
    """The archived form's bytes, or a copy marked as such when the original cannot be
    given (see the module docstring)."""
    detail = get_visit(db, visit_id)
    recorded = detail.archive_sha256
    if recorded is None:
        raise DomainError("This visit has not been archived yet.")
    reason = GONE
    if detail.archive_path:
        try:
            filed = Path(detail.archive_path).read_bytes()
        except OSError:
            log.warning("archived form of visit %s is missing", detail.summary.number)
        else:
            if hashlib.sha256(filed).hexdigest() == recorded:
                return filed
            log.warning("archived form of visit %s does not match its recorded hash",
                        detail.summary.number)
            reason = CHANGED
    chain = form_chain_hash(db, visit_id)
    if reason is GONE:
        fresh = _filed_form(detail, chain, settings)
        if hashlib.sha256(fresh).hexdigest() == recorded:
            return fresh
    language, now = settings.default_language, utcnow()
    note = translate(reason, language, moment=datetime_text(now, language))
    copy = visit_form_pdf(detail, chain, settings, language, copy_note=note)
    return signing.seal(settings, copy, now, translate(COPIED, language))
