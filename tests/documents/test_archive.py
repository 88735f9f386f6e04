"""The archived visit form: every field, deterministic bytes, honest reprints."""

from __future__ import annotations

import hashlib
import io
import stat
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from kiosk.documents.sealing import FIELD, check_seal
from kiosk.documents.visit_form import COPY_MARK
from kiosk.domain.types import VisitState
from kiosk.errors import DomainError, IllegalTransition
from kiosk.services import signing
from kiosk.services.archive import archive_visit, reprint
from kiosk.services.queries import get_visit
from kiosk.services.report_data import form_chain_hash
from tests.support.doc_scenario import NIKS, Day


def _text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(data)
    return " ".join("\n".join(p.extract_text() or "" for p in PdfReader(path).pages).split())


@pytest.fixture(scope="module")
def archived(day: Day) -> tuple[int, Path, str, str]:
    visit_id = day.scenario.ids["maintenance"]
    chain = form_chain_hash(day.db, visit_id)
    result = archive_visit(day.db, day.settings, day.scenario.team.operator, visit_id)
    return visit_id, result.path, result.sha256, chain


def test_archiving_files_the_form_and_records_its_hash(day: Day, archived: tuple) -> None:
    visit_id, path, digest, _ = archived
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest
    detail = get_visit(day.db, visit_id)
    assert detail.summary.state is VisitState.ARCHIVED
    assert (detail.archive_sha256, detail.archive_path) == (digest, str(path))
    assert stat.S_IMODE(day.settings.archive_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.name == f"kunjungan-{visit_id:04d}-20261123.pdf"


def test_the_filed_form_is_sealed_by_the_site(day: Day, archived: tuple) -> None:
    _, path, _, _ = archived
    data = path.read_bytes()
    trust = signing.trust(day.settings)
    check = check_seal(data, trust.certificates)
    assert check.intact and check.trusted and check.fingerprint in trust.own
    assert check.signer == day.settings.site_name
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    assert signature.field_name == FIELD
    assert signature.sig_object["/Reason"] == "Formulir kunjungan diarsipkan di pintu ruang server"


def test_the_form_holds_every_field(day: Day, archived: tuple, tmp_path: Path) -> None:
    _, path, _, chain = archived
    text = _text(path.read_bytes(), tmp_path)
    for expected in ("Formulir Kunjungan Ruang Server", "Senin, 23 November 2026",
                     "Budi Hasibuan", "Dinas Kependudukan dan Pencatatan Sipil",
                     f"{NIKS[1][:4]}********{NIKS[1][-4:]}", "0812 3456 7890",
                     "Pemeliharaan server", "Penggantian power supply",
                     "Seksi Jaringan dan Data Center", "800/123/DKI/2026",
                     "DL5440A1", "FOC2231X0AB", "Ditinggal di dalam", "Dipasang di rak A3",
                     "No. 2", "Budi Santoso", "Pendamping: Rina Marlina",
                     "23 November 2026 10.00 WIB", "23 November 2026 10.02 WIB",
                     "23 November 2026 11.37 WIB", "95 menit", "60 menit",
                     "Daftar periksa pemeliharaan", "41 °C", chain):
        assert expected in text, expected
    assert NIKS[1] not in text


def test_reprint_gives_the_same_bytes(day: Day, archived: tuple) -> None:
    visit_id, path, _, _ = archived
    assert reprint(day.db, day.settings, visit_id) == path.read_bytes()


def test_a_lost_file_is_recreated_byte_for_byte(day: Day, archived: tuple) -> None:
    visit_id, path, digest, _ = archived
    original = path.read_bytes()
    path.unlink()
    try:
        again = reprint(day.db, day.settings, visit_id)
        assert hashlib.sha256(again).hexdigest() == digest
    finally:
        path.write_bytes(original)


def test_an_altered_file_is_never_passed_off_as_the_original(day: Day, archived: tuple,
                                                             tmp_path: Path) -> None:
    visit_id, path, digest, _ = archived
    original = path.read_bytes()
    path.write_bytes(original + b"\n% edited after filing\n")
    try:
        copy = reprint(day.db, day.settings, visit_id)
    finally:
        path.write_bytes(original)
    assert hashlib.sha256(copy).hexdigest() != digest
    text = _text(copy, tmp_path)
    assert COPY_MARK in text and "tidak lagi sesuai dengan hash" in text
    # The copy is sealed too, as what it is: a copy the site made now.
    signature = PdfFileReader(io.BytesIO(copy)).embedded_signatures[0]
    assert signature.sig_object["/Reason"].startswith("Salinan formulir kunjungan")
    assert check_seal(copy, signing.trust(day.settings).certificates).intact


def test_only_checked_out_visits_are_archived(day: Day) -> None:
    with pytest.raises(IllegalTransition):
        archive_visit(day.db, day.settings, day.scenario.team.operator,
                      day.scenario.ids["inside"])
    with pytest.raises(DomainError):
        reprint(day.db, day.settings, day.scenario.ids["repair"])
