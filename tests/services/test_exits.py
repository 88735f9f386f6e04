import datetime as dt

import pytest
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.domain.clock import utcnow
from kiosk.domain.figures import Period, local_day
from kiosk.domain.tokens import TokenError, TokenKind, issue_token
from kiosk.domain.types import DeviceExit, VisitState
from kiosk.errors import DomainError, NotFound, ValidationError
from kiosk.services import badges, exits
from kiosk.services.checkout import CheckOut, DeviceCheck
from kiosk.services.events import VisitEvent, subscribe, unsubscribe
from kiosk.services.queries import get_visit
from kiosk.services.report_data import period_data
from tests.support import factories
from tests.support.factories import Team

SECRET = b"e" * 32


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    return sqlite_db


def _card(db: Database, number: int) -> str:
    record = next(b for b in badges.list_badges(db) if b.number == number)
    return badges.badge_token(SECRET, record)


def test_badge_scan_at_the_kiosk_tells_the_desk(db: Database, settings: Settings,
                                                team: Team) -> None:
    visit = factories.inside(db, settings, team)
    assert visit.badge_number is not None
    heard: list[VisitEvent] = []
    subscribe(heard.append)
    try:
        asked = exits.request_exit(db, SECRET, _card(db, visit.badge_number))
    finally:
        unsubscribe(heard.append)
    assert asked.id == visit.id
    assert heard == [VisitEvent(visit.id, "exit_requested", "inside")]
    assert set(exits.exit_requests(db)) == {visit.id}
    with db.session() as session:
        event = session.execute(select(AuditEvent).where(
            AuditEvent.action == "exit_requested")).scalar_one()
        assert event.actor == "kiosk" and event.visit_id == visit.id
        assert "Dewi" not in event.detail and "6171" not in event.detail
    assert exits.visit_for_badge(db, SECRET, _card(db, visit.badge_number)).id == visit.id
    assert not exits.exit_requests(db)[visit.id].typed


def test_a_badge_not_out_retired_or_forged_is_refused(db: Database, settings: Settings,
                                                      team: Team) -> None:
    free = badges.available_numbers(db)[0]
    with pytest.raises(DomainError, match="not on a visit"):
        exits.request_exit(db, SECRET, _card(db, free))
    payload = _card(db, free)
    badges.retire_badge(db, team.supervisor, free, "Hilang")
    with pytest.raises(DomainError, match="no longer in use"):
        exits.request_exit(db, SECRET, payload)
    with pytest.raises(TokenError):
        exits.request_exit(db, b"x" * 32, _card(db, free + 1))
    other = badges.list_badges(db)[free]  # the next card: right number, wrong nonce
    forged = badges.badge_token(SECRET, type(other)(other.number, other.state, "AAAAAAAA",
                                                    None))
    with pytest.raises(TokenError):
        exits.badge_from_payload(db, SECRET, forged)
    assert exits.badge_from_payload(db, SECRET, _card(db, other.number)).number == other.number
    with pytest.raises(NotFound):
        exits.request_exit_by_number(db, 999)
    with pytest.raises(DomainError, match="no longer in use"):
        exits.request_exit_by_number(db, free)


def _actions(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(AuditEvent.action).where(
            AuditEvent.action.in_(("exit_requested", "exit_typed"))).order_by(AuditEvent.seq)))


def test_a_typed_number_tells_nothing_and_asks_the_desk_to_check(
        db: Database, settings: Settings, team: Team) -> None:
    visit = factories.inside(db, settings, team)
    free = badges.available_numbers(db)[0]
    assert visit.badge_number is not None
    heard: list[VisitEvent] = []
    subscribe(heard.append)
    try:
        assert exits.request_exit_by_number(db, visit.badge_number) is None
        assert exits.request_exit_by_number(db, free) is None  # the same answer, nothing kept
    finally:
        unsubscribe(heard.append)
    assert heard == [VisitEvent(visit.id, "exit_typed", "inside")]
    assert _actions(db) == ["exit_typed"]
    assert exits.exit_requests(db)[visit.id].typed
    exits.request_exit(db, SECRET, _card(db, visit.badge_number))  # the card itself, later
    assert not exits.exit_requests(db)[visit.id].typed


def test_a_typed_request_does_not_start_the_check_out_clock(
        db: Database, settings: Settings, team: Team) -> None:
    typed = factories.inside(db, settings, team, devices=())
    scanned = factories.inside(db, settings, team, devices=(), id_number="6171011203850002")
    assert typed.badge_number is not None and scanned.badge_number is not None
    exits.request_exit_by_number(db, typed.badge_number)
    exits.request_exit(db, SECRET, _card(db, scanned.badge_number))
    for visit in (typed, scanned):
        exits.finish_visit(db, settings, team.operator, visit.id, None,
                           CheckOut((), badge_returned=True, id_card_returned=True))
    day = local_day(typed.submitted_at)
    started = {v.id: v.exit_requested_at for v in period_data(db, Period.day(day)).visits}
    assert started[typed.id] is None and started[scanned.id] is not None


