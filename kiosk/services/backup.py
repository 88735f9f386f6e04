"""Backups that are made, checked and restorable, and the token secret's own copy.

The records auditors ask for over years live in one database. ``backup`` copies it while
the kiosk keeps running (SQLite's online backup API, or ``pg_dump`` for PostgreSQL) to a
temporary name in the backup folder, checks the copy itself (SQLite's integrity check and
the whole audit chain, read from the copy), and only then gives it its final name and
lets the oldest copies beyond ``backup_keep`` go. A backup that is killed, fills the disk
or fails its check leaves the earlier copies exactly as they were, and a half-written file
never carries a copy's name. Every run is recorded in ``backup_runs`` so supervisors at
any terminal see the last backup and a failing one.

``restore`` refuses a copy that fails the same check, refuses while the kiosk runs on this
computer, and moves the current database aside (renamed with the time, never deleted)
before the copy takes its place.

The token secret is never in these copies: it is what makes badges unforgeable, so it is
copied on its own (``backup_secret``) to another medium than the database backups.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import desc, inspect, make_url, select
from sqlalchemy.engine import URL

from kiosk.config import Settings
from kiosk.db import copies, migrate
from kiosk.db.database import Database, check_sqlite_file
from kiosk.db.models import BackupRun
from kiosk.domain.clock import at_site, local, utcnow
from kiosk.domain.types import Role
from kiosk.errors import DatabaseFileError, FileAccessError, KnownError, PintuError
from kiosk.files import RunLock, fsync_dir, make_private_dir, write_atomic
from kiosk.i18n import N_
from kiosk.services import audit
from kiosk.services.actors import SYSTEM, Actor

log = logging.getLogger(__name__)

#: ``pintu-20261123-013000.sqlite3`` (SQLite) or ``.dump`` (PostgreSQL); a second copy
#: in the same second gets ``-2``. Nothing else in the folder is ever counted or deleted.
COPY_NAME = re.compile(r"pintu-(\d{8})-(\d{6})(?:-(\d+))?\.(sqlite3|dump)")
PARTIAL = ".partial"
#: A temporary file this old is what a killed backup left; younger ones may be running.
STALE_PARTIAL = dt.timedelta(hours=6)
#: After a failed backup the kiosk tries again this much later, not at every check.
RETRY_AFTER = dt.timedelta(hours=1)
DUMP_MAGIC = b"PGDMP"

COPY_INVALID = N_("The copy {path} is not a usable backup: {reason}.")
BROKEN_CHAIN = N_("its audit trail is broken")
NOT_PINTU = N_("it holds no Pintu data")
UNEXPECTED = N_("The backup failed unexpectedly; the log has the details.")


class BackupFailed(KnownError):
    """The backup could not be made; the copies made before are untouched."""


class CopyInvalid(KnownError):
    """A copy fails its check (integrity or audit chain): never kept, never restored."""


class RestoreRefused(KnownError):
    """Restoring now would do harm (the kiosk is running, the target is not empty)."""


@dataclass(frozen=True)
class CopyCheck:
    """What the check of one copy found: it is sound, and its audit chain ends here."""

    path: Path
    events: int
    head_hash: str


@dataclass(frozen=True)
class BackupResult:
    copy: CopyCheck
    size: int
    removed: tuple[Path, ...]  # older copies let go by the rotation


@dataclass(frozen=True)
class BackupStatus:
    """The last backup as every terminal sees it (from ``backup_runs``)."""

    last_run_at: dt.datetime | None = None
    last_ok: bool | None = None
    last_success_at: dt.datetime | None = None
    last_copy: str | None = None
    problem: KnownError | None = None  # why the last run failed

    @property
    def failing(self) -> bool:
        return self.last_ok is False


Progress = copies.Progress


# --- making a backup -------------------------------------------------------------------


def backup(db: Database, settings: Settings, actor: Actor = SYSTEM, *,
           folder: Path | None = None, progress: Progress | None = None) -> BackupResult:
    """Copy the database into ``folder`` (default: ``settings.backup_folder``), check the
    copy, keep the newest ``backup_keep`` copies, and record the run either way."""
    actor.require(Role.SUPERVISOR)
    started = utcnow()
    try:
        target = _backup_folder(settings, folder)
        if db.is_sqlite:
            result = _backup_sqlite(db, target, settings.backup_keep, progress)
        else:
            result = _backup_postgres(db, target, settings.backup_keep)
    except Exception as exc:
        _record(db, settings, started, None, exc)
        raise
    _record(db, settings, started, result, None)
    log.info("backup %s made and checked (%d audit events, %d bytes)", result.copy.path,
             result.copy.events, result.size)
    return result


def _backup_folder(settings: Settings, folder: Path | None) -> Path:
    """The default folder is Pintu's own and is created; a folder someone named (a NAS
    mount, a USB stick) must exist, or an unmounted disk would fill the local one."""
    if folder is None and settings.backup_dir is None:
        return make_private_dir(settings.backup_folder)
    target = folder or settings.backup_folder
    if not target.is_dir():
        raise FileAccessError.missing_folder(target)
    return target


def _backup_sqlite(db: Database, folder: Path, keep: int,
                   progress: Progress | None) -> BackupResult:
    source = Path(str(db.url.database))

    def write(temp: Path, final: Path) -> None:
        try:
            copies.sqlite_copy(source, temp, progress)
        except sqlite3.Error as exc:
            raise _sqlite_failure(final, exc) from exc

    return _make_copy(folder, ".sqlite3", keep, write)


def _backup_postgres(db: Database, folder: Path, keep: int) -> BackupResult:
    def write(temp: Path, _final: Path) -> None:
        try:
            copies.pg_dump(db.url, temp)
        except copies.ToolFailed as exc:
            raise _tool_failure(exc) from exc

    return _make_copy(folder, ".dump", keep, write)


def _make_copy(folder: Path, suffix: str, keep: int,
               write: Callable[[Path, Path], None]) -> BackupResult:
    """``write`` fills the temporary file; it is flushed to the disk and checked, and only
    a copy that passed takes its final name. The temporary file never outlives the run."""
    final, temp = _new_copy(folder, suffix)
    try:
        write(temp, final)
        _fsync(temp, final)
        return _keep(temp, final, keep, verify_copy(temp, shown_as=final))
    finally:
        _discard(temp)


def _discard(temp: Path) -> None:
    """A temporary copy and the journal SQLite may have kept beside it."""
    for path in (temp, Path(f"{temp}-journal")):
        path.unlink(missing_ok=True)


def _new_copy(folder: Path, suffix: str) -> tuple[Path, Path]:
    """The copy's final name and its temporary file, created empty and private."""
    _clear_stale_partials(folder)
    stamp = local(utcnow()).strftime("%Y%m%d-%H%M%S")
    final, n = folder / f"pintu-{stamp}{suffix}", 1
    while final.exists():
        n += 1
        final = folder / f"pintu-{stamp}-{n}{suffix}"
    temp = folder / f".{final.name}{PARTIAL}"
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise FileAccessError.writing(final, exc) from exc
    return final, temp


