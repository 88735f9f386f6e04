"""Each visit action against the cost of one durable commit, on SQLite and PostgreSQL.

A cycle is the five user actions of a visit: submit, approve, enter, check out, archive,
each one transaction that ends in one durable commit. The floor is one empty durable
write transaction on the same kind of database, on the same disk, measured in the same
run, interleaved with the cycles (five after each cycle), because the disk's speed changes
with whatever else the machine is doing. No code can make an action cheaper than the
floor; the target is that each action costs at most about three floors, so the cycle rate
is at least one third of the floor's (``1 / (5 * floor)``).

The site is set up as an office runs it: notifications configured (the visited unit, the
supervisor, the escort), so the outbox queues real messages; a deny list of
``DENY_ENTRIES`` named entries checked at each approval; the desk passes its settings at
approval, as the console does. The archive action here is the database's part
(``checkout.archive`` with the hash of a filed form); the archive as the kiosk does it
(``archive.archive_visit``: read the visit, render the form, seal it, write the file, then
the same database action) is measured separately and split into PDF work, file writing
and database work.

For each action: median and p95 wall time, CPU time, SQL statements (a SQLAlchemy
``before_cursor_execute`` listener; ``BEGIN IMMEDIATE`` counts on SQLite, PostgreSQL's
implicit BEGIN and every COMMIT do not), and the median as a multiple of the floor. The
reads a screen makes between actions (the check-out dialog's visit) are not timed.

PostgreSQL runs with its default durability (``fsync``, ``synchronous_commit``), on
loopback. ``--profile`` adds a cProfile of the SQLite cycles: the functions with the most
own time, and where the time goes (the disk, the driver, SQLAlchemy, our code).

Usage: python -m benchmarks.lifecycle [--cycles N] [--archive-cycles N] [--profile]
       [--no-postgres]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from kiosk.config import NotifySettings, NotifyUnit, Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.domain.records import VisitSummary
from kiosk.domain.types import DeviceExit, IdType
from kiosk.services import archive, checkout, denylist, signing, staff, visits
from kiosk.services.badges import available_numbers
from kiosk.services.queries import get_visit
from tests.support import factories
from tests.support.factories import Team
from tests.support.pgserver import remove_server, start_server

ACTIONS = ("submit", "approve", "enter", "check out", "archive")
#: Empty durable commits timed after each cycle, one per action.
FLOOR_PER_CYCLE = len(ACTIONS)
#: Target: an action costs at most this many empty durable commits.
TARGET_FLOORS = 3.0
#: Named deny-list entries: a hand-kept list of people turned away over the years.
DENY_ENTRIES = 60
WARM_UP = 10
UNIT = "Seksi Jaringan dan Data Center"  # the PIC of ``factories.make_form``


def office_settings(folder: Path) -> Settings:
    """Notifications as an office configures them: the unit visited, the supervisor."""
    return Settings(data_dir=folder, notify=NotifySettings(
        mail_server="mailtos://pintu:secret@mail.example.go.id:587?from=pintu@example.go.id",
        supervisor_targets=("supervisor@example.go.id",),
        units=(NotifyUnit(UNIT, ("jaringan@example.go.id",)),)))


@dataclass
class StatementCounter:
    """SQL statements sent by one engine, counted as the driver receives them."""

    count: int = 0

    def attach(self, db: Database) -> None:
        event.listen(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: object) -> None:
        self.count += 1


@dataclass
class Site:
    db: Database
    settings: Settings
    team: Team
    badge: int
    statements: StatementCounter = field(default_factory=StatementCounter)


def open_site(url: str, settings: Settings) -> Site:
    """A migrated database with staff, badges, a deny list and escorts who are told."""
    db = Database(url)
    migrate.upgrade(db)
    team = factories.make_team(db)
    add_deny_list(db, team, DENY_ENTRIES)
    for actor in (team.operator, team.second_operator):
        staff.set_notify_target(db, team.supervisor, actor.staff_id or 0,
                                f"{actor.username}@example.go.id")
    site = Site(db, settings, team, available_numbers(db)[0])
    site.statements.attach(db)
    return site


def add_deny_list(db: Database, team: Team, count: int) -> None:
    """Named entries, with NIKs of other birth dates and passports without one: none of
    them is the benchmark's visitor, so every approval runs the whole check and passes."""
    for n in range(count):
        if n % 3:  # born 1970-1989: the visitors of the benchmark were born in 1990
            birth = f"{n % 28 + 1:02d}{n % 12 + 1:02d}{70 + n % 20:02d}"
            number, id_type = f"617101{birth}{n + 1:04d}", IdType.KTP
        else:
            number, id_type = f"X{n:07d}", IdType.PASSPORT
        denylist.add_entry(db, team.supervisor, id_type, number, f"Orang Ditolak {n}",
                           "Membawa perangkat tanpa izin")


