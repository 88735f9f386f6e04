"""Nothing acknowledged is lost when the kiosk process dies (20 kills; the benchmark does
``benchmarks/powerloss.py`` with 200)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from kiosk.domain.types import VisitState
from kiosk.services import visits
from tests.support.powerloss import Ack, Tally, Worker, check, expected_form, prepare, run_drill


def test_sigkill_at_random_moments_loses_nothing_acknowledged(
        tmp_path: Path, figures: Callable[..., None]) -> None:
    tally = run_drill(tmp_path, kills=20, seed=7)

    for line in tally.lines():
        print(line)
    figures("powerloss kills survived", tally.kills if tally.ok else 0)
    figures("powerloss visits verified", tally.visits_verified)
    assert tally.kills == 20
    assert tally.problems == []
    assert tally.ok
    assert tally.acknowledgements >= 40  # the kills landed on real work
    assert tally.visits_verified == tally.visits_acknowledged


def test_the_drill_notices_a_lost_or_damaged_visit(tmp_path: Path) -> None:
    """The checker itself: a visit stored without its signature, or gone, is reported."""
    path = tmp_path / "pintu.sqlite3"
    prepare(path)
    worker = Worker(path, seed=3)
    acked: dict[int, Ack] = {}
    for n in range(3):
        form = expected_form(f"pl-3-{n}")
        summary = visits.submit_visit(worker.db, worker.settings, form)
        worker.advance(summary.id, form.submission_key, VisitState.SUBMITTED)
        acked[summary.id] = Ack(summary.id, VisitState.ARCHIVED, form.submission_key)
    worker.db.dispose()
    clean = Tally()
    check(path, acked, clean)
    assert clean.ok and clean.visits_verified == 3

    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE visits SET signature_png = NULL WHERE id = 1")
        conn.execute("UPDATE visits SET state = 'inside' WHERE id = 2")
        conn.execute("DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)")
    damaged = Tally()
    check(path, acked, damaged)

    assert (damaged.lost, damaged.chain_failures) == (2, 1)
    assert damaged.audit_mismatches == 2  # visit 2's state and visit 3's missing event
    assert damaged.visits_verified == 1
