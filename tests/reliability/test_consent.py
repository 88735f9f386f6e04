"""Consent (UU PDP): the visitor reads why the data are collected and how long they are
kept, agrees explicitly, and the agreement is recorded with the visit."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import Visit
from kiosk.errors import ValidationError
from kiosk.i18n import set_language
from kiosk.services import visits
from kiosk.services.queries import get_visit
from kiosk.ui.app import make_application
from kiosk.ui.context import AppContext
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.visitor.flow import VisitorFlow
from tests.support.factories import make_form


def test_no_consent_no_visit(sqlite_db: Database, settings: Settings,
                             figures: Callable[..., None]) -> None:
    try:
        visits.submit_visit(sqlite_db, settings, make_form(consent=False))
    except ValidationError as refused:
        assert refused.field == "consent" and "setuju" in refused.text("id")
        figures("refusals checked")
    else:
        raise AssertionError("a visit was stored without consent")
    with sqlite_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 0

    visit = visits.submit_visit(sqlite_db, settings, make_form(consent=True))

    detail = get_visit(sqlite_db, visit.id)
    assert detail.consent_at == detail.summary.submitted_at


def test_the_review_screen_says_why_and_for_how_long(qtbot: QtBot, sqlite_db: Database,
                                                     settings: Settings) -> None:
    make_application([])
    set_language("id")
    shorter = dataclasses.replace(settings, retention_days=180, camera="none")
    flow = VisitorFlow(AppContext(settings=shorter, db=sqlite_db, token_secret=b"c" * 32,
                                  camera="none"))
    qtbot.addWidget(flow)
    flow._show(flow.review)

    notice = flow.review._privacy_text.text()
    assert "180 hari" in notice and "27/2022" in notice
    assert not flow.review.consent.isChecked()  # never ticked for the visitor
    flow.shutdown()
    wait_for_ops()
