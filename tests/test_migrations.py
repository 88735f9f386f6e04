"""The schema is built by the migrations alone, and they agree with the models."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.db.models import Base
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
