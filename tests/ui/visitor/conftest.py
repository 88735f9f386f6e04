"""A visitor flow on a real SQLite database, and a driver that uses it like a finger would."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.tokens import load_or_create_secret
from kiosk.i18n import set_language
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.theme import apply_theme
from kiosk.ui.visitor.flow import VisitorFlow
from tests.support.visitor_driver import Driver


@pytest.fixture
def ctx(settings: Settings, sqlite_db: Database) -> AppContext:
    return AppContext(settings=dataclasses.replace(settings, camera="none"), db=sqlite_db,
                      token_secret=load_or_create_secret(settings.secret_path), camera="none")


@pytest.fixture
def flow(qtbot: QtBot, ctx: AppContext, qapp: object) -> Iterator[VisitorFlow]:
    apply_theme(qapp)  # type: ignore[arg-type]
    set_language("id")
    widget = VisitorFlow(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 712)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
    yield widget
    widget.shutdown()
    wait_for_ops()
    language().switch("id")


@pytest.fixture
def driver(qtbot: QtBot, flow: VisitorFlow) -> Driver:
    return Driver(qtbot, flow)
