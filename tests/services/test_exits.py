import pytest
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.domain.tokens import TokenError
from kiosk.domain.types import DeviceExit, VisitState
from kiosk.errors import DomainError, NotFound, ValidationError
from kiosk.services import badges, exits
from kiosk.services.checkout import CheckOut, DeviceCheck
from kiosk.services.events import VisitEvent, subscribe, unsubscribe
from kiosk.services.queries import get_visit
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
    assert exits.request_exit_by_number(db, visit.badge_number).id == visit.id


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
