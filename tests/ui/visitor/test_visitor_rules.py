"""What the visitor screens must get right besides the happy path: wrong input, walking
away, switching language, a database that is gone, a returning visitor, leaving."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.i18n import catalogue
from kiosk.services.queries import pending
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.visitor.flow import VisitorFlow
from tests.support.factories import approved, make_team, submitted
from tests.support.visitor_driver import NIK, Driver


def start_identity(driver: Driver, flow: VisitorFlow) -> None:
    driver.tap(flow.welcome.check_in_button)
    driver.on(flow.identity)
    driver.qtbot.waitUntil(flow.keyboard.isVisible)


def test_nik_is_checked_as_it_is_typed(driver: Driver, flow: VisitorFlow) -> None:
    start_identity(driver, flow)
    message = flow.identity.number.message
    driver.type_with_keyboard("617101")
    assert message.text() == "6 dari 16 angka"
    driver.type_with_keyboard("4506900000")
    assert "tidak boleh 0000" in message.text(), message.text()
    assert message.text().startswith("⚠"), "an error is marked by more than its colour"
    assert flow.identity.number.has_error
    driver.next()
    driver.settle()
    assert flow.current_screen() is flow.identity, "a wrong NIK does not go further"
    for _ in range(4):
        driver.tap(flow.keyboard.key("⌫"))
    driver.type_with_keyboard("0001")
    assert message.text() == "✓ NIK ini valid."


@pytest.mark.parametrize(("typed", "words"), [
    ("9971014506900001", "bukan kode provinsi"),
    ("6171013206900001", "tanggal lahir yang benar"),
    ("61710145069000012", "Anda mengisi 17"),
])
def test_wrong_niks_get_a_plain_reason(driver: Driver, flow: VisitorFlow, typed: str,
                                       words: str) -> None:
    start_identity(driver, flow)
    flow.identity.number.set_text(typed)
    assert words in flow.identity.number.message.text()


def test_other_id_types_take_a_free_number(driver: Driver, flow: VisitorFlow) -> None:
    start_identity(driver, flow)
    driver.tap(flow.identity.id_type.button("passport"))
    assert not flow.keyboard.numeric, "a passport number has letters"
    driver.type_with_keyboard("B1234567")
    driver.next()
    driver.on(flow.details)
    assert (flow.draft.id_type, flow.draft.id_number) == ("passport", "B1234567")


@pytest.fixture
def quick_idle(ctx: AppContext) -> AppContext:
    return dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings,
                                                                 visitor_idle_seconds=1))


def test_idle_asks_then_wipes_the_form(qtbot: QtBot, quick_idle: AppContext) -> None:
    flow = VisitorFlow(quick_idle)
    qtbot.addWidget(flow)
    flow.resize(1280, 712)
    flow.show()
    driver = Driver(qtbot, flow)
    try:
        driver.tap(flow.welcome.check_in_button)
        flow.identity.number.set_text(NIK)
        driver.next()
        driver.on(flow.details)
        flow.details.full_name.set_text("Dewi Lestari")
        qtbot.waitUntil(flow.prompt.isVisible, timeout=3000)
        assert "Apakah Anda masih di sini?" in [w.text() for w in flow.prompt.findChildren(QLabel)]
        driver.tap(flow.prompt.continue_button)
        assert flow.current_screen() is flow.details
        assert flow.details.full_name.text() == "Dewi Lestari", "continuing keeps the form"
        qtbot.waitUntil(flow.prompt.isVisible, timeout=3000)
        driver.on(flow.welcome)  # the countdown ran out
        assert not flow.prompt.isVisible()
        assert flow.draft.id_number == "" and flow.draft.full_name == ""
        driver.tap(flow.welcome.check_in_button)
        driver.on(flow.identity)
        assert flow.identity.number.text() == ""
        for screen in flow.screens:
            for field in screen.findChildren(QLabel) + screen.findChildren(QAbstractButton):
                assert "Dewi" not in field.text()
        assert flow.details.full_name.text() == ""
        assert flow.draft.submission_key, "the next visitor gets a new form"
    finally:
        flow.shutdown()


def test_language_switch_mid_form_keeps_the_data(driver: Driver, flow: VisitorFlow) -> None:
    start_identity(driver, flow)
    driver.type_with_keyboard(NIK)
    driver.next()
    driver.on(flow.details)
    driver.focus_and_type(flow.details.phone.editor, "12")
    driver.focus_and_type(flow.details.full_name.editor, "dewi")
    assert "nomor telepon" in flow.details.phone.message.text().lower()
    language().switch("en")
    assert flow.details.full_name.label.text() == "Full name"
    assert flow.details.full_name.text() == "Dewi"
    assert flow.details.phone.text() == "12"
    assert "phone number" in flow.details.phone.message.text()
    assert flow.steps.findChildren(QLabel)[0].text() == "✓  Identity"
    language().switch("id")
    assert flow.details.full_name.label.text() == "Nama lengkap"
    assert flow.draft.id_number == NIK


def test_a_database_error_keeps_everything_and_retries(driver: Driver, flow: VisitorFlow,
                                                       ctx: AppContext,
                                                       settings: Settings) -> None:
    driver.fill_to_review()
    driver.tap(flow.review.consent)
    folder = settings.data_dir
    moved = folder.with_name("unplugged")
    ctx.db.dispose()
    folder.rename(moved)  # the disk holding the database is gone
    try:
        driver.next()
        driver.qtbot.waitUntil(flow.review.banner.isVisible, timeout=20_000)
    finally:
        moved.rename(folder)
    assert flow.current_screen() is flow.review
    assert "belum terkirim" in flow.review.banner_text.text()
    footer = flow.review.footer
    assert footer is not None and footer.primary.text() == "Coba lagi"
    assert flow.draft.full_name == "Dewi Lestari" and len(flow.draft.devices) == 2
    assert flow.draft.signature_png
    driver.next()
    driver.on(flow.waiting)
    assert len(pending(ctx.db)) == 1


def test_a_typed_id_number_reveals_nothing(driver: Driver, flow: VisitorFlow,
                                           ctx: AppContext) -> None:
    """Anyone can type someone else's NIK at the door: it must not show their data."""
    submitted(ctx.db, ctx.settings, id_number=NIK, full_name="Dewi Lestari",
              organisation="Diskominfo Kota Pontianak", pic="Pak Agus")
    start_identity(driver, flow)
    driver.type_with_keyboard(NIK)
    driver.next()
    driver.on(flow.details)
    assert flow.details.full_name.text() == ""
    assert flow.details.organisation.text() == ""
    assert flow.details.phone.text() == ""
    assert flow.details.pic.text() == ""
    assert not flow.details.returning_note.isVisible()


