"""A year of a ten-door site, written straight into a SQLite file for the benchmarks.

Every visit carries what the kiosk stores for real: the submitted snapshot, a drawn
signature PNG (about 1 KB), a device, a badge loan, and the five audit events of its
life, chained by their hashes exactly as ``kiosk.services.audit`` chains them, so a
verification walks a genuine chain. Rows go in through the raw DB-API connection, with
the indexes built once afterwards: ten times faster than the services for a million rows.
The services' own speed is measured by ``benchmarks.lifecycle``.

A built file is kept in the cache folder (``PINTU_BENCH_CACHE`` or
``~/.cache/pintu-bench``) under a name that says what it holds and the schema it was
built for, because a year of data takes a minute or two to write.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import random
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.db.models import (
    AuditEvent,
    AuditHead,
    Badge,
    BadgeLoan,
    Device,
    Staff,
    Visit,
    Visitor,
)
from kiosk.domain.clock import at_site
from kiosk.domain.denymatch import number_key
from kiosk.domain.types import BadgeState, DeviceExit, IdType, Role, VisitState
from kiosk.services.audit import GENESIS, canonical_detail, event_hash
from kiosk.services.demo import demo_signature

PURPOSES = ("server_maintenance", "repair", "installation", "inspection", "delivery", "other")
NAMES = ("Dewi Lestari", "Budi Santoso", "Ṣafiyyah Nguyễn", "Andi Saputra", "Rina Marlina",
         "Yohanes Pattinama", "Siti Aminah", "Agus Salim", "Putri Handayani", "Made Wirawan")
ORGANISATIONS = ("Dinas Komunikasi dan Informatika", "PT Jaringan Nusantara",
                 "Dinas Kependudukan dan Pencatatan Sipil", "PT Telkom Indonesia",
                 "Badan Pusat Statistik", "Inspektorat Kota")
BATCH = 10_000
CREATED = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
#: The life of a visit in the audit chain.
LIFE = ("submitted", "approved", "entered", "checked_out", "archived")


@dataclass(frozen=True)
class Year:
    """What the file holds."""

    visits: int
    events: int
    first: dt.date
    days: int


def cache_dir() -> Path:
    folder = Path(os.environ.get("PINTU_BENCH_CACHE", Path.home() / ".cache" / "pintu-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def built(year: Year, log: Any = print) -> Path:
    """The cached database file of ``year``, built first if it is not there yet."""
    name = (f"year-{year.visits}v-{year.events}e-{year.first:%Y%m%d}-{year.days}d-"
            f"{migrate.head_revision()}.sqlite3")
    path = cache_dir() / name
    if not path.exists():
        log(f"building {name} (once; kept in {path.parent})")
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        fill_year(partial, year)
        partial.replace(path)
    return path


def copy_into(source: Path, settings: Settings) -> Path:
    """A private copy for one run: the kiosk may write to its database."""
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = settings.database_path
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return target


def fill_year(path: Path, year: Year) -> None:
    db = Database(f"sqlite:///{path}")
    try:
        migrate.upgrade(db)
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA journal_mode=MEMORY")  # a throwaway file while filling
            _fill(cursor, year)
            connection.commit()
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA journal_mode=WAL")
            connection.commit()
        finally:
            connection.close()
    finally:
        db.dispose()


def _fill(cursor: Any, year: Year) -> None:
    staff = [{"id": i, "username": f"op{i}", "full_name": f"Operator {i}",
              "role": Role.OPERATOR, "pin_hash": "x", "active": True, "on_duty": True,
              "failed_logins": 0, "created_at": CREATED, "notify_target": ""}
             for i in range(1, 21)]
    badges = [{"id": i, "number": i, "state": BadgeState.AVAILABLE, "nonce": "ABCDEFGH",
               "created_at": CREATED} for i in range(1, 201)]
    people = min(20_000, max(1, year.visits // 4))
    visitors = [{"id": i, "id_type": IdType.KTP, "id_number": _nik(i), "created_at": CREATED}
                for i in range(1, people + 1)]
    insert(cursor, Staff, staff)
    insert(cursor, Badge, badges)
    insert(cursor, Visitor, visitors)
    indexes = drop_indexes(cursor, ("visits", "devices", "badge_loans", "audit_events"))
    signatures = [demo_signature(random.Random(seed)) for seed in range(40)]
    chain = _Chain()
    rows = visit_rows(year, people, signatures)
    while True:
        chunk = [row for _, row in zip(range(BATCH), rows, strict=False)]
        if not chunk:
            break
        insert(cursor, Visit, [v for v, _, _ in chunk])
        insert(cursor, Device, [d for _, d, _ in chunk])
        insert(cursor, BadgeLoan, [b for _, _, b in chunk])
        insert(cursor, AuditEvent, [e for v, _, _ in chunk for e in chain.life(v)])
    insert(cursor, AuditEvent, chain.padding(year.events))
    insert(cursor, AuditHead, [{"id": 1, "seq": chain.seq, "hash": chain.head}])
    for create in indexes:
        cursor.execute(create)


def _nik(person: int) -> str:
    return f"6171{person:012d}"


def visit_rows(year: Year, people: int, signatures: Sequence[bytes]
               ) -> Iterator[tuple[dict[str, object], dict[str, object], dict[str, object]]]:
    """(visit, device, badge loan) rows, spread evenly over the days from 07.00 to 17.00."""
    base = at_site(year.first, dt.time(7, 0))
    per_day = year.visits / year.days
    for n in range(year.visits):
        visit_id = 1 + n
        day_index = int(n / per_day)
        within = (n - day_index * per_day) / per_day
        submitted = base + dt.timedelta(days=day_index, minutes=within * 600)
        decided = submitted + dt.timedelta(minutes=2 + n % 7)
        entered = decided + dt.timedelta(minutes=2)
        left = entered + dt.timedelta(minutes=25 + n % 80)
        person = 1 + n % people
        yield (
            {"id": visit_id, "version": 1, "submission_key": f"bench-{visit_id}",
             "terminal": f"Pintu {1 + n % 10}", "visitor_id": person,
             "state": VisitState.ARCHIVED, "full_name": NAMES[n % len(NAMES)],
             "organisation": ORGANISATIONS[n % len(ORGANISATIONS)],
             "phone": "0812 3456 7890", "id_type": IdType.KTP, "id_number": _nik(person),
             "number_key": number_key(_nik(person)), "deny_hit": False,
             "purpose_key": PURPOSES[n % len(PURPOSES)], "purpose_text": "Pemeliharaan rutin",
             "pic": "Seksi Jaringan dan Data Center", "planned_minutes": 60,
             "reference_letter": "800/123/DKI/2026",
             "signature_png": signatures[n % len(signatures)], "consent_at": submitted,
             "language": "id", "submitted_at": submitted, "decided_at": decided,
             "decided_by_id": 1 + n % 20, "escort_id": 1 + (n + 1) % 20,
             "entered_at": entered, "left_at": left, "checked_out_by_id": 1 + n % 20,
             "checkout_note": "", "problem_found": False, "archived_at": left,
             "archive_sha256": f"{visit_id:064x}"},
            {"visit_id": visit_id, "kind": "Laptop", "brand_model": "Lenovo ThinkPad T14",
             "serial": f"PF{visit_id:08d}", "carried_in": True,
             "exit_state": DeviceExit.CARRIED_OUT, "exit_serial": f"PF{visit_id:08d}",
             "exit_note": ""},
            {"badge_id": 1 + n % 200, "visit_id": visit_id, "issued_at": decided,
             "issued_by_id": 1, "returned_at": left, "returned_by_id": 1},
        )


class _Chain:
    """Appends events the way ``audit.append`` does, hashing each onto the one before."""

    def __init__(self) -> None:
        self.seq = 0
        self.head = GENESIS

    def event(self, at: dt.datetime, actor: str, action: str, visit_id: int | None,
              **detail: object) -> dict[str, object]:
        self.seq += 1
        text = canonical_detail(detail)
        digest = event_hash(self.head, self.seq, at, actor, action, visit_id, text)
        row = {"id": self.seq, "seq": self.seq, "at": at, "actor": actor, "action": action,
               "visit_id": visit_id, "detail": text, "prev_hash": self.head, "hash": digest}
        self.head = digest
        return row

    def life(self, visit: Mapping[str, object]) -> list[dict[str, object]]:
        moments = ("submitted_at", "decided_at", "entered_at", "left_at", "archived_at")
        visit_id = int(str(visit["id"]))
        return [self.event(_at(visit[moment]), "kiosk" if action == "submitted" else "op1",
                           action, visit_id)
                for action, moment in zip(LIFE, moments, strict=True)]

    def padding(self, total: int) -> list[dict[str, object]]:
        """Sign-ins and other events without a visit, up to ``total`` events."""
        at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        return [self.event(at + dt.timedelta(seconds=n), "op1", "login", None, staff_id=1)
                for n in range(max(0, total - self.seq))]


def _at(value: object) -> dt.datetime:
    assert isinstance(value, dt.datetime)
    return value


def drop_indexes(cursor: Any, tables: Sequence[str]) -> list[str]:
    marks = ", ".join("?" for _ in tables)
    found = cursor.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})", tuple(tables)).fetchall()
    for name, _ in found:
        cursor.execute(f"DROP INDEX {name}")
    return [sql for _, sql in found]


def insert(cursor: Any, model: type[Any], rows: Sequence[Mapping[str, object]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    marks = ", ".join("?" for _ in columns)
    cursor.executemany(
        f"INSERT INTO {model.__tablename__} ({', '.join(columns)}) VALUES ({marks})",
        [tuple(stored(row[c]) for c in columns) for row in rows])


def stored(value: object) -> object:
    """A value as the models store it in SQLite: naive UTC text, enum values, 0/1."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(
            sep=" ", timespec="microseconds")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    return value
