"""Staff accounts: creation, the first administrator, PIN changes, lockouts lifted,
escorts on duty. Signing in is ``kiosk.services.signin``.

PINs are stored as Argon2id hashes. A PIN a person chooses must not be one of the first
ones guessed (``kiosk.domain.pins``); only the demo data may use the published demo PIN,
and its accounts are marked to choose their own at the first sign-in of a real
installation.
"""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import Staff
from kiosk.domain.clock import utcnow
from kiosk.domain.notices import recipient
from kiosk.domain.pins import check_new_pin, check_pin_shape
from kiosk.domain.records import StaffRecord
from kiosk.domain.types import Role
from kiosk.domain.validation import clean_text
from kiosk.errors import DomainError, NotFound, ValidationError
from kiosk.services import audit
from kiosk.services.actors import SYSTEM, Actor
from kiosk.services.records import staff_record

hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id
FULL_NAME_MAX = 200  # staff.full_name


def pin_matches(pin_hash: str, pin: str) -> bool:
    try:
        return hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def _username(value: str) -> str:
    name = clean_text(value).lower()
    if not name or len(name) > 64 or not all(ch.isalnum() or ch in "._-" for ch in name):
        raise ValidationError("username", "A user name may contain letters, digits and . _ - "
                                          "only.")
    return name


def add_staff(db: Database, actor: Actor, username: str, pin: str, role: Role,
              full_name: str = "", *, demo_account: bool = False) -> StaffRecord:
    """Create an account. The first account may be created by the system (setup).

    ``demo_account``: made by the demo data with the published demo PIN, so the account
    must choose its own PIN at the first sign-in once the installation is not a demo.
    """
    actor.require(Role.ADMIN, Role.SUPERVISOR)
    if role is Role.ADMIN and actor.role is not Role.ADMIN:
        actor.require(Role.ADMIN)
    name = _username(username)
    if demo_account:
        check_pin_shape(pin)
    else:
        check_new_pin(pin)
    pin_hash = hasher.hash(pin)
    with db.session() as session:
        staff = _insert(session, name, full_name, role, pin_hash, must_change_pin=demo_account)
        audit.append(session, actor, "staff_added", staff_id=staff.id, role=role.value)
        return staff_record(staff)


def _insert(session: Session, name: str, full_name: str, role: Role, pin_hash: str, *,
            must_change_pin: bool) -> Staff:
    full_name = clean_text(full_name)
    if len(full_name) > FULL_NAME_MAX:
        raise ValidationError("full_name", "A full name may have at most {n} characters.",
                              n=FULL_NAME_MAX)
    if session.scalar(select(Staff.id).where(Staff.username == name)) is not None:
        raise ValidationError("username", "The user name {name} is taken.", name=name)
    staff = Staff(username=name, full_name=full_name or name, role=role,
                  pin_hash=pin_hash, active=True, on_duty=True, failed_logins=0,
                  must_change_pin=must_change_pin)
    session.add(staff)
    session.flush()
    return staff


class AlreadySetUp(DomainError):
    """The first administrator exists already (made at another terminal, or by the CLI)."""


def needs_first_admin(db: Database) -> bool:
    """True on an empty installation: nobody can sign in until an administrator exists."""
    with db.session() as session:
        return not session.scalar(select(func.count(Staff.id)))


def create_first_admin(db: Database, settings: Settings, username: str, pin: str,
                       full_name: str = "") -> Actor:
    """The first administrator, typed on the kiosk's first-run screen, signed in at once.

    Refused once any account exists, so the screen cannot be used to add an administrator
    behind the back of the real one.
    """
    name = _username(username)
    check_new_pin(pin)
    pin_hash = hasher.hash(pin)
    with db.session() as session:
        if session.scalar(select(func.count(Staff.id))):
            raise AlreadySetUp("Staff accounts exist already: sign in with Staff.")
        staff = _insert(session, name, full_name, Role.ADMIN, pin_hash, must_change_pin=False)
        audit.append(session, SYSTEM, "staff_added", staff_id=staff.id, role=Role.ADMIN.value,
                     first_run=True)
        actor = actor_for(staff)
        audit.append(session, actor, "login", staff_id=staff.id,
                     terminal=settings.terminal_name)
        return actor


