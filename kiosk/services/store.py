"""The store every user action runs against: opening it, and its schema's revision.

Front ends (the window, the command line, the self-test) hold a ``Store`` and pass it to
the services; only the services and ``kiosk.db`` know it is a SQLAlchemy database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.errors import DatabaseDamaged
from kiosk.files import make_private_dir
from kiosk.i18n import N_

log = logging.getLogger(__name__)

RESTORE_ADVICE = N_("The database {path} cannot be used: {reason}. Nothing was changed. "
                    "Restore the latest backup with \"pintu restore FILE\" (copies are in "
                    "{folder}).")

#: The handle front ends pass to the services.
Store = Database


def open_database(settings: Settings, *, upgrade: bool = True) -> Store:
    """Open the configured database and bring its schema up to date.

    The data folder is created private (0700): it holds the database, the archive and
    the token secret. A SQLite file that is damaged or not a database is refused before
    the migrations could write to it (``DatabaseDamaged``, naming the way back).
    """
    make_private_dir(settings.data_dir)
    try:
        db = Database(settings.effective_database_url())
    except DatabaseDamaged as exc:
        raise DatabaseDamaged(RESTORE_ADVICE, **exc.params,
                              folder=str(settings.backup_folder)) from exc
    if upgrade and not migrate.is_current(db):
        migrate.upgrade(db)
        log.info("database schema upgraded at %s", db.display_url)
    return db


@dataclass(frozen=True)
class SchemaStatus:
    location: str  # the database, password hidden
    revision: str | None
    head: str | None

    @property
    def current(self) -> bool:
        return self.revision == self.head


def schema_status(db: Store) -> SchemaStatus:
    return SchemaStatus(db.display_url, migrate.current_revision(db), migrate.head_revision())
