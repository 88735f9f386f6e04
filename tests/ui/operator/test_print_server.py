"""Printing to a real print server: CUPS with the cups-pdf printer, started by the test setup.

Every job goes the product's way (``PrintQueue``, pages drawn by QtPdf, painted on a
``QPrinter`` that Qt's CUPS backend hands to the server) and comes out as the PDF the
cups-pdf printer writes, after the filters a real printer's job passes. The printed pages
are pictures, as on paper, so their text is read back with Tesseract.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytesseract
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.config import Settings, picked_printer
from kiosk.db.database import Database
from kiosk.domain.clock import today
from kiosk.domain.figures import Period
from kiosk.services.archive import archive_visit
from kiosk.ui.context import AppContext
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.printing import PrintQueue, auto_print_visit_badge
from kiosk.ui.supervisor.reports_page import ReportsScreen
from tests.support import factories
from tests.support.cups import QUEUE, CupsServer
from tests.support.factories import Team

Start = Callable[..., OperatorConsole]
WAIT = 30_000


def _text(printout: Path, page: int = 0) -> str:
    """What a person reads on a printed page (the largest picture on it, through OCR)."""
    images = PdfReader(printout).pages[page].images
    picture = max(images, key=lambda i: i.image.width * i.image.height).image
    return " ".join(pytesseract.image_to_string(picture, lang="ind").split())


def _pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def _to_server(ctx: AppContext, auto_print_badge: bool = False) -> AppContext:
    settings = dataclasses.replace(ctx.settings, printer=QUEUE,
                                   auto_print_badge=auto_print_badge)
    return dataclasses.replace(ctx, settings=settings)


def test_a_badge_and_an_archived_form_come_out_of_the_printer(
        qtbot: QtBot, print_server: CupsServer, ctx: AppContext, db: Database,
        settings: Settings, team: Team) -> None:
    printing = _to_server(ctx, auto_print_badge=True)
    queue = PrintQueue()
    visit = factories.approved(db, settings, team, full_name="Siti Aminah")
    before = print_server.printouts()
    with qtbot.waitSignal(queue.printed, timeout=WAIT):
        auto_print_visit_badge(printing, queue, visit.id)
    badge = print_server.wait_for_printout(before)
    reader = PdfReader(badge)
    assert len(reader.pages) == 1
    card = reader.pages[0].mediabox  # the card's own size, 85.6 x 54 mm, not A4
    assert (float(card.width), float(card.height)) == pytest.approx((242.6, 153.1), abs=1)
    text = _text(badge)
    assert "Siti Aminah" in text and visit.number in text

    done = factories.checked_out(db, settings, team, full_name="Yohanes Pattinama")
    form = archive_visit(db, settings, team.operator, done.id).path
    before = print_server.printouts()
    with qtbot.waitSignal(queue.printed, timeout=WAIT):
        queue.submit(form, QUEUE, "Visit form")
    printed = print_server.wait_for_printout(before)
    assert _pages(printed) == _pages(form)
    assert "Yohanes Pattinama" in _text(printed)


def test_the_supervisor_picks_the_printer_and_prints_the_daily_report(
        qtbot: QtBot, print_server: CupsServer, ctx: AppContext, db: Database,
        settings: Settings, team: Team) -> None:
    factories.checked_out(db, settings, team)
    screen = ReportsScreen(ctx, team.supervisor)
    qtbot.addWidget(screen)
    screen.show()  # the list is asked for each time the tab opens
    qtbot.waitUntil(lambda: QUEUE in screen.printer_choices(), timeout=WAIT)
    assert screen.printer_choices()[0] == "Printer bawaan sistem (belum dipasang)"
    screen.choose_printer(QUEUE)
    assert picked_printer(settings) == QUEUE  # kept for this terminal, in its data folder
    assert QUEUE in screen.status_text()
    screen.set_period(Period.day(today()))
    screen.refresh()
    qtbot.waitUntil(lambda: screen.page_count() > 0, timeout=WAIT)
    before = print_server.printouts()
    screen.print_report()
    qtbot.waitUntil(lambda: "dikirim ke printer" in screen.status_text(), timeout=WAIT)
    printed = print_server.wait_for_printout(before)
    assert _pages(printed) == screen.page_count()
    assert "Laporan Harian" in _text(printed)

    # The choice outlives the screen; "as configured" goes back to the default.
    again = ReportsScreen(ctx, team.supervisor)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: QUEUE in again.printer_choices(), timeout=WAIT)
    assert again._printer.currentData() == QUEUE
    again.choose_printer(None)
    assert picked_printer(settings) is None


def _evacuation(qtbot: QtBot, console: OperatorConsole, signal: str) -> None:
    qtbot.waitUntil(console.inside.evacuation.isEnabled, timeout=WAIT)
    with qtbot.waitSignal(getattr(console.print_queue, signal), timeout=WAIT):
        qtbot.mouseClick(console.inside.evacuation, Qt.MouseButton.LeftButton)


def test_a_printer_removed_between_jobs_waits_in_the_banner_until_it_is_back(
        qtbot: QtBot, print_server: CupsServer, ctx: AppContext, db: Database,
        settings: Settings, team: Team, console_for: Start) -> None:
    factories.inside(db, settings, team)
    console = console_for(team.operator, _to_server(ctx))
    console.tabs.setCurrentWidget(console.inside)
    qtbot.waitUntil(lambda: console.inside.model.rowCount() == 1, timeout=WAIT)
    before = print_server.printouts()
    _evacuation(qtbot, console, "printed")
    print_server.wait_for_printout(before)

    print_server.remove_queue()
    _evacuation(qtbot, console, "failed")
    assert console.print_banner.isVisible()
    banner = console.print_text.text()
    assert banner.startswith("Daftar evakuasi belum tercetak.")
    assert f"Printer {QUEUE} tidak tersedia" in banner

    print_server.add_queue()
    before = print_server.printouts()
    with qtbot.waitSignal(console.print_queue.printed, timeout=WAIT):
        qtbot.mouseClick(console.print_retry, Qt.MouseButton.LeftButton)
    printed = print_server.wait_for_printout(before)
    assert not console.print_banner.isVisible() and console.print_queue.pending() == []
    text = _text(printed)
    assert "Daftar Evakuasi" in text and "Dewi Lestari" in text


def test_a_stopped_printer_keeps_the_badge_in_the_banner_until_it_is_resumed(
        qtbot: QtBot, print_server: CupsServer, ctx: AppContext, db: Database,
        settings: Settings, team: Team, console_for: Start) -> None:
    console = console_for(team.operator, _to_server(ctx, auto_print_badge=True))
    visit = factories.approved(db, settings, team)
    print_server.pause_queue()
    before = print_server.printouts()
    with qtbot.waitSignal(console.print_queue.failed, timeout=WAIT):
        auto_print_visit_badge(_to_server(ctx, auto_print_badge=True), console.print_queue,
                               visit.id)
    banner = console.print_text.text()
    assert banner.startswith("Kartu tamu belum tercetak.")
    assert f"Printer {QUEUE} sedang berhenti" in banner
    # Kept at the desk, in sight, not parked unseen in the stopped queue.
    assert not print_server.run("lpstat", "-o").strip()
    assert print_server.printouts() == before

    print_server.resume_queue()
    before = print_server.printouts()
    with qtbot.waitSignal(console.print_queue.printed, timeout=WAIT):
        qtbot.mouseClick(console.print_retry, Qt.MouseButton.LeftButton)
    printed = print_server.wait_for_printout(before)
    assert visit.number in _text(printed)


@pytest.fixture(autouse=True)
def _no_job_left_behind(print_server: CupsServer) -> None:
    """Each test starts with the printer's queue empty of unfinished jobs."""
    assert not print_server.run("lpstat", "-o").strip()
