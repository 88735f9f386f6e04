"""SOP step 6 from the badge's side: the visitor asks to leave, the desk finds the visit.

The visitor scans the badge card at the kiosk ("Keluar"); the console is told at once
(an event here, an audit row other terminals see when they poll) and the operator checks
the devices out. The operator may also scan the card at the desk, or type its number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, Badge, Visit
from kiosk.domain import checklists
from kiosk.domain.clock import utcnow
from kiosk.domain.lifecycle import IN_CUSTODY
from kiosk.domain.records import BadgeRecord, DeviceRecord, VisitSummary
from kiosk.domain.tokens import TokenError, TokenKind, verify_token
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


def visit_for_badge(db: Database, secret: bytes, payload: str) -> VisitSummary:
    """The visit holding the scanned card, for the operator's check-out (nothing recorded)."""
    number = _badge_number(secret, payload, None)
    with db.session() as session:
        visit = _holder(session, _card(session, number, _nonce(payload)))
        return summarise(visit, staff_names(session))


def request_exit(db: Database, secret: bytes, payload: str) -> VisitSummary:
    """The visitor scanned the badge at the kiosk to leave: tell the desk."""
    number = _badge_number(secret, payload, None)
    return _request_exit(db, number, _nonce(payload))


def request_exit_by_number(db: Database, badge_number: int) -> VisitSummary:
    """The visitor typed the badge number at the kiosk (a card whose QR will not read)."""
    return _request_exit(db, badge_number, None)


def _request_exit(db: Database, number: int, nonce: str | None) -> VisitSummary:
    with db.session() as session:
        try:
            visit = _holder(session, _card(session, number, nonce))
        except TokenError:
            if nonce is None:
                raise NotFound("There is no badge number {number}.", number=number) from None
            raise
        audit.append(session, KIOSK, "exit_requested", visit.id, badge=number)
        summary = summarise(visit, staff_names(session))
    publish(VisitEvent(summary.id, "exit_requested", summary.state.value))
    return summary


def exit_requests(db: Database) -> dict[int, dt.datetime]:
    """Visits still in custody whose visitor asked to leave, with the latest request time."""
    with db.session() as session:
        return exit_requests_in(session)


def exit_requests_in(session: Session) -> dict[int, dt.datetime]:
    rows = session.execute(
        select(AuditEvent.visit_id, func.max(AuditEvent.at))
        .join(Visit, Visit.id == AuditEvent.visit_id)
        .where(AuditEvent.action == "exit_requested", Visit.state.in_(IN_CUSTODY))
        .group_by(AuditEvent.visit_id)
    ).all()
    return {int(visit_id): at for visit_id, at in rows if visit_id is not None}


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
