"""Checks run at every start: the audit chain is whole and the data folder is private.

The data folder holds personal data (database, archived forms, logs) and the secret that
signs badges. Files that another user of the machine could read are tightened here and
reported, so an installation copied with ``cp -r`` or restored from a backup with loose
permissions is fixed before the first visitor arrives. The report is plain data: the
window shows it to staff, ``pintu audit verify`` prints it.
"""

from __future__ import annotations

import logging
import stat
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.files import make_private_dir
from kiosk.i18n import translate
from kiosk.services import audit

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


@dataclass(frozen=True)
class StartupReport:
    chain: audit.ChainReport
    tightened: tuple[Path, ...]  # paths whose permissions were too open and were fixed

    @property
    def ok(self) -> bool:
        return self.chain.ok

    def text(self, language: str | None = None) -> str:
        """What staff should be told, or an empty string when all is well."""
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


def startup_check(db: Database, settings: Settings) -> StartupReport:
    """Run at every start: private data folder, then the whole audit chain."""
    tightened = secure_data_dir(settings)
    chain = audit.verify(db)
    if chain.ok:
        log.info("audit chain intact: %d events", chain.events)
    else:
        log.error("audit chain broken at event %s: %s", chain.broken_seq,
                  chain.text("en"))
    return StartupReport(chain, tightened)

