"""Schema upgrades with Alembic, run on start and by ``pintu db upgrade``.

Alembic takes most of a second to import, and on almost every start there is nothing to
upgrade: ``is_current`` answers that with one query against ``SCHEMA_HEAD``, and Alembic
is loaded only when there is work (a test keeps ``SCHEMA_HEAD`` equal to the newest
migration).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from kiosk.db.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest revision in ``migrations/versions``.
SCHEMA_HEAD = "0009"


def is_current(db: Database) -> bool:
    """Whether the schema is at ``SCHEMA_HEAD``, without loading Alembic."""
    with db.faults_as_unavailable(), db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        return connection.execute(
            text("SELECT version_num FROM alembic_version")).scalars().all() == [SCHEMA_HEAD]


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    with _migrating(db) as config:
        command.upgrade(config, revision)


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    with _migrating(db) as config:
        command.downgrade(config, revision)


@contextmanager
def _migrating(db: Database) -> Iterator[Config]:
    """One transaction for the whole migration.

    SQLite changes a table by copying it into a new one and dropping the old, which its
    foreign keys refuse while they are enforced; they are switched off for the migration
    (outside the transaction, where SQLite allows it) and every reference is checked
    before the transaction commits.
    """
    with db.faults_as_unavailable(), db.engine.connect() as connection:
        if db.is_sqlite:
            connection.connection.driver_connection.execute(  # type: ignore[union-attr]
                "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config = alembic_config()
                config.attributes["connection"] = connection
                yield config
                if db.is_sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise RuntimeError(f"migration broke a reference: {tuple(broken)}")
        finally:
            if db.is_sqlite:
                connection.connection.driver_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA foreign_keys=ON")


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.faults_as_unavailable(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_known_revision(revision: str) -> bool:
    """Whether this version of Pintu has the migration ``revision`` (a copy made by a
    newer version has one it does not know)."""
    from alembic.script import ScriptDirectory
    from alembic.script.revision import ResolutionError
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except (CommandError, ResolutionError):
        return False


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_differences(db: Database) -> list[object]:
    """What autogenerate would still write: empty when models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from kiosk.db.models import Base

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))
