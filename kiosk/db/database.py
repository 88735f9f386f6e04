"""Opening the database and running one user action as one transaction.

SQLite (one door) is opened in WAL mode with ``synchronous=FULL`` so a visit that was
acknowledged survives a power cut, and write transactions start with ``BEGIN IMMEDIATE``
so two writers queue instead of failing halfway. PostgreSQL (several doors) goes through
the same code; its writers serialise on row locks taken by the services.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from kiosk.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000


class Database:
    """The one way into the database: ``with db.session() as s:`` is one transaction."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            self.engine = _sqlite_engine(url, echo)
        else:
            self.engine = create_engine(
                url, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5,
                connect_args={"connect_timeout": 5},
            )
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction that commits when the block ends and rolls back on any error.

        Lost connections and a full or read-only disk become ``DatabaseUnavailable`` so
        the screen can say so calmly and offer a retry; nothing is half-written.
        """
        session = self._sessions()
        try:
            with self.faults_as_unavailable():
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        finally:
            session.close()

    @contextmanager
    def faults_as_unavailable(self) -> Iterator[None]:
        """Turn the environment's database failures into ``DatabaseUnavailable``."""
        try:
            yield
        except (OperationalError, DBAPIError) as exc:
            if not _is_environment_fault(exc, sqlite=self.is_sqlite):
                raise
            log.warning("database unavailable: %s", exc.orig)
            raise DatabaseUnavailable(
                "The database cannot be reached or written. Check the server or the "
                "disk, then try again."
            ) from exc

    def dispose(self) -> None:
        self.engine.dispose()


_SQLITE_FAULTS = ("locked", "busy", "disk", "full", "readonly", "read-only", "unable to open")


def _is_environment_fault(exc: DBAPIError, *, sqlite: bool) -> bool:
    """Tell a database the environment took away from a query that is simply wrong.

    SQLite reports both as OperationalError, so its message decides; for PostgreSQL an
    OperationalError is a connection problem.
    """
    if exc.connection_invalidated:
        return True
    if not isinstance(exc, OperationalError):
        return False
    if not sqlite:
        return True
    text = str(exc.orig).lower()
    return any(word in text for word in _SQLITE_FAULTS)


def _sqlite_engine(url: str, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        _prepare_private_file(Path(database))
    engine = create_engine(url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _prepare_private_file(path: Path) -> None:
    """The database holds personal data: its folder and file are the app user's only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    elif stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(0o600)
