"""Staff accounts: creation, sign-in with lockout, escorts on duty.

PINs are stored as Argon2id hashes. Repeated wrong PINs lock the account for a while,
and every sign-in, failure and lock is written to the audit chain.
"""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import Staff
from kiosk.domain.clock import utcnow
from kiosk.domain.notices import recipient
from kiosk.domain.records import StaffRecord
from kiosk.domain.types import Role
from kiosk.domain.validation import clean_text
from kiosk.errors import DomainError, NotFound, ValidationError
from kiosk.services import audit
from kiosk.services.actors import SYSTEM, Actor
from kiosk.services.records import staff_record

MIN_PIN_LENGTH = 6
_hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id


class LoginFailed(DomainError):
    """Wrong name or PIN, or a locked or disabled account."""


def hash_pin(pin: str) -> str:
    if len(pin) < MIN_PIN_LENGTH or pin.strip() != pin:
        raise ValidationError("pin", "A PIN needs at least {n} characters and no spaces "
                                     "at either end.", n=MIN_PIN_LENGTH)
    return _hasher.hash(pin)


def _username(value: str) -> str:
    name = clean_text(value).lower()
    if not name or len(name) > 64 or not all(ch.isalnum() or ch in "._-" for ch in name):
        raise ValidationError("username", "A user name may contain letters, digits and . _ - "
                                          "only.")
    return name


def add_staff(db: Database, actor: Actor, username: str, pin: str, role: Role,
              full_name: str = "") -> StaffRecord:
    """Create an account. The first account may be created by the system (setup)."""
    actor.require(Role.ADMIN, Role.SUPERVISOR)
    if role is Role.ADMIN and actor.role is not Role.ADMIN:
        actor.require(Role.ADMIN)
    name = _username(username)
    pin_hash = hash_pin(pin)
    with db.session() as session:
        if session.scalar(select(Staff.id).where(Staff.username == name)) is not None:
            raise ValidationError("username", "The user name {name} is taken.", name=name)
        staff = Staff(username=name, full_name=clean_text(full_name) or name, role=role,
                      pin_hash=pin_hash, active=True, on_duty=True, failed_logins=0)
        session.add(staff)
        session.flush()
        audit.append(session, actor, "staff_added", staff_id=staff.id, role=role.value)
        return staff_record(staff)


def actor_for(staff: Staff) -> Actor:
    return Actor(staff.id, staff.username, staff.full_name, staff.role)


def actor_for_record(record: StaffRecord) -> Actor:
    """An actor without a sign-in, for jobs the app runs on someone's behalf (demo data)."""
    return Actor(record.id, record.username, record.full_name, record.role)


