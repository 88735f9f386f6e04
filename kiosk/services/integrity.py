"""Checks run at every start: the audit chain is whole and the data folder is private.

The data folder holds personal data (database, archived forms, logs) and the secret that
signs badges. Files that another user of the machine could read are tightened here and
reported, so an installation copied with ``cp -r`` or restored from a backup with loose
permissions is fixed before the first visitor arrives. The report is plain data: the
window shows it to staff, ``pintu audit verify`` prints it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import stat
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Settings
from kiosk.db.database import Database, damaged_pages
from kiosk.files import make_private_dir, write_atomic
from kiosk.i18n import translate
from kiosk.services import audit

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


@dataclass(frozen=True)
class StartupReport:
    chain: audit.ChainReport
    tightened: tuple[Path, ...]  # paths whose permissions were too open and were fixed
    #: SQLite's words when a large database file failed its page check, else None.
    damage: str | None = None

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.damage is None

    def text(self, language: str | None = None) -> str:
        """What staff should be told, or an empty string when all is well."""
        if self.damage is not None:
            return translate(
                "The database file is damaged ({problem}). Tell the supervisor: make a "
                "backup now (pintu backup) and restore a checked copy (pintu restore).",
                language, problem=self.damage)
        if self.chain.ok:
            return ""
        return translate(
            "The audit trail is broken: {problem} Tell the supervisor; do not delete "
            "anything.", language, problem=self.chain.text(language))


def private_paths(settings: Settings) -> list[tuple[Path, bool]]:
    """Everything in the data folder that must be readable by the app's user only, each
    with whether it should be a folder (True) or a file (False)."""
    data = settings.data_dir
    folders = [data, settings.archive_dir, settings.log_dir]
    if settings.backup_dir is None:  # the default backups folder is Pintu's own
        folders.append(settings.backup_folder)
    paths = [(folder, True) for folder in folders]
    paths += [(path, False) for path in (
        settings.secret_path, settings.database_path,
        *(data / f"{settings.database_path.name}{suffix}" for suffix in ("-wal", "-shm")))]
    for folder in folders[1:]:
        if folder.is_dir():
            paths += [(path, path.is_dir()) for path in sorted(folder.rglob("*"))]
    return paths


def secure_data_dir(settings: Settings) -> tuple[Path, ...]:
    """Create the private folders and take group and other access away from every file.

    Permissions are only ever taken away (a read-only file stays read-only), and only
    from a path of the expected kind: a folder where the database file should be is
    left alone (opening the database refuses it). Returns the paths that had to be fixed.
    A path owned by someone else is reported in the log and left alone (fixing it needs
    an administrator).
    """
    for folder in (settings.data_dir, settings.archive_dir, settings.log_dir):
        make_private_dir(folder)
    fixed = []
    for path, is_folder in private_paths(settings):
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        kind = stat.S_ISDIR if is_folder else stat.S_ISREG
        if not kind(info.st_mode):
            continue
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077 == 0:
            continue
        wanted = mode & (PRIVATE_DIR if is_folder else PRIVATE_FILE)
        try:
            path.chmod(wanted)
        except PermissionError:
            log.error("cannot make %s private (owner uid %d, mode %o)", path, info.st_uid, mode)
            continue
        log.warning("%s had permissions %o; tightened to %o", path, mode, wanted)
        fixed.append(path)
    return tuple(fixed)


CHECKPOINT_FILE = "audit.checkpoint"


def load_checkpoint(settings: Settings, secret: bytes) -> audit.Checkpoint | None:
    """The last event this terminal verified, if its file is whole and sealed by the
    token secret (kept outside the database, so an edit to the database cannot move it)."""
    path = settings.data_dir / CHECKPOINT_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        point = audit.Checkpoint(int(raw["id"]), int(raw["seq"]), str(raw["hash"]))
        sealed = hmac.compare_digest(str(raw["mac"]), _seal(secret, point))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("audit checkpoint unreadable (%s); the whole chain is checked", exc)
        return None
    if not sealed:
        log.warning("audit checkpoint does not match its seal; the whole chain is checked")
        return None
    return point


def save_checkpoint(settings: Settings, secret: bytes, point: audit.Checkpoint) -> None:
    record = {"id": point.id, "seq": point.seq, "hash": point.hash,
              "mac": _seal(secret, point)}
    write_atomic(settings.data_dir / CHECKPOINT_FILE, json.dumps(record).encode("utf-8"),
                 mode=PRIVATE_FILE)


def _seal(secret: bytes, point: audit.Checkpoint) -> str:
    message = f"{point.id}:{point.seq}:{point.hash}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def check_chain(db: Database, settings: Settings, secret: bytes | None, *,
                full: bool = False) -> audit.ChainReport:
    """Verify the events added since this terminal's last check (or all of them, when
    ``full``, without a secret, or without a sound checkpoint), then move the checkpoint.

    The incremental check keeps start-up short on years of data; the full walk, run daily
    in the background, also covers events older than the checkpoint.
    """
    since = None if full or secret is None else load_checkpoint(settings, secret)
    report = audit.verify(db, since)
    if report.ok and report.head is not None and secret is not None:
        try:
            save_checkpoint(settings, secret, report.head)
        except OSError as exc:
            log.warning("audit checkpoint not saved: %s", exc)
    if report.ok:
        log.info("audit chain intact: %d events checked%s", report.events,
                 "" if since is None else f" after #{since.seq}")
    else:
        log.error("audit chain broken at event %s: %s", report.broken_seq,
                  report.text("en"))
    return report


def startup_check(db: Database, settings: Settings, secret: bytes | None = None, *,
                  full: bool = False) -> StartupReport:
    """Private data folder, then the audit chain (see ``check_chain``)."""
    tightened = secure_data_dir(settings)
    damage = damaged_pages(settings.database_path) if db.is_sqlite else None
    if damage is not None:
        log.error("database %s failed its page check: %s", settings.database_path, damage)
    return StartupReport(check_chain(db, settings, secret, full=full), tightened, damage)
