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
from tests.support.visitor_driver import Driver, MakeFlow


@pytest.fixture
def ctx(settings: Settings, sqlite_db: Database) -> AppContext:
    return AppContext(settings=dataclasses.replace(settings, camera="none"), db=sqlite_db,
                      token_secret=load_or_create_secret(settings.secret_path), camera="none")


@pytest.fixture
def make_flow(qtbot: QtBot, qapp: object) -> Iterator[MakeFlow]:
    """Flows on screen in Indonesian, each shut down (camera, timers) after the test."""
    apply_theme(qapp)  # type: ignore[arg-type]
    set_language("id")
    flows: list[VisitorFlow] = []

    def make(ctx: AppContext) -> Driver:
        flow = VisitorFlow(ctx)
        qtbot.addWidget(flow)
        flow.resize(1280, 712)
        flow.show()
        qtbot.waitExposed(flow)
        flow.activateWindow()
        qtbot.waitUntil(flow.isActiveWindow, timeout=2000)
        flows.append(flow)
        return Driver(qtbot, flow)

    yield make
    for flow in flows:
        flow.shutdown()
    wait_for_ops()
    language().switch("id")


@pytest.fixture
def driver(make_flow: MakeFlow, ctx: AppContext) -> Driver:
    return make_flow(ctx)


@pytest.fixture
def flow(driver: Driver) -> VisitorFlow:
    return driver.flow
