"""The CSV export: UTF-8 with BOM, the report's columns, masked NIKs, the same rows."""

from __future__ import annotations

import csv
from pathlib import Path

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.documents.csv_export import COLUMNS, visit_rows, write_csv
from kiosk.domain.clock import today, travel_to
from kiosk.domain.figures import Period, figures
from kiosk.services.actors import SYSTEM
from kiosk.services.report_data import period_data
from kiosk.services.reports import report_figures
from tests.support import factories
from tests.support.doc_scenario import DAY, NIKS, Day, at
from tests.support.factories import make_team


def test_csv_opens_right_in_a_spreadsheet(day: Day, tmp_path: Path) -> None:
    with travel_to(at(16, 0)):
        fig = figures(period_data(day.db, Period.day(DAY)), day.settings)
    out = write_csv(fig, day.settings, tmp_path / "day.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:6] == ["Nomor kunjungan", "Tanggal", "Formulir dikirim", "Diputuskan",
                           "Masuk", "Keluar"]
    assert len(rows[0]) == len(COLUMNS)
    body = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(body) == ["0001", "0002", "0003", "0004"]
    first = body["0001"]
    assert first["Nama"] == "Ṣafiyyah Nguyễn"
    assert first["Identitas (disamarkan)"] == f"{NIKS[0][:4]}********{NIKS[0][-4:]}"
    assert (first["Masuk"], first["Keluar"]) == ("09:04", "10:14")
    assert first["Formulir sampai keputusan (menit)"] == "4"
    assert first["Kunjungan (menit)"] == "70"
    assert first["Pemeriksaan keluar (menit)"] == "3"
    assert first["Keperluan"] == "Perbaikan"
    assert body["0002"]["Pemeriksaan keluar (menit)"] == ""
    assert "FOC2231X0AB" in body["0002"]["Masalah perangkat"]
    assert body["0003"]["Status"] == "Ditolak"
    assert all(nik not in raw.decode("utf-8-sig") for nik in NIKS)


def test_csv_in_english(day: Day, tmp_path: Path) -> None:
    fig = figures(period_data(day.db, Period.day(DAY)), day.settings)
    rows = list(csv.reader(write_csv(fig, day.settings, tmp_path / "en.csv", "en")
                           .read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Visit number", "Date", "Submitted"]
    assert rows[1][rows[0].index("Purpose")] == "Repair"


def test_cells_a_spreadsheet_would_run_stay_text(sqlite_db: Database, settings: Settings
                                                 ) -> None:
    team = make_team(sqlite_db)
    formula = '=HYPERLINK("http://contoh.invalid","Klik")'
    factories.checked_out(sqlite_db, settings, team, organisation=formula,
                          pic="@SUM(A1:A9)", purpose_text="+62 812 penggantian disk")
    fig = report_figures(sqlite_db, settings, SYSTEM, Period.day(today()))
    header, row = visit_rows(fig, settings)
    cells = dict(zip(header, row, strict=True))
    assert cells["Instansi"] == "'" + formula
    assert cells["Penanggung jawab (PIC)"] == "'@SUM(A1:A9)"
    assert cells["Rincian keperluan"] == "'+62 812 penggantian disk"
