import datetime as dt

import pytest

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.clock import utcnow
from kiosk.domain.types import Role
from kiosk.errors import DomainError, PermissionDenied
from kiosk.services import signin, staff
from kiosk.services.actors import SYSTEM
from kiosk.services.signin import LoginFailed
from tests.support.factories import PIN, Team


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    return sqlite_db


def test_an_operator_cannot_manage_staff(db: Database, team: Team) -> None:
    target = team.second_operator.staff_id or 0
    for attempt in (lambda: staff.managed_staff(db, team.operator),
                    lambda: staff.set_active(db, team.operator, target, False),
                    lambda: staff.reset_pin(db, team.operator, target, "999999"),
                    lambda: staff.unlock(db, team.operator, target),
                    lambda: staff.set_on_duty(db, team.operator, target, False),
                    lambda: staff.add_staff(db, team.operator, "tono", "999999",
                                            Role.OPERATOR)):
        with pytest.raises(PermissionDenied):
            attempt()
    # ...but may say they are off duty themselves.
    assert not staff.set_on_duty(db, team.operator, team.operator.staff_id or 0,
                                 False).on_duty
    assert team.operator.staff_id not in {s.id for s in staff.escorts_on_duty(db)}


def _wrong_pins(db: Database, settings: Settings, name: str, count: int,
                start: dt.datetime) -> dt.datetime:
    """``count`` wrong PINs, each after the terminal's wait; returns when the next may come."""
    at = start
    for _ in range(count):
        with pytest.raises(LoginFailed) as caught:
            signin.authenticate(db, settings, name, "000000", now=at)
        at += dt.timedelta(seconds=caught.value.wait_seconds)
    return at


def test_supervisor_disables_resets_and_unlocks(db: Database, settings: Settings,
                                                team: Team) -> None:
    target = team.second_operator.staff_id or 0
    at = _wrong_pins(db, settings, "rina", settings.lockout_attempts, utcnow())
    locked = next(s for s in staff.managed_staff(db, team.supervisor) if s.id == target)
    assert locked.locked_at(at)
    assert staff.unlock(db, team.supervisor, target).locked_until is None
    staff.reset_pin(db, team.supervisor, target, "135790")
    assert signin.authenticate(db, settings, "rina", "135790", now=at).staff_id == target
    staff.set_active(db, team.supervisor, target, False)
    with pytest.raises(LoginFailed):
        signin.authenticate(db, settings, "rina", "135790", now=at)
    assert target not in {s.id for s in staff.escorts_on_duty(db)}


def test_only_an_admin_manages_an_admin_and_nobody_disables_themselves(
        db: Database, team: Team) -> None:
    admin_id = team.admin.staff_id or 0
    with pytest.raises(PermissionDenied):
        staff.reset_pin(db, team.supervisor, admin_id, "975310")
    with pytest.raises(DomainError, match="your own"):
        staff.set_active(db, team.supervisor, team.supervisor.staff_id or 0, False)
    assert not staff.set_active(db, team.admin, team.supervisor.staff_id or 0, False).active
    assert staff.reset_pin(db, SYSTEM, admin_id, PIN).id == admin_id


def test_lockout_expires_after_the_configured_minutes(db: Database, team: Team) -> None:
    settings = Settings(lockout_attempts=2, lockout_minutes=1)
    start = _wrong_pins(db, settings, "budi", 2, utcnow())
    with pytest.raises(LoginFailed):  # the right PIN, but the account is locked
        signin.authenticate(db, settings, "budi", PIN, now=start + dt.timedelta(seconds=30))
    assert signin.authenticate(db, settings, "budi", PIN,
                               now=start + dt.timedelta(minutes=2)).username == "budi"
