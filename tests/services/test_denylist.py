"""The deny list at the desk: a dash or another ID type does not get past it, a similar
name with the same birth date is shown to the operator, and the reports count only sure
matches."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, DenyEntry
from kiosk.domain.denymatch import number_key
from kiosk.domain.figures import Period, local_day
from kiosk.domain.types import IdType, VisitState
from kiosk.errors import DomainError, PermissionDenied
from kiosk.services import denylist, review, visits
from kiosk.services.queries import get_visit
from kiosk.services.report_data import period_data
from tests.support import factories
from tests.support.factories import Team

BUDI_NIK = "3171010506900003"  # born 05-06-1990, male
SAME_DAY_NIK = "6171020506900007"  # another man born that day


@pytest.fixture
def lite_team(sqlite_db: Database) -> Team:
    """Staff on SQLite only, for rules whose answer does not depend on the backend."""
    return factories.make_team(sqlite_db)


def _approval(db: Database, team: Team, visit_id: int, **overrides: object) -> visits.Approval:
    detail = get_visit(db, visit_id)
    approval = visits.Approval(
        escort_id=team.second_operator.staff_id or 0, badge_number=1,
        id_card_type=detail.summary.id_type.value, id_card_number=detail.id_number)
    return dataclasses.replace(approval, **overrides)  # type: ignore[arg-type]


@pytest.mark.parametrize(("id_type", "typed"), [
    ("passport", "a1234567"), ("passport", "A-123 4567"), ("other", "A.123.4567"),
    ("sim", "a 1234 567"),
])
def test_a_passport_number_gets_no_further_however_it_is_typed(
        db: Database, settings: Settings, team: Team, id_type: str, typed: str) -> None:
    denylist.add_entry(db, team.supervisor, IdType.PASSPORT, "A1234567", "",
                       "Merusak perangkat")
    visit = factories.submitted(db, settings, id_type=id_type, id_number=typed)
    with pytest.raises(DomainError, match="deny list"):
        visits.approve(db, team.operator, visit.id, visit.version,
                       _approval(db, team, visit.id))
    assert review.review_visit(db, visit.id).deny is not None
    with pytest.raises(PermissionDenied):
        visits.approve(db, team.operator, visit.id, visit.version,
                       _approval(db, team, visit.id, deny_override_reason="Dikawal"))
    approved = visits.approve(db, team.supervisor, visit.id, visit.version,
                              _approval(db, team, visit.id, deny_override_reason="Dikawal"))
    assert approved.state is VisitState.APPROVED


def test_a_nik_entered_as_other_with_dots_is_the_nik(sqlite_db: Database, settings: Settings,
                                                     lite_team: Team) -> None:
    db, team = sqlite_db, lite_team
    denylist.add_entry(db, team.supervisor, IdType.KTP, "3171 0105 0690 0003", "",
                       "Dilarang")
    visit = factories.submitted(db, settings, id_type="other",
                                id_number="3171.0105.0690.0003")
    assert review.review_visit(db, visit.id).deny is not None


def test_the_card_in_hand_is_checked_as_well(sqlite_db: Database, settings: Settings,
                                            lite_team: Team) -> None:
    """A visitor who typed someone else's number but hands over their own, denied, card."""
    db, team = sqlite_db, lite_team
    denylist.add_entry(db, team.supervisor, IdType.PASSPORT, "C7654321", "", "Dilarang")
    visit = factories.submitted(db, settings)
    with pytest.raises(DomainError, match="deny list"):
        visits.approve(db, team.operator, visit.id, visit.version, _approval(
            db, team, visit.id, id_card_type="passport", id_card_number="c-765 4321",
            id_card_note="Membawa paspor"))


def test_a_possible_match_needs_the_operators_check(sqlite_db: Database, settings: Settings,
                                                    lite_team: Team) -> None:
    db, team = sqlite_db, lite_team
    entry = denylist.add_entry(db, team.supervisor, IdType.KTP, BUDI_NIK, "Budi Santoso",
                               "Merusak rak server")
    visit = factories.submitted(db, settings, full_name="Santoso Budi",
                                id_number=SAME_DAY_NIK)
    seen = review.review_visit(db, visit.id)
    assert seen.deny is None
    assert [m.text("en") for m in seen.possible] == [
        "Name 100% similar to 'Budi Santoso' on the deny list; same birth date 05/06/1990."]
    with pytest.raises(DomainError) as unchecked:
        visits.approve(db, team.operator, visit.id, visit.version,
                       _approval(db, team, visit.id))
    assert "Budi Santoso" in unchecked.value.text("en")
    approved = visits.approve(db, team.operator, visit.id, visit.version,
                              _approval(db, team, visit.id, possible_match_checked=True))
    assert approved.state is VisitState.APPROVED
    with db.session() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "deny_possible_checked")).one()
        assert event.actor == team.operator.username and event.visit_id == visit.id
        assert json.loads(event.detail) == {"entry_ids": [entry.id], "scores": [100],
                                            "same_birth_date": [True]}
    assert get_visit(db, visit.id).deny_override_reason is None


