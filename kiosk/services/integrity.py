"""Checks run at every start: the audit chain is whole, the data folder is private, and
somebody can sign in (else the window opens on the first-run page).

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
from kiosk.i18n import translate
from kiosk.services import audit, staff

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


@dataclass(frozen=True)
class StartupReport:
    chain: audit.ChainReport
    tightened: tuple[Path, ...]  # paths whose permissions were too open and were fixed
    needs_first_admin: bool = False  # no staff account exists yet

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


def private_paths(settings: Settings) -> list[Path]:
    """Everything in the data folder that must be readable by the app's user only."""
    data = settings.data_dir
    paths = [data, settings.archive_dir, settings.log_dir, settings.secret_path,
             settings.database_path]
    paths += [data / f"{settings.database_path.name}{suffix}" for suffix in ("-wal", "-shm")]
    for folder in (settings.archive_dir, settings.log_dir):
        if folder.is_dir():
            paths += sorted(folder.rglob("*"))
    return paths


def secure_data_dir(settings: Settings) -> tuple[Path, ...]:
    """Create the private folders and take group and other access away from every file.

    Returns the paths that had to be fixed. A path owned by someone else is reported in
    the log and left alone (fixing it needs an administrator).
    """
    for folder in (settings.data_dir, settings.archive_dir, settings.log_dir):
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    fixed = []
    for path in private_paths(settings):
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode):
            continue
        wanted = PRIVATE_DIR if stat.S_ISDIR(info.st_mode) else PRIVATE_FILE
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077 == 0:
            continue
        try:
            path.chmod(mode & wanted)
        except PermissionError:
            log.error("cannot make %s private (owner uid %d, mode %o)", path, info.st_uid, mode)
            continue
        log.warning("%s had permissions %o; tightened to %o", path, mode, mode & wanted)
        fixed.append(path)
    return tuple(fixed)


def startup_check(db: Database, settings: Settings) -> StartupReport:
    """Run at every start: private data folder, the whole audit chain, staff accounts."""
    tightened = secure_data_dir(settings)
    chain = audit.verify(db)
    if chain.ok:
        log.info("audit chain intact: %d events", chain.events)
    else:
        log.error("audit chain broken at event %s: %s", chain.broken_seq,
                  chain.text("en"))
    return StartupReport(chain, tightened, staff.needs_first_admin(db))

