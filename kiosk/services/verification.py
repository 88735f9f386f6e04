"""Is this PDF one Pintu filed, unchanged? The seal and the records, checked apart.

``pintu verify-pdf`` asks two questions that prove different things, and a file passes only
when both say yes:

- the seal: not one byte changed since the file was sealed, by a certificate this site uses,
  used before, or trusts (``kiosk.services.signing``). A seal alone could also be on a file
  someone made with the site's key outside the procedure;
- the records: the file's SHA-256 is the one the audit chain recorded when it was filed
  (for a visit form, the ``archived`` event, and the visit row keeps the same hash; for a
  report, the ``report_exported`` event; for an emergency roll call, ``rollcall_ended``).
  Records alone cannot tell a reader far from the kiosk anything; the seal can.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, Visit
from kiosk.domain.records import visit_number
from kiosk.services import signing

if TYPE_CHECKING:
    from kiosk.documents.sealing import SealCheck


@dataclass(frozen=True)
class FiledRecord:
    """The audit event that recorded the file's hash when it was filed."""

    action: str  # "archived" (visit form), "report_exported" (report), "rollcall_ended"
    seq: int  # the event's number in the chain
    at: dt.datetime
    visit_number: str | None
    period: str | None  # a report's period, e.g. "laporan-harian-2026-11-23"
    visit_agrees: bool  # the visit row holds the same hash (False: the row was edited)
    roll_call: int | None = None  # an emergency roll call's number

    @property
    def ok(self) -> bool:
        return self.visit_agrees


@dataclass(frozen=True)
class SealResult:
    sha256: str
    check: SealCheck
    own: bool  # sealed by the site's certificate, current or replaced
    problems: list[str]  # certificates that should count but could not be read

    @property
    def ok(self) -> bool:
        return self.check.intact and self.check.trusted


def check_pdf_seal(settings: Settings, data: bytes) -> SealResult:
    """The seal alone, which needs no database (checked first, so it is known even when
    the database cannot be reached)."""
    from kiosk.documents.sealing import check_seal

    trust = signing.trust(settings)
    seal = check_seal(data, trust.certificates)
    return SealResult(hashlib.sha256(data).hexdigest(), seal,
                      seal.intact and seal.fingerprint in trust.own, trust.problems)


def find_filed(db: Database, sha256: str) -> FiledRecord | None:
    """The first audit event whose detail records ``sha256`` (hex digits only, so it can be
    matched as text in the canonical JSON of the detail)."""
    if len(sha256) != 64 or any(ch not in "0123456789abcdef" for ch in sha256):
        raise ValueError("sha256 must be 64 lowercase hex digits")
    with db.session() as session:
        event = session.execute(
            select(AuditEvent).where(AuditEvent.detail.contains(f'"sha256":"{sha256}"'))
            .order_by(AuditEvent.seq).limit(1)
        ).scalar_one_or_none()
        if event is None:
            return None
        visit = session.get(Visit, event.visit_id) if event.visit_id is not None else None
        detail = json.loads(event.detail)
        period, roll_call = detail.get("period"), detail.get("roll_call")
        return FiledRecord(
            action=event.action, seq=event.seq, at=event.at,
            visit_number=visit_number(event.visit_id) if event.visit_id is not None else None,
            period=period if isinstance(period, str) else None,
            visit_agrees=event.visit_id is None
            or (visit is not None and visit.archive_sha256 == sha256),
            roll_call=roll_call if isinstance(roll_call, int) else None)