def _keep(temp: Path, final: Path, keep: int, check: CopyCheck) -> BackupResult:
    """The checked copy takes its name; only then may the oldest copies go."""
    try:
        size = temp.stat().st_size
        os.replace(temp, final)
    except OSError as exc:
        raise FileAccessError.writing(final, exc) from exc
    fsync_dir(final.parent)
    return BackupResult(check, size, rotate(final.parent, keep))


def _fsync(path: Path, shown_as: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise FileAccessError.writing(shown_as, exc) from exc


def _clear_stale_partials(folder: Path) -> None:
    cutoff = utcnow().timestamp() - STALE_PARTIAL.total_seconds()
    for path in folder.glob(f".pintu-*{PARTIAL}*"):  # with a journal left beside it
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                log.info("removed %s, left by an interrupted backup", path)
        except OSError:
            continue


#: SQLite's result codes for a write that the disk refused, as the system's errno.
_SQLITE_ERRNO = {sqlite3.SQLITE_FULL: errno.ENOSPC, sqlite3.SQLITE_READONLY: errno.EROFS,
                 sqlite3.SQLITE_CANTOPEN: errno.EACCES, sqlite3.SQLITE_IOERR: errno.EIO,
                 sqlite3.SQLITE_PERM: errno.EPERM}


def _sqlite_failure(final: Path, exc: sqlite3.Error) -> KnownError:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary code
    if code in _SQLITE_ERRNO:
        return FileAccessError.writing(final, OSError(_SQLITE_ERRNO[code], str(exc)))
    return BackupFailed("The backup could not be made: {reason}", reason=str(exc))


def _tool_failure(exc: copies.ToolFailed) -> KnownError:
    if exc.detail == "not installed":
        return BackupFailed("{tool} is not installed on this computer: install the "
                            "postgresql-client package, or back the server up there.",
                            tool=exc.tool)
    return BackupFailed("{tool} failed: {reason}", tool=exc.tool, reason=exc.detail)


# --- the copies --------------------------------------------------------------------------


def list_copies(folder: Path) -> list[Path]:
    """The finished copies in ``folder``, oldest first (temporary files never count)."""
    try:
        names = [p for p in folder.iterdir() if COPY_NAME.fullmatch(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(names, key=_copy_order)


def _copy_order(path: Path) -> tuple[str, str, int]:
    match = COPY_NAME.fullmatch(path.name)
    if match is None:  # list_copies only hands over names that match
        return "", "", 0
    return match.group(1), match.group(2), int(match.group(3) or 1)


def rotate(folder: Path, keep: int) -> tuple[Path, ...]:
    """Let the oldest copies go so that ``keep`` remain."""
    removed = []
    for path in list_copies(folder)[:-keep] if keep > 0 else []:
        try:
            path.unlink()
        except OSError as exc:
            log.warning("old backup %s could not be removed: %s", path, exc)
            continue
        removed.append(path)
    return tuple(removed)


def verify_copy(path: Path, *, shown_as: Path | None = None) -> CopyCheck:
    """Check one copy as a restore would need it: readable through, sound, Pintu's, with
    an unbroken audit chain. Raises ``CopyInvalid`` naming the first problem."""
    shown = shown_as or path
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(DUMP_MAGIC))
    except OSError as exc:
        raise FileAccessError.reading(shown, exc) from exc
    if magic == DUMP_MAGIC:
        return _verify_dump(path, shown)
    return _verify_sqlite(path, shown)


def _invalid(shown: Path, reason: str) -> CopyInvalid:
    log.error("backup copy %s refused: %s", shown, reason)
    return CopyInvalid(COPY_INVALID, path=str(shown), reason=reason)


def _verify_sqlite(path: Path, shown: Path) -> CopyCheck:
    try:
        check_sqlite_file(path, read_only=True)
        problems = copies.integrity_problems(path)
    except DatabaseFileError as exc:
        raise _invalid(shown, str(exc.params["reason"])) from exc
    except sqlite3.Error as exc:
        raise _invalid(shown, str(exc)) from exc
    if problems:
        log.error("integrity check of %s: %s", shown, "; ".join(problems))
        raise _invalid(shown, N_("SQLite's integrity check failed"))
    copy = Database(f"sqlite:///{path}", read_only=True)
    try:
        revision = migrate.current_revision(copy)
        if revision is None or "audit_events" not in inspect(copy.engine).get_table_names():
            raise _invalid(shown, NOT_PINTU)
        if not migrate.is_known_revision(revision):
            raise _invalid(shown, N_("it was made by a newer version of Pintu"))
        chain = audit.verify(copy)
    finally:
        copy.dispose()
    return _chain_checked(shown, chain)


def _verify_dump(path: Path, shown: Path) -> CopyCheck:
    try:
        dumped = copies.read_dumped_chain(path)
    except copies.ToolFailed as exc:
        if exc.detail == "not installed":
            raise _tool_failure(exc) from exc
        log.error("pg_restore cannot read %s: %s", shown, exc.detail)
        raise _invalid(shown, N_("pg_restore cannot read it")) from exc
    if dumped.tables == 0:
        raise _invalid(shown, NOT_PINTU)
    return _chain_checked(shown, audit.verify_events(dumped.events, lambda: dumped.head))


def _chain_checked(shown: Path, chain: audit.ChainReport) -> CopyCheck:
    if not chain.ok:
        log.error("audit chain of %s: %s", shown, chain.text("en"))
        raise _invalid(shown, BROKEN_CHAIN)
    return CopyCheck(shown, chain.events, chain.head_hash)


# --- recording and scheduling --------------------------------------------------------------


def _record(db: Database, settings: Settings, started: dt.datetime,
            result: BackupResult | None, failure: Exception | None) -> None:
    """Write the run to ``backup_runs``; a database that is away loses only the record."""
    run = BackupRun(started_at=started, finished_at=utcnow(), terminal=settings.terminal_name,
                    ok=result is not None)
    if result is not None:
        run.copy_path, run.size_bytes = str(result.copy.path), result.size
        run.audit_events = result.copy.events
    else:
        run.problem = _problem(failure)
    try:
        with db.session() as session:
            session.add(run)
    except Exception as exc:
        log.warning("the backup run could not be recorded: %s", exc)


def _problem(failure: Exception | None) -> dict[str, object]:
    if isinstance(failure, PintuError):
        params = {k: v if isinstance(v, str | int | float) else str(v)
                  for k, v in failure.params.items()}
        return {"message": failure.message, "params": params}
    return {"message": UNEXPECTED, "params": {}}


def backup_status(db: Database) -> BackupStatus:
    with db.session() as session:
        last = session.scalars(select(BackupRun).order_by(
            desc(BackupRun.finished_at), desc(BackupRun.id)).limit(1)).first()
        success = session.scalars(select(BackupRun).where(BackupRun.ok).order_by(
            desc(BackupRun.finished_at), desc(BackupRun.id)).limit(1)).first()
    if last is None:
        return BackupStatus()
    problem = _stored_problem(last.problem) if not last.ok else None
    return BackupStatus(
        last_run_at=last.finished_at, last_ok=last.ok,
        last_success_at=success.finished_at if success else None,
        last_copy=success.copy_path if success else None, problem=problem)


def _stored_problem(stored: dict[str, Any] | None) -> KnownError:
    """The recorded failure as an error again, to be shown in the reader's language."""
    try:
        params = dict((stored or {}).get("params") or {})
        return KnownError(str((stored or {})["message"]), **params)
    except (KeyError, IndexError, TypeError, ValueError):  # an entry that does not fit
        return KnownError(UNEXPECTED)


def backup_due(status: BackupStatus, settings: Settings, now: dt.datetime) -> bool:
    """Whether the daily backup should run now: none has succeeded since the last
    scheduled time (a kiosk that was off at night catches up when it starts), and a
    failure is retried after ``RETRY_AFTER`` rather than at every check."""
    clock = settings.backup_clock()
    if clock is None:
        return False
    here = local(now)
    scheduled = at_site(here.date(), clock)
    if scheduled > here:
        scheduled -= dt.timedelta(days=1)
    if status.last_success_at is not None and status.last_success_at >= scheduled:
        return False
    recent_failure = status.failing and status.last_run_at is not None \
        and now - status.last_run_at < RETRY_AFTER
    return not recent_failure


def run_if_due(db: Database, settings: Settings) -> BackupStatus:
    """The kiosk's daily backup: make one when it is due, then report the status (which
    may also show another terminal's run)."""
    status = backup_status(db)
    if backup_due(status, settings, utcnow()):
        status = back_up_now(db, settings)
    return status


def back_up_now(db: Database, settings: Settings, actor: Actor = SYSTEM) -> BackupStatus:
    """Make a backup and report the status: a failure is in the status (and the log), for
    the console's banner, rather than raised."""
    try:
        backup(db, settings, actor)
    except KnownError as exc:
        log.warning("backup failed: %s", exc)
    return backup_status(db)


# --- restoring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    check: CopyCheck
    database: str  # where it now is, password hidden
    set_aside: tuple[Path, ...]  # the previous database's files, renamed


def restore(settings: Settings, copy: Path, *, lock: RunLock | None = None) -> RestoreResult:
    """Put a checked copy in place of the configured database (see the module docstring)."""
    url = make_url(settings.effective_database_url())
    check = verify_copy(copy)
    dump = _is_dump(copy)
    if url.get_backend_name() == "sqlite":
        if dump:
            raise RestoreRefused("{path} is a PostgreSQL dump; this installation uses a "
                                 "SQLite file.", path=str(copy))
        return _restore_sqlite(settings, Path(str(url.database)), copy, check,
                               lock or RunLock(settings.lock_path))
    if not dump:
        raise RestoreRefused("{path} is a SQLite copy; this installation uses PostgreSQL.",
                             path=str(copy))
    return _restore_postgres(url, copy, check)


def _is_dump(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(DUMP_MAGIC)) == DUMP_MAGIC


def _restore_sqlite(settings: Settings, target: Path, copy: Path, check: CopyCheck,
                    lock: RunLock) -> RestoreResult:
    if lock.held_elsewhere():
        raise RestoreRefused("The kiosk is running on this computer. Stop it first "
                             "(systemctl --user stop pintu), then restore.")
    make_private_dir(target.parent)
    temp = target.with_name(f".{target.name}.restoring")
    try:
        _copy_file(copy, temp, target)
        verify_copy(temp, shown_as=copy)  # what is about to be put in place, as written
        aside = _set_aside(target)
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise FileAccessError.writing(target, exc) from exc
        fsync_dir(target.parent)
    finally:
        temp.unlink(missing_ok=True)
    log.warning("database restored from %s; the previous one kept as %s", copy,
                ", ".join(str(p) for p in aside) or "-")
    return RestoreResult(check, str(target), aside)


def _copy_file(source: Path, temp: Path, target: Path) -> None:
    try:
        reader = source.open("rb")
    except OSError as exc:
        raise FileAccessError.reading(source, exc) from exc
    with reader:
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as writer:
                shutil.copyfileobj(reader, writer, 1 << 20)
                writer.flush()
                os.fsync(writer.fileno())
        except OSError as exc:
            raise FileAccessError.writing(target, exc) from exc


def _set_aside(target: Path) -> tuple[Path, ...]:
    """Rename the database and its journal files with the time: never deleted, and the
    ``-wal`` stays paired with its file so the set can still be opened."""
    stamp = local(utcnow()).strftime("%Y%m%d-%H%M%S")
    moved = []
    for extra in ("", "-wal", "-shm", "-journal"):
        source = Path(f"{target}{extra}")
        if not source.exists():
            continue
        aside = target.with_name(f"{target.stem}.replaced-{stamp}{target.suffix}{extra}")
        try:
            source.rename(aside)
        except OSError as exc:
            raise FileAccessError.writing(aside, exc) from exc
        moved.append(aside)
    return tuple(moved)


def _restore_postgres(url: URL, copy: Path, check: CopyCheck) -> RestoreResult:
    db = Database(url.render_as_string(hide_password=False))
    try:
        with db.faults_as_unavailable(), db.engine.connect() as connection:
            tables = inspect(connection).get_table_names()
        if tables:
            raise RestoreRefused(
                "The database {url} is not empty, and a restore never overwrites one. "
                "Create an empty database, point database_url at it, and run the restore "
                "again.", url=db.display_url)
        try:
            copies.pg_restore(url, copy)
        except copies.ToolFailed as exc:
            raise _tool_failure(exc) from exc
        restored = audit.verify(db)
    finally:
        db.dispose()
    if not restored.ok or restored.head_hash != check.head_hash:
        raise BackupFailed("The restored database does not match the copy's audit trail; "
                           "do not use it.")
    return RestoreResult(check, db.display_url, ())


# --- the token secret ----------------------------------------------------------------------


def backup_secret(settings: Settings, folder: Path) -> Path:
    """Copy the token secret into ``folder``, which must exist and must not be the
    database backups' folder: whoever has both can forge badges for the copy's data."""
    if not folder.is_dir():
        raise FileAccessError.missing_folder(folder)
    if _same_folder(folder, settings.backup_folder):
        raise BackupFailed("Keep the token secret apart from the database backups: choose "
                           "another folder than {folder}, on another medium.",
                           folder=str(folder))
    try:
        data = settings.secret_path.read_bytes()
    except OSError as exc:
        raise FileAccessError.reading(settings.secret_path, exc) from exc
    stamp = local(utcnow()).strftime("%Y%m%d")
    return write_atomic(folder / f"pintu-token-{stamp}.secret", data, mode=0o600)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False

