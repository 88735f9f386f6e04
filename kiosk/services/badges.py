"""The pool of numbered, reusable visitor badge cards kept at the desk."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from kiosk.db.database import Database
from kiosk.db.models import Badge
from kiosk.domain.clock import utcnow
from kiosk.domain.records import BadgeRecord
from kiosk.domain.tokens import TokenKind, issue_token, new_nonce
from kiosk.domain.types import BadgeState, Role
from kiosk.domain.validation import reason as clean_reason
from kiosk.errors import DomainError, NotFound
from kiosk.services import audit
from kiosk.services.actors import Actor
from kiosk.services.records import badge_record

MAX_BADGES_PER_CALL = 500
#: Badge cards are laminated and reused for years; a lost one is retired, not waited out.
BADGE_TOKEN_YEARS = 5


def add_badges(db: Database, actor: Actor, count: int) -> list[BadgeRecord]:
    """Number new cards after the highest existing one; each gets a fresh nonce for its QR."""
    actor.require(Role.SUPERVISOR)
    if not 1 <= count <= MAX_BADGES_PER_CALL:
        raise DomainError("Add between 1 and {max} badges at a time.", max=MAX_BADGES_PER_CALL)
    with db.session() as session:
        start = (session.scalar(select(func.max(Badge.number))) or 0) + 1
        badges = [Badge(number=n, state=BadgeState.AVAILABLE, nonce=new_nonce())
                  for n in range(start, start + count)]
        session.add_all(badges)
        session.flush()
        audit.append(session, actor, "badges_added", first=start, count=count)
        return [badge_record(b) for b in badges]


def list_badges(db: Database) -> list[BadgeRecord]:
    with db.session() as session:
        return [badge_record(b) for b in
                session.execute(select(Badge).order_by(Badge.number)).scalars()]


def available_numbers(db: Database) -> list[int]:
    with db.session() as session:
        return list(session.scalars(
            select(Badge.number).where(Badge.state == BadgeState.AVAILABLE)
            .order_by(Badge.number)
        ))


def retire_badge(db: Database, actor: Actor, number: int, reason: str) -> BadgeRecord:
    """Take a lost or damaged card out of the pool for good; its QR stops working."""
    actor.require(Role.SUPERVISOR)
    why = clean_reason(reason)
    with db.session() as session:
        badge = lock_badge(session, number)
        if badge.state is BadgeState.RETIRED:
            raise DomainError("Badge {number} is already retired.", number=number)
        badge.state, badge.retired_reason = BadgeState.RETIRED, why
        audit.append(session, actor, "badge_retired", badge=number,
                     holder_visit_id=badge.holder_visit_id)
        return badge_record(badge)


_LOCK = select(Badge).where(Badge.number == bindparam("number")).with_for_update()


def lock_badge(session: Session, number: int) -> Badge:
    """The badge, locked for this transaction.

    Reading it needs nothing the action has changed so far, so those changes are not
    written ahead of it: they go out once, before the audit event.
    """
    with session.no_autoflush:
        badge = session.execute(_LOCK, {"number": number}).scalar_one_or_none()
    if badge is None:
        raise NotFound("There is no badge number {number}.", number=number)
    return badge


def badge_token(secret: bytes, badge: BadgeRecord) -> str:
    """The QR printed on the card; retiring the card (or a new nonce) voids it."""
    return issue_token(secret, TokenKind.BADGE, badge.number,
                       expires_at=utcnow() + dt.timedelta(days=365 * BADGE_TOKEN_YEARS),
                       nonce=badge.nonce)
