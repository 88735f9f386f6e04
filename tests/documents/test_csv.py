"""The CSV export: UTF-8 with BOM, the report's columns, masked NIKs, the same rows."""

from __future__ import annotations

import csv
from pathlib import Path

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.documents.csv_export import COLUMNS, write_csv
from kiosk.domain.clock import travel_to
from kiosk.domain.figures import Period, figures, local_day
from kiosk.domain.types import DeviceExit
from kiosk.domain.validation import DeviceInput
from kiosk.services.actors import SYSTEM
from kiosk.services.checkout import CheckOut, DeviceCheck, check_out
from kiosk.services.queries import get_visit
from kiosk.services.report_data import period_data
from kiosk.services.reports import report_figures
from tests.support.doc_scenario import DAY, NIKS, Day, at
from tests.support.factories import inside, make_team


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


HOSTILE = {
    "Nama": "-Budi+Santoso",
    "Instansi": "=HYPERLINK(\"http://evil.example\",\"Klik\")",
    "Rincian keperluan": "@SUM(1+1)*cmd|' /C calc'!A0",
    "Penanggung jawab (PIC)": "+62 812 3456 7890",
    "Perangkat": "＝WEBSERVICE(\"http://evil.example\")",
}


def test_a_visitors_typed_formulas_come_back_as_text(sqlite_db: Database, settings: Settings,
                                                     tmp_path: Path) -> None:
    """Every column a visitor types is neutralised; the database and the screens keep the
    value as typed, and the numbers the report computes stay numbers."""
    team = make_team(sqlite_db)
    visit = inside(
        sqlite_db, settings, team, full_name=HOSTILE["Nama"],
        organisation=HOSTILE["Instansi"], purpose_key="other",
        purpose_text=HOSTILE["Rincian keperluan"], pic=HOSTILE["Penanggung jawab (PIC)"],
        devices=(DeviceInput(HOSTILE["Perangkat"], "-Dell", "SN1"),))
    device = get_visit(sqlite_db, visit.id).devices[0]
    check_out(sqlite_db, settings, team.operator, visit.id, None, CheckOut(
        (DeviceCheck(device.id, DeviceExit.MISSING, note="-tertinggal"),), True, True))
    fig = report_figures(sqlite_db, settings, SYSTEM,
                         Period.day(local_day(visit.submitted_at)))
    rows = list(csv.reader(write_csv(fig, settings, tmp_path / "hostile.csv")
                           .read_text(encoding="utf-8-sig").splitlines()))
    line = dict(zip(rows[0], rows[1], strict=True))
    for column, typed in HOSTILE.items():
        assert line[column].startswith("'" + typed), column
    assert line["Perangkat"] == "'" + HOSTILE["Perangkat"] + " -Dell (SN1)"
    assert line["Masalah perangkat"] == line["Perangkat"]
    assert line["Kunjungan (menit)"] == "0" and line["Kartu"].isdigit()
    stored = get_visit(sqlite_db, visit.id)
    assert (stored.summary.full_name, stored.summary.organisation, stored.summary.pic) == (
        HOSTILE["Nama"], HOSTILE["Instansi"], HOSTILE["Penanggung jawab (PIC)"])
