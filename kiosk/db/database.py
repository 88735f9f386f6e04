"""Opening the database and running one user action as one transaction.

SQLite (one door) is opened in WAL mode with ``synchronous=FULL`` so a visit that was
acknowledged survives a power cut, and write transactions start with ``BEGIN IMMEDIATE``
so two writers queue instead of failing halfway. PostgreSQL (several doors) goes through
the same code; its writers serialise on row locks taken by the services.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import stat
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from kiosk.errors import (
    DatabaseDamaged,
    DatabaseFileError,
    DatabaseUnavailable,
    FileAccessError,
    os_reason,
)
from kiosk.files import make_private_dir
from kiosk.i18n import N_

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000


class Database:
    """The one way into the database: ``with db.session() as s:`` is one transaction."""

    def __init__(self, url: str, *, echo: bool = False, read_only: bool = False) -> None:
        """``read_only`` (SQLite) opens a file that must not change, such as a backup
        being checked: no journal-mode switch, no write lock, no creation."""
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            self.engine = _sqlite_engine(url, echo, read_only)
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


def _sqlite_engine(url: str, echo: bool, read_only: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        path = Path(database)
        if read_only:
            check_sqlite_file(path, read_only=True)
            url = f"sqlite:///{file_uri(path)}?mode=ro&uri=true"
        else:
            open_sqlite_file(path)
    engine = create_engine(url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


CANNOT_USE = N_("The database {path} cannot be used: {reason}. Nothing was changed.")
SQLITE_HEADER = b"SQLite format 3\x00"
_HEADER_SIZE = 100
#: SQLite's answers that mean the bytes themselves are wrong, not the environment.
_DAMAGE_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
#: A file up to this size is checked page by page before it is opened (well under a
#: second). A larger one (years of visits) gets its header and schema checked at once and
#: its pages in the background once the door is open (``damaged_pages``): checking a few
#: gigabytes takes longer than the two seconds the door may take to start.
PAGE_CHECK_BYTES = 64 * 1024 * 1024


def open_sqlite_file(path: Path) -> None:
    """Create the database file (0600, in a private folder) or check the existing one.

    Only a file Pintu creates gets its permissions set: an existing file named by the
    configuration keeps its mode, and a read-only one is refused, not made writable.
    """
    try:
        make_private_dir(path.parent)
    except FileAccessError as exc:
        raise DatabaseFileError(CANNOT_USE, path=str(path), reason=exc.params["reason"]
                                ) from exc
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        check_sqlite_file(path)
        return
    except OSError as exc:
        raise DatabaseFileError(CANNOT_USE, path=str(path),
                                reason=os_reason(exc, writing=True)) from exc
    os.close(fd)
    log.info("created the database file %s", path)


def check_sqlite_file(path: Path, *, read_only: bool = False) -> None:
    """Refuse a file that is not a usable SQLite database, before anything writes to it.

    In order: it must be a regular file Pintu may read (and, unless ``read_only``, write,
    in a folder where SQLite can keep its journal); its first bytes must be SQLite's; it
    must pass ``PRAGMA quick_check``; and if it holds tables, one must be Pintu's schema
    record, so another program's database is never migrated into a kiosk's.
    """

    def refuse(reason: str, kind: type[DatabaseFileError] = DatabaseFileError) -> NoReturn:
        raise kind(CANNOT_USE, path=str(path), reason=reason)

    try:
        info = path.stat()
    except OSError as exc:
        refuse(os_reason(exc))
    if stat.S_ISDIR(info.st_mode):
        refuse(N_("it is a folder, not a database file"))
    if not stat.S_ISREG(info.st_mode):
        refuse(N_("it is not a regular file"))
    header = _read_header(path, refuse, writable=not read_only)
    if not read_only and not os.access(path.parent, os.W_OK):
        refuse(N_("its folder is read-only (SQLite writes its journal beside the file)"))
    if not header:
        return  # empty: a file created for Pintu that was never written
    if len(header) < _HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        refuse(N_("it is not a SQLite database"), DatabaseDamaged)
    _quick_check(path, refuse, pages=info.st_size <= PAGE_CHECK_BYTES)


def _read_header(path: Path, refuse: Callable[..., NoReturn], *, writable: bool) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        refuse(os_reason(exc))
    try:
        header = os.read(fd, _HEADER_SIZE)
    except OSError as exc:
        refuse(os_reason(exc))
    finally:
        os.close(fd)
    if writable:
        try:
            os.close(os.open(path, os.O_RDWR))  # opening to write writes nothing
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                refuse(N_("it is read-only"))
            refuse(os_reason(exc, writing=True))
    return header


def _quick_check(path: Path, refuse: Callable[..., NoReturn], *, pages: bool = True) -> None:
    """SQLite's own page check (only the schema without ``pages``), on a read-only
    connection that cannot change the file."""
    try:
        connection = sqlite3.connect(f"{file_uri(path)}?mode=ro", uri=True,
                                     timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        refuse(str(exc))
    try:
        result = connection.execute("PRAGMA quick_check(1)").fetchone()[0] if pages else "ok"
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table'")}
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", None) not in _DAMAGE_CODES:
            refuse(str(exc))  # locked, out of memory: the environment, in SQLite's words
        log.error("database %s failed its check: %s", path, exc)
        refuse(N_("it is damaged (SQLite's check failed)"), DatabaseDamaged)
    finally:
        connection.close()
    if result != "ok":
        log.error("database %s failed its check: %s", path, result)
        refuse(N_("it is damaged (SQLite's check failed)"), DatabaseDamaged)
    if tables and "alembic_version" not in tables:
        refuse(N_("it holds another program's tables, not Pintu's"), DatabaseDamaged)


def file_uri(path: Path) -> str:
    """``file:`` URI of ``path`` (SQLite's way to pass open flags such as ``mode=ro``)."""
    return "file:" + urllib.parse.quote(str(path.resolve()))


def damaged_pages(path: Path) -> str | None:
    """SQLite's page check of a database file too large to check before opening it: None
    when it passes (or is small enough to have been checked already), else SQLite's words.
    Runs on its own read-only connection, beside the kiosk's own."""
    try:
        if path.stat().st_size <= PAGE_CHECK_BYTES:
            return None
        connection = sqlite3.connect(f"{file_uri(path)}?mode=ro", uri=True,
                                     timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    except (OSError, sqlite3.Error) as exc:
        return str(exc)
    try:
        result = str(connection.execute("PRAGMA quick_check(1)").fetchone()[0])
    except sqlite3.Error as exc:
        result = str(exc)
    finally:
        connection.close()
    return None if result == "ok" else result
