"""How long the supervisor waits for a report.

1. The daily report (figures, PDF and CSV) for a day of 1,000 visits, some refused, some
   still inside at the day's end, some on the deny list. Target: under 1 s.
2. The day query (everything a day's report reads) on a database of 1,000,000 visits,
   spread over ten years (about 275 a day, each with a signature, a device, a badge loan
   and its audit events: five for a visit archived, two for one refused). Target: under
   50 ms. It rides on ``ix_visits_submitted_at`` and the ``visit_id`` indexes of devices,
   badge loans and audit events. Several days are measured, each first cold (the
   database's pages dropped from the operating system's cache and a new connection, as
   the first report of a morning) and then warm.

Rows are inserted in bulk with SQLAlchemy Core into temporary SQLite files, not through
the services: the services are measured elsewhere; here the point is the reading side.

    .venv/bin/python -m benchmarks.reports [--visits 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import text

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, Badge, BadgeLoan, Device, Staff, Visit, Visitor
from kiosk.documents.csv_export import write_csv
from kiosk.documents.daily_report import daily_report_pdf
from kiosk.domain.clock import at_site, day_bounds
from kiosk.domain.figures import Period, figures
from kiosk.domain.types import BadgeState, DeviceExit, IdType, Role, VisitState
from kiosk.services.demo import demo_signature
from kiosk.services.report_data import period_data

DAY = dt.date(2026, 11, 23)
PURPOSES = ("server_maintenance", "repair", "installation", "inspection", "delivery", "other")
BATCH = 20_000
CREATED = dt.datetime(2016, 1, 1, tzinfo=dt.UTC)
#: Signatures as the kiosk's demo draws them; a few, so rows do not all hold one value.
SIGNATURES = tuple(demo_signature(random.Random(seed)) for seed in range(8))
#: Days measured, as offsets from ``DAY``: the data spans five years either side of it,
#: but a report never reads beyond today.
DAYS = (0, -1, -365, -1000, -1800)


Rows = tuple[dict[str, object], dict[str, object], dict[str, object], list[dict[str, object]]]


def _database(folder: Path) -> tuple[Database, Settings]:
    settings = Settings(data_dir=folder)
    folder.mkdir(parents=True, exist_ok=True)
    db = Database(settings.effective_database_url())
    migrate.upgrade(db)
    return db, settings


def _visit_rows(count: int, first: dt.date, days: int, start_id: int = 1
                ) -> Iterator[Rows]:
    """(visit, device, badge loan, audit events) rows, ``count`` visits spread evenly over
    ``days``."""
    base = at_site(first, dt.time(7, 0))
    per_day = count / days
    for n in range(count):
        visit_id = start_id + n
        day_index = int(n / per_day)
        within = (n - day_index * per_day) / per_day
        submitted = base + dt.timedelta(days=day_index, minutes=within * 600)
        decided = submitted + dt.timedelta(minutes=2 + n % 7)
        entered = decided + dt.timedelta(minutes=2)
        refused = n % 23 == 0
        inside = not refused and n % 50 == 0  # never checked out: open at the day's end
        left = None if refused or inside else entered + dt.timedelta(minutes=25 + n % 80)
        visitor = 1 + n % 5000
        state = (VisitState.REFUSED if refused else VisitState.INSIDE if inside
                 else VisitState.ARCHIVED)
        yield (
            {"id": visit_id, "version": 1, "submission_key": f"bench-{visit_id}",
             "terminal": "Pintu 1", "visitor_id": visitor, "state": state,
             "full_name": f"Pengunjung {visitor}", "organisation": "Dinas Kominfo",
             "phone": "0812 0000 0000", "id_type": IdType.KTP,
             "id_number": f"6171010101{visitor:06d}", "number_key": f"6171010101{visitor:06d}",
             "purpose_key": PURPOSES[n % len(PURPOSES)], "purpose_text": "Pemeliharaan rutin",
             "pic": "Seksi Jaringan dan Data Center", "planned_minutes": 60,
             "reference_letter": "", "consent_at": submitted, "language": "id",
             "submitted_at": submitted, "decided_at": decided, "decided_by_id": 1,
             "escort_id": None if refused else 2, "deny_hit": n % 41 == 0,
             "entered_at": None if refused else entered, "left_at": left,
             "checked_out_by_id": None if left is None else 1, "checkout_note": "",
             "problem_found": False, "archived_at": left,
             "closed_at": decided if refused else left,
             "closed_by_id": None if inside else 1,
             "refusal_reason": "Tidak ada surat tugas" if refused else None,
             "signature_png": SIGNATURES[n % len(SIGNATURES)]},
            {"visit_id": visit_id, "kind": "Laptop", "brand_model": "Lenovo ThinkPad T14",
             "serial": f"PF{visit_id:08d}", "carried_in": True,
             "exit_state": DeviceExit.MISSING if n % 97 == 0 else DeviceExit.CARRIED_OUT,
             "exit_serial": f"PF{visit_id:08d}", "exit_note": "Dibawa teknisi lain"
             if n % 97 == 0 else ""},
            {"badge_id": 1 + n % 20, "visit_id": visit_id, "issued_at": decided,
             "issued_by_id": 1, "returned_at": left, "returned_by_id": None if left is None
             else 1},
            _events(visit_id, submitted, decided, entered, left, refused),
        )


def _events(visit_id: int, submitted: dt.datetime, decided: dt.datetime,
            entered: dt.datetime, left: dt.datetime | None, refused: bool
            ) -> list[dict[str, object]]:
    """The visit's audit events, with details and hashes of their real sizes (the chain
    itself is not checked here)."""
    steps = ([("submitted", submitted), ("refused", decided)] if refused else
             [("submitted", submitted), ("approved", decided), ("entered", entered)]
             + ([("checked_out", left), ("archived", left)] if left else []))
    return [{"seq": visit_id * 8 + i, "at": at, "actor": "op1", "action": action,
             "visit_id": visit_id, "detail": '{"badge":7,"escort_id":2,"terminal":"Pintu 1"}',
             "prev_hash": f"{visit_id * 8 + i - 1:064x}", "hash": f"{visit_id * 8 + i:064x}"}
            for i, (action, at) in enumerate(steps)]


def fill(db: Database, count: int, first: dt.date, days: int) -> None:
    """Bulk rows through the raw DB-API connection: about ten times faster than Core's
    parameter processing for a million rows, and the values are stored exactly as the
    models' types store them (naive UTC text timestamps, enum values)."""
    staff = [{"id": i, "username": f"op{i}", "full_name": f"Operator {i}",
              "role": Role.OPERATOR, "pin_hash": "x", "active": True, "on_duty": True,
              "failed_logins": 0, "notify_target": "", "created_at": CREATED}
             for i in (1, 2)]
    badges = [{"id": i, "number": i, "state": BadgeState.AVAILABLE, "nonce": "ABCDEFGH",
               "created_at": CREATED} for i in range(1, 21)]
    visitors = [{"id": i, "id_type": IdType.KTP, "id_number": f"6171010101{i:06d}",
                 "created_at": CREATED} for i in range(1, 5001)]
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA journal_mode=MEMORY")  # a throwaway file: no WAL copy
        _insert(cursor, Staff, staff)
        _insert(cursor, Badge, badges)
        _insert(cursor, Visitor, visitors)
        indexes = _drop_indexes(cursor, ("visits", "devices", "badge_loans", "audit_events"))
        rows = _visit_rows(count, first, days)
        while True:
            chunk = [row for _, row in zip(range(BATCH), rows, strict=False)]
            if not chunk:
                break
            _insert(cursor, Visit, [v for v, _, _, _ in chunk])
            _insert(cursor, Device, [d for _, d, _, _ in chunk])
            _insert(cursor, BadgeLoan, [b for _, _, b, _ in chunk])
            _insert(cursor, AuditEvent, [e for _, _, _, events in chunk for e in events])
        for create in indexes:  # built once over the loaded rows: the usual bulk-load order
            cursor.execute(create)
        connection.commit()
    finally:
        connection.close()


