"""Setting PINs: weak ones refused wherever a person chooses one, the first administrator
of an empty installation, and demo accounts made to choose their own PIN."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.db.models import Staff
from kiosk.domain.clock import utcnow
from kiosk.domain.pins import DEMO_PIN
from kiosk.domain.types import Role
from kiosk.errors import DomainError, NotFound, PermissionDenied, ValidationError
from kiosk.services import audit, badges, signin, staff
from kiosk.services.actors import SYSTEM
from kiosk.services.signin import LoginFailed
from tests.support.factories import PIN, Team

NEW = "802461"


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    return sqlite_db


def test_weak_pins_are_refused_wherever_a_pin_is_chosen(
        db: Database, settings: Settings, team: Team) -> None:
    target = team.second_operator.staff_id or 0
    choices: dict[str, Callable[[str], object]] = {
        "new account": lambda pin: staff.add_staff(db, team.supervisor, "tono", pin,
                                                   Role.OPERATOR),
        "PIN reset": lambda pin: staff.reset_pin(db, team.supervisor, target, pin),
        "own PIN": lambda pin: staff.change_own_pin(db, settings, team.operator, PIN, pin),
    }
    for what, choose in choices.items():
        for weak in ("111111", "654321", DEMO_PIN):
            with pytest.raises(ValidationError) as caught:
                choose(weak)
            assert "terlalu mudah ditebak" in caught.value.text("id"), what
            assert "too easy to guess" in caught.value.text("en"), what
        choose(NEW)


def test_an_empty_installation_gets_its_first_administrator_once(
        db: Database, settings: Settings) -> None:
    assert staff.needs_first_admin(db)
    with pytest.raises(ValidationError, match="too easy"):
        staff.create_first_admin(db, settings, "kepala", "123456")
    for name, full_name in (("<script>", ""), ("kepala", "x" * 100_000)):
        with pytest.raises(ValidationError):
            staff.create_first_admin(db, settings, name, NEW, full_name)
    actor = staff.create_first_admin(db, settings, "Kepala", NEW, "Kepala Seksi DC")
    assert (actor.username, actor.role, actor.must_change_pin) == ("kepala", Role.ADMIN, False)
    assert not staff.needs_first_admin(db)
    with pytest.raises(staff.AlreadySetUp) as caught:
        staff.create_first_admin(db, settings, "mallory", "802469")
    assert caught.value.text("id") == "Akun petugas sudah ada: masuk melalui tombol Petugas."
    assert [s.username for s in staff.list_staff(db)] == ["kepala"]
    staff.add_staff(db, actor, "budi", PIN, Role.OPERATOR)  # the administrator may work
    assert audit.verify(db).ok


def test_a_demo_account_must_choose_its_own_pin_unless_the_installation_is_a_demo(
        db: Database, settings: Settings) -> None:
    staff.add_staff(db, SYSTEM, "sari", DEMO_PIN, Role.SUPERVISOR, "Sari",
                    demo_account=True)
    demo_site = dataclasses.replace(settings, demo=True)
    at = utcnow()
    assert not signin.authenticate(db, demo_site, "sari", DEMO_PIN, now=at).must_change_pin

    sari = signin.authenticate(db, settings, "sari", DEMO_PIN, now=at)
    assert sari.must_change_pin
    # Until then the services refuse everything else, whatever a screen offers.
    for action in (lambda: staff.managed_staff(db, sari),
                   lambda: badges.add_badges(db, sari, 1)):
        with pytest.raises(PermissionDenied) as refused:
            action()
        assert refused.value.text("id") == "Pilih PIN baru terlebih dahulu."
    with pytest.raises(ValidationError, match="must differ"):
        staff.change_own_pin(db, settings, sari, NEW, NEW)
    with pytest.raises(ValidationError) as wrong:
        staff.change_own_pin(db, settings, sari, "802469", NEW)
    assert wrong.value.text("id") == "PIN sekarang salah."

    changed = staff.change_own_pin(db, settings, sari, DEMO_PIN, NEW)
    assert not changed.must_change_pin and changed.staff_id == sari.staff_id
    assert staff.managed_staff(db, changed)
    with pytest.raises(LoginFailed):
        signin.authenticate(db, settings, "sari", DEMO_PIN, now=at + dt.timedelta(minutes=1))
    again = signin.authenticate(db, settings, "sari", NEW, now=at + dt.timedelta(minutes=2))
    assert not again.must_change_pin
    assert not staff.find_staff(db, "sari").must_change_pin


def test_wrong_current_pins_count_against_the_account(
        db: Database, settings: Settings, team: Team) -> None:
    """An unattended console is no PIN oracle: a wrong current PIN counts like a wrong
    sign-in, and the account locks at the same threshold."""
    rules = dataclasses.replace(settings, lockout_attempts=3)
    for _ in range(3):
        with pytest.raises(ValidationError):
            staff.change_own_pin(db, rules, team.operator, "802469", NEW)
    assert staff.find_staff(db, "budi").locked_at(utcnow())
    with pytest.raises(NotFound):
        staff.change_own_pin(db, rules, team.operator, PIN, NEW)


def test_the_upgrade_marks_accounts_that_still_have_the_demo_pin(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path}/old.sqlite3")
    try:
        migrate.upgrade(db, "0002")
        with db.engine.begin() as connection:
            for username, pin in (("admin", DEMO_PIN), ("kepala", NEW)):
                connection.exec_driver_sql(
                    "INSERT INTO staff (username, full_name, role, pin_hash, active, on_duty, "
                    "failed_logins, locked_until, created_at) VALUES (?, ?, 'admin', ?, 1, 1, "
                    "5, '2026-11-30 10:00:00.000000', '2026-11-01 08:00:00.000000')",
                    (username, username, staff.hasher.hash(pin)))
        migrate.upgrade(db)
        with db.session() as session:
            rows = session.execute(select(Staff.username, Staff.must_change_pin,
                                          Staff.failed_logins, Staff.locked_until)
                                   .order_by(Staff.username)).all()
        assert [tuple(r) for r in rows] == [("admin", True, 0, None), ("kepala", False, 0, None)]
    finally:
        db.dispose()


def test_unknown_user_for_the_command_line(db: Database) -> None:
    with pytest.raises(NotFound) as caught:
        staff.find_staff(db, "nobody")
    assert caught.value.text("id") == "Tidak ada akun petugas bernama nobody."
    with pytest.raises(DomainError):
        staff.find_staff(db, "")
