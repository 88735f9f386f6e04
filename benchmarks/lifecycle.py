"""Full visit cycles per second (submit, approve, enter, check out, archive).

Runs the real services on a SQLite file (WAL, synchronous=FULL, so every commit is on
disk) and on a throwaway PostgreSQL server on loopback, and prints cycles per second for
each. Target: at least 200 cycles/s on SQLite on a 2-core machine.

Usage: python -m benchmarks.lifecycle [--cycles N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.domain.types import DeviceExit
from kiosk.services import checkout, visits
from kiosk.services.badges import available_numbers
from tests.support import factories
from tests.support.factories import Team
from tests.support.pgserver import remove_server, start_server

#: submit, approve, enter, check out, archive: five user actions, five durable commits.
TRANSACTIONS_PER_CYCLE = 5


def one_cycle(db: Database, settings: Settings, team: Team, n: int) -> None:
    form = factories.make_form(id_number=f"617101050690{n % 9999 + 1:04d}")
    visit = visits.submit_visit(db, settings, form)
    visit = visits.approve(db, team.operator, visit.id, visit.version, visits.Approval(
        escort_id=team.second_operator.staff_id or 0, badge_number=available_numbers(db)[0],
        id_card_type="ktp", id_card_number=form.id_number))
    visit = visits.mark_entered(db, team.operator, visit.id, visit.version)
    devices = checkout_devices(db, visit.id)
    visit = checkout.check_out(db, settings, team.operator, visit.id, visit.version,
                               checkout.CheckOut(devices, True, True))
    checkout.archive(db, team.operator, visit.id, f"{n:064x}", f"/archive/{n}.pdf")


def checkout_devices(db: Database, visit_id: int) -> tuple[checkout.DeviceCheck, ...]:
    from kiosk.services.queries import get_visit

    return tuple(checkout.DeviceCheck(d.id, DeviceExit.CARRIED_OUT)
                 for d in get_visit(db, visit_id).devices)


def measure(name: str, url: str, settings: Settings, cycles: int) -> float:
    db = Database(url)
    migrate.upgrade(db)
    team = factories.make_team(db)
    run: Callable[[int], None] = lambda n: one_cycle(db, settings, team, n)  # noqa: E731
    for n in range(10):  # warm caches and connections
        run(n)
    laps = []
    start = time.perf_counter()
    for n in range(10, 10 + cycles):
        lap = time.perf_counter()
        run(n)
        laps.append(time.perf_counter() - lap)
    total = time.perf_counter() - start
    db.dispose()
    rate = cycles / total
    print(f"{name:10} {cycles:5d} cycles in {total:6.2f} s = {rate:7.1f} cycles/s "
          f"(median {statistics.median(laps) * 1000:5.1f} ms, "
          f"p95 {sorted(laps)[int(len(laps) * 0.95)] * 1000:5.1f} ms per cycle)")
    return rate


def durable_write_floor(folder: str, writes: int = 300) -> float:
    """Milliseconds of one empty durable write transaction on this disk, with the kiosk's
    SQLite settings: the cost no amount of application tuning removes."""
    db = Database(f"sqlite:///{folder}/floor.sqlite3")
    with db.session() as session:
        session.execute(text("CREATE TABLE scratch (n INTEGER)"))
    start = time.perf_counter()
    for n in range(writes):
        with db.session() as session:
            session.execute(text("INSERT INTO scratch VALUES (:n)"), {"n": n})
    db.dispose()
    return (time.perf_counter() - start) / writes * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cycles", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder))
        sqlite = measure("SQLite", f"sqlite:///{folder}/bench.sqlite3", settings, args.cycles)
        floor = durable_write_floor(folder)
    print(f"one empty durable SQLite write transaction: {floor:.2f} ms; a cycle is "
          f"{TRANSACTIONS_PER_CYCLE} of them, so no code can exceed "
          f"{1000 / (floor * TRANSACTIONS_PER_CYCLE):.0f} cycles/s on this disk")
    server = start_server()
    try:
        with tempfile.TemporaryDirectory() as folder:
            settings = Settings(data_dir=Path(folder))
            postgres = measure("PostgreSQL", server.create_database(), settings, args.cycles)
    finally:
        remove_server(server)
    print(f"target: SQLite >= 200 cycles/s -> {'met' if sqlite >= 200 else 'NOT met'}; "
          f"PostgreSQL/SQLite ratio {postgres / sqlite:.2f}")


if __name__ == "__main__":
    main()
