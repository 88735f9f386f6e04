"""Contractor passes: a signed QR card for someone who comes often.

A vendor's engineer who comes every week gets a card (``TokenKind.PASS``) valid for a
number of days and for named purposes. Scanned at the kiosk it fills the form like an
invitation, but it is not used up: each visit on it is still a full visit, with devices
checked in and out, the same approval, and the ID card taken compared with the pass.

Supervisors issue and revoke passes (or ``pintu pass`` on the server); operators see
them and print their cards. The deny list is checked at approval exactly as for anyone
else, so a pass never lets a denied person in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import ContractorPass, Visit
from kiosk.domain import validation
from kiosk.domain.clock import today, utcnow
from kiosk.domain.lifecycle import OPEN
from kiosk.domain.records import PassRecord, PassState, masked_id, visit_number
from kiosk.domain.tokens import TokenError, TokenKind, issue_token, new_nonce, verify_token
from kiosk.domain.types import IdType, Role
from kiosk.errors import DomainError, NotFound, ValidationError
from kiosk.formats import short_date
from kiosk.i18n import N_
from kiosk.services import audit
from kiosk.services.actors import Actor
from kiosk.services.invitations import LATE_EXPLAINED, parse_day, purpose_key
from kiosk.services.records import pass_record

MAX_PASS_DAYS = 366
#: Starting a pass further ahead than this is a typing mistake.
MAX_DAYS_AHEAD = 366

NOT_A_PASS = N_("This is not a pass. Please show your pass card.")
REVOKED = N_("This pass was revoked. Please fill in the form or ask the operator.")
NOT_YET = N_("This pass is valid from {date}. Please ask the operator.")
EXPIRED = N_("This pass expired on {date}. Please ask the operator for a new one.")
PURPOSE_NOT_COVERED = N_("Your pass does not cover this purpose. Choose a purpose it covers, "
                         "or ask the operator.")
IN_USE = N_("This pass is already in use for visit {number}. Please ask the operator.")
NOT_THE_HOLDER = N_("The ID on the form is not the one on the pass. A pass is only for the "
                    "person named on it.")
CARD_NOT_THE_HOLDER = N_("The ID card taken is not the one on pass {number} ({masked}). A "
                         "pass is only for the person named on it.")


@dataclass(frozen=True)
class PassInput:
    """What a supervisor types (or ``pintu pass add`` is given), as typed."""

    full_name: str
    id_number: str
    organisation: str
    #: Purpose keys or labels, as a sequence or comma-separated.
    purposes: str | Sequence[str]
    days: int | str
    id_type: str = IdType.KTP.value
    phone: str = ""
    pic: str = ""
    #: The first day; default today.
    valid_from: dt.date | str | None = None


def _days(value: int | str) -> int:
    try:
        days = int(str(value).strip())
    except ValueError:
        days = 0
    if not 1 <= days <= MAX_PASS_DAYS:
        raise ValidationError("days", "A pass is valid for 1 to {max} days.",
                              max=MAX_PASS_DAYS)
    return days


def _purposes(settings: Settings, value: str | Sequence[str]) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else list(value)
    keys: list[str] = []
    for item in items:
        if validation.clean_text(item):
            key = purpose_key(settings, item)
            if key not in keys:
                keys.append(key)
    if not keys:
        raise ValidationError("purposes", "Choose at least one purpose the pass covers.")
    return tuple(keys)


def issue_pass(db: Database, settings: Settings, actor: Actor, data: PassInput) -> PassRecord:
    """A new pass from ``valid_from`` (default today) for ``days`` days; print its card
    with ``pass_token``."""
    actor.require(Role.SUPERVISOR)
    try:
        id_type = IdType(data.id_type)
    except ValueError:
        raise ValidationError("id_type", "Please choose the kind of ID you are showing.") from None
    first = parse_day(data.valid_from) if data.valid_from else today()
    if first < today():
        raise ValidationError("valid_on", "The date of the visit has already passed.")
    if first > today() + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError("valid_on", "Invite at most a year ahead.")
    days = _days(data.days)
    row = ContractorPass(
        full_name=validation.full_name(data.full_name), id_type=id_type,
        id_number=validation.id_number(id_type.value, data.id_number),
        organisation=validation.organisation(data.organisation),
        phone=validation.phone(data.phone) if validation.clean_text(data.phone) else "",
        pic=validation.pic(data.pic) if validation.clean_text(data.pic) else "",
        purposes=",".join(_purposes(settings, data.purposes)),
        valid_from=first, valid_until=first + dt.timedelta(days=days - 1),
        nonce=new_nonce(), issued_by_id=actor.staff_id)
    with db.session() as session:
        session.add(row)
        session.flush()
        audit.append(session, actor, "pass_issued", pass_id=row.id, days=days,
                     purposes=row.purposes.split(","))
        return pass_record(row)


def revoke_pass(db: Database, actor: Actor, pass_id: int, reason: str) -> PassRecord:
    """The pass stops working at once, at the kiosk and at approval."""
    actor.require(Role.SUPERVISOR)
    why = validation.reason(reason)
    with db.session() as session:
        row = session.get(ContractorPass, pass_id, with_for_update=True)
        if row is None:
            raise NotFound("Pass {number} does not exist.", number=pass_id)
        if row.revoked_at is None:
            row.revoked_at, row.revoked_by_id, row.revoked_reason = (utcnow(), actor.staff_id,
                                                                     why)
            audit.append(session, actor, "pass_revoked", pass_id=row.id)
        return pass_record(row)


def list_passes(db: Database) -> list[PassRecord]:
    """Every pass, newest first."""
    with db.session() as session:
        rows = session.execute(select(ContractorPass).order_by(ContractorPass.id.desc()))
        return [pass_record(r) for r in rows.scalars()]


def get_pass(db: Database, pass_id: int) -> PassRecord:
    with db.session() as session:
        row = session.get(ContractorPass, pass_id)
        if row is None:
            raise NotFound("Pass {number} does not exist.", number=pass_id)
        return pass_record(row)


def pass_token(secret: bytes, record: PassRecord) -> str:
    """The card's code. It scans for a while after the pass ends, so the kiosk can say
    the pass expired (and on which day) rather than that the code did."""
    return issue_token(secret, TokenKind.PASS, record.id,
                       expires_at=record.window.end + LATE_EXPLAINED, nonce=record.nonce)


def check_usable(record: PassRecord, moment: dt.datetime) -> None:
    """Refuse a revoked pass, or one used before or after its days."""
    state = record.state(moment)
    if state is PassState.REVOKED:
        raise DomainError(REVOKED)
    if state is PassState.NOT_YET:
        raise DomainError(NOT_YET, date=short_date(record.valid_from))
    if state is PassState.EXPIRED:
        raise DomainError(EXPIRED, date=short_date(record.valid_until))


def check_purpose(record: PassRecord, key: str | None) -> None:
    if key not in record.purposes:
        raise ValidationError("purpose_key", PURPOSE_NOT_COVERED)


def pass_from_payload(db: Database, secret: bytes, payload: str,
                      now: dt.datetime | None = None) -> PassRecord:
    """The pass a scanned QR stands for, if it may fill a form now.

    Refused with a message for the visitor: a forged or reissued code, a code that is not
    a pass, a revoked pass, and one shown before or after its days.
    """
    moment = now or utcnow()
    token = verify_token(secret, payload.strip(), moment)
    if token.kind is not TokenKind.PASS:
        raise TokenError(NOT_A_PASS)
    with db.session() as session:
        row = session.get(ContractorPass, token.id)
        if row is None or row.nonce != token.nonce:
            raise TokenError("This code has been altered or is not from this site.")
        record = pass_record(row)
    check_usable(record, moment)
    return record


def use_pass(session: Session, pass_id: int, id_type: IdType, id_number: str,
             purpose: str, now: dt.datetime) -> PassRecord:
    """Check, in the transaction that submits a visit, that the pass may make it: usable
    now, for this purpose, by its holder, and not already on a visit still open."""
    row = session.get(ContractorPass, pass_id, with_for_update=True)
    if row is None:
        raise NotFound("Pass {number} does not exist.", number=pass_id)
    record = pass_record(row)
    check_usable(record, now)
    check_purpose(record, purpose)
    if (id_type, id_number) != (record.id_type, record.id_number):
        raise ValidationError("id_number", NOT_THE_HOLDER)
    open_visit = session.scalar(select(Visit.id).where(Visit.pass_id == pass_id,
                                                       Visit.state.in_(OPEN)).limit(1))
    if open_visit is not None:
        raise DomainError(IN_USE, number=visit_number(open_visit))
    return record


def check_at_approval(session: Session, pass_id: int, card: tuple[IdType, str],
                      now: dt.datetime) -> None:
    """At approval the pass must still be usable, and the card in hand must be the one
    on the pass: no note explains a different card away."""
    row = session.get(ContractorPass, pass_id)
    if row is None:
        raise NotFound("Pass {number} does not exist.", number=pass_id)
    record = pass_record(row)
    check_usable(record, now)
    if card != (record.id_type, record.id_number):
        raise ValidationError("id_card_number", CARD_NOT_THE_HOLDER, number=record.number,
                              masked=masked_id(record.id_type, record.id_number))