@dataclass(frozen=True)
class Lap:
    wall: float
    cpu: float
    statements: int


class Laps:
    """Timings of one kind of step, collected over the measured cycles."""

    def __init__(self) -> None:
        self.laps: list[Lap] = []

    def median(self) -> float:
        return statistics.median(lap.wall for lap in self.laps)

    def p95(self) -> float:
        return percentile([lap.wall for lap in self.laps], 95)

    def cpu(self) -> float:
        return statistics.median(lap.cpu for lap in self.laps)

    def statements(self) -> float:
        return statistics.median(lap.statements for lap in self.laps)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))]


def timed(site: Site, into: Laps | None, action: Callable[[], VisitSummary]) -> VisitSummary:
    before = site.statements.count
    start, start_cpu = time.perf_counter(), time.process_time()
    result = action()
    if into is not None:
        into.laps.append(Lap(time.perf_counter() - start, time.process_time() - start_cpu,
                             site.statements.count - before))
    return result


def one_cycle(site: Site, n: int, laps: dict[str, Laps] | None = None, *,
              kiosk_archive: bool = False) -> None:
    """One visit through its five actions; ``laps`` collects their timings."""
    db, settings, team = site.db, site.settings, site.team

    def lap(name: str) -> Laps | None:
        return None if laps is None else laps.setdefault(name, Laps())

    form = factories.make_form(id_number=f"617101050690{n % 9999 + 1:04d}")
    visit = timed(site, lap("submit"), lambda: visits.submit_visit(db, settings, form))
    approval = visits.Approval(
        escort_id=team.second_operator.staff_id or 0, badge_number=site.badge,
        id_card_type="ktp", id_card_number=form.id_number)
    visit = timed(site, lap("approve"), lambda: visits.approve(
        db, team.operator, visit.id, visit.version, approval, settings=settings))
    visit = timed(site, lap("enter"), lambda: visits.mark_entered(
        db, team.operator, visit.id, visit.version))
    devices = tuple(checkout.DeviceCheck(d.id, DeviceExit.CARRIED_OUT)
                    for d in get_visit(db, visit.id).devices)  # the check-out dialog's read
    visit = timed(site, lap("check out"), lambda: checkout.check_out(
        db, settings, team.operator, visit.id, visit.version,
        checkout.CheckOut(devices, True, True)))
    if kiosk_archive:
        timed(site, lap("archive"), lambda: archive_and_summary(site, visit.id))
    else:
        timed(site, lap("archive"), lambda: checkout.archive(
            db, team.operator, visit.id, f"{n:064x}", f"/archive/{n}.pdf"))


def archive_and_summary(site: Site, visit_id: int) -> VisitSummary:
    archive.archive_visit(site.db, site.settings, site.team.operator, visit_id)
    return get_visit(site.db, visit_id).summary


