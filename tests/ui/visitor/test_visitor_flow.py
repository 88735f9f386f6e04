"""A whole visit at the touchscreen, tapped and typed like a visitor would, to the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.domain.types import IdType, VisitState
from kiosk.services.queries import get_visit, pending
from kiosk.ui.context import AppContext
from kiosk.ui.visitor.flow import VisitorFlow
from tests.support.visitor_driver import NIK, Driver


def test_a_complete_visit_reaches_the_database(driver: Driver, flow: VisitorFlow,
                                               ctx: AppContext) -> None:
    driver.fill_to_review()
    assert pending(ctx.db) == [], "nothing is stored before submit"
    driver.tap(flow.review.consent)
    driver.next()
    driver.on(flow.waiting)
    summary = flow.waiting.summary
    assert summary is not None
    assert flow.waiting.number.text() == summary.number

    detail = get_visit(ctx.db, summary.id)
    s = detail.summary
    assert s.state is VisitState.SUBMITTED
    assert (s.id_type, detail.id_number) == (IdType.KTP, NIK)
    assert (s.full_name, s.organisation) == ("Dewi Lestari", "Dinas Kominfo")
    assert detail.phone == "081234567890"
    assert (s.purpose_key, s.purpose_text, s.pic) == ("repair", "ganti psu", "Seksi Jaringan")
    assert s.planned_minutes == 120
    assert detail.reference_letter == "800/12/2026"
    assert detail.language == "id"
    assert [(d.kind, d.brand_model, d.serial) for d in detail.devices] == [
        ("Laptop", "Lenovo T14", "PF3ABC12"), ("Switch", "Cisco 2960", "FOC1234X")]
    signature = QImage.fromData(detail.signature_png or b"", "PNG")
    assert not signature.isNull()
    inked = sum(1 for x in range(0, signature.width(), 4) for y in range(signature.height())
                if signature.pixelColor(x, y).lightness() < 128)
    assert inked > 20, "the signature image holds the drawn strokes"
    assert flow.draft.full_name == "", "the form is wiped once it is in the database"

    driver.tap_named("waiting-done")
    driver.on(flow.welcome)


def test_no_devices_is_an_explicit_choice(driver: Driver, flow: VisitorFlow) -> None:
    driver.fill_to_review()
    driver.tap_named("edit-devices")
    driver.on(flow.devices)
    driver.tap(flow.devices.choice.button("none"))
    driver.next()
    driver.on(flow.review)
    assert flow.draft.brings_devices is False
    assert flow.draft.to_form("id").devices == ()


def test_devices_screen_asks_for_an_answer(driver: Driver, flow: VisitorFlow) -> None:
    flow._show(flow.devices)
    driver.next()
    assert flow.current_screen() is flow.devices
    assert "apakah Anda membawa perangkat" in flow.devices.choice.message.text()


def test_consent_is_required(driver: Driver, flow: VisitorFlow, ctx: AppContext) -> None:
    driver.fill_to_review()
    driver.next()
    driver.settle()
    assert flow.current_screen() is flow.review
    assert flow.review.consent_error.isVisible()
    assert "setujui" in flow.review.consent_error.text()
    assert pending(ctx.db) == []


def test_double_tap_on_submit_makes_one_visit(driver: Driver, flow: VisitorFlow,
                                              ctx: AppContext, qtbot: QtBot) -> None:
    driver.fill_to_review()
    driver.tap(flow.review.consent)
    footer = flow.review.footer
    assert footer is not None
    qtbot.mouseClick(footer.primary, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(footer.primary, Qt.MouseButton.LeftButton)
    flow.review.submit()  # even a call that bypasses the locked button
    driver.on(flow.waiting)
    driver.settle()
    assert len(pending(ctx.db)) == 1


def test_edit_from_review_returns_to_review(driver: Driver, flow: VisitorFlow) -> None:
    driver.fill_to_review()
    driver.tap_named("edit-details")
    driver.on(flow.details)
    assert flow.details.full_name.text() == "Dewi Lestari"
    driver.tap(flow.details.full_name.editor)
    flow.details.full_name.editor.selectAll()
    driver.type_with_keyboard("dewi lestari putri")
    driver.next()
    driver.on(flow.review)
    assert flow.draft.full_name == "Dewi Lestari Putri"
    assert flow.draft.devices, "going through Edit keeps the other steps"


def test_back_keeps_what_was_typed(driver: Driver, flow: VisitorFlow) -> None:
    driver.tap(flow.welcome.check_in_button)
    driver.type_with_keyboard(NIK)
    driver.next()
    driver.on(flow.details)
    driver.focus_and_type(flow.details.full_name.editor, "budi")
    screen = flow.details
    assert screen.footer is not None
    driver.tap(screen.footer.back)
    driver.on(flow.identity)
    assert flow.identity.number.text() == NIK
    driver.next()
    driver.on(flow.details)
    assert flow.details.full_name.text() == "Budi"
