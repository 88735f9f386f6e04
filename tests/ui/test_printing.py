"""Printing through Qt: to a PDF file offscreen; a missing printer is a calm, kept job."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.documents.evacuation import evacuation_pdf
from kiosk.domain.clock import utcnow
from kiosk.ui.context import AppContext
from kiosk.ui.printing import (
    PrinterUnavailable,
    PrintJob,
    PrintQueue,
    auto_print_visit_badge,
    print_pdf,
)
from tests.support import factories

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def document(tmp_path: Path, settings: Settings) -> Path:
    return evacuation_pdf([], utcnow(), settings, tmp_path / "list.pdf")


def test_prints_every_page_to_a_pdf_file(document: Path, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    print_pdf(document, f"pdf:{out}")
    pages = PdfReader(out).pages
    assert len(pages) == len(PdfReader(document).pages)
    assert round(float(pages[0].mediabox.width)) == 595  # A4 stays A4


def test_a_missing_printer_says_what_to_check(document: Path) -> None:
    with pytest.raises(PrinterUnavailable) as caught:
        print_pdf(document, "Ruang-Server-Epson")
    assert "Ruang-Server-Epson" in caught.value.text("id")
    assert "dinyalakan" in caught.value.text("id")


def test_failed_jobs_are_kept_for_retry(qtbot: QtBot, document: Path, tmp_path: Path) -> None:
    queue = PrintQueue()
    with qtbot.waitSignal(queue.failed, timeout=10_000) as failed:
        queue.submit(document, "Ruang-Server-Epson", "daftar")
    job, message = failed.args
    assert isinstance(job, PrintJob) and job.attempts == 1
    assert "Ruang-Server-Epson" in message
    assert queue.pending() == [job]
    queue.discard(job)
    assert queue.pending() == []
    out = tmp_path / "ok.pdf"
    with qtbot.waitSignal(queue.printed, timeout=10_000):
        queue.submit(document, f"pdf:{out}", "daftar")
    assert out.exists() and queue.pending() == []


def test_badge_auto_print_after_approval(qtbot: QtBot, sqlite_db: Database, tmp_path: Path
                                         ) -> None:
    out = tmp_path / "badge-printed.pdf"
    settings = Settings(data_dir=tmp_path / "data", auto_print_badge=True, printer=f"pdf:{out}")
    team = factories.make_team(sqlite_db)
    visit = factories.approved(sqlite_db, settings, team)
    ctx = AppContext(settings, sqlite_db, b"s" * 32, "none")
    queue = PrintQueue()
    with qtbot.waitSignal(queue.printed, timeout=15_000) as printed:
        auto_print_visit_badge(ctx, queue, visit.id)
    assert printed.args[0].path.name == f"badge-{visit.number}.pdf"
    assert out.exists()
    quiet = PrintQueue()
    with qtbot.assertNotEmitted(quiet.printed), qtbot.assertNotEmitted(quiet.failed):
        auto_print_visit_badge(AppContext(Settings(data_dir=tmp_path / "d2"), sqlite_db,
                                          b"s" * 32, "none"), quiet, visit.id)
        qtbot.wait(200)
