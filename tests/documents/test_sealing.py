"""The seal itself: readable by pyHanko and by poppler, reproducible to the byte, broken by
any change, and trusted only through the certificates it is given."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from kiosk.documents.sealing import (
    FIELD,
    UNSEALED,
    UnreadablePdf,
    check_seal,
    key_signer,
    seal_pdf,
    subject_text,
)
from tests.support.certificates import Issued, issue

MOMENT = dt.datetime(2026, 11, 23, 4, 37, tzinfo=dt.UTC)  # 11.37 WIB


def page(text: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def office() -> Issued:
    return issue("Diskominfo Kota Pontianak")


@pytest.fixture(scope="module")
def sealed(office: Issued) -> bytes:
    return seal_pdf(page("Formulir Kunjungan 0042"), key_signer(office.key, office.asn1),
                    MOMENT, reason="Diarsipkan", location="Pontianak")


def test_pyhanko_reads_a_pades_seal_over_the_whole_file(office: Issued, sealed: bytes) -> None:
    signature = PdfFileReader(io.BytesIO(sealed)).embedded_signatures[0]
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[office.asn1]))
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE
    assert signature.field_name == FIELD
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert signature.sig_object["/Reason"] == "Diarsipkan"
    assert status.signer_reported_dt == MOMENT
    embedded = signature.signed_data["certificates"]
    assert office.asn1.dump() in [c.chosen.dump() for c in embedded]


def test_the_text_stays_readable(sealed: bytes) -> None:
    text = PdfReader(io.BytesIO(sealed)).pages[0].extract_text()
    assert text.strip() == "Formulir Kunjungan 0042"


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils is not installed")
def test_a_pdf_reader_shows_who_sealed_it(sealed: bytes, tmp_path: Path) -> None:
    """poppler (Okular, Evince, pdfsig) is another implementation than pyHanko's."""
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed)
    shown = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True,
                           check=False, timeout=60).stdout
    assert "Signer Certificate Common Name: Diskominfo Kota Pontianak" in shown
    assert "Signature Validation: Signature is Valid." in shown
    assert "Total document signed" in shown


def test_sealing_is_reproducible(office: Issued, sealed: bytes) -> None:
    unsigned = page("Formulir Kunjungan 0042")
    again = seal_pdf(unsigned, key_signer(office.key, office.asn1), MOMENT,
                     reason="Diarsipkan", location="Pontianak")
    assert again == sealed
    assert sealed.startswith(unsigned)  # the seal is an update appended to the rendering
    later = seal_pdf(unsigned, key_signer(office.key, office.asn1),
                     MOMENT + dt.timedelta(seconds=1), reason="Diarsipkan",
                     location="Pontianak")
    assert later != sealed


def test_check_names_the_signer_and_the_moment(office: Issued, sealed: bytes) -> None:
    check = check_seal(sealed, [office.asn1])
    assert (check.sealed, check.intact, check.trusted) == (True, True, True)
    assert check.signer == "Diskominfo Kota Pontianak"
    assert check.signed_at == MOMENT


def test_a_stranger_is_not_trusted(sealed: bytes) -> None:
    check = check_seal(sealed, [issue("Diskominfo Kota Pontianak").asn1])
    assert check.intact and not check.trusted
    assert check_seal(sealed, []).trusted is False


def test_a_flipped_byte_breaks_the_seal(office: Issued, sealed: bytes) -> None:
    unsigned_length = len(page("Formulir Kunjungan 0042"))
    for position in (unsigned_length // 2, unsigned_length - 40, len(sealed) - 30):
        changed = bytearray(sealed)
        changed[position] ^= 0x01
        check = check_seal(bytes(changed), [office.asn1])
        assert not check.intact, position


def test_an_update_that_changes_the_page_breaks_the_seal(office: Issued,
                                                         sealed: bytes) -> None:
    writer = PdfWriter(io.BytesIO(sealed), incremental=True)
    writer.pages[0].merge_page(PdfReader(io.BytesIO(page("Disetujui: Kepala Seksi"))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    forged = out.getvalue()
    assert forged.startswith(sealed)
    assert "Disetujui" in PdfReader(io.BytesIO(forged)).pages[0].extract_text()
    check = check_seal(forged, [office.asn1])
    assert check.sealed and not check.intact


def test_a_file_without_a_seal_or_not_a_pdf() -> None:
    assert check_seal(page("tanpa segel"), []) == UNSEALED
    for junk in (b"", b"GIF89a", b"%PDF-1.4\n" + b"\x00" * 100, page("x")[:300]):
        with pytest.raises(UnreadablePdf):
            check_seal(junk, [])


def test_a_forged_certificate_name_cannot_steer_the_terminal() -> None:
    shady = issue("Diskominfo\u202e\n\x1b[2Jarsip" + "x" * 30)
    text = subject_text(shady.asn1)
    assert text.isprintable()
    assert "\u202e" not in text and "\x1b" not in text and "\n" not in text
