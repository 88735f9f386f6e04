"""``pintu verify-pdf`` end to end: a visit archived through the real services, then checked
by an administrator's child process, as found, changed, unknown and unreadable."""

from __future__ import annotations

import io
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.figures import Period, local_day
from kiosk.services import rollcall
from kiosk.services.actors import SYSTEM
from kiosk.services.archive import ArchiveResult, archive_visit, reprint
from kiosk.services.queries import get_visit
from kiosk.services.reports import export_report, prepare_report, write_report
from kiosk.services.signing import PIN_VARIABLE
from tests.support.child import pintu
from tests.support.factories import Team, checked_out, inside, make_team
from tests.support.softhsm import Token, on_token


@pytest.fixture
def staff(sqlite_db: Database) -> Team:
    return make_team(sqlite_db)


@pytest.fixture
def filed(sqlite_db: Database, settings: Settings, staff: Team) -> ArchiveResult:
    visit = checked_out(sqlite_db, settings, staff)
    return archive_visit(sqlite_db, settings, staff.operator, visit.id)


def verify(settings: Settings, path: Path, *options: str, **env: str) -> tuple[int, list[str]]:
    done = pintu(settings.data_dir, *options, "verify-pdf", str(path), env=env)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout.splitlines() + done.stderr.splitlines()


def test_the_filed_form_is_genuine(settings: Settings, filed: ArchiveResult) -> None:
    code, lines = verify(settings, filed.path)
    assert code == 0, lines
    assert lines[0].startswith("Segel: utuh.")
    assert settings.site_name in lines[0]
    number = filed.path.name.split("-")[1]
    assert lines[1].startswith(f"Catatan: ditemukan. Diarsipkan sebagai formulir kunjungan "
                               f"No. {number}")
    assert lines[2].startswith("Kesimpulan: asli.")
    code, lines = verify(settings, filed.path, "--lang", "en")
    assert code == 0
    assert "with this site's certificate; not one byte changed since." in lines[0]


def test_a_changed_form_fails_both_checks(settings: Settings, filed: ArchiveResult,
                                          tmp_path: Path) -> None:
    data = filed.path.read_bytes()
    flipped = bytearray(data)
    flipped[len(data) // 3] ^= 0x20
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(flipped))
    code, lines = verify(settings, changed, "--lang", "en")
    assert code == 1
    assert lines[0].startswith("Seal: BROKEN.")
    assert lines[1].startswith("Records: NOT FOUND.")
    assert lines[2].startswith("Verdict: NOT VERIFIED.")


def test_an_added_revision_fails_both_checks(settings: Settings, filed: ArchiveResult,
                                             tmp_path: Path) -> None:
    """Someone adds a line to the page with an incremental update, which leaves the
    original bytes and their signature untouched at the start of the file."""
    stamp = io.BytesIO()
    canvas = Canvas(stamp)
    canvas.drawString(72, 400, "Perangkat dibawa keluar: TIDAK ADA")
    canvas.showPage()
    canvas.save()
    writer = PdfWriter(io.BytesIO(filed.path.read_bytes()), incremental=True)
    writer.pages[0].merge_page(PdfReader(stamp).pages[0])
    forged = tmp_path / "forged.pdf"
    with forged.open("wb") as handle:
        writer.write(handle)
    assert "TIDAK ADA" in PdfReader(forged).pages[0].extract_text()
    code, lines = verify(settings, forged, "--lang", "en")
    assert code == 1
    assert lines[0].startswith("Seal: BROKEN.") and lines[1].startswith("Records: NOT FOUND.")


def test_a_sealed_but_unfiled_file_is_unknown(sqlite_db: Database, settings: Settings,
                                              filed: ArchiveResult, tmp_path: Path) -> None:
    detail = get_visit(sqlite_db, int(filed.path.name.split("-")[1]))
    report = tmp_path / "laporan.pdf"
    write_report(sqlite_db, settings, SYSTEM, Period.day(local_day(detail.summary.submitted_at)),
                 "id", report)
    code, lines = verify(settings, report, "--lang", "en")
    assert code == 1
    assert lines[0].startswith("Seal: intact.")
    assert lines[1].startswith("Records: NOT FOUND.")


