"""The console on a real SQLite database in a temporary folder, with the demo's theme."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.services.actors import Actor
from kiosk.ui.app import make_application
from kiosk.ui.context import AppContext
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.ops import wait_for_ops

SECRET = b"c" * 32


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    """The console's tests run on SQLite; the two-desk race runs on PostgreSQL."""
    return sqlite_db


@pytest.fixture
def ctx(db: Database, settings: Settings) -> AppContext:
    make_application([])
    return AppContext(settings=settings, db=db, token_secret=SECRET, camera="none")


@pytest.fixture
def console_for(qtbot: QtBot, ctx: AppContext
                ) -> Iterator[Callable[..., OperatorConsole]]:
    """``console_for(actor)``, or ``console_for(actor, other_ctx)`` for other settings."""
    made: list[OperatorConsole] = []

    def start(actor: Actor, context: AppContext | None = None) -> OperatorConsole:
        console = OperatorConsole(context or ctx)
        qtbot.addWidget(console)
        console.resize(1600, 1000)
        console.show()
        console.start(actor)
        made.append(console)
        return console

    yield start
    for console in made:
        console.shutdown()
    wait_for_ops()

