"""Start-up steps shared by the kiosk window and the command line."""

from __future__ import annotations

import logging

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database

log = logging.getLogger(__name__)


def open_database(settings: Settings, *, upgrade: bool = True) -> Database:
    """Open the configured database and bring its schema up to date.

    The data folder is created private (0700): it holds the database, the archive and
    the token secret.
    """
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    db = Database(settings.effective_database_url())
    if upgrade:
        migrate.upgrade(db)
        log.info("database ready at %s", db.display_url)
    return db
