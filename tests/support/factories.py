"""Visits in a given state, made through the real services, for tests and benchmarks."""

from __future__ import annotations

import itertools
import random
import uuid
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import numpy as np

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.records import VisitForm, VisitSummary
from kiosk.domain.types import DeviceExit, Role
from kiosk.domain.validation import DeviceInput
from kiosk.scan.photo import encode_photo
from kiosk.services import badges, checkout, staff, visits
from kiosk.services.actors import SYSTEM, Actor
from kiosk.services.demo import demo_signature
from kiosk.services.queries import get_visit
from tests.support.synthetic import face_frame

#: The default ``timezone`` (Pontianak), written out so tests do not ask the code under test.
WIB = ZoneInfo("Asia/Pontianak")
PIN = "246810"
#: A real drawn signature, so documents and screens that show it decode a real PNG.
SIGNATURE = demo_signature(random.Random(1))
#: A visitor's photo as the kiosk's camera worker makes it (a drawn face, no real person).
PHOTO = encode_photo(face_frame(np.random.default_rng(4)))
_serials = itertools.count(1)


@dataclass(frozen=True)
class Team:
    operator: Actor
    second_operator: Actor
    supervisor: Actor
    admin: Actor


def make_team(db: Database) -> Team:
    """Four signed-in staff and a pool of ten badges."""
    actors = []
    for username, full_name, role in (("budi", "Budi Santoso", Role.OPERATOR),
                                      ("rina", "Rina Marlina", Role.OPERATOR),
                                      ("sari", "Sari Wulandari", Role.SUPERVISOR),
                                      ("admin", "Admin Pintu", Role.ADMIN)):
        record = staff.add_staff(db, SYSTEM, username, PIN, role, full_name)
        actors.append(staff.actor_for_record(record))
    team = Team(*actors)
    badges.add_badges(db, team.supervisor, 10)
    return team


def make_form(**overrides: object) -> VisitForm:
    n = next(_serials)
    form = VisitForm(
        submission_key=uuid.uuid4().hex,
        id_type="ktp",
        id_number="6171014506900001",
        full_name="Dewi Lestari",
        organisation="Dinas Kependudukan dan Pencatatan Sipil",
        phone="0812 3456 7890",
        purpose_key="repair",
        purpose_text="Penggantian power supply",
        pic="Seksi Jaringan dan Data Center",
        planned_minutes=60,
        reference_letter="800/123/DKI/2026",
        devices=(DeviceInput("Laptop", "Lenovo ThinkPad T14", f"PF{n:06d}"),),
        signature_png=SIGNATURE,
        consent=True,
    )
    return replace(form, **overrides)  # type: ignore[arg-type]


def submitted(db: Database, settings: Settings, **overrides: object) -> VisitSummary:
    return visits.submit_visit(db, settings, make_form(**overrides))


def approved(db: Database, settings: Settings, team: Team, **overrides: object) -> VisitSummary:
    visit = submitted(db, settings, **overrides)
    detail = get_visit(db, visit.id)
    badge = badges.available_numbers(db)[0]
    return visits.approve(db, team.operator, visit.id, visit.version, visits.Approval(
        escort_id=team.second_operator.staff_id or 0, badge_number=badge,
        id_card_type=detail.summary.id_type.value, id_card_number=detail.id_number),
        settings=settings)


def inside(db: Database, settings: Settings, team: Team, **overrides: object) -> VisitSummary:
    visit = approved(db, settings, team, **overrides)
    return visits.mark_entered(db, team.operator, visit.id, visit.version)


def checked_out(db: Database, settings: Settings, team: Team,
                **overrides: object) -> VisitSummary:
    visit = inside(db, settings, team, **overrides)
    detail = get_visit(db, visit.id)
    checks = tuple(checkout.DeviceCheck(d.id, DeviceExit.CARRIED_OUT) for d in detail.devices)
    purpose = settings.purpose(visit.purpose_key)
    checklist: dict[str, object] | None = (
        {"done": True} if purpose and purpose.checklist else None)
    return checkout.check_out(db, settings, team.operator, visit.id, visit.version,
                              checkout.CheckOut(checks, True, True, checklist=checklist))