class Floor:
    """One empty durable write transaction, on a database of its own beside the kiosk's."""

    def __init__(self, url: str) -> None:
        self.db = Database(url)
        with self.db.session() as session:
            session.execute(text("CREATE TABLE scratch (n INTEGER)"))
        self.laps: list[float] = []

    def commit(self, n: int) -> None:
        start = time.perf_counter()
        with self.db.session() as session:
            session.execute(text("INSERT INTO scratch VALUES (:n)"), {"n": n})
        self.laps.append(time.perf_counter() - start)

    def median(self) -> float:
        return statistics.median(self.laps)


@dataclass
class Run:
    name: str
    laps: dict[str, Laps]
    floor: Floor
    total: float
    cycles: int

    @property
    def cycle_median(self) -> float:
        return sum(self.laps[name].median() for name in ACTIONS)


def measure(name: str, site: Site, floor: Floor, cycles: int) -> Run:
    for n in range(WARM_UP):  # caches, connections, the first of each statement compiled
        one_cycle(site, n)
        floor.commit(n)
    floor.laps.clear()
    laps: dict[str, Laps] = {}
    total = 0.0
    for n in range(WARM_UP, WARM_UP + cycles):
        one_cycle(site, n, laps)
        total += sum(lap.laps[-1].wall for lap in laps.values())
        for k in range(FLOOR_PER_CYCLE):
            floor.commit(n * FLOOR_PER_CYCLE + k)
    return Run(name, laps, floor, total, cycles)


def report(run: Run) -> None:
    floor = run.floor.median()
    print(f"{'action':10} {'median ms':>9} {'p95 ms':>7} {'CPU ms':>7} {'statements':>10} "
          f"{'x floor':>8}")
    for name in ACTIONS:
        laps = run.laps[name]
        print(f"{name:10} {laps.median() * 1000:9.2f} {laps.p95() * 1000:7.2f} "
              f"{laps.cpu() * 1000:7.2f} {laps.statements():10.0f} "
              f"{laps.median() / floor:8.1f}")
    rate = run.cycles / run.total
    floor_rate = 1 / (FLOOR_PER_CYCLE * floor)
    worst = max(run.laps[name].median() / floor for name in ACTIONS)
    print(f"floor: one empty durable write transaction, {len(run.floor.laps)} interleaved: "
          f"median {floor * 1000:.2f} ms, p95 {percentile(run.floor.laps, 95) * 1000:.2f} ms")
    print(f"{run.name}: {run.cycles} cycles, {rate:.1f} cycles/s "
          f"(median cycle {run.cycle_median * 1000:.1f} ms); the floor allows "
          f"{floor_rate:.0f} cycles/s; ratio {rate / floor_rate:.2f} "
          f"(target >= {1 / TARGET_FLOORS:.2f}: "
          f"{'met' if rate / floor_rate >= 1 / TARGET_FLOORS else 'NOT met'}); "
          f"costliest action {worst:.1f} floors")


