"""Closing the day: which visits must be resolved, and each way to resolve one, with the
badge and the ID card where the SOP wants them (both backends)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, Visit
from kiosk.domain.clock import travel_to
from kiosk.domain.types import BadgeState, DeviceExit, VisitState
from kiosk.errors import DomainError, IllegalTransition, ValidationError
from kiosk.services import badges, checkout, paperwork, visits
from kiosk.services.queries import get_visit, inside_now, open_after_day_end
from tests.support import factories
from tests.support.factories import WIB, Team

S = VisitState
DAY = dt.date(2026, 12, 1)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), WIB)


def _late(db: Database, settings: Settings, team: Team, visit_id: int, left_at: dt.datetime,
          reason: str = "Lupa dicatat") -> None:
    detail = get_visit(db, visit_id)
    checks = tuple(checkout.DeviceCheck(d.id, DeviceExit.CARRIED_OUT) for d in detail.devices)
    checkout.check_out(db, settings, team.operator, visit_id, None, checkout.CheckOut(
        checks, True, True, left_at=left_at, late_reason=reason))


def _closing(db: Database, visit_id: int) -> tuple[dt.datetime | None, dt.datetime | None]:
    with db.session() as session:
        row = session.execute(select(Visit.left_at, Visit.closed_at)
                              .where(Visit.id == visit_id)).one()
        return row.left_at, row.closed_at


def test_the_open_visits_are_listed_from_the_day_end(db: Database, settings: Settings,
                                                     team: Team) -> None:
    with travel_to(at(13, 0)):
        inside = factories.inside(db, settings, team)
    with travel_to(at(15, 0)):
        approved = factories.approved(db, settings, team, id_number="6171014506900002")
    with travel_to(at(16, 0)):
        waiting = factories.submitted(db, settings, id_number="6171014506900003")
        factories.checked_out(db, settings, team, id_number="6171014506900004")
    with travel_to(at(17, 59)):
        assert open_after_day_end(db, settings) == []
    with travel_to(at(18, 0)):
        assert [v.id for v in open_after_day_end(db, settings)] == [
            inside.id, approved.id, waiting.id]
    with travel_to(at(18, 30)):  # an evening visit: its day has ended already
        evening = factories.submitted(db, settings, id_number="6171014506900005")
        assert evening.id in {v.id for v in open_after_day_end(db, settings)}
    later = dataclasses.replace(settings, day_end="19:00")
    with travel_to(at(18, 45)):
        assert open_after_day_end(db, later) == []


def test_a_late_check_out_keeps_the_real_exit_time_and_when_it_was_recorded(
        db: Database, settings: Settings, team: Team) -> None:
    with travel_to(at(13, 0)):
        visit = factories.inside(db, settings, team)
    with travel_to(at(18, 10)):
        with pytest.raises(ValidationError) as future:
            _late(db, settings, team, visit.id, at(18, 30))
        assert future.value.field == "left_at"
        with pytest.raises(ValidationError) as early:
            _late(db, settings, team, visit.id, at(12, 30))
        assert early.value.field == "left_at"
        with pytest.raises(ValidationError) as unexplained:
            _late(db, settings, team, visit.id, at(17, 30), reason=" ")
        assert unexplained.value.field == "late_reason"
        assert get_visit(db, visit.id).summary.state is S.INSIDE  # nothing half-done
        _late(db, settings, team, visit.id, at(17, 30))
    assert _closing(db, visit.id) == (at(17, 30), at(18, 10))
    detail = get_visit(db, visit.id)
    assert detail.summary.state is S.CHECKED_OUT and detail.closed_reason == "Lupa dicatat"
    assert all(b.returned_at == at(18, 10) for b in detail.badge_loans)


def test_left_without_check_out_retires_the_badge_and_keeps_the_id_card(
        db: Database, settings: Settings, team: Team) -> None:
    with travel_to(at(13, 0)):
        gone = factories.inside(db, settings, team)
        back = factories.approved(db, settings, team, id_number="6171014506900002")
        stays = factories.inside(db, settings, team, id_number="6171014506900003")
    with travel_to(at(18, 10)):
        with pytest.raises(ValidationError):
            visits.mark_left_unrecorded(db, team.operator, gone.id, None, "", False)
        visits.mark_left_unrecorded(db, team.operator, gone.id, None,
                                    "Tidak terlihat keluar", badge_at_desk=False)
        visits.mark_left_unrecorded(db, team.operator, back.id, None,
                                    "Kartu ditinggal di meja", badge_at_desk=True)
        open_now = open_after_day_end(db, settings)
    assert [v.id for v in open_now] == [stays.id]
    assert [v.id for v in inside_now(db)] == [stays.id]  # the evacuation list's people
    pool = {b.number: b.state for b in badges.list_badges(db)}
    assert pool[gone.badge_number or 0] is BadgeState.RETIRED
    assert pool[back.badge_number or 0] is BadgeState.AVAILABLE
    detail = get_visit(db, gone.id)
    assert detail.summary.state is S.LEFT_UNRECORDED
    assert detail.closed_reason == "Tidak terlihat keluar"
    assert [c.returned_at for c in detail.id_cards] == [None]  # still at the desk
    assert detail.devices[0].exit_state is DeviceExit.PENDING  # nobody checked it
    with db.session() as session:
        actions = session.scalars(select(AuditEvent.action)
                                  .where(AuditEvent.visit_id == gone.id)
                                  .order_by(AuditEvent.seq)).all()
    assert actions[-2:] == ["badge_retired", "left_unrecorded"]
    with pytest.raises(IllegalTransition):
        visits.close_unvisited(db, team.operator, gone.id, None, S.NO_SHOW, "Salah")

    with travel_to(at(8, 0, DAY + dt.timedelta(days=1))):
        visits.hand_back_id_card(db, team.operator, gone.id)
    assert [c.returned_at for c in get_visit(db, gone.id).id_cards] == [
        at(8, 0, DAY + dt.timedelta(days=1))]
    with pytest.raises(DomainError):
        visits.hand_back_id_card(db, team.operator, gone.id)
    with pytest.raises(DomainError):  # in custody: the card goes back at check-out
        visits.hand_back_id_card(db, team.operator, stays.id)


def test_a_checked_out_visit_cannot_be_closed_as_gone(db: Database, settings: Settings,
                                                      team: Team) -> None:
    done = factories.checked_out(db, settings, team)
    with pytest.raises(IllegalTransition):
        visits.mark_left_unrecorded(db, team.operator, done.id, None, "Salah pilih", False)


def test_the_evacuation_list_shows_whoever_is_not_resolved(
        sqlite_db: Database, settings: Settings) -> None:
    team = factories.make_team(sqlite_db)
    with travel_to(at(13, 0)):
        gone = factories.inside(sqlite_db, settings, team, full_name="Hilang Tanpa Jejak")
        factories.inside(sqlite_db, settings, team, full_name="Masih Bekerja",
                         id_number="6171014506900002")
    with travel_to(at(18, 10)):
        visits.mark_left_unrecorded(sqlite_db, team.operator, gone.id, None,
                                    "Tidak terlihat keluar", badge_at_desk=False)
        pdf = paperwork.evacuation_list(sqlite_db, settings, team.operator, [], at(18, 10))
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Masih Bekerja" in text and "Hilang Tanpa Jejak" not in text