def test_an_exported_report_is_found(sqlite_db: Database, settings: Settings, staff: Team,
                                     filed: ArchiveResult, tmp_path: Path) -> None:
    team = staff
    day = local_day(get_visit(sqlite_db, int(filed.path.name.split("-")[1])).summary.submitted_at)
    spool = tmp_path / "spool"
    spool.mkdir()
    files = prepare_report(sqlite_db, settings, team.supervisor, Period.day(day), "en", spool)
    usb = tmp_path / "usb"
    usb.mkdir()
    pdf, _csv = export_report(sqlite_db, team.supervisor, files, usb)
    code, lines = verify(settings, pdf, "--lang", "en")
    assert code == 0, lines
    assert lines[1].startswith(f"Records: found. The report {Period.day(day).stem}, exported")


def test_a_filed_roll_call_is_found(sqlite_db: Database, settings: Settings,
                                    staff: Team) -> None:
    inside(sqlite_db, settings, staff)
    call, _ = rollcall.start(sqlite_db, staff.operator, "Pintu 1")
    ended = rollcall.end(sqlite_db, settings, staff.operator, call.id, "Pintu 1")
    code, lines = verify(settings, Path(ended.archive_path or ""), "--lang", "en")
    assert code == 0, lines
    assert lines[1].startswith(f"Records: found. The record of emergency roll call No. "
                               f"{call.id:04d}, filed on")


def test_a_copy_is_sealed_but_not_the_filed_original(sqlite_db: Database, settings: Settings,
                                                     filed: ArchiveResult,
                                                     tmp_path: Path) -> None:
    visit_id = int(filed.path.name.split("-")[1])
    filed.path.write_bytes(filed.path.read_bytes() + b"\n% dibuka dan disimpan ulang\n")
    copy = tmp_path / "salinan.pdf"
    copy.write_bytes(reprint(sqlite_db, settings, visit_id))
    code, lines = verify(settings, copy, "--lang", "en")
    assert code == 1
    assert lines[0].startswith("Seal: intact.") and lines[1].startswith("Records: NOT FOUND.")


def test_a_stranger_seal_is_not_trusted(settings: Settings, filed: ArchiveResult,
                                        tmp_path: Path) -> None:
    """The same form sealed by another installation's certificate of the same name."""
    elsewhere = replace(settings, data_dir=tmp_path / "elsewhere")
    code, lines = verify(elsewhere, filed.path, "--lang", "en")
    assert code == 1
    assert lines[0].startswith("Seal: NOT TRUSTED.")


def test_an_edited_visit_record_is_a_conflict(settings: Settings, filed: ArchiveResult) -> None:
    with sqlite3.connect(settings.database_path) as connection:
        connection.execute("UPDATE visits SET archive_sha256 = ?", ("0" * 64,))
    code, lines = verify(settings, filed.path, "--lang", "en")
    assert code == 1
    assert lines[1].startswith("Records: CONFLICT.")


def test_unreadable_files_are_errors(settings: Settings, filed: ArchiveResult,
                                     tmp_path: Path) -> None:
    text = tmp_path / "catatan.pdf"
    text.write_text("bukan PDF", encoding="utf-8")
    for path in (text, tmp_path / "tidak-ada.pdf", tmp_path):
        code, lines = verify(settings, path, "--lang", "en")
        assert code == 2
        assert len(lines) == 1 and lines[0].startswith("Error: ")


def test_a_form_sealed_on_a_token(sqlite_db: Database, settings: Settings, softhsm_token: Token,
                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The office's e-signature token seals the form; verify-pdf reads the token's
    certificate without the PIN."""
    monkeypatch.setenv(PIN_VARIABLE, softhsm_token.pin)
    held = on_token(settings, softhsm_token)
    team = make_team(sqlite_db)
    visit = checked_out(sqlite_db, held, team)
    result = archive_visit(sqlite_db, held, team.operator, visit.id)
    assert reprint(sqlite_db, held, visit.id) == result.path.read_bytes()
    config = tmp_path / "pintu.toml"
    config.write_text(
        f'signing = "pkcs11"\nsigning_pkcs11_module = "{softhsm_token.module}"\n'
        f'signing_pkcs11_token = "{softhsm_token.label}"\n'
        f'signing_pkcs11_key = "{softhsm_token.key_label}"\n', encoding="utf-8")
    monkeypatch.delenv(PIN_VARIABLE)
    done = pintu(settings.data_dir, "--lang", "en", "verify-pdf", str(result.path),
                 config=config)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Sealed by Budi Santoso, Diskominfo Kota Pontianak" in done.stdout
    assert not settings.signing_dir.exists()  # no site certificate was needed
