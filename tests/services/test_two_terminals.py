"""Two desks sharing one PostgreSQL server decide on the same visit at the same moment."""

import threading
from collections.abc import Iterator

import pytest

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.domain.records import VisitSummary
from kiosk.domain.types import BadgeState, VisitState
from kiosk.errors import AlreadyHandled
from kiosk.services import badges, review, visits
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
