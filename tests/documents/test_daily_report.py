"""Read the daily and monthly PDFs back and check what a supervisor would check."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.documents.daily_report import daily_report_pdf
from kiosk.documents.monthly_report import monthly_report_pdf
from kiosk.documents.sealing import check_seal
from kiosk.domain.figures import Period, ReportFigures
from kiosk.services import signing
from kiosk.services.actors import SYSTEM
from kiosk.services.reports import report_figures, write_report
from tests.support.doc_scenario import DAY, NIKS, Day


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def daily(day: Day, tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportFigures, str, str]:
    from kiosk.domain.clock import travel_to
    from tests.support.doc_scenario import at

    with travel_to(at(16, 0)):
        fig = report_figures(day.db, day.settings, SYSTEM, Period.day(DAY))
    folder = tmp_path_factory.mktemp("daily")
    indonesian = daily_report_pdf(fig, day.settings, folder / "id.pdf", "id")
    english = daily_report_pdf(fig, day.settings, folder / "en.pdf", "en")
    return fig, _text(indonesian), _text(english)


def _cells(text: str, label: str, count: int, after: str = "") -> list[str]:
    """The ``count`` table cells after the row label (pypdf gives one cell per line)."""
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index(after) if after else 0
    index = lines.index(label, start)
    return lines[index + 1:index + 1 + count]


def _row(text: str, label: str) -> tuple[int, int]:
    visits, refused = _cells(text, label, 2, after="Keperluan")
    return int(visits), int(refused)


def test_counts_by_purpose_equal_the_database(daily: tuple[ReportFigures, str, str]) -> None:
    fig, text, _ = daily
    expected = {"Perbaikan": "repair", "Pemeliharaan server": "server_maintenance",
                "Instalasi": "installation", "Inspeksi / audit": "inspection",
                "Pengantaran barang": "delivery"}
    counts = {p.key: (p.visits, p.refused) for p in fig.purposes}
    for label, key in expected.items():
        assert _row(text, label) == counts[key]
    assert _row(text, "Jumlah") == (6, 2)


def test_dates_in_indonesian_and_niks_masked(daily: tuple[ReportFigures, str, str]) -> None:
    _, text, english = daily
    assert "Senin, 23 November 2026" in text
    assert "Laporan Harian Kunjungan Ruang Server" in text
    assert "Monday, 23 November 2026" in english and "Daily Server Room Visit Report" in english
    for nik in NIKS[:4]:
        assert nik not in text
        assert f"{nik[:4]}********{nik[-4:]}" in text
    assert NIKS[4][-4:] + "\n" not in text  # yesterday's visitor is not listed
    assert "Ṣafiyyah Nguyễn" in text


def test_devices_and_anomalies_are_listed(daily: tuple[ReportFigures, str, str]) -> None:
    text, english = (" ".join(t.split()) for t in daily[1:])  # wrapped cells, one line
    assert "DL5440A1" in text and "FOC2231X0AB" in text
    assert "Dipasang di rak A3" in text
    assert "Ditolak: Surat tugas tidak dibawa" in text
    # Still inside is its own kind, measured at the cut-off (16:00, the report's moment);
    # no longer also "overdue" and "badge still out".
    assert "Masih di dalam pada batas waktu laporan, 180 menit setelah masuk" in text
    assert "Still inside at the cut-off, 180 min after going in; 30 min planned." in english
    assert "Badge 3 is still out." not in english
    assert "Kunjungan dengan kejanggalan" in text and "per 16.00 WIB" in text


def test_sop_timings_are_printed(daily: tuple[ReportFigures, str, str]) -> None:
    _, text, english = daily
    # standard, measured, median, longest (visit), over, not measured
    assert _cells(text, "Formulir sampai keputusan", 6, after="Langkah SOP") == [
        "5 menit", "4", "4,5 menit", "7 menit (No. 0003)", "1", "0"]
    assert _cells(text, "Kunjungan (di dalam ruangan)", 6, after="Langkah SOP") == [
        "60 menit", "2", "82,5 menit", "95 menit (No. 0002)", "2", "0"]
    assert _cells(text, "Pemeriksaan keluar", 6, after="Langkah SOP") == [
        "5 menit", "1", "3 menit", "3 menit (No. 0001)", "0", "1"]
    assert _cells(english, "Form to decision", 6, after="SOP step") == [
        "5 min", "4", "4,5 min", "7 min (No. 0003)", "1", "0"]
    assert "Kepala Seksi Jaringan dan Data Center" in text


def test_monthly_report_sums_the_month(day: Day, tmp_path: Path) -> None:
    fig = report_figures(day.db, day.settings, SYSTEM, Period.month(2026, 11))
    text = _text(monthly_report_pdf(fig, day.settings, tmp_path / "m.pdf"))
    assert fig.totals.visits == 7  # the day's six and yesterday's
    assert "November 2026 (1 November 2026 s.d. 30 November 2026)" in text
    assert _row(text, "Perbaikan") == (2, 0)
    assert _row(text, "Jumlah") == (7, 2)
    assert NIKS[0] not in text


def test_a_written_report_is_sealed_and_reproducible(day: Day, at_four: None,
                                                      tmp_path: Path) -> None:
    """Same data, same moment: the same sealed bytes, however often the report is made."""
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (first, second):
        write_report(day.db, day.settings, SYSTEM, Period.day(DAY), "id", out)
    assert first.read_bytes() == second.read_bytes()
    trust = signing.trust(day.settings)
    check = check_seal(first.read_bytes(), trust.certificates)
    assert check.intact and check.fingerprint in trust.own
    assert "Laporan Harian Kunjungan" in _text(first)
