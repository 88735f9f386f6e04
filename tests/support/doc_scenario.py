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

``build_closing_day`` makes Tuesday 1 December 2026, a day that ends at 18:00 with visits
left open, closed by the operator at the day's end, and one closed the next morning; its
docstring lists the visits and what the report must say of each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import DailyCount
from kiosk.domain.clock import travel_to
from kiosk.domain.types import DeviceExit, IdType, VisitState
from kiosk.domain.validation import DeviceInput
from kiosk.services import badges, checkout, denylist, exits, visits
from kiosk.services.actors import Actor
from kiosk.services.queries import get_visit
from tests.support.factories import WIB, Team, make_form, make_team

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
    return dt.datetime.combine(day, dt.time(hour, minute), WIB)


def _badge_code(db: Database, number: int) -> str:
    """The QR on badge card ``number``, as the kiosk's camera reads it."""
    return badges.badge_token(SECRET, next(b for b in badges.list_badges(db)
                                           if b.number == number))


def _admit(db: Database, settings: Settings, team: Team, **form: object) -> int:
    visit = visits.submit_visit(db, settings, make_form(**form))
    return visit.id


def _approve(db: Database, team: Team, visit_id: int, badge: int, enter: bool = True,
             actor: Actor | None = None, override: str = "") -> None:
    detail = get_visit(db, visit_id)
    visits.approve(db, actor or team.operator, visit_id, None, visits.Approval(
        escort_id=team.second_operator.staff_id or 0, badge_number=badge,
        id_card_type="ktp", id_card_number=detail.id_number, deny_override_reason=override))
    if enter:
        visits.mark_entered(db, team.operator, visit_id, None)


def _leave(db: Database, settings: Settings, team: Team, visit_id: int,
           states: dict[int, tuple[DeviceExit, str]] | None = None,
           **changes: object) -> None:
    detail = get_visit(db, visit_id)
    states = states or {}
    checks = []
    for index, device in enumerate(detail.devices):
        state, note = states.get(index, (DeviceExit.CARRIED_OUT, ""))
        checks.append(checkout.DeviceCheck(device.id, state, note=note))
    purpose = settings.purpose(detail.summary.purpose_key)
    checklist = {"indicators": True, "cpu_temperature": "41 °C"} if purpose and \
        purpose.checklist else None
    data = checkout.CheckOut(tuple(checks), True, True, checklist=checklist,
                             problem_found=False)
    checkout.check_out(db, settings, team.operator, visit_id, None,
                       replace(data, **changes))  # type: ignore[arg-type]


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


CLOSING_DAY = dt.date(2026, 12, 1)
DENIED_NIK = "6171061203800006"


