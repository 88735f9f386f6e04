"""The schema is built by the migrations alone, and they agree with the models."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy import inspect

from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.db.models import Base, Visit
from kiosk.db.types import UtcDateTime
from tests.support.pgserver import PgServer


def _check_fresh(db: Database) -> None:
    assert migrate.current_revision(db) is None
    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert migrate.schema_differences(db) == []
    migrate.upgrade(db)  # a second start changes nothing
    assert migrate.schema_differences(db) == []


def test_sqlite_from_empty(tmp_path: pytest.TempPathFactory) -> None:
    db = Database(f"sqlite:///{tmp_path}/fresh.sqlite3")
    try:
        _check_fresh(db)
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()


@pytest.mark.postgres
def test_postgres_from_empty(pg_server: PgServer) -> None:
    db = Database(pg_server.create_database())
    try:
        _check_fresh(db)
    finally:
        db.dispose()


def test_downgrade_to_nothing_and_back(tmp_path: pytest.TempPathFactory) -> None:
    db = Database(f"sqlite:///{tmp_path}/roundtrip.sqlite3")
    try:
        migrate.upgrade(db)
        migrate.downgrade(db, "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(db)
        assert migrate.schema_differences(db) == []
    finally:
        db.dispose()


def test_the_schema_head_constant_names_the_newest_migration(tmp_path: pytest.TempPathFactory
                                                             ) -> None:
    """Start-up skips Alembic when the schema is at ``SCHEMA_HEAD``: it must be the head."""
    assert migrate.head_revision() == migrate.SCHEMA_HEAD
    db = Database(f"sqlite:///{tmp_path}/head.sqlite3")
    try:
        assert not migrate.is_current(db)
        migrate.upgrade(db)
        assert migrate.is_current(db)
    finally:
        db.dispose()
def _before_0006(db: Database) -> None:
    """Rows as revision 0002 stored them: a checked-out visit, a refusal of someone then
    on the deny list, a cancellation with its audit event, a visit still inside."""
    migrate.upgrade(db, "0002")
    ts = UtcDateTime()
    staff = sa.table("staff", *(sa.column(c) for c in (
        "id", "username", "full_name", "role", "pin_hash", "active", "on_duty",
        "failed_logins")), sa.column("created_at", ts))
    visitors = sa.table("visitors", sa.column("id"), sa.column("id_type"),
                        sa.column("id_number"), sa.column("created_at", ts))
    deny = sa.table("deny_list", *(sa.column(c) for c in (
        "id", "id_type", "id_number", "full_name", "reason", "added_by_id")),
        sa.column("added_at", ts), sa.column("removed_at", ts))
    visits = sa.table("visits", *(sa.column(c) for c in (
        "id", "version", "submission_key", "terminal", "visitor_id", "state", "purpose_key",
        "purpose_text", "pic", "planned_minutes", "reference_letter", "language",
        "checkout_note", "problem_found", "full_name", "organisation", "phone", "id_type",
        "id_number", "decided_by_id", "checked_out_by_id", "deny_override_reason")),
        *(sa.column(c, ts) for c in ("consent_at", "submitted_at", "decided_at", "left_at")))
    audit = sa.table("audit_events", *(sa.column(c) for c in (
        "id", "seq", "actor", "action", "visit_id", "detail", "prev_hash", "hash")),
        sa.column("at", ts))
    t0 = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)
    minutes = [t0 + dt.timedelta(minutes=m) for m in range(200)]
    base = {"version": 1, "terminal": "Pintu 1", "purpose_key": "repair", "purpose_text": "",
            "pic": "PIC", "planned_minutes": 60, "reference_letter": "", "language": "id",
            "checkout_note": "", "problem_found": False, "full_name": "Dewi",
            "organisation": "Dinas", "phone": "0812", "id_type": "ktp",
            "decided_by_id": None, "checked_out_by_id": None, "deny_override_reason": None,
            "decided_at": None, "left_at": None}
    with db.engine.begin() as conn:
        conn.execute(staff.insert(), [{"id": 1, "username": "budi", "full_name": "Budi",
                                       "role": "operator", "pin_hash": "x", "active": True,
                                       "on_duty": True, "failed_logins": 0,
                                       "created_at": t0}])
        conn.execute(visitors.insert(), [{"id": n, "id_type": "ktp", "id_number": f"N{n}",
                                          "created_at": t0} for n in (1, 2)])
        conn.execute(deny.insert(), [{"id": 1, "id_type": "ktp", "id_number": "N2",
                                      "full_name": "", "reason": "r", "added_by_id": 1,
                                      "added_at": t0, "removed_at": minutes[100]}])
        conn.execute(visits.insert(), [
            {**base, "id": 1, "submission_key": "a", "visitor_id": 1, "id_number": "N1",
             "state": "archived", "consent_at": minutes[1], "submitted_at": minutes[1],
             "decided_at": minutes[2], "decided_by_id": 1, "left_at": minutes[50],
             "checked_out_by_id": 1},
            {**base, "id": 2, "submission_key": "b", "visitor_id": 2, "id_number": "N2",
             "state": "refused", "consent_at": minutes[3], "submitted_at": minutes[3],
             "decided_at": minutes[4], "decided_by_id": 1},
            {**base, "id": 3, "submission_key": "c", "visitor_id": 1, "id_number": "N1",
             "state": "cancelled", "consent_at": minutes[5], "submitted_at": minutes[5]},
            {**base, "id": 4, "submission_key": "d", "visitor_id": 2, "id_number": "N2",
             "state": "inside", "consent_at": minutes[150], "submitted_at": minutes[150],
             "decided_at": minutes[151], "decided_by_id": 1},
        ])
        conn.execute(audit.insert(), [{"id": 1, "seq": 1, "actor": "budi",
                                       "action": "cancelled", "visit_id": 3, "detail": "{}",
                                       "prev_hash": "0", "hash": "1", "at": minutes[9]}])


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres",
                                                            marks=pytest.mark.postgres)])
def test_0006_fills_closing_and_deny_hit_from_the_record(
        backend: str, tmp_path: pytest.TempPathFactory, request: pytest.FixtureRequest
        ) -> None:
    if backend == "sqlite":
        db = Database(f"sqlite:///{tmp_path}/old.sqlite3")
    else:
        db = Database(request.getfixturevalue("pg_server").create_database())
    try:
        _before_0006(db)
        migrate.upgrade(db)
        with db.session() as session:
            rows = {v.id: (v.closed_at, v.closed_by_id, v.deny_hit)
                    for v in session.scalars(sa.select(Visit))}
    finally:
        db.dispose()
    t0 = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)
    assert rows == {
        1: (t0 + dt.timedelta(minutes=50), 1, False),  # closed when the visitor left
        2: (t0 + dt.timedelta(minutes=4), 1, True),  # refused while on the deny list
        3: (t0 + dt.timedelta(minutes=9), 1, False),  # at its audit event, by its actor
        4: (None, None, False),  # still open; the deny entry was removed before it came
    }