def test_organisations_typed_before_are_suggested(driver: Driver, flow: VisitorFlow,
                                                  ctx: AppContext) -> None:
    submitted(ctx.db, ctx.settings, id_number="6171014506900002",
              organisation="Diskominfo Kota Pontianak")
    start_identity(driver, flow)
    driver.type_with_keyboard(NIK)
    driver.next()
    driver.on(flow.details)
    driver.settle()
    driver.focus_and_type(flow.details.organisation.editor, "disk")
    suggestion = driver.button("organisation-suggestion-0")
    assert suggestion.isVisible() and suggestion.text() == "Diskominfo Kota Pontianak"
    driver.tap(suggestion)
    assert flow.details.organisation.text() == "Diskominfo Kota Pontianak"


def test_check_out_by_badge_number(driver: Driver, flow: VisitorFlow, ctx: AppContext,
                                   db_team: object) -> None:
    visit = approved(ctx.db, ctx.settings, db_team)  # type: ignore[arg-type]
    assert visit.badge_number is not None
    driver.tap(flow.welcome.check_out_button)
    driver.on(flow.checkout)
    driver.qtbot.waitUntil(flow.keyboard.isVisible)
    driver.type_with_keyboard("99")
    driver.next()
    driver.qtbot.waitUntil(lambda: "99" in flow.checkout.badge.message.text())
    for _ in range(2):
        driver.tap(flow.keyboard.key("⌫"))
    driver.type_with_keyboard(str(visit.badge_number))
    driver.next()
    driver.qtbot.waitUntil(flow.checkout.done_card.isVisible)
    text = flow.findChild(QLabel, "checkout-done-text")
    assert text is not None and text.text() == (
        f"Silakan menuju meja petugas dengan kartu tamu {visit.badge_number}; petugas akan "
        "memeriksa kartu tamu dan perangkat Anda lalu mengembalikan kartu identitas Anda.")
    shown = " ".join(label.text() for label in flow.checkout.findChildren(QLabel))
    assert visit.full_name not in shown and "Dewi" not in shown  # a typed number names nobody
    assert flow.checkout.summary is None and flow.checkout.typed == visit.badge_number
    driver.tap_named("checkout-finish")
    driver.on(flow.welcome)


