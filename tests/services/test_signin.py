"""Staff sign-in at the door: wrong tries slow the terminal down, never tell a stranger
which names exist, lock an account only after many, and reach the audit trail as one
summary per burst."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading

import pytest
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.domain.clock import utcnow
from kiosk.domain.types import Role
from kiosk.services import audit, signin, staff
from kiosk.services.actors import SYSTEM
from kiosk.services.signin import LoginFailed
from tests.support.factories import PIN, Team

WRONG = "975310"


def _refused(db: Database, settings: Settings, name: str, pin: str,
             at: dt.datetime) -> LoginFailed:
    with pytest.raises(LoginFailed) as caught:
        signin.authenticate(db, settings, name, pin, now=at)
    return caught.value


def _events(db: Database, *actions: str) -> list[tuple[str, dict[str, object]]]:
    with db.session() as session:
        rows = session.execute(select(AuditEvent.action, AuditEvent.detail)
                               .where(AuditEvent.action.in_(actions))
                               .order_by(AuditEvent.seq)).all()
    return [(action, json.loads(detail)) for action, detail in rows]


def test_wrong_tries_slow_the_terminal_and_leave_the_account_open(
        db: Database, settings: Settings, team: Team) -> None:
    at = utcnow()
    waits = []
    for _ in range(9):
        failure = _refused(db, settings, "admin", WRONG, at)
        waits.append(failure.wait_seconds)
        # A try before the wait is over is refused without being checked or counted.
        early = _refused(db, settings, "admin", PIN, at)
        assert early.wait_seconds == failure.wait_seconds
        assert early.text("en").startswith("Too many wrong tries at this terminal.")
        assert early.text("id") == (f"Terlalu banyak percobaan salah di terminal ini. Tunggu "
                                    f"{failure.wait_seconds} detik, lalu coba lagi.")
        at += dt.timedelta(seconds=failure.wait_seconds)
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert signin.signin_wait(db, settings, now=at - dt.timedelta(seconds=20)) == 20
    # Nine wrong PINs against the administrator did not lock the administrator out.
    assert not any(s.locked_until for s in staff.list_staff(db))
    assert signin.authenticate(db, settings, "admin", PIN, now=at).username == "admin"
    assert signin.signin_wait(db, settings, now=at) == 0
    again = _refused(db, settings, "admin", WRONG, at)
    assert again.wait_seconds == 1  # a success starts the count again


def test_the_wait_survives_a_restart_and_each_terminal_has_its_own(
        db: Database, settings: Settings, team: Team) -> None:
    at = utcnow()
    for step in (0, 1, 3):
        _refused(db, settings, "budi", WRONG, at + dt.timedelta(seconds=step))
    restarted = Database(str(db.url))  # the kiosk started again: a new connection pool
    try:
        assert signin.signin_wait(restarted, settings, now=at + dt.timedelta(seconds=3)) == 4
        other_door = dataclasses.replace(settings, terminal_name="Pintu Belakang")
        assert signin.signin_wait(restarted, other_door, now=at) == 0
        assert signin.authenticate(restarted, other_door, "budi", PIN, now=at).username == \
            "budi"
    finally:
        restarted.dispose()


def test_unknown_known_locked_and_disabled_names_get_the_same_answer(
        db: Database, settings: Settings, team: Team) -> None:
    quick = dataclasses.replace(settings, lockout_attempts=2)
    at = utcnow()
    for _ in range(2):
        at += dt.timedelta(minutes=1)
        _refused(db, quick, "rina", WRONG, at)
    staff.set_active(db, team.supervisor, team.operator.staff_id or 0, False)
    cases = {"unknown name": ("nobody", PIN), "wrong PIN": ("sari", WRONG),
             "locked, right PIN": ("rina", PIN), "disabled, right PIN": ("budi", PIN),
             "unknown, hostile": ("<b>admin</b>\u202e" + "x" * 10_000, "\x00" * 100)}
    answers = {}
    for case, (name, pin) in cases.items():
        at += dt.timedelta(minutes=16)  # each try opens a new burst: the same first wait
        failure = _refused(db, quick, name, pin, at)
        answers[case] = (failure.text("id"), failure.text("en"), failure.wait_seconds)
    assert set(answers.values()) == {(
        "Nama atau PIN salah, atau akun sedang dikunci atau nonaktif.",
        "Wrong name or PIN, or the account is locked or disabled.", 1)}, answers


def test_an_account_locks_after_many_wrong_pins_from_any_terminal(
        db: Database, settings: Settings, team: Team) -> None:
    rules = dataclasses.replace(settings, lockout_attempts=4, lockout_window_hours=24,
                                lockout_minutes=60)
    doors = [rules, dataclasses.replace(rules, terminal_name="Pintu 2")]
    start = utcnow()
    # Two wrong PINs yesterday fall out of the 24-hour window.
    for minute in (0, 5):
        _refused(db, rules, "budi", WRONG, start + dt.timedelta(minutes=minute))
    at = start + dt.timedelta(hours=25)
    for index in range(4):
        at += dt.timedelta(minutes=2)
        _refused(db, doors[index % 2], "budi", WRONG, at)
    budi = staff.find_staff(db, "budi")
    assert budi.locked_until == at + dt.timedelta(minutes=60)
    assert [d["staff_id"] for _a, d in _events(db, "account_locked")] == [budi.id]
    at += dt.timedelta(minutes=2)
    _refused(db, rules, "budi", PIN, at)  # right PIN, locked

    assert staff.unlock(db, team.supervisor, budi.id).locked_until is None
    at += dt.timedelta(minutes=2)
    assert signin.authenticate(db, rules, "budi", PIN, now=at).username == "budi"
    # A lock also lifts by itself after lockout_minutes.
    for _ in range(4):
        at += dt.timedelta(minutes=2)
        _refused(db, doors[1], "budi", WRONG, at)
    _refused(db, rules, "budi", PIN, at + dt.timedelta(minutes=59))
    assert signin.authenticate(db, rules, "budi", PIN,
                               now=at + dt.timedelta(minutes=61)).username == "budi"


def test_a_burst_of_failures_is_one_audit_event_and_the_chain_is_only_appended(
        db: Database, settings: Settings, team: Team) -> None:
    at = utcnow()
    before = _chain(db)
    for _ in range(5):
        failure = _refused(db, settings, "sari", WRONG, at)
        at += dt.timedelta(seconds=failure.wait_seconds)
    assert _chain(db) == before  # five failures, not one event yet
    signin.authenticate(db, settings, "sari", PIN, now=at)
    burst = _events(db, "login_failures", "login")[-2:]
    assert [a for a, _d in burst] == ["login_failures", "login"]
    assert burst[0][1]["failures"] == 5 and burst[0][1]["terminal"] == settings.terminal_name

    # A burst nobody follows up is closed by the next try after the quiet period...
    _refused(db, settings, "nobody", WRONG, at)
    at += dt.timedelta(minutes=settings.signin_quiet_minutes)
    _refused(db, settings, "nobody", WRONG, at)
    assert [d["failures"] for _a, d in _events(db, "login_failures")] == [5, 1]
    # ...or by the periodic job, once, whichever terminal runs it.
    other_door = dataclasses.replace(settings, terminal_name="Pintu 2")
    later = at + dt.timedelta(minutes=settings.signin_quiet_minutes)
    assert signin.close_quiet_bursts(db, other_door, now=at) == 0
    assert signin.close_quiet_bursts(db, other_door, now=later) == 1
    assert signin.close_quiet_bursts(db, other_door, now=later) == 0
    assert [d["failures"] for _a, d in _events(db, "login_failures")] == [5, 1, 1]
    assert _chain(db)[:len(before)] == before
    assert audit.verify(db).ok


def _chain(db: Database) -> list[tuple[int, str]]:
    with db.session() as session:
        return [(seq, digest) for seq, digest in
                session.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq))]


@pytest.mark.postgres
def test_guesses_sent_at_once_still_wait_their_turn(pg_db: Database, settings: Settings) -> None:
    """Two tries racing on one terminal (a script, not a person): one is counted, the other
    is told to wait, so parallel guessing gains nothing. Also covers the race to create
    the terminal's first throttle row."""
    db = pg_db
    staff.add_staff(db, SYSTEM, "budi", PIN, Role.OPERATOR)
    at = utcnow()
    start = threading.Barrier(2)
    results: list[object] = [None, None]

    def guess(index: int) -> None:
        start.wait()
        try:
            signin.authenticate(db, settings, "budi", WRONG, now=at)
        except LoginFailed as exc:
            results[index] = exc.message

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(map(str, results)) == sorted([signin.REFUSED, signin.THROTTLED])
    assert signin.signin_wait(db, settings, now=at) == 1
