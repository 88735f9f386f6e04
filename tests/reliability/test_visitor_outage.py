"""The visitor presses "Kirim" while the PostgreSQL server is down: the screen says the
form was not sent, keeps everything entered, and "Coba lagi" after the server is back
makes exactly one visit."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.db.models import Visit
from kiosk.domain.validation import DeviceInput
from kiosk.i18n import set_language
from kiosk.services.demo import demo_signature
from kiosk.services.queries import pending
from kiosk.ui.app import make_application
from kiosk.ui.context import AppContext
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.visitor.flow import VisitorFlow
from tests.support.factories import make_team
from tests.support.pgserver import PgServer

NOT_SENT = "Formulir Anda belum terkirim: sistem belum dapat menyimpannya."


@pytest.fixture
def flow(qtbot: QtBot, own_pg: PgServer, settings: Settings) -> Iterator[VisitorFlow]:
    make_application([])
    set_language("id")
    db = Database(own_pg.create_database())
    migrate.upgrade(db)
    make_team(db)
    ctx = AppContext(settings=dataclasses.replace(settings, camera="none"), db=db,
                     token_secret=b"v" * 32, camera="none")
    widget = VisitorFlow(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 712)
    widget.show()
    yield widget
    widget.shutdown()
    wait_for_ops()
    db.dispose()


def _fill(flow: VisitorFlow) -> None:
    """What the visitor entered on the earlier screens."""
    draft = flow.draft
    draft.id_number, draft.full_name = "6171014506900001", "Dewi Lestari"
    draft.organisation, draft.phone = "Dinas Kominfo", "0812 3456 7890"
    draft.purpose_key, draft.purpose_text, draft.pic = "repair", "Ganti PSU", "Seksi Jaringan"
    draft.planned_minutes, draft.brings_devices = "60", True
    draft.devices = [DeviceInput("Laptop", "Lenovo T14", "PF3ABC12")]
    draft.signature_png = demo_signature(random.Random(1))


@pytest.mark.postgres
def test_submit_while_the_server_is_down_then_retry(qtbot: QtBot, flow: VisitorFlow,
                                                    own_pg: PgServer,
                                                    figures: Callable[..., None]) -> None:
    _fill(flow)
    flow._show(flow.review)
    review, footer = flow.review, flow.review.footer
    assert footer is not None
    qtbot.mouseClick(review.consent, Qt.MouseButton.LeftButton)
    entered = dataclasses.replace(flow.draft)

    own_pg.stop()
    qtbot.mouseClick(footer.primary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(review.banner.isVisible, timeout=15_000)
    wait_for_ops()

    assert NOT_SENT in review.banner_text.text()
    assert flow.current_screen() is review
    assert flow.draft == entered  # everything typed is still there, same submission key
    assert footer.primary.isEnabled()
    figures("database outage refusals")

    own_pg.start()
    qtbot.mouseClick(footer.primary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.current_screen() is flow.waiting, timeout=15_000)
    wait_for_ops()

    db = flow._ctx.db
    assert [v.full_name for v in pending(db)] == ["Dewi Lestari"]
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Visit).where(
            Visit.submission_key == entered.submission_key)) == 1
