"""SOP step 6 from the badge's side: the visitor asks to leave, the desk finds the visit.

The visitor scans the badge card at the kiosk ("Keluar"); the console is told at once
(an event here, an audit row other terminals see when they poll) and the operator checks
the devices out. The operator may also scan the card at the desk, or type its number.

Two things the kiosk accepts, and what each may reveal:

* **A scanned code**: the badge card's QR, or the QR on the visit sticker printed after
  approval (``TokenKind.VISIT``, which names the visit itself: it asks to leave for that
  visit while it is in custody, and is refused once the visit is closed). Whoever holds
  the card or the sticker is the visitor, so the kiosk may thank them by name. This is
  the SOP's check-out start (audit ``exit_requested``).
* **A typed badge number** (for a card whose QR will not read): anyone can type any
  number, so the kiosk shows no name and does not even say whether that badge is out; it
  records ``exit_typed`` when it is, and the console marks the request "typed at
  kiosk: check badge", for the operator to confirm by seeing the card. A typed
  request is *not* the SOP's check-out start (``kiosk.domain.figures``): a mistyped or
  playful number would start another visitor's clock while they are still at work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, Badge, Visit
from kiosk.domain import checklists
from kiosk.domain.clock import utcnow
from kiosk.domain.lifecycle import IN_CUSTODY
from kiosk.domain.records import BadgeRecord, DeviceRecord, VisitSummary
from kiosk.domain.tokens import Token, TokenError, TokenKind, verify_token
from kiosk.domain.types import BadgeState
from kiosk.errors import DomainError, NotFound
from kiosk.i18n import N_
from kiosk.services import audit
from kiosk.services.actors import KIOSK, Actor
from kiosk.services.checkout import CheckOut, check_out
from kiosk.services.events import VisitEvent, publish
from kiosk.services.queries import get_visit
from kiosk.services.records import badge_record, summarise
from kiosk.services.staff import staff_names
from kiosk.services.visits import get_visit_row

NOT_A_BADGE = N_("This is not a visitor badge. Please scan the badge you were given.")
BADGE_RETIRED = N_("Badge {number} is no longer in use. Please go to the operator's desk.")
BADGE_NOT_OUT = N_("Badge {number} is not on a visit now. Please go to the operator's desk.")
FORGED = N_("This code has been altered or is not from this site.")
STICKER_CLOSED = N_("This visit sticker is no longer valid. Please go to the operator's desk.")

#: Audit actions: the badge's or sticker's code scanned at the kiosk, a badge number typed.
EXIT_REQUESTED = "exit_requested"
EXIT_TYPED = "exit_typed"


def badge_from_payload(db: Database, secret: bytes, payload: str,
                       now: dt.datetime | None = None) -> BadgeRecord:
    """The badge card a scanned QR stands for (forged, reissued and retired cards refused)."""
    number = _badge_number(secret, payload, now)
    with db.session() as session:
        return badge_record(_card(session, number, _nonce(payload)))


def _badge_number(secret: bytes, payload: str, now: dt.datetime | None) -> int:
    token = verify_token(secret, payload.strip(), now or utcnow())
    if token.kind is not TokenKind.BADGE:
        raise TokenError(NOT_A_BADGE)
    return token.id


def _token(secret: bytes, payload: str) -> Token:
    """A badge card's or a visit sticker's token; anything else is not a visitor badge."""
    token = verify_token(secret, payload.strip(), utcnow())
    if token.kind not in (TokenKind.BADGE, TokenKind.VISIT):
        raise TokenError(NOT_A_BADGE)
    return token


def _nonce(payload: str) -> str:
    return payload.strip().split(".")[4]


def _card(session: Session, number: int, nonce: str | None) -> Badge:
    badge = session.execute(select(Badge).where(Badge.number == number)).scalar_one_or_none()
    if badge is None or (nonce is not None and badge.nonce != nonce):
        raise TokenError(FORGED)
    if badge.state is BadgeState.RETIRED:
        raise DomainError(BADGE_RETIRED, number=number)
    return badge


def _holder(session: Session, badge: Badge) -> Visit:
    if badge.state is not BadgeState.OUT or badge.holder_visit_id is None:
        raise DomainError(BADGE_NOT_OUT, number=badge.number)
    visit = get_visit_row(session, badge.holder_visit_id)
    if visit.state not in IN_CUSTODY:
        raise DomainError(BADGE_NOT_OUT, number=badge.number)
    return visit


def _scanned_visit(session: Session, secret: bytes, payload: str) -> Visit:
    """The visit in custody a badge card's or a visit sticker's code stands for."""
    token = _token(secret, payload)
    if token.kind is TokenKind.BADGE:
        return _holder(session, _card(session, token.id, _nonce(payload)))
    visit = session.get(Visit, token.id)
    if visit is None:
        raise TokenError(FORGED)
    if visit.state not in IN_CUSTODY:
        raise DomainError(STICKER_CLOSED)
    return visit


def visit_for_badge(db: Database, secret: bytes, payload: str) -> VisitSummary:
    """The visit holding the scanned card or sticker, for the operator's check-out
    (nothing recorded)."""
    with db.session() as session:
        return summarise(_scanned_visit(session, secret, payload), staff_names(session))


def request_exit(db: Database, secret: bytes, payload: str) -> VisitSummary:
    """The visitor scanned the badge card or the visit sticker at the kiosk to leave: tell
    the desk. The holder of the code is the visitor, so the summary (name) is theirs."""
    with db.session() as session:
        visit = _scanned_visit(session, secret, payload)
        audit.append(session, KIOSK, EXIT_REQUESTED, visit.id, badge=_badge_of(visit))
        summary = summarise(visit, staff_names(session))
    publish(VisitEvent(summary.id, EXIT_REQUESTED, summary.state.value))
    return summary


def request_exit_by_number(db: Database, badge_number: int) -> None:
    """The visitor typed the badge number at the kiosk (a card whose QR will not read).

    Returns nothing about the visit, and the same whether or not the badge is out, so the
    kiosk cannot be used to learn who is inside. A badge that does not exist, or is
    retired, is still named: the pool's numbers are no secret.
    """
    with db.session() as session:
        try:
            badge = _card(session, badge_number, None)
        except TokenError:
            raise NotFound("There is no badge number {number}.", number=badge_number) from None
        try:
            visit = _holder(session, badge)
        except DomainError:
            return
        audit.append(session, KIOSK, EXIT_TYPED, visit.id, badge=badge_number)
        visit_id, state = visit.id, visit.state.value
    publish(VisitEvent(visit_id, EXIT_TYPED, state))


def _badge_of(visit: Visit) -> int | None:
    loan = next((loan for loan in reversed(visit.badge_loans) if loan.returned_at is None),
                None)
    return loan.badge.number if loan is not None else None


@dataclass(frozen=True)
class ExitRequest:
    """A visitor asked to leave at ``at`` (the latest request); ``typed`` when every
    request was a typed badge number, which the desk confirms by seeing the badge."""

    at: dt.datetime
    typed: bool


def exit_requests(db: Database) -> dict[int, ExitRequest]:
    """Visits still in custody whose visitor asked to leave."""
    with db.session() as session:
        return exit_requests_in(session)


def exit_requests_in(session: Session) -> dict[int, ExitRequest]:
    rows = session.execute(
        select(AuditEvent.visit_id, AuditEvent.action, func.max(AuditEvent.at))
        .join(Visit, Visit.id == AuditEvent.visit_id)
        .where(AuditEvent.action.in_((EXIT_REQUESTED, EXIT_TYPED)),
               Visit.state.in_(IN_CUSTODY))
        .group_by(AuditEvent.visit_id, AuditEvent.action)
    ).all()
    found: dict[int, ExitRequest] = {}
    for visit_id, action, at in rows:
        if visit_id is None:
            continue
        seen = found.get(int(visit_id))
        typed = action == EXIT_TYPED and (seen is None or seen.typed)
        found[int(visit_id)] = ExitRequest(max(at, seen.at) if seen else at, typed)
    return found


def _serial_key(serial: str) -> str:
    return "".join(ch for ch in serial.upper() if ch.isalnum())


def match_device(devices: Sequence[DeviceRecord], scanned: str) -> DeviceRecord | None:
    """The carried-in device a scanned or typed serial belongs to.

    Labels and people disagree on case, spaces and dashes ("PF-1A2B 3C" vs "pf1a2b3c"),
    so only letters and digits are compared.
    """
    wanted = _serial_key(scanned)
    if not wanted:
        return None
    return next((d for d in devices if d.carried_in and _serial_key(d.serial) == wanted), None)


def finish_visit(db: Database, settings: Settings, actor: Actor, visit_id: int,
                 version: int | None, data: CheckOut) -> VisitSummary:
    """Check the visit out after checking the maintenance checklist against its definition.

    A check answered "problem" sets the problem flag even if the operator forgot to.
    """
    visit = get_visit(db, visit_id)
    checklist = checklists.checklist_for(settings, visit.summary.purpose_key)
    if checklist is not None:
        answers = checklists.clean_answers(checklist, data.checklist or {})
        data = replace(data, checklist=answers,
                       problem_found=data.problem_found
                       or checklists.has_problem(checklist, answers))
    return check_out(db, settings, actor, visit_id, version, data)
