"""The supervisor's reports screen: preview pages, export PDF and CSV, print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.documents.evacuation import evacuation_pdf
from kiosk.domain.clock import today, travel_to, utcnow
from kiosk.domain.figures import Period
from kiosk.services.actors import SYSTEM
from kiosk.services.reports import write_report
from kiosk.ui.context import AppContext
from kiosk.ui.printing import PrintQueue
from kiosk.ui.supervisor.reports_page import ReportsScreen
from tests.support import factories
from tests.support.factories import WIB

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def screen(qtbot: QtBot, sqlite_db: Database, tmp_path: Path) -> ReportsScreen:
    settings = Settings(data_dir=tmp_path / "data", printer=f"pdf:{tmp_path / 'printed.pdf'}")
    team = factories.make_team(sqlite_db)
    with travel_to(dt.datetime.combine(DAY, dt.time(9, 0), WIB)):
        factories.checked_out(sqlite_db, settings, team)
        factories.checked_out(sqlite_db, settings, team, purpose_key="server_maintenance")
    widget = ReportsScreen(AppContext(settings, sqlite_db, b"s" * 32, "none"), team.supervisor)
    qtbot.addWidget(widget)
    widget.set_period(Period.day(DAY))
    return widget


def _show(qtbot: QtBot, screen: ReportsScreen) -> None:
    screen.refresh()
    qtbot.waitUntil(lambda: screen.page_count() > 0, timeout=20_000)


def test_preview_export_and_print(qtbot: QtBot, screen: ReportsScreen, tmp_path: Path
                                  ) -> None:
    _show(qtbot, screen)
    assert "2 kunjungan" in screen.status_text()
    usb = tmp_path / "usb"
    usb.mkdir()
    screen.export_to(usb)
    qtbot.waitUntil(lambda: "Disimpan" in screen.status_text(), timeout=10_000)
    assert sorted(p.name for p in usb.iterdir()) == ["laporan-harian-2026-11-23.csv",
                                                      "laporan-harian-2026-11-23.pdf"]
    assert (usb / "laporan-harian-2026-11-23.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    screen.print_report()
    qtbot.waitUntil(lambda: (tmp_path / "printed.pdf").exists(), timeout=20_000)


def test_a_month_and_a_missing_printer(qtbot: QtBot, screen: ReportsScreen, tmp_path: Path,
                                       sqlite_db: Database) -> None:
    screen.set_period(Period.month(DAY.year, DAY.month), "en")
    _show(qtbot, screen)
    assert "2 visits" in screen.status_text() or "2 kunjungan" in screen.status_text()
    screen._ctx = AppContext(Settings(data_dir=tmp_path / "d", printer="Printer-Lantai-2"),
                             sqlite_db, b"s" * 32, "none")
    screen.print_report()
    qtbot.waitUntil(lambda: "Printer-Lantai-2" in screen.status_text(), timeout=20_000)
    assert screen._retry.isVisibleTo(screen)


def test_the_desks_failed_jobs_stay_out_of_the_reports_status(
        qtbot: QtBot, sqlite_db: Database, tmp_path: Path) -> None:
    queue = PrintQueue()
    screen = ReportsScreen(AppContext(Settings(data_dir=tmp_path / "data"), sqlite_db,
                                      b"s" * 32, "none"), SYSTEM, print_queue=queue)
    qtbot.addWidget(screen)
    document = evacuation_pdf([], utcnow(), Settings(data_dir=tmp_path / "data"),
                              tmp_path / "list.pdf")
    with qtbot.waitSignal(queue.failed, timeout=10_000):
        queue.submit(document, "no-such-printer", "Evacuation list")
    assert "no-such-printer" not in screen.status_text()
    assert not screen._retry.isVisibleTo(screen)


def test_todays_report_shows_as_soon_as_the_screen_opens(qtbot: QtBot, sqlite_db: Database,
                                                         tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    team = factories.make_team(sqlite_db)
    factories.checked_out(sqlite_db, settings, team)
    widget = ReportsScreen(AppContext(settings, sqlite_db, b"s" * 32, "none"), team.supervisor)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.page_count() > 0, timeout=20_000)
    assert widget.period() == Period.day(today())
    assert "1 kunjungan" in widget.status_text()


def test_a_period_gives_the_same_files_as_everywhere(qtbot: QtBot, screen: ReportsScreen,
                                                     tmp_path: Path) -> None:
    """The screen's period report is the one ``write_report`` makes (the command line's):
    the same PDF and CSV bytes, the same cut-off, titled as a period."""
    period = Period.between(DAY - dt.timedelta(days=6), DAY)
    screen.set_period(period)
    _show(qtbot, screen)
    usb = tmp_path / "usb"
    usb.mkdir()
    screen.export_to(usb)
    qtbot.waitUntil(lambda: "Disimpan" in screen.status_text(), timeout=10_000)
    stem = "laporan-2026-11-17-sd-2026-11-23"
    assert sorted(p.name for p in usb.iterdir()) == [f"{stem}.csv", f"{stem}.pdf"]
    files = write_report(screen._ctx.db, screen._ctx.settings, SYSTEM, period, "id",
                         tmp_path / "cli.pdf", tmp_path / "cli.csv")
    assert (usb / f"{stem}.pdf").read_bytes() == files.pdf.read_bytes()
    assert (usb / f"{stem}.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()
    text = " ".join(page.extract_text() for page in PdfReader(files.pdf).pages)
    assert "Laporan Kunjungan Ruang Server per Periode" in text
    assert "17 November 2026 s.d. 23 November 2026 (7 hari)" in text
