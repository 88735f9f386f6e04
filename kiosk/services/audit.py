"""The audit trail: an append-only hash chain that shows any quiet edit.

Every event stores the hash of the one before it, and its own hash covers that link and
its content. Editing, deleting or reordering a row breaks the chain at that row, which
``verify`` names. One ``audit_head`` row, locked for each append, keeps the chain a
single line even when several terminals write to one PostgreSQL server at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, AuditHead
from kiosk.domain.clock import utcnow
from kiosk.i18n import N_, translate
from kiosk.services.actors import Actor

GENESIS = "0" * 64


def canonical_detail(detail: dict[str, Any]) -> str:
    return json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)


def event_hash(prev_hash: str, seq: int, at: dt.datetime, actor: str, action: str,
               visit_id: int | None, detail: str) -> str:
    material = "\x1f".join([
        prev_hash, str(seq), at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        actor, action, "" if visit_id is None else str(visit_id), detail,
    ])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def append(session: Session, actor: Actor, action: str, visit_id: int | None = None,
           **detail: Any) -> AuditEvent:
    """Add one event to the chain inside the caller's transaction.

    ``detail`` must hold ids, states and field names only, never personal data, so a
    retention purge never has to touch the chain.
    """
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    # Microseconds are the precision both backends keep.
    at = utcnow()
    text = canonical_detail(detail)
    seq = head.seq + 1
    digest = event_hash(head.hash, seq, at, actor.username, action, visit_id, text)
    event = AuditEvent(seq=seq, at=at, actor=actor.username, action=action,
                       visit_id=visit_id, detail=text, prev_hash=head.hash, hash=digest)
    session.add(event)
    head.seq, head.hash = seq, digest
    session.flush()
    return event


@dataclass(frozen=True)
class Checkpoint:
    """An event of the chain already verified: later checks start from it."""

    id: int
    seq: int
    hash: str


@dataclass(frozen=True)
class ChainReport:
    events: int  # events walked (since the checkpoint, when there was one)
    ok: bool
    broken_seq: int | None = None
    problem: str = ""  # English source, see ``text``
    head_hash: str = GENESIS
    other: int = 0  # the position the chain was at, where that helps the message
    head: Checkpoint | None = None  # the last event verified, when the chain is whole

    def text(self, language: str | None = None) -> str:
        return translate(self.problem, language, seq=self.broken_seq, other=self.other)


_COLUMNS = (AuditEvent.id, AuditEvent.seq, AuditEvent.at, AuditEvent.actor,
            AuditEvent.action, AuditEvent.visit_id, AuditEvent.detail, AuditEvent.prev_hash,
            AuditEvent.hash)


def verify(db: Database, since: Checkpoint | None = None) -> ChainReport:
    """Walk the chain, from ``since`` (an event verified before) or from its start, and
    report the first event that was edited, deleted or reordered.

    Rows are read as plain tuples in batches: a year of a busy site is a million events,
    and the walk must neither hold them all nor build an ORM object for each.
    """
    with db.session() as session:
        stmt = select(*_COLUMNS).order_by(AuditEvent.id)
        expected_prev, expected_seq, count = GENESIS, 1, 0
        head: Checkpoint | None = None
        if since is not None:
            stmt = stmt.where(AuditEvent.id > since.id)
            anchor = session.execute(select(*_COLUMNS).where(AuditEvent.id == since.id)).first()
            if anchor is None or (anchor.seq, anchor.hash) != (since.seq, since.hash) \
                    or _digest(anchor) != anchor.hash:
                return ChainReport(0, False, since.seq,
                                   N_("Audit event #{seq} was edited."))
            expected_prev, expected_seq, head = since.hash, since.seq + 1, since
        for row in session.execute(stmt.execution_options(yield_per=5000)):
            count += 1
            if row.seq != expected_seq:
                return ChainReport(
                    count, False, expected_seq,
                    N_("Audit event #{seq} is missing or out of order "
                       "(found #{other} in its place)."), other=row.seq)
            if row.prev_hash != expected_prev:
                return ChainReport(
                    count, False, row.seq,
                    N_("Audit event #{seq} does not follow the event before it."))
            if _digest(row) != row.hash:
                return ChainReport(count, False, row.seq, N_("Audit event #{seq} was edited."))
            expected_prev, expected_seq = row.hash, expected_seq + 1
            head = Checkpoint(row.id, row.seq, row.hash)
        stored = session.get(AuditHead, 1)
        if stored is not None and (stored.seq != expected_seq - 1
                                   or stored.hash != expected_prev):
            return ChainReport(
                count, False, stored.seq,
                N_("The last audit events were deleted: the chain ends at #{other}, "
                   "it should end at #{seq}."), other=expected_seq - 1)
        return ChainReport(count, True, head_hash=expected_prev, head=head)


def _digest(row: Any) -> str:
    return event_hash(row.prev_hash, row.seq, row.at, row.actor, row.action, row.visit_id,
                      row.detail)


def visit_chain_hash(session: Session, visit_id: int) -> str:
    """The hash of the latest event of a visit: printed on its archived form so the paper
    and the chain can be matched."""
    digest = session.execute(
        select(AuditEvent.hash).where(AuditEvent.visit_id == visit_id)
        .order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one_or_none()
    return digest or GENESIS