def _sticker(visit_id: int, hours: int = 12) -> str:
    return issue_token(SECRET, TokenKind.VISIT, visit_id, utcnow() + dt.timedelta(hours=hours))


def test_the_visit_sticker_checks_out_its_own_visit(db: Database, settings: Settings,
                                                    team: Team) -> None:
    """The sticker printed at approval names the visit: it asks to leave while the visit is
    in custody, and is refused before approval, after check-out, forged or expired."""
    waiting = factories.submitted(db, settings)
    with pytest.raises(DomainError, match="no longer valid"):
        exits.request_exit(db, SECRET, _sticker(waiting.id))
    visit = factories.inside(db, settings, team, devices=(), id_number="6171011203850002")
    asked = exits.request_exit(db, SECRET, _sticker(visit.id))
    assert (asked.id, asked.full_name) == (visit.id, "Dewi Lestari")
    assert _actions(db) == ["exit_requested"]
    assert not exits.exit_requests(db)[visit.id].typed
    assert exits.visit_for_badge(db, SECRET, _sticker(visit.id)).id == visit.id
    with pytest.raises(TokenError):
        exits.request_exit(db, b"x" * 32, _sticker(visit.id))
    with pytest.raises(TokenError):
        exits.request_exit(db, SECRET, _sticker(visit.id, hours=-1))
    with pytest.raises(TokenError):
        exits.request_exit(db, SECRET, _sticker(9999))
    with pytest.raises(TokenError, match="not a visitor badge"):
        exits.request_exit(db, SECRET, issue_token(SECRET, TokenKind.INVITATION, visit.id,
                                                   utcnow() + dt.timedelta(hours=1)))
    with pytest.raises(TokenError, match="not a visitor badge"):
        exits.badge_from_payload(db, SECRET, _sticker(visit.id))  # no badge to hand out
    exits.finish_visit(db, settings, team.operator, visit.id, None,
                       CheckOut((), badge_returned=True, id_card_returned=True))
    with pytest.raises(DomainError, match="no longer valid"):
        exits.request_exit(db, SECRET, _sticker(visit.id))


def test_exit_requests_end_with_the_visit(db: Database, settings: Settings,
                                          team: Team) -> None:
    visit = factories.inside(db, settings, team, devices=())
    assert visit.badge_number is not None
    exits.request_exit_by_number(db, visit.badge_number)
    exits.finish_visit(db, settings, team.operator, visit.id, None,
                       CheckOut((), badge_returned=True, id_card_returned=True))
    assert exits.exit_requests(db) == {}


def test_serials_match_whatever_the_case_spaces_and_dashes(db: Database, settings: Settings,
                                                           team: Team) -> None:
    visit = factories.inside(db, settings, team)
    devices = get_visit(db, visit.id).devices
    serial = devices[0].serial  # "PF000123"
    assert exits.match_device(devices, f" {serial[:2].lower()}-{serial[2:]} ") == devices[0]
    assert exits.match_device(devices, "XX999") is None
    assert exits.match_device(devices, " ") is None


def test_maintenance_checklist_is_checked_before_check_out(db: Database, settings: Settings,
                                                           team: Team) -> None:
    visit = factories.inside(db, settings, team, purpose_key="server_maintenance")
    detail = get_visit(db, visit.id)
    checks = tuple(DeviceCheck(d.id, DeviceExit.CARRIED_OUT) for d in detail.devices)
    with pytest.raises(ValidationError) as incomplete:
        exits.finish_visit(db, settings, team.operator, visit.id, visit.version,
                           CheckOut(checks, True, True, checklist={"indicators": True}))
    assert incomplete.value.field == "checklist"
    answers = {"indicators": True, "cleanliness_fans": True, "cpu_temperature": "71 °C",
               "cpu_utilisation": "90 %", "disk": "baik", "memory": "baik", "network": False}
    done = exits.finish_visit(db, settings, team.operator, visit.id, visit.version,
                              CheckOut(checks, True, True, checklist=answers,
                                       note="Kabel uplink longgar"))
    assert done.state is VisitState.CHECKED_OUT
    after = get_visit(db, visit.id)
    assert after.checklist == answers
    assert after.problem_found  # the network check failed, so the flag is set