def actor_for(staff: Staff, *, must_change_pin: bool = False) -> Actor:
    return Actor(staff.id, staff.username, staff.full_name, staff.role, must_change_pin)


def actor_for_record(record: StaffRecord) -> Actor:
    """An actor without a sign-in, for jobs the app runs on someone's behalf (demo data)."""
    return Actor(record.id, record.username, record.full_name, record.role)


def locked(staff: Staff, now: dt.datetime) -> bool:
    return staff.locked_until is not None and staff.locked_until > now


def count_wrong_pin(session: Session, settings: Settings, staff: Staff,
                    now: dt.datetime) -> None:
    """One more wrong PIN against this account; lock it when the window's count is full.

    The threshold is high on purpose: the terminal's growing wait is what stops guessing
    at the door, and a low one would let any passer-by lock the administrator out.
    """
    window = dt.timedelta(hours=settings.lockout_window_hours)
    if staff.failed_since is None or now - staff.failed_since >= window:
        staff.failed_since, staff.failed_logins = now, 0
    staff.failed_logins += 1
    if staff.failed_logins >= settings.lockout_attempts and not locked(staff, now):
        staff.locked_until = now + dt.timedelta(minutes=settings.lockout_minutes)
        staff.failed_since, staff.failed_logins = None, 0
        audit.append(session, SYSTEM, "account_locked", staff_id=staff.id,
                     attempts=settings.lockout_attempts, minutes=settings.lockout_minutes)


def _own_account(session: Session, actor: Actor, now: dt.datetime) -> Staff:
    staff = session.get(Staff, actor.staff_id, with_for_update=True) \
        if actor.staff_id is not None else None
    if staff is None or not staff.active or locked(staff, now):
        raise NotFound("There is no active staff account with that name.")
    return staff


def change_own_pin(db: Database, settings: Settings, actor: Actor, current_pin: str,
                   new_pin: str) -> Actor:
    """The signed-in person chooses a new PIN; returns them signed in without the mark.

    The current PIN is asked again, so someone passing an unattended console cannot take
    the account over; a wrong one counts against the account like a wrong sign-in.
    """
    check_new_pin(new_pin)
    if new_pin == current_pin:
        raise ValidationError("pin", "The new PIN must differ from the current one.")
    pin_hash = hasher.hash(new_pin)
    now = utcnow()
    with db.session() as session:
        current_hash = _own_account(session, actor, now).pin_hash
    # Verified between two short transactions, so nobody else waits behind Argon2.
    matches = pin_matches(current_hash, current_pin)
    with db.session() as session:
        staff = _own_account(session, actor, now)
        if matches and staff.pin_hash == current_hash:
            staff.pin_hash, staff.must_change_pin = pin_hash, False
            audit.append(session, actor, "staff_pin_changed", staff_id=staff.id)
            return actor_for(staff)
        if not matches:
            count_wrong_pin(session, settings, staff, now)
        wrong = ValidationError("current_pin", "The current PIN is wrong.")
    raise wrong  # after the block, so the wrong try is counted


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
    actor.require(Role.SUPERVISOR)
    check_new_pin(pin)
    pin_hash = hasher.hash(pin)
    with db.session() as session:
        staff = _managed(session, actor, staff_id)
        staff.pin_hash, staff.must_change_pin = pin_hash, False
        _clear_lockout(staff)
        audit.append(session, actor, "staff_pin_reset", staff_id=staff.id)
        return staff_record(staff)


def unlock(db: Database, actor: Actor, staff_id: int) -> StaffRecord:
    """Lift a lockout before its time runs out (the person proved who they are)."""
    with db.session() as session:
        staff = _managed(session, actor, staff_id)
        _clear_lockout(staff)
        audit.append(session, actor, "staff_unlocked", staff_id=staff.id)
        return staff_record(staff)


def _clear_lockout(staff: Staff) -> None:
    staff.failed_logins, staff.failed_since, staff.locked_until = 0, None, None


def find_staff(db: Database, username: str) -> StaffRecord:
    """The account with this user name, for the command line."""
    with db.session() as session:
        staff = session.scalar(select(Staff).where(Staff.username == clean_text(username)
                                                   .lower()))
        if staff is None:
            raise NotFound("There is no staff account named {name}.", name=username)
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