class Stopwatch:
    """Total time spent in a few module functions, wrapped for one measurement."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def watching(self, targets: dict[str, tuple[object, str]]) -> Iterator[None]:
        originals = {label: getattr(owner, attr) for label, (owner, attr) in targets.items()}
        for label, (owner, attr) in targets.items():
            setattr(owner, attr, self._wrap(label, originals[label]))
        try:
            yield
        finally:
            for label, (owner, attr) in targets.items():
                setattr(owner, attr, originals[label])

    def _wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - start
        return wrapped


def kiosk_archive(site: Site, cycles: int, db_archive: Laps) -> None:
    """The cycle with the archive as the console runs it, PDF work told apart."""
    for n in range(3):  # fonts, the site certificate made on first use
        one_cycle(site, 100_000 + n, kiosk_archive=True)
    watch = Stopwatch()
    laps: dict[str, Laps] = {}
    with watch.watching({"render": (archive, "visit_form_pdf"), "seal": (signing, "seal"),
                         "write": (archive, "write_atomic")}):
        for n in range(cycles):
            one_cycle(site, 100_100 + n, laps, kiosk_archive=True)
    total = sum(lap.wall for lap in laps["archive"].laps)
    render, seal, write = (watch.seconds[k] / cycles * 1000 for k in ("render", "seal", "write"))
    whole = total / cycles * 1000
    database = whole - render - seal - write
    others = sum(statistics.mean(lap.wall for lap in laps[name].laps) for name in ACTIONS[:-1])
    print(f"archive as the kiosk does it, {cycles} cycles: {whole:.1f} ms mean = PDF work "
          f"{render + seal:.1f} ms (render {render:.1f}, seal {seal:.1f}) + file write with "
          f"fsync {write:.1f} ms + database {database:.1f} ms (reads of the visit and its "
          f"chain hash, then the archive action alone: median {db_archive.median() * 1000:.2f}"
          f" ms)")
    print(f"full cycle with it: {1 / (others + whole / 1000):.1f} cycles/s; the PDF is "
          f"{(render + seal) / (others * 1000 + whole):.0%} of the cycle")


AREAS = (("the disk: sqlite3 commit", ("<method 'commit' of 'sqlite3.Connection'",)),
         ("driver: sqlite3 execute/fetch", ("sqlite3.Cursor", "sqlite3.Connection")),
         ("SQLAlchemy", ("sqlalchemy",)),
         ("kiosk", ("/kiosk/",)))


def profile(site: Site, cycles: int, top: int = 20) -> None:
    """Where the time of the SQLite cycles goes, by function and by area."""
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(cycles):
        one_cycle(site, 200_000 + n)
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in entries.values())
    print(f"\n== profile: {cycles} SQLite cycles under cProfile, {total:.2f} s of own time "
          f"({total / cycles * 1000:.1f} ms per cycle with the profiler's overhead) ==")
    print(f"{'own ms/cycle':>12} {'calls/cycle':>11}  function")
    rows = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)[:top]
    for (filename, line, function), (_cc, calls, own, _cum, _callers) in rows:
        print(f"{own / cycles * 1000:12.3f} {calls / cycles:11.1f}  "
              f"{short_name(filename, line, function)}")
    areas = dict.fromkeys([label for label, _ in AREAS] + ["other"], 0.0)
    for (filename, _line, function), row in entries.items():
        where = f"{filename} {function}"
        label = next((label for label, marks in AREAS if any(m in where for m in marks)),
                     "other")
        areas[label] += row[2]
    print("own time by area: " + "; ".join(f"{label} {seconds / total:.0%}"
                                           for label, seconds in areas.items()))


def short_name(filename: str, line: int, function: str) -> str:
    if filename == "~":
        return function
    for marker in ("site-packages/", "/kiosk/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            if marker == "/kiosk/":
                filename = "kiosk/" + filename
    return f"{filename}:{line} {function}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=500)
    parser.add_argument("--archive-cycles", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-cycles", type=int, default=200)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory() as folder:
        settings = office_settings(Path(folder))
        site = open_site(f"sqlite:///{folder}/bench.sqlite3", settings)
        floor = Floor(f"sqlite:///{folder}/floor.sqlite3")
        print(f"\n== SQLite (WAL, synchronous=FULL), {args.cycles} cycles ==")
        run = measure("SQLite", site, floor, args.cycles)
        report(run)
        if args.archive_cycles:
            kiosk_archive(site, args.archive_cycles, run.laps["archive"])
        if args.profile:
            profile(site, args.profile_cycles)
        site.db.dispose()
        floor.db.dispose()
    if not args.no_postgres:
        server = start_server(durable=True)
        try:
            with tempfile.TemporaryDirectory() as folder:
                site = open_site(server.create_database(), office_settings(Path(folder)))
                floor = Floor(server.create_database())
                print(f"\n== PostgreSQL (durable: fsync and synchronous_commit on; loopback), "
                      f"{args.cycles} cycles ==")
                report(measure("PostgreSQL", site, floor, args.cycles))
                site.db.dispose()
                floor.db.dispose()
        finally:
            remove_server(server)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