def build_closing_day(db: Database, settings: Settings, team: Team) -> Scenario:
    """Tuesday 1 December 2026; the day ends at 18:00 (the default ``day_end``).

    * denied 08:00: on the deny list, refused -> deny list (not also "refused").
    * smooth 08:30-09:10, 60 min planned: no anomaly.
    * devices 09:00-10:30, 60 planned: a hard disk missing, a cable carried out unlisted
      -> device, also overdue.
    * long 10:00-11:15, 120 planned: longer than the SOP's hour -> overdue.
    * badge 11:00-11:30: badge not returned -> badge.
    * override 11:30-12:00: on the deny list, admitted by the supervisor -> deny list.
    * refused 12:00: refused, no surat tugas -> refused.
    * vanished 13:00, inside with a laptop, resolved at 18:10 as left without check-out,
      badge not at the desk -> left without check-out, also device (laptop unchecked)
      and badge (retired).
    * late 14:00, checked out at 18:12 with the real exit time 17:30 -> overdue; "checked
      out late" at day end.
    * no_show 15:00, approved, never went in; no-show at 18:15.
    * undecided 16:00, submitted, never decided; no-show at 18:16.
    * overnight 17:00, still inside at the cut-off: checked out on 2 December at 08:00,
      after its escort changed at 07:30 -> still inside at cut-off.
    """
    ids: dict[str, int] = {}
    day = CLOSING_DAY
    with travel_to(at(7, 0, day)):
        denylist.add_entry(db, team.supervisor, IdType.KTP, DENIED_NIK, "Joko Susilo",
                           "Merusak perangkat pada kunjungan sebelumnya")
    with travel_to(at(8, 0, day)) as advance:
        ids["denied"] = _admit(db, settings, team, id_number=DENIED_NIK,
                               full_name="Joko Susilo", purpose_key="repair")
        advance(dt.timedelta(minutes=3))
        visits.refuse(db, team.operator, ids["denied"], None, "Terdaftar di daftar tolak")
    with travel_to(at(8, 30, day)) as advance:
        ids["smooth"] = _admit(db, settings, team, id_number="6171014506900011",
                               full_name="Siti Aminah", purpose_key="repair")
        _approve(db, team, ids["smooth"], 1)
        advance(dt.timedelta(minutes=40))
        _leave(db, settings, team, ids["smooth"])
    with travel_to(at(9, 0, day)) as advance:
        ids["devices"] = _admit(
            db, settings, team, id_number="6171014506900012", full_name="Agus Salim",
            purpose_key="installation",
            devices=(DeviceInput("UPS", "APC Smart-UPS SRT 3000VA RM 2U Lithium-ion",
                                 "AS1234567890"),
                     DeviceInput("Hard disk eksternal", "WD Elements 2TB", "WX41A77")))
        _approve(db, team, ids["devices"], 2)
        advance(dt.timedelta(minutes=90))
        _leave(db, settings, team, ids["devices"],
               {1: (DeviceExit.MISSING, "Dibawa rekan lebih dulu")},
               extra_devices=(checkout.ExtraDevice(
                   DeviceInput("Kabel", "Patch cord Cat6 3 m", "CBL-0099"),
                   "Kabel bekas, dibuang"),))
    with travel_to(at(10, 0, day)) as advance:
        ids["long"] = _admit(db, settings, team, id_number="6171014506900013",
                             full_name="Hendra Gunawan", purpose_key="server_maintenance",
                             planned_minutes=120)
        _approve(db, team, ids["long"], 3)
        advance(dt.timedelta(minutes=75))
        _leave(db, settings, team, ids["long"])
    with travel_to(at(11, 0, day)) as advance:
        ids["badge"] = _admit(db, settings, team, id_number="6171014506900014",
                              full_name="Maria Ulfa", purpose_key="inspection")
        _approve(db, team, ids["badge"], 4)
        advance(dt.timedelta(minutes=30))
        _leave(db, settings, team, ids["badge"], badge_returned=False,
               badge_lost_reason="Kartu terbawa pulang")
    with travel_to(at(11, 30, day)) as advance:
        ids["override"] = _admit(db, settings, team, id_number=DENIED_NIK,
                                 full_name="Joko Susilo", purpose_key="repair")
        _approve(db, team, ids["override"], 5, actor=team.supervisor,
                 override="Didampingi kepala seksi")
        advance(dt.timedelta(minutes=30))
        _leave(db, settings, team, ids["override"])
    with travel_to(at(12, 0, day)) as advance:
        ids["refused"] = _admit(db, settings, team, id_number="6171014506900015",
                                full_name="Rudi Hartono", purpose_key="inspection")
        advance(dt.timedelta(minutes=4))
        visits.refuse(db, team.operator, ids["refused"], None, "Surat tugas tidak dibawa")
    with travel_to(at(13, 0, day)):
        ids["vanished"] = _admit(db, settings, team, id_number="6171014506900016",
                                 full_name="王小明", purpose_key="repair")
        _approve(db, team, ids["vanished"], 6)
    with travel_to(at(14, 0, day)):
        ids["late"] = _admit(db, settings, team, id_number="6171014506900017",
                             full_name="Yusuf Habibi", purpose_key="repair",
                             planned_minutes=240)
        _approve(db, team, ids["late"], 7)
    with travel_to(at(15, 0, day)):
        ids["no_show"] = _admit(db, settings, team, id_number="6171014506900018",
                                full_name="Lina Marlina", purpose_key="delivery")
        _approve(db, team, ids["no_show"], 8, enter=False)
    with travel_to(at(16, 0, day)):
        ids["undecided"] = _admit(db, settings, team, id_number="6171014506900019",
                                  full_name="Bayu Saputra", purpose_key="delivery")
    with travel_to(at(17, 0, day)):
        ids["overnight"] = _admit(db, settings, team, id_number="6171014506900020",
                                  full_name="Eko Prasetyo", purpose_key="server_maintenance")
        _approve(db, team, ids["overnight"], 9)
    close_the_day(db, settings, team, ids)
    return Scenario(day, ids, team)


def close_the_day(db: Database, settings: Settings, team: Team, ids: dict[str, int]) -> None:
    """The operator's day-end round (18:10-18:16), as the console's dialog does it."""
    day = CLOSING_DAY
    with travel_to(at(18, 10, day)) as advance:
        visits.mark_left_unrecorded(db, team.operator, ids["vanished"], None,
                                    "Tidak terlihat keluar; pendamping sudah pulang",
                                    badge_at_desk=False)
        advance(dt.timedelta(minutes=2))
        _leave(db, settings, team, ids["late"], left_at=at(17, 30, day),
               late_reason="Lupa dicatat; jam keluar dari pendamping")
        advance(dt.timedelta(minutes=3))
        visits.close_unvisited(db, team.operator, ids["no_show"], None, VisitState.NO_SHOW,
                               "Tidak jadi masuk")
        advance(dt.timedelta(minutes=1))
        visits.close_unvisited(db, team.operator, ids["undecided"], None,
                               VisitState.NO_SHOW, "Pergi sebelum diputuskan")


def next_morning(db: Database, settings: Settings, team: Team, ids: dict[str, int]) -> None:
    """2 December: the overnight visitor's escort changes at 07:30; check-out at 08:00."""
    with travel_to(at(7, 30, CLOSING_DAY + dt.timedelta(days=1))) as advance:
        visits.change_escort(db, team.operator, ids["overnight"], None,
                             team.supervisor.staff_id or 0)
        advance(dt.timedelta(minutes=30))
        _leave(db, settings, team, ids["overnight"])
