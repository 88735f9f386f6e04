"""How long a refused sign-in takes, by what the stranger typed: a staff name with a wrong
PIN, a name nobody has, and a locked account with its right PIN.

The three should take the same time (the ratios near 1.0), or the kiosk tells a stranger
which names exist by how fast it answers. Each try runs the real service on a real
database (SQLite file, then a throwaway PostgreSQL server), the kinds interleaved so the
machine's load hits them alike; the clock handed to the service moves past each wait.

Usage: python -m benchmarks.signin [--tries N] [--no-postgres]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.domain.clock import utcnow
from kiosk.domain.types import Role
from kiosk.services import signin, staff
from kiosk.services.actors import SYSTEM
from tests.support.pgserver import remove_server, start_server

PIN = "802461"
KINDS = {"known name, wrong PIN": ("budi", "975310"),
         "unknown name": ("nobody", "975310"),
         "locked account, right PIN": ("rina", PIN)}


def measure(name: str, url: str, settings: Settings, tries: int) -> dict[str, float]:
    """Median seconds per refused sign-in, by kind."""
    db = Database(url)
    migrate.upgrade(db)
    for username in ("budi", "rina"):
        staff.add_staff(db, SYSTEM, username, PIN, Role.OPERATOR)
    # A threshold no run reaches, so "budi" stays open; "rina" is locked on purpose.
    rules = dataclasses.replace(settings, lockout_attempts=10 ** 9)
    lock = dataclasses.replace(settings, lockout_attempts=1, lockout_minutes=10 ** 6)
    at = _refused(db, lock, "rina", "975310", utcnow())
    laps: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for n in range(tries + 5):
        for kind, (username, pin) in KINDS.items():
            start = time.perf_counter()
            at = _refused(db, rules, username, pin, at)
            if n >= 5:  # the first rounds warm connections and caches
                laps[kind].append(time.perf_counter() - start)
    db.dispose()
    medians = {kind: statistics.median(values) for kind, values in laps.items()}
    for kind, median in medians.items():
        print(f"{name:10} {kind:26} median {median * 1000:6.1f} ms "
              f"(p95 {sorted(laps[kind])[int(tries * 0.95)] * 1000:6.1f} ms, {tries} tries)")
    known = medians["known name, wrong PIN"]
    print(f"{name:10} unknown/known {medians['unknown name'] / known:.2f}, "
          f"locked/known {medians['locked account, right PIN'] / known:.2f}")
    return medians


def _refused(db: Database, settings: Settings, username: str, pin: str,
             at: dt.datetime) -> dt.datetime:
    """One refused try at ``at``; returns when the terminal may try again."""
    try:
        signin.authenticate(db, settings, username, pin, now=at)
    except signin.LoginFailed as exc:
        return at + dt.timedelta(seconds=exc.wait_seconds)
    raise AssertionError(f"{username} was let in")


def argon2_alone(runs: int = 50) -> float:
    """Milliseconds of one Argon2 verification: what an unknown name used to skip."""
    digest = staff.hasher.hash(PIN)
    start = time.perf_counter()
    for _ in range(runs):
        staff.pin_matches(digest, "975310")
    return (time.perf_counter() - start) / runs * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tries", type=int, default=100)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    print(f"one Argon2id verification alone: {argon2_alone():.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder))
        measure("SQLite", f"sqlite:///{folder}/bench.sqlite3", settings, args.tries)
    if args.no_postgres:
        return
    server = start_server()
    try:
        with tempfile.TemporaryDirectory() as folder:
            measure("PostgreSQL", server.create_database(), Settings(data_dir=Path(folder)),
                    args.tries)
    finally:
        remove_server(server)


if __name__ == "__main__":
    main()