def test_no_warning_for_other_people(sqlite_db: Database, settings: Settings,
                                     lite_team: Team) -> None:
    """Same birth date with another name, or the same name born another day: nothing."""
    db, team = sqlite_db, lite_team
    denylist.add_entry(db, team.supervisor, IdType.KTP, BUDI_NIK, "Budi Santoso", "Dilarang")
    for name, nik in (("Budi Hartono", SAME_DAY_NIK), ("Budi Santoso", "3171010607910003")):
        visit = factories.submitted(db, settings, full_name=name, id_number=nik)
        seen = review.review_visit(db, visit.id)
        assert (seen.deny, seen.possible) == (None, ())
        assert visits.approve(db, team.operator, visit.id, visit.version, _approval(
            db, team, visit.id, badge_number=visit.id)).state is VisitState.APPROVED


def test_the_report_counts_sure_matches_only(sqlite_db: Database, settings: Settings,
                                             lite_team: Team) -> None:
    """Across ID types and spellings, a sure match at the decision is a hit; a possible
    match by name alone is not."""
    db, team = sqlite_db, lite_team
    denylist.add_entry(db, team.supervisor, IdType.PASSPORT, "A1234567", "Budi Santoso",
                       "Dilarang")
    sure = factories.submitted(db, settings, id_type="other", id_number="a-123 4567",
                               full_name="Orang Lain")
    possible = factories.submitted(db, settings, full_name="Budi Santoso")
    clear = factories.submitted(db, settings, id_number=SAME_DAY_NIK, full_name="Rina")
    for visit in (sure, possible, clear):  # the hit is kept with the decision
        visits.refuse(db, team.operator, visit.id, visit.version, "Tidak ada surat tugas")
    day = local_day(sure.submitted_at)
    hits = {v.id: v.deny_hit for v in period_data(db, Period.day(day)).visits}
    assert hits == {sure.id: True, possible.id: False, clear.id: False}


def test_sure_matches_are_looked_up_through_the_index(sqlite_db: Database) -> None:
    query = select(DenyEntry.id).where(DenyEntry.number_key == "A1234567")
    with sqlite_db.engine.connect() as conn:
        plan = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(query.compile(compile_kwargs={"literal_binds": True}))
        ).all()
    assert any("ix_deny_list_number_key" in str(step) for step in plan), plan


def test_the_migration_fills_the_keys_of_existing_rows(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path}/old.sqlite3")
    numbers = ["a-123 4567", "3171.0105.0690.0003", "B 1234/XY.9", ""]
    try:
        migrate.upgrade(db, "0002")
        now = "2026-11-20 02:00:00.000000"
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO staff (id, username, full_name, role, pin_hash, active,"
                " on_duty, created_at, failed_logins) VALUES (1, 'sari', 'Sari', 'supervisor',"
                " 'x', 1, 0, :now, 0)"), {"now": now})
            conn.execute(sa.text(
                "INSERT INTO visitors (id, id_type, id_number, created_at) VALUES"
                " (1, 'other', 'x', :now)"), {"now": now})
            for index, number in enumerate(numbers, start=1):
                conn.execute(sa.text(
                    "INSERT INTO deny_list (id, id_type, id_number, full_name, reason,"
                    " added_by_id, added_at) VALUES (:id, 'other', :number, '', 'x', 1, :now)"),
                    {"id": index, "number": number, "now": now})
                conn.execute(sa.text(
                    "INSERT INTO visits (id, version, submission_key, terminal, visitor_id,"
                    " state, full_name, organisation, phone, id_type, id_number,"
                    " purpose_key, purpose_text, pic, planned_minutes, reference_letter,"
                    " consent_at, language, submitted_at, checkout_note, problem_found)"
                    " VALUES (:id, 1, :key, 'Pintu 1', 1, 'submitted', 'Dewi', 'Dinas', '0812',"
                    " 'other', :number, 'repair', '', 'Pak Agus', 60, '', :now, 'id', :now,"
                    " '', 0)"), {"id": index, "key": f"k{index}", "number": number, "now": now})
        migrate.upgrade(db)
        assert migrate.schema_differences(db) == []
        expected = [number_key(n) for n in numbers]
        with db.engine.connect() as conn:
            for table in ("deny_list", "visits"):
                keys = conn.execute(sa.text(
                    f"SELECT number_key FROM {table} ORDER BY id")).scalars().all()
                assert keys == expected, table
        migrate.downgrade(db, "0002")
        with db.engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("deny_list")}
        assert "number_key" not in columns
    finally:
        db.dispose()


def test_a_denied_persons_later_numbers_keep_their_key(sqlite_db: Database,
                                                       lite_team: Team) -> None:
    entry = denylist.add_entry(sqlite_db, lite_team.supervisor, IdType.PASSPORT, "x-99 88 77",
                               "", "Dilarang", expires_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    with sqlite_db.session() as session:
        row = session.get(DenyEntry, entry.id)
        assert row is not None and row.number_key == "X998877"
