"""Staff sign-in that a stranger at the kiosk can neither probe nor use to lock anyone out.

- Every refusal has the same words and costs the same time: the PIN is verified with
  Argon2 whether the name exists or not (a hash of a random PIN stands in for unknown
  names) and whether the account is locked or disabled or not.
- Wrong sign-ins slow down the terminal they were typed at (``terminal_name``): the next
  try waits 1, 2, 4 ... seconds, up to ``signin_delay_max_seconds``. The state is a row
  in ``login_throttle``, so a restart does not reset it and each door on a shared
  PostgreSQL server has its own. The account itself is not locked by this.
- An account locks only after ``lockout_attempts`` wrong PINs within
  ``lockout_window_hours``, from any terminal (``staff.count_wrong_pin``).
- A burst of wrong sign-ins at a terminal becomes ONE ``login_failures`` event in the
  audit chain, written when the burst closes: at the next success, at the next try after
  ``signin_quiet_minutes`` of quiet, or by the periodic ``close_quiet_bursts``. The
  counter lives in the throttle row until then, so no audit event is ever edited.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
from functools import cache

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import LoginThrottle, Staff
from kiosk.domain.clock import utcnow
from kiosk.domain.pins import retry_delay
from kiosk.domain.validation import clean_text
from kiosk.errors import DomainError
from kiosk.i18n import N_
from kiosk.services import audit
from kiosk.services.actors import SYSTEM, Actor
from kiosk.services.staff import actor_for, count_wrong_pin, hasher, locked, pin_matches

#: The one answer to every refused sign-in: it never says which part was wrong.
REFUSED = N_("Wrong name or PIN, or the account is locked or disabled.")
THROTTLED = N_("Too many wrong tries at this terminal. Wait {seconds} s, then try again.")


class LoginFailed(DomainError):
    """A refused sign-in. ``wait_seconds``: how long this terminal must now wait."""

    def __init__(self, message: str, /, *, wait_seconds: int = 0, **params: object) -> None:
        super().__init__(message, **params)
        self.wait_seconds = wait_seconds


@cache
def _stand_in_hash() -> str:
    """A hash of a random PIN, made with today's parameters, verified for unknown names
    so that they take as long to refuse as known ones."""
    return hasher.hash(secrets.token_urlsafe(24))


def authenticate(db: Database, settings: Settings, username: str, pin: str,
                 now: dt.datetime | None = None) -> Actor:
    """Check a name and PIN at this terminal; see the module docstring for the rules.

    The Argon2 verification runs between two short transactions, so other terminals
    (and the visitor's own screen) never wait behind it.
    """
    now = now or utcnow()
    name = clean_text(username).lower()
    with db.session() as session:
        wait = _wait(session.get(LoginThrottle, settings.terminal_name), now)
        known_hash = None if wait else session.scalar(
            select(Staff.pin_hash).where(Staff.username == name))
    if wait:
        raise LoginFailed(THROTTLED, wait_seconds=wait, seconds=wait)
    matches = pin_matches(known_hash or _stand_in_hash(), pin)
    with db.session() as session:
        outcome = _settle(session, settings, name, pin, known_hash, matches, now)
    if isinstance(outcome, LoginFailed):
        raise outcome  # after the block, so the terminal's and the account's counts stay
    return outcome


def _settle(session: Session, settings: Settings, name: str, pin: str,
            verified_hash: str | None, matches: bool, now: dt.datetime) -> Actor | LoginFailed:
    """The second half of a sign-in, under the terminal's row lock: the outcome."""
    throttle = _throttle(session, settings.terminal_name)
    _close_if_quiet(session, settings, throttle, now)
    wait = _wait(throttle, now)
    if wait:  # another try at this terminal got in first
        return LoginFailed(THROTTLED, wait_seconds=wait, seconds=wait)
    staff = session.execute(
        select(Staff).where(Staff.username == name).with_for_update()
    ).scalar_one_or_none()
    if (staff is not None and matches and staff.pin_hash == verified_hash and staff.active
            and not locked(staff, now)):
        return _signed_in(session, settings, throttle, staff, pin)
    if staff is not None and not matches:
        count_wrong_pin(session, settings, staff, now)
    return LoginFailed(REFUSED, wait_seconds=_count_failure(settings, throttle, now))


def _signed_in(session: Session, settings: Settings, throttle: LoginThrottle, staff: Staff,
               pin: str) -> Actor:
    if throttle.failures:
        _close_burst(session, throttle)
    if hasher.check_needs_rehash(staff.pin_hash):
        staff.pin_hash = hasher.hash(pin)
    actor = actor_for(staff, must_change_pin=staff.must_change_pin and not settings.demo)
    audit.append(session, actor, "login", staff_id=staff.id, terminal=settings.terminal_name)
    return actor


def signin_wait(db: Database, settings: Settings, now: dt.datetime | None = None) -> int:
    """Seconds this terminal must still wait before the next try (0: it may try now).

    The sign-in screen asks when it opens, so closing and reopening it shows the same wait.
    The stand-in hash is made here too, so the first unknown name after a start is not
    slower to refuse than the rest.
    """
    _stand_in_hash()
    with db.session() as session:
        return _wait(session.get(LoginThrottle, settings.terminal_name), now or utcnow())


def close_quiet_bursts(db: Database, settings: Settings, now: dt.datetime | None = None) -> int:
    """Summarise every terminal's burst that has been quiet long enough; returns how many.

    Run periodically by the kiosk, so a burst at a door nobody signs in at afterwards
    still reaches the audit trail. Any terminal may close any terminal's burst.
    """
    now = now or utcnow()
    cutoff = now - dt.timedelta(minutes=settings.signin_quiet_minutes)
    with db.session() as session:
        rows = session.execute(
            select(LoginThrottle).where(LoginThrottle.failures > 0,
                                        LoginThrottle.last_failure_at <= cutoff)
            .with_for_update()
        ).scalars().all()
        for throttle in rows:
            _close_burst(session, throttle)
        return len(rows)


def _throttle(session: Session, terminal: str) -> LoginThrottle:
    """This terminal's row, locked; made on its first wrong sign-in or success."""
    row = session.get(LoginThrottle, terminal, with_for_update=True)
    if row is not None:
        return row
    try:
        with session.begin_nested():  # two first tries at once: one insert wins
            session.add(LoginThrottle(terminal=terminal, failures=0))
    except IntegrityError:
        pass
    return session.get_one(LoginThrottle, terminal, with_for_update=True,
                           populate_existing=True)


def _wait(throttle: LoginThrottle | None, now: dt.datetime) -> int:
    if throttle is None or throttle.blocked_until is None or throttle.blocked_until <= now:
        return 0
    return math.ceil((throttle.blocked_until - now).total_seconds())


def _count_failure(settings: Settings, throttle: LoginThrottle, now: dt.datetime) -> int:
    """One more wrong sign-in in this terminal's burst; returns the wait it now imposes."""
    throttle.failures += 1
    throttle.first_failure_at = throttle.first_failure_at or now
    throttle.last_failure_at = now
    wait = retry_delay(throttle.failures, settings.signin_delay_max_seconds)
    throttle.blocked_until = now + dt.timedelta(seconds=wait)
    return wait


def _close_if_quiet(session: Session, settings: Settings, throttle: LoginThrottle,
                    now: dt.datetime) -> None:
    quiet = dt.timedelta(minutes=settings.signin_quiet_minutes)
    if throttle.failures and throttle.last_failure_at is not None \
            and now - throttle.last_failure_at >= quiet:
        _close_burst(session, throttle)


def _close_burst(session: Session, throttle: LoginThrottle) -> None:
    """Write the burst's one audit event and start the terminal's count again."""
    audit.append(session, SYSTEM, "login_failures", terminal=throttle.terminal,
                 failures=throttle.failures, first_at=_iso(throttle.first_failure_at),
                 last_at=_iso(throttle.last_failure_at))
    throttle.failures = 0
    throttle.first_failure_at = throttle.last_failure_at = throttle.blocked_until = None


def _iso(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.astimezone(dt.UTC).isoformat(timespec="seconds")