def _drop_indexes(cursor: Any, tables: Sequence[str]) -> list[str]:
    marks = ", ".join("?" for _ in tables)
    found = cursor.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})", tuple(tables)).fetchall()
    for name, _ in found:
        cursor.execute(f"DROP INDEX {name}")
    return [sql for _, sql in found]


def _insert(cursor: Any, model: type[Any], rows: Sequence[Mapping[str, object]]) -> None:
    columns = list(rows[0])
    marks = ", ".join("?" for _ in columns)
    cursor.executemany(
        f"INSERT INTO {model.__tablename__} ({', '.join(columns)}) VALUES ({marks})",
        [tuple(_stored(row[c]) for c in columns) for row in rows])


def _stored(value: object) -> object:
    if isinstance(value, dt.datetime):  # all UTC already; the models' text format
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    return value


def timed(runs: int, work: Callable[[], object]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run; CPU time shows the cost even when other
    work shares the machine."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def bench_daily_report(folder: Path) -> None:
    db, settings = _database(folder / "day")
    fill(db, 1000, DAY, 1)

    def report() -> None:
        fig = figures(period_data(db, Period.day(DAY)), settings)
        daily_report_pdf(fig, settings, folder / "day.pdf")
        write_csv(fig, settings, folder / "day.csv")

    report()  # fonts registered, caches warm
    wall, cpu = timed(5, report)
    fig = figures(period_data(db, Period.day(DAY)), settings)
    pages = (folder / "day.pdf").read_bytes().count(b"/Type /Page\n")
    print(f"daily report (PDF {pages} pages + CSV), {fig.totals.visits} visits, "
          f"{fig.anomaly_visits} with anomalies, {len(fig.unclosed)} not closed at day end: "
          f"median {statistics.median(wall):.3f} s wall, "
          f"{statistics.median(cpu):.3f} s CPU; max {max(wall):.3f} s (target < 1 s)")
    db.dispose()


def bench_day_query(folder: Path, count: int) -> None:
    db, settings = _database(folder / "million")
    days = 3650
    first = DAY - dt.timedelta(days=days // 2)
    start = time.perf_counter()
    fill(db, count, first, days)
    with db.session() as session:
        events = session.scalar(text("SELECT count(*) FROM audit_events"))
        session.execute(text("ANALYZE"))
        low, high = day_bounds(DAY)
        plan = session.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM visits WHERE submitted_at >= :a AND "
            "submitted_at < :b AND purged_at IS NULL"), {"a": low, "b": high}).all()
    db.dispose()
    path = Path(settings.effective_database_url().removeprefix("sqlite:///"))
    print(f"inserted {count:,} visits (+ signatures of {len(SIGNATURES[0]):,} bytes, devices, "
          f"badge loans, {events:,} audit events) in {time.perf_counter() - start:.1f} s; "
          f"file {path.stat().st_size / 2**30:.2f} GiB")
    print("plan: " + "; ".join(str(row[-1]) for row in plan))
    # Opening checks the whole file (``quick_check``), which reads every page into the
    # cache: open once, then make each day's first query cold.
    db = Database(settings.effective_database_url())
    for offset in DAYS:
        day = Period.day(DAY + dt.timedelta(days=offset))
        db.dispose()  # no connection, so no SQLite page cache, survives
        _drop_from_cache(path)
        cold, cold_cpu = timed(1, lambda: period_data(db, day))  # noqa: B023 - called here
        wall, cpu = timed(20, lambda: period_data(db, day))  # noqa: B023 - called here
        visits = len(period_data(db, day).visits)
        print(f"day query, {day.first:%Y-%m-%d} ({visits} visits): cold {cold[0] * 1000:.1f} ms "
              f"wall, {cold_cpu[0] * 1000:.1f} ms CPU; warm median "
              f"{statistics.median(wall) * 1000:.1f} ms wall, "
              f"{statistics.median(cpu) * 1000:.1f} ms CPU, "
              f"p95 {sorted(wall)[int(len(wall) * 0.95) - 1] * 1000:.1f} ms (target < 50 ms)")
    db.dispose()


def _drop_from_cache(path: Path) -> None:
    """Ask the operating system to forget the cached pages of the database's files, so
    the next read comes from the disk, as after a restart (no root needed, and nothing
    else on the machine is touched)."""
    for name in (path, path.with_name(path.name + "-wal")):
        if name.exists():
            fd = os.open(name, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pintu-bench-") as tmp:
        folder = Path(tmp)
        bench_daily_report(folder)
        bench_day_query(folder, args.visits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