def authenticate(db: Database, settings: Settings, username: str, pin: str,
                 now: dt.datetime | None = None) -> Actor:
    """Check a name and PIN; lock the account after too many wrong tries.

    The failure message is the same for an unknown name and a wrong PIN, so the screen
    does not tell a stranger which staff names exist.
    """
    now = now or utcnow()
    name = clean_text(username).lower()
    with db.session() as session:
        staff = session.execute(
            select(Staff).where(Staff.username == name).with_for_update()
        ).scalar_one_or_none()
        if staff is None or not staff.active:
            audit.append(session, SYSTEM, "login_failed", account_known=staff is not None)
            failure = LoginFailed("Wrong name or PIN.")
        elif staff.locked_until is not None and staff.locked_until > now:
            audit.append(session, SYSTEM, "login_refused_locked", staff_id=staff.id)
            minutes = max(1, int((staff.locked_until - now).total_seconds() // 60) + 1)
            failure = LoginFailed("This account is locked for {minutes} more minutes after "
                                  "too many wrong PINs.", minutes=minutes)
        elif not _pin_matches(staff.pin_hash, pin):
            staff.failed_logins += 1
            audit.append(session, SYSTEM, "login_failed", staff_id=staff.id,
                         attempt=staff.failed_logins)
            if staff.failed_logins >= settings.lockout_attempts:
                staff.locked_until = now + dt.timedelta(minutes=settings.lockout_minutes)
                staff.failed_logins = 0
                audit.append(session, SYSTEM, "account_locked", staff_id=staff.id,
                             minutes=settings.lockout_minutes)
            failure = LoginFailed("Wrong name or PIN.")
        else:
            staff.failed_logins = 0
            staff.locked_until = None
            if _hasher.check_needs_rehash(staff.pin_hash):
                staff.pin_hash = _hasher.hash(pin)
            actor = actor_for(staff)
            audit.append(session, actor, "login", staff_id=staff.id)
            return actor
    # Raised after the block so the failure count and audit events are committed.
    raise failure


def _pin_matches(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def list_staff(db: Database) -> list[StaffRecord]:
    with db.session() as session:
        rows = session.execute(select(Staff).order_by(Staff.full_name)).scalars()
        return [staff_record(s) for s in rows]


def escorts_on_duty(db: Database) -> list[StaffRecord]:
    with db.session() as session:
        rows = session.execute(
            select(Staff).where(Staff.active.is_(True), Staff.on_duty.is_(True))
            .order_by(Staff.full_name)
        ).scalars()
        return [staff_record(s) for s in rows]


def staff_names(session: Session) -> dict[int, str]:
    return {row[0]: row[1] for row in session.execute(select(Staff.id, Staff.full_name))}


def get_active_staff(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise NotFound("There is no active staff account with that name.")
    return staff


# --- account management (supervisor) -------------------------------------------------------


def managed_staff(db: Database, actor: Actor) -> list[StaffRecord]:
    """Every account, for the supervisor's staff screen."""
    actor.require(Role.SUPERVISOR)
    return list_staff(db)


def _managed(session: Session, actor: Actor, staff_id: int) -> Staff:
    """The account ``actor`` may change: supervisors manage operators and supervisors,
    only an admin manages an admin."""
    actor.require(Role.SUPERVISOR)
    staff = session.get(Staff, staff_id, with_for_update=True)
    if staff is None:
        raise NotFound("There is no active staff account with that name.")
    if staff.role is Role.ADMIN:
        actor.require(Role.ADMIN)
    return staff


def set_active(db: Database, actor: Actor, staff_id: int, active: bool) -> StaffRecord:
    """Disable an account (someone left) or enable it again; history keeps the name."""
    if staff_id == actor.staff_id and not active:
        raise DomainError("You cannot disable your own account.")
    with db.session() as session:
        staff = _managed(session, actor, staff_id)
        staff.active = active
        audit.append(session, actor, "staff_enabled" if active else "staff_disabled",
                     staff_id=staff.id)
        return staff_record(staff)


def set_on_duty(db: Database, actor: Actor, staff_id: int, on_duty: bool) -> StaffRecord:
    """Who may be picked as escort. Anyone may set their own; a supervisor anyone's."""
    with db.session() as session:
        if staff_id == actor.staff_id:
            staff = session.get(Staff, staff_id, with_for_update=True)
            if staff is None:
                raise NotFound("There is no active staff account with that name.")
        else:
            staff = _managed(session, actor, staff_id)
        staff.on_duty = on_duty
        audit.append(session, actor, "staff_on_duty" if on_duty else "staff_off_duty",
                     staff_id=staff.id)
        return staff_record(staff)


def reset_pin(db: Database, actor: Actor, staff_id: int, pin: str) -> StaffRecord:
    """A new PIN for someone who forgot theirs; it also lifts a lockout."""
    pin_hash = hash_pin(pin)
    with db.session() as session:
        staff = _managed(session, actor, staff_id)
        staff.pin_hash, staff.failed_logins, staff.locked_until = pin_hash, 0, None
        audit.append(session, actor, "staff_pin_reset", staff_id=staff.id)
        return staff_record(staff)


def unlock(db: Database, actor: Actor, staff_id: int) -> StaffRecord:
    """Lift a lockout before its time runs out (the person proved who they are)."""
    with db.session() as session:
        staff = _managed(session, actor, staff_id)
        staff.failed_logins, staff.locked_until = 0, None
        audit.append(session, actor, "staff_unlocked", staff_id=staff.id)
        return staff_record(staff)


def set_notify_target(db: Database, actor: Actor, staff_id: int, target: str) -> StaffRecord:
    """Where this person hears of visitors they escort or invited; empty for nowhere."""
    address = recipient(target) if clean_text(target) else ""
    with db.session() as session:
        staff = _managed(session, actor, staff_id)
        staff.notify_target = address
        audit.append(session, actor, "staff_contact_set", staff_id=staff.id,
                     channel="telegram" if address.startswith("telegram:")
                     else "email" if address else "none")
        return staff_record(staff)
