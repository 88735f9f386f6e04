"""A known day at the door, made through the real services, for the document tests.

Monday 23 November 2026 (WIB):
* 0001 repair, one laptop, decided after 4 min, inside 70 min, badge scanned at the
  kiosk 3 min before the operator closed the visit.
* 0002 server maintenance (checklist), two devices, one left inside with a note, inside
  95 min of 60 planned, no exit request (check-out not measured).
* 0003 inspection, refused after 7 min.
* 0004 installation, still inside (badge out), since 13:00.
* 0005 repair on the day before (must not appear).
Plus anonymous counts of 2 purged delivery visits (1 refused) for the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import DailyCount
from kiosk.domain.clock import SITE_TIMEZONE, travel_to
from kiosk.domain.types import DeviceExit
from kiosk.domain.validation import DeviceInput
from kiosk.services import badges, checkout, exits, visits
from kiosk.services.queries import get_visit
from tests.support.factories import Team, make_form, make_team

DAY = dt.date(2026, 11, 23)
SECRET = b"d" * 32
NIKS = ("6171014506900001", "6171025203850002", "6171031012790003", "6171046608920004",
        "6171051111880005")


@dataclass(frozen=True)
class Scenario:
    day: dt.date
    ids: dict[str, int]
    team: Team


@dataclass(frozen=True)
class Day:
    db: Database
    settings: Settings
    scenario: Scenario


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), SITE_TIMEZONE)


def _badge_code(db: Database, number: int) -> str:
    """The QR on badge card ``number``, as the kiosk's camera reads it."""
    return badges.badge_token(SECRET, next(b for b in badges.list_badges(db)
                                           if b.number == number))


def _admit(db: Database, settings: Settings, team: Team, **form: object) -> int:
    visit = visits.submit_visit(db, settings, make_form(**form))
    return visit.id


def _approve(db: Database, team: Team, visit_id: int, badge: int) -> None:
    detail = get_visit(db, visit_id)
    visits.approve(db, team.operator, visit_id, None, visits.Approval(
        escort_id=team.second_operator.staff_id or 0, badge_number=badge,
        id_card_type="ktp", id_card_number=detail.id_number))
    visits.mark_entered(db, team.operator, visit_id, None)


def _leave(db: Database, settings: Settings, team: Team, visit_id: int,
           states: dict[int, tuple[DeviceExit, str]] | None = None) -> None:
    detail = get_visit(db, visit_id)
    states = states or {}
    checks = []
    for index, device in enumerate(detail.devices):
        state, note = states.get(index, (DeviceExit.CARRIED_OUT, ""))
        checks.append(checkout.DeviceCheck(device.id, state, note=note))
    purpose = settings.purpose(detail.summary.purpose_key)
    checklist = {"indicators": True, "cpu_temperature": "41 °C"} if purpose and \
        purpose.checklist else None
    checkout.check_out(db, settings, team.operator, visit_id, None, checkout.CheckOut(
        tuple(checks), True, True, checklist=checklist, problem_found=False))


def build_day(db: Database, settings: Settings) -> Scenario:
    team = make_team(db)
    ids: dict[str, int] = {}
    with travel_to(at(9, 0)) as advance:
        ids["repair"] = _admit(db, settings, team, id_number=NIKS[0],
                               full_name="Ṣafiyyah Nguyễn", purpose_key="repair")
        advance(dt.timedelta(minutes=4))
        _approve(db, team, ids["repair"], 1)
        advance(dt.timedelta(minutes=67))
        exits.request_exit(db, SECRET, _badge_code(db, 1))
        advance(dt.timedelta(minutes=3))
        _leave(db, settings, team, ids["repair"])
    with travel_to(at(10, 0)) as advance:
        ids["maintenance"] = _admit(
            db, settings, team, id_number=NIKS[1], full_name="Budi Hasibuan",
            purpose_key="server_maintenance", planned_minutes=60,
            devices=(DeviceInput("Laptop", "Dell Latitude 5440", "DL5440A1"),
                     DeviceInput("Switch", "Cisco C9200L", "FOC2231X0AB")))
        advance(dt.timedelta(minutes=2))
        _approve(db, team, ids["maintenance"], 2)
        advance(dt.timedelta(minutes=95))
        _leave(db, settings, team, ids["maintenance"],
               {1: (DeviceExit.LEFT_INSIDE, "Dipasang di rak A3")})
    with travel_to(at(11, 0)) as advance:
        ids["refused"] = _admit(db, settings, team, id_number=NIKS[2],
                                full_name="Rizky Pratama", purpose_key="inspection")
        advance(dt.timedelta(minutes=7))
        visits.refuse(db, team.operator, ids["refused"], None, "Surat tugas tidak dibawa")
    with travel_to(at(12, 55)) as advance:
        ids["inside"] = _admit(db, settings, team, id_number=NIKS[3],
                               full_name="Dewi Lestari", purpose_key="installation",
                               planned_minutes=30)
        advance(dt.timedelta(minutes=5))
        _approve(db, team, ids["inside"], 3)
    with travel_to(at(15, 0, DAY - dt.timedelta(days=1))) as advance:
        ids["yesterday"] = _admit(db, settings, team, id_number=NIKS[4],
                                  full_name="Andi Wijaya", purpose_key="repair")
    with db.session() as session:
        session.add(DailyCount(day=DAY, purpose_key="delivery", visits=2, refused=1))
    return Scenario(DAY, ids, team)


def fresh_database(settings: Settings) -> Database:
    """A migrated SQLite database in ``settings.data_dir`` (for module-scoped fixtures)."""
    from kiosk.db import migrate

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(settings.effective_database_url())
    migrate.upgrade(db)
    return db
