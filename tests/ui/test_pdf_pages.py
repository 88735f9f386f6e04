"""PDF pages drawn by QtPdf: white paper at the asked resolution; a bad file is a calm error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pytestqt.qtbot import QtBot
from reportlab.pdfgen.canvas import Canvas

from kiosk.config import Settings
from kiosk.documents.evacuation import evacuation_pdf
from kiosk.domain.clock import utcnow
from kiosk.ui.pdf_pages import PdfPages, PdfUnreadable, page_images
from kiosk.ui.printing import PrintQueue, print_pdf


@pytest.fixture
def document(tmp_path: Path, settings: Settings) -> Path:
    return evacuation_pdf([], utcnow(), settings, tmp_path / "list.pdf")


def test_pages_come_on_white_paper_at_the_asked_resolution(document: Path) -> None:
    [page] = page_images(document, 150)
    assert (page.width(), page.height()) == (1240, 1754)  # A4 at 150 dpi
    assert not page.hasAlphaChannel()
    assert page.pixelColor(3, 3).name() == "#ffffff"
    assert round(page.dotsPerMeterX() * 0.0254) == 150
    ink = [page.pixelColor(x, y).lightness() for x in range(0, 1240, 5)
           for y in range(150, 400, 5)]
    assert min(ink) < 80  # the heading is drawn, dark on white


def _garbage(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n" + b"\x00\xff<script>" * 2000)


def _truncated(path: Path, source: Path) -> None:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _locked(path: Path, source: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt("rahasia")
    with path.open("wb") as out:
        writer.write(out)


BAD_FILES: dict[str, Callable[[Path, Path], None]] = {
    "garbage": lambda path, _source: _garbage(path),
    "truncated": _truncated,
    "empty": lambda path, _source: path.write_bytes(b""),
    "password": _locked,
    "missing": lambda _path, _source: None,
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_file_is_a_calm_known_error(kind: str, document: Path, tmp_path: Path) -> None:
    bad = tmp_path / f"laporan-{kind}.pdf"
    BAD_FILES[kind](bad, document)
    with pytest.raises(PdfUnreadable) as caught:
        page_images(bad, 72)
    assert f"laporan-{kind}.pdf" in caught.value.text("id")
    assert "rusak" in caught.value.text("id")


def test_a_page_too_big_to_draw_is_refused_not_allocated(tmp_path: Path) -> None:
    """A 5 m square page at print resolution would be 3.6 billion pixels."""
    huge = tmp_path / "poster.pdf"
    canvas = Canvas(str(huge), pagesize=(14_400, 14_400))
    canvas.drawString(100, 100, "poster")
    canvas.save()
    with PdfPages(huge) as pages, pytest.raises(PdfUnreadable) as caught:
        pages.render(0, 300)
    assert "poster.pdf" in caught.value.text("en")


@pytest.mark.usefixtures("qapp")
def test_a_damaged_file_waits_in_the_print_queue_with_its_reason(
        qtbot: QtBot, tmp_path: Path) -> None:
    bad = tmp_path / "kartu-tamu.pdf"
    _garbage(bad)
    out = tmp_path / "printed.pdf"
    with pytest.raises(PdfUnreadable):
        print_pdf(bad, f"pdf:{out}")
    queue = PrintQueue()
    with qtbot.waitSignal(queue.failed, timeout=10_000) as failed:
        queue.submit(bad, f"pdf:{out}", "Visitor badge cards")
    job, message = failed.args
    assert "kartu-tamu.pdf" in message and queue.pending() == [job]
    assert not out.exists()
