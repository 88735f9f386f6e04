"""The visitor's own screens show what was typed, imported or configured as written: the
review of the form, the waiting screen with a refusal reason, check-out, the welcome."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from kiosk.domain.clock import today
from kiosk.services import invitations, visits
from kiosk.ui.context import AppContext
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.visitor.draft import VisitDraft
from kiosk.ui.visitor.flow import VisitorFlow
from kiosk.ui.visitor.welcome import WelcomeScreen
from tests.support import factories
from tests.support.factories import SIGNATURE
from tests.support.plain_text import (
    DEVICE,
    INVITED_ORGANISATION,
    INVITED_PIC,
    INVITED_PURPOSE,
    ORGANISATION,
    PIC,
    PURPOSE,
    REASON,
    SITE_NAME,
    guessing_labels,
    shows_exactly,
    shows_within,
)

WAIT = 10_000


def hostile_draft() -> VisitDraft:
    return VisitDraft(id_number="6171014506900001", full_name="Dewi Lestari",
                      organisation=ORGANISATION, phone="0812 3456 7890", purpose_key="repair",
                      purpose_text=PURPOSE, pic=PIC, planned_minutes="60",
                      brings_devices=True, devices=[DEVICE], signature_png=SIGNATURE,
                      consent=True)


def test_review_waiting_and_check_out_show_the_text_as_written(
        qtbot: QtBot, flow: VisitorFlow, ctx: AppContext) -> None:
    review = flow.review
    review.load(hostile_draft())
    flow.pages.setCurrentWidget(review)
    for text in (ORGANISATION, PIC):
        assert shows_exactly(review, text), text
    assert shows_within(review, PURPOSE)
    assert shows_within(review, DEVICE.kind) and shows_within(review, DEVICE.brand_model)
    assert not guessing_labels(flow)
    review.grab().save("/tmp/pintu-plain-visitor-review.png")

    team = factories.make_team(ctx.db)
    visit = visits.submit_visit(ctx.db, ctx.settings,
                                hostile_draft().to_form("id"))
    refused = visits.refuse(ctx.db, team.operator, visit.id, visit.version, REASON)
    waiting = flow.waiting
    waiting.show_visit(refused)
    flow.pages.setCurrentWidget(waiting)
    qtbot.waitUntil(lambda: REASON in waiting.status.text(), timeout=WAIT)
    assert shows_within(waiting, REASON)
    assert not guessing_labels(flow)
    waiting.clear()
    wait_for_ops()

    inside = factories.inside(ctx.db, ctx.settings, team, id_number="6171014506900002")
    checkout = flow.checkout
    flow.pages.setCurrentWidget(checkout)
    # A name with markup cannot get past the form's rules; the screen is checked anyway,
    # with what an older record or another kiosk's database could hold.
    checkout._done(dataclasses.replace(inside, full_name=REASON))
    assert shows_within(checkout, REASON)
    assert not guessing_labels(flow)


def test_an_invitation_from_a_csv_file_fills_the_form_as_written(
        qtbot: QtBot, flow: VisitorFlow, ctx: AppContext) -> None:
    team = factories.make_team(ctx.db)
    report = invitations.import_csv(
        ctx.db, ctx.settings, team.supervisor,
        "nama;nik;instansi;keperluan;tanggal;pic;keterangan\n"
        f"Joko Permana;6171011203880002;{INVITED_ORGANISATION};repair;{today():%d/%m/%Y};"
        f"{INVITED_PIC};{INVITED_PURPOSE}\n")
    assert report.ok, report.errors
    draft = VisitDraft()
    draft.fill_from_invitation(report.created[0])
    flow.details.load(draft)
    flow.review.load(draft)
    assert shows_exactly(flow.review, INVITED_ORGANISATION)
    assert shows_exactly(flow.review, INVITED_PIC)
    assert not guessing_labels(flow)


def test_the_welcome_screen_shows_the_configured_site_name_as_written(
        qtbot: QtBot, ctx: AppContext) -> None:
    screen = WelcomeScreen(dataclasses.replace(
        ctx, settings=dataclasses.replace(ctx.settings, site_name=SITE_NAME)))
    qtbot.addWidget(screen)
    assert shows_exactly(screen, SITE_NAME)
    assert not guessing_labels(screen)
