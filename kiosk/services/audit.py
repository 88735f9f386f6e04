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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import bindparam, insert, select, update
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


#: The chain's head, locked until the transaction ends: appends from every terminal queue
#: here, one at a time. Built once, as plain statements: every action appends.
_LOCK_HEAD = select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1).with_for_update()
_FIRST_HEAD = insert(AuditHead).values(id=1, seq=0, hash=GENESIS)
_ADD_EVENT = insert(AuditEvent)
_MOVE_HEAD = (update(AuditHead).where(AuditHead.id == 1)
              .values(seq=bindparam("new_seq"), hash=bindparam("new_hash")))


def append(session: Session, actor: Actor, action: str, visit_id: int | None = None,
           **detail: Any) -> None:
    """Add one event to the chain inside the caller's transaction.

    ``detail`` must hold ids, states and field names only, never personal data, so a
    retention purge never has to touch the chain.

    What the action changed is written first, so the head is locked only for the event's
    own two statements and the commit: every other writer waits on it that long.
    """
    session.flush()
    head = session.execute(_LOCK_HEAD).one_or_none()
    if head is None:
        session.execute(_FIRST_HEAD)
        seq, prev_hash = 1, GENESIS
    else:
        seq, prev_hash = head.seq + 1, head.hash
    # Microseconds are the precision both backends keep.
    at = utcnow()
    text = canonical_detail(detail)
    digest = event_hash(prev_hash, seq, at, actor.username, action, visit_id, text)
    session.execute(_ADD_EVENT, {"seq": seq, "at": at, "actor": actor.username,
                                 "action": action, "visit_id": visit_id, "detail": text,
                                 "prev_hash": prev_hash, "hash": digest})
    session.execute(_MOVE_HEAD, {"new_seq": seq, "new_hash": digest})


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


class ChainEvent(Protocol):
    """What the chain check reads of an event: a stored row, or one read from a dump."""

    @property
    def id(self) -> int: ...
    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def actor(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def visit_id(self) -> int | None: ...
    @property
    def detail(self) -> str: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


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
        if since is not None:
            anchor = session.execute(select(*_COLUMNS).where(AuditEvent.id == since.id)).first()
            if anchor is None or (anchor.seq, anchor.hash) != (since.seq, since.hash) \
                    or _digest(anchor) != anchor.hash:
                return ChainReport(0, False, since.seq, N_("Audit event #{seq} was edited."))
            stmt = stmt.where(AuditEvent.id > since.id)

        def head() -> tuple[int, str] | None:
            row = session.get(AuditHead, 1)
            return None if row is None else (row.seq, row.hash)

        rows = session.execute(stmt.execution_options(yield_per=5000))
        return verify_events(rows, head, since)


def verify_events(events: Iterable[ChainEvent], head: Callable[[], tuple[int, str] | None],
                  since: Checkpoint | None = None) -> ChainReport:
    """The chain check itself, on events in storage order that follow ``since`` (or start
    the chain); ``head`` (the stored last position, as ``(seq, hash)``) is asked for after
    the last event was read."""
    expected_prev, expected_seq = (since.hash, since.seq + 1) if since else (GENESIS, 1)
    count, last = 0, since
    for event in events:
        count += 1
        if event.seq != expected_seq:
            return ChainReport(
                count, False, expected_seq,
                N_("Audit event #{seq} is missing or out of order "
                   "(found #{other} in its place)."), other=event.seq)
        if event.prev_hash != expected_prev:
            return ChainReport(
                count, False, event.seq,
                N_("Audit event #{seq} does not follow the event before it."))
        if _digest(event) != event.hash:
            return ChainReport(count, False, event.seq, N_("Audit event #{seq} was edited."))
        expected_prev, expected_seq = event.hash, expected_seq + 1
        last = Checkpoint(event.id, event.seq, event.hash)
    stored = head()
    if stored is not None and stored != (expected_seq - 1, expected_prev):
        return ChainReport(
            count, False, stored[0],
            N_("The last audit events were deleted: the chain ends at #{other}, "
               "it should end at #{seq}."), other=expected_seq - 1)
    return ChainReport(count, True, head_hash=expected_prev, head=last)


def _digest(event: ChainEvent) -> str:
    return event_hash(event.prev_hash, event.seq, event.at, event.actor, event.action,
                      event.visit_id, event.detail)


def visit_chain_hash(session: Session, visit_id: int) -> str:
    """The hash of the latest event of a visit: printed on its archived form so the paper
    and the chain can be matched."""
    digest = session.execute(
        select(AuditEvent.hash).where(AuditEvent.visit_id == visit_id)
        .order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one_or_none()
    return digest or GENESIS
