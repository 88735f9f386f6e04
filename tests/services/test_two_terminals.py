"""Two desks sharing one PostgreSQL server decide on the same visit, and run the same
emergency roll call, at the same moment."""

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.domain.records import VisitSummary
from kiosk.domain.types import BadgeState, VisitState
from kiosk.errors import AlreadyHandled, DomainError
from kiosk.services import badges, review, rollcall, visits
from kiosk.services.actors import Actor
from kiosk.services.queries import get_visit
from tests.support import factories
from tests.support.factories import Team
from tests.support.pgserver import PgServer

pytestmark = pytest.mark.postgres


@pytest.fixture
def terminals(pg_server: PgServer) -> Iterator[tuple[Database, Database]]:
    """Two real connection pools, as two kiosk processes would have."""
    url = pg_server.create_database()
    first, second = Database(url), Database(url)
    migrate.upgrade(first)
    yield first, second
    first.dispose()
    second.dispose()


def _race(terminals: tuple[Database, Database], team: Team, settings: Settings,
          visit: VisitSummary) -> list[VisitSummary | Exception]:
    detail = get_visit(terminals[0], visit.id)
    free = badges.available_numbers(terminals[0])
    start = threading.Barrier(2)
    results: list[VisitSummary | Exception] = [AssertionError("not run")] * 2

    def approve(index: int, db: Database, actor: Actor, badge: int) -> None:
        start.wait()
        try:
            results[index] = visits.approve(db, actor, visit.id, visit.version, visits.Approval(
                escort_id=team.supervisor.staff_id or 0, badge_number=badge,
                id_card_type="ktp", id_card_number=detail.id_number))
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=approve, args=(0, terminals[0], team.operator, free[0])),
               threading.Thread(target=approve,
                                args=(1, terminals[1], team.second_operator, free[1]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_one_approval_wins_and_the_other_desk_is_told_who(
        terminals: tuple[Database, Database], settings: Settings) -> None:
    team = factories.make_team(terminals[0])
    for _ in range(3):
        visit = factories.submitted(terminals[1], settings)
        # Both desks see it in their queue before anyone decides.
        assert visit.id in {v.id for v in review.snapshot(terminals[0]).pending}
        assert visit.id in {v.id for v in review.snapshot(terminals[1]).pending}
        results = _race(terminals, team, settings, visit)
        won = [r for r in results if isinstance(r, VisitSummary)]
        lost = [r for r in results if isinstance(r, Exception)]
        assert len(won) == 1 and len(lost) == 1, results
        assert isinstance(lost[0], AlreadyHandled)
        winner = team.operator if results[0] is won[0] else team.second_operator
        assert lost[0].text("en") == (
            f"This visit was already handled by {winner.full_name}; it is now Approved.")
        assert lost[0].text("id").startswith(f"Kunjungan ini sudah ditangani oleh "
                                             f"{winner.full_name}")
        # Exactly one badge left the pool, and it is the winner's.
        out = [b for b in badges.list_badges(terminals[1]) if b.state is BadgeState.OUT
               and b.holder_visit_id == visit.id]
        assert [b.number for b in out] == [won[0].badge_number]
        assert get_visit(terminals[1], visit.id).summary.state is VisitState.APPROVED


def _together(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` on their own threads, released at the same instant; each one's result
    or exception, in order."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [AssertionError("not run")] * len(calls)

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = calls[index]()
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _accounted_events(db: Database) -> list[tuple[int | None, dict[str, int]]]:
    with db.session() as session:
        return [(e.visit_id, json.loads(e.detail)) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "person_accounted")
            .order_by(AuditEvent.seq))]


def test_two_desks_starting_a_roll_call_at_once_share_one(
        terminals: tuple[Database, Database], settings: Settings) -> None:
    first, second = terminals
    team = factories.make_team(first)
    factories.inside(first, settings, team)
    for _ in range(4):
        results = _together(lambda: rollcall.start(first, team.operator, "pintu-1"),
                            lambda: rollcall.start(second, team.second_operator, "pintu-2"))
        assert not any(isinstance(r, Exception) for r in results), results
        (one, one_joined), (two, two_joined) = results
        assert one.id == two.id and sorted([one_joined, two_joined]) == [False, True]
        assert rollcall.end(second, settings, team.operator, one.id, "pintu-2").ended_at


def test_two_desks_marking_at_once_make_one_mark_each_and_see_each_others(
        terminals: tuple[Database, Database], settings: Settings) -> None:
    first, second = terminals
    team = factories.make_team(first)
    people = [factories.inside(first, settings, team, full_name=name).id
              for name in ("Ani Rahmawati", "Bayu Pratama", "Citra Lestari", "Dedi Kurnia")]
    call, _ = rollcall.start(first, team.operator, "pintu-1")
    # The same person marked from both desks at the same moment: one mark, the first.
    for visit_id in people[:2]:
        results = _together(
            lambda v=visit_id: rollcall.mark(first, team.operator, call.id, v, "pintu-1"),
            lambda v=visit_id: rollcall.mark(second, team.second_operator, call.id, v,
                                             "pintu-2"))
        assert not any(isinstance(r, Exception) for r in results), results
        assert results[0].line(visit_id) == results[1].line(visit_id)
    # Two people marked from the two desks at once: both count.
    _together(lambda: rollcall.mark(first, team.operator, call.id, people[2], "pintu-1"),
              lambda: rollcall.mark(second, team.second_operator, call.id, people[3],
                                    "pintu-2"))
    events = _accounted_events(first)
    assert sorted(v for v, _ in events) == sorted(people)  # one event per person
    assert all(detail == {"roll_call": call.id} for _, detail in events)
    # Each desk's poll shows the other desk's marks.
    for db in terminals:
        seen = review.snapshot(db).roll_call
        assert seen is not None and seen.missing == ()
        assert {line.accounted_terminal for line in seen.lines} <= {"pintu-1", "pintu-2"}
        assert seen.line(people[3]) is not None
        assert seen.line(people[3]).accounted_terminal == "pintu-2"  # type: ignore[union-attr]


def test_a_mark_racing_the_end_is_counted_in_the_filed_record_or_refused(
        terminals: tuple[Database, Database], settings: Settings) -> None:
    first, second = terminals
    team = factories.make_team(first)
    visit = factories.inside(first, settings, team)
    for _ in range(3):
        call, _ = rollcall.start(first, team.operator, "pintu-1")
        mark, ended = _together(
            lambda c=call: rollcall.mark(second, team.second_operator, c.id, visit.id,
                                         "pintu-2"),
            lambda c=call: rollcall.end(first, settings, team.operator, c.id, "pintu-1"))
        assert not isinstance(ended, Exception), ended
        stored = rollcall.get(second, call.id)
        assert stored.lines == ended.lines  # nothing changed after the end was recorded
        if isinstance(mark, Exception):
            assert isinstance(mark, DomainError) and "ended" in mark.text("en")
            assert stored.missing == stored.lines
        else:
            assert stored.accounted == stored.lines