def test_a_typed_number_of_a_badge_not_out_looks_the_same(driver: Driver, flow: VisitorFlow,
                                                          ctx: AppContext,
                                                          db_team: object) -> None:
    """Nobody learns at the kiosk whether a badge is out: the answer is the same."""
    driver.tap(flow.welcome.check_out_button)
    driver.on(flow.checkout)
    driver.qtbot.waitUntil(flow.keyboard.isVisible)
    driver.type_with_keyboard("3")
    driver.next()
    driver.qtbot.waitUntil(flow.checkout.done_card.isVisible)
    text = flow.findChild(QLabel, "checkout-done-text")
    assert text is not None and "kartu tamu 3;" in text.text()


@pytest.fixture
def db_team(sqlite_db: Database) -> object:
    return make_team(sqlite_db)


def test_no_english_on_the_indonesian_screens(driver: Driver, flow: VisitorFlow) -> None:
    """Every text shown is translated: no catalogue source string appears as itself."""
    english = {source for source, text in catalogue("id").items() if source != text}
    driver.fill_to_review()
    seen: list[str] = []
    for screen in flow.screens:
        flow.pages.setCurrentWidget(screen)
        for widget in screen.findChildren(QLabel) + screen.findChildren(QAbstractButton):
            # The welcome buttons name each choice in the other language too, on purpose.
            if widget.isVisibleTo(screen) and widget.property("role") != "choice-sub":
                seen.append(widget.text())
    leaked = sorted({text for text in seen if text.strip("←→✓⚠+ 0123456789.") in english})
    assert not leaked
    assert len(seen) > 100


def test_the_flow_offers_no_staff_function(flow: VisitorFlow) -> None:
    names = {b.objectName() for b in flow.findChildren(QAbstractButton)}
    assert not any("staff" in n or "operator" in n or "approve" in n for n in names)


def test_nothing_is_written_before_submit(driver: Driver, flow: VisitorFlow,
                                          settings: Settings) -> None:
    before = _database_bytes(settings.database_path)
    driver.fill_to_review()
    driver.settle()
    assert _database_bytes(settings.database_path) == before


def _database_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_the_planned_hour_is_there_and_serials_type_in_capitals(driver: Driver,
                                                                 flow: VisitorFlow) -> None:
    """Two taps a visitor does not have to make: the SOP's hour is the planned duration
    until another is picked, and a serial number comes out in capitals without Shift."""
    start_identity(driver, flow)
    driver.type_with_keyboard(NIK)
    driver.next()
    driver.on(flow.details)
    assert flow.details.duration.text() == "60"
    flow._show(flow.devices)
    driver.tap(flow.devices.choice.button("some"))
    driver.focus_and_type(flow.devices.serial.editor, "pf3abc12")
    assert flow.devices.serial.text() == "PF3ABC12"
