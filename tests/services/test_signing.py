"""The three sources of the seal: the site certificate made at installation, an office's
PKCS#12 file, and a PKCS#11 token (SoftHSM2 here, an e-signature token at the office)."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from kiosk.config import ConfigError, Settings, settings_from_mapping
from kiosk.documents.sealing import check_seal, key_signer, seal_pdf
from kiosk.errors import ValidationError
from kiosk.services import signing
from kiosk.services.signing import SigningUnavailable
from tests.support.certificates import Issued, issue, pkcs12_file
from tests.support.softhsm import Token, on_token

MOMENT = dt.datetime(2026, 11, 23, 4, 37, tzinfo=dt.UTC)


def page(text: str = "Laporan Harian") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def validated(data: bytes, *roots: Issued | object) -> object:
    """pyHanko's own verdict on the seal, with ``roots`` as the only trusted certificates."""
    anchors = [r.asn1 if isinstance(r, Issued) else r for r in roots]
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    return validate_pdf_signature(signature, ValidationContext(trust_roots=anchors))


@pytest.fixture(autouse=True)
def _no_pin_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(signing.PIN_VARIABLE, raising=False)
    monkeypatch.setattr(signing, "_refused_pins", set())


# --- the site certificate ----------------------------------------------------------------


def test_the_first_seal_makes_a_private_site_certificate(settings: Settings) -> None:
    assert signing.signer_info(settings) is None
    sealed = signing.seal(settings, page(), MOMENT, "Diarsipkan")
    info = signing.signer_info(settings)
    assert info is not None and info.self_signed
    assert info.subject == settings.site_name
    folder = signing.site_folder(settings)
    assert stat.S_IMODE(settings.signing_dir.stat().st_mode) == 0o700
    for name in ("key.pem", "certificate.pem"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    trust = signing.trust(settings)
    status = validated(sealed, *trust.certificates)
    assert status.bottom_line  # type: ignore[attr-defined]
    assert check_seal(sealed, trust.certificates).fingerprint in trust.own
    assert "Laporan Harian" in PdfReader(io.BytesIO(sealed)).pages[0].extract_text()


def test_the_site_seal_is_reproducible(settings: Settings) -> None:
    first = signing.seal(settings, page(), MOMENT, "Diarsipkan")
    assert signing.seal(settings, page(), MOMENT, "Diarsipkan") == first


def test_a_new_site_certificate_keeps_the_old_seals_valid(settings: Settings) -> None:
    old = signing.seal(settings, page(), MOMENT, "Diarsipkan")
    info = signing.create_site_certificate(settings, "  Diskominfo   Kota Pontianak ")
    assert info.subject == "Diskominfo Kota Pontianak"
    new = signing.seal(settings, page(), MOMENT, "Diarsipkan")
    assert new != old  # another key
    trust = signing.trust(settings)
    for data in (old, new):
        check = check_seal(data, trust.certificates)
        assert check.trusted and check.fingerprint in trust.own
    previous = list((settings.signing_dir / "previous").iterdir())
    assert len(previous) == 1 and b"PRIVATE KEY" not in previous[0].read_bytes()


@pytest.mark.parametrize("name", ["", "   ", "x" * 65, "Dinas\x1bKominfo", "Dinas\u202eKominfo"])
def test_a_certificate_name_must_be_plain(settings: Settings, name: str) -> None:
    with pytest.raises(ValidationError):
        signing.create_site_certificate(settings, name)
    assert not signing.site_folder(settings).exists()


def test_a_long_site_name_still_gets_a_certificate(settings: Settings) -> None:
    long = replace(settings, site_name="Dinas Komunikasi dan Informatika " * 4)
    signing.seal(long, page(), MOMENT, "Diarsipkan")
    info = signing.signer_info(long)
    assert info is not None and len(info.subject) <= signing.MAX_NAME


def test_sealing_off_leaves_the_file_alone(settings: Settings) -> None:
    off = replace(settings, signing="off")
    assert signing.seal(off, page(), MOMENT, "Diarsipkan") == page()
    assert signing.signer_info(off) is None
    assert not settings.signing_dir.exists()


# --- a PKCS#12 file ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def office_ca() -> Issued:
    return issue("BSrE Uji Coba", ca=True)


@pytest.fixture(scope="module")
def office(office_ca: Issued) -> Issued:
    return issue("Kepala Seksi Jaringan dan Data Center", issuer=office_ca)


def _pin_file(path: Path, secret: str, mode: int = 0o600) -> Path:
    path.write_text(secret + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def test_pkcs12_with_a_passphrase_file(settings: Settings, office: Issued, office_ca: Issued,
                                       tmp_path: Path) -> None:
    p12 = pkcs12_file(tmp_path / "kantor.p12", office, "rahasia kantor", chain=(office_ca,))
    held = replace(settings, signing="pkcs12", signing_p12=str(p12),
                   signing_pin_file=str(_pin_file(tmp_path / "pin", "rahasia kantor")))
    sealed = signing.seal(held, page(), MOMENT, "Diarsipkan")
    assert validated(sealed, office_ca).trusted  # type: ignore[attr-defined]
    assert sealed == signing.seal(held, page(), MOMENT, "Diarsipkan")
    signature = PdfFileReader(io.BytesIO(sealed)).embedded_signatures[0]
    carried = [c.chosen.dump() for c in signature.signed_data["certificates"]]
    assert office.asn1.dump() in carried and office_ca.asn1.dump() in carried
    assert not settings.signing_dir.exists()  # no site certificate made beside it
    trust = signing.trust(held)
    assert check_seal(sealed, trust.certificates).fingerprint in trust.own


def test_pkcs12_passphrase_from_the_environment(settings: Settings, office: Issued,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    p12 = pkcs12_file(tmp_path / "kantor.p12", office, "dari lingkungan")
    held = replace(settings, signing="pkcs12", signing_p12=str(p12))
    with pytest.raises(SigningUnavailable, match="wrong passphrase"):
        signing.seal(held, page(), MOMENT, "Diarsipkan")
    monkeypatch.setenv(signing.PIN_VARIABLE, "dari lingkungan")
    assert check_seal(signing.seal(held, page(), MOMENT, "Diarsipkan"), [office.asn1]).trusted


def test_pkcs12_problems_are_known_errors(settings: Settings, office: Issued,
                                          tmp_path: Path) -> None:
    p12 = pkcs12_file(tmp_path / "kantor.p12", office, "benar")
    missing = replace(settings, signing="pkcs12", signing_p12=str(tmp_path / "none.p12"))
    with pytest.raises(SigningUnavailable, match="cannot be read"):
        signing.seal(missing, page(), MOMENT, "Diarsipkan")
    shared = replace(settings, signing="pkcs12", signing_p12=str(p12),
                     signing_pin_file=str(_pin_file(tmp_path / "pin", "benar", 0o644)))
    with pytest.raises(SigningUnavailable, match="chmod 600"):
        signing.seal(shared, page(), MOMENT, "Diarsipkan")
    wrong = replace(shared, signing_pin_file=str(_pin_file(tmp_path / "pin2", "salah")))
    with pytest.raises(SigningUnavailable, match="wrong passphrase"):
        signing.seal(wrong, page(), MOMENT, "Diarsipkan")


def test_trusted_files_vouch_for_other_signers(settings: Settings, office: Issued,
                                               office_ca: Issued, tmp_path: Path) -> None:
    """A site that trusts the office's CA accepts the head of section's seal, but not as
    the site's own."""
    sealed = seal_pdf(page(), key_signer(office.key, office.asn1, [office_ca.asn1]), MOMENT,
                      reason="Disetujui", location="Pontianak")
    assert not check_seal(sealed, signing.trust(settings).certificates).trusted
    trusting = replace(settings, signing_trust=(str(office_ca.pem_file(tmp_path / "ca.pem")),
                                                str(tmp_path / "missing.pem")))
    trust = signing.trust(trusting)
    check = check_seal(sealed, trust.certificates)
    assert check.trusted and check.fingerprint not in trust.own
    assert any("missing.pem" in problem for problem in trust.problems)


# --- a PKCS#11 token -------------------------------------------------------------------------


@pytest.fixture
def token(softhsm_token: Token) -> Token:
    return softhsm_token


def test_a_token_seals_reproducibly(settings: Settings, token: Token, token_holder: Issued,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(signing.PIN_VARIABLE, token.pin)
    held = on_token(settings, token)
    sealed = signing.seal(held, page(), MOMENT, "Diarsipkan")
    status = validated(sealed, token_holder)
    assert status.intact and status.valid and status.trusted  # type: ignore[attr-defined]
    # RSA PKCS#1 v1.5 on the token too: the same bytes every time.
    assert signing.seal(held, page(), MOMENT, "Diarsipkan") == sealed
    assert "Laporan Harian" in PdfReader(io.BytesIO(sealed)).pages[0].extract_text()


def test_the_token_certificate_is_read_without_the_pin(settings: Settings, token: Token,
                                                       token_holder: Issued) -> None:
    info = signing.signer_info(on_token(settings, token))
    assert info is not None and info.subject == "Budi Santoso, Diskominfo Kota Pontianak"
    trust = signing.trust(on_token(settings, token))
    assert trust.problems == [] and len(trust.own) == 1


def test_a_pin_from_a_file(settings: Settings, token: Token, tmp_path: Path) -> None:
    held = on_token(settings, token,
                    signing_pin_file=str(_pin_file(tmp_path / "token.pin", token.pin)))
    assert check_seal(signing.seal(held, page(), MOMENT, "Diarsipkan"),
                      signing.trust(held).certificates).trusted


def test_a_wrong_pin_is_tried_once(settings: Settings, token: Token,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(signing.PIN_VARIABLE, "000000")
    held = on_token(settings, token)
    with pytest.raises(SigningUnavailable, match="refused the PIN"):
        signing.seal(held, page(), MOMENT, "Diarsipkan")
    with pytest.raises(SigningUnavailable, match="refused this PIN before"):
        signing.seal(held, page(), MOMENT, "Diarsipkan")
    monkeypatch.setenv(signing.PIN_VARIABLE, token.pin)  # corrected: works again
    signing.seal(held, page(), MOMENT, "Diarsipkan")


def test_token_problems_are_known_errors(settings: Settings, token: Token,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SigningUnavailable, match="PIN is missing"):
        signing.seal(on_token(settings, token), page(), MOMENT, "Diarsipkan")
    monkeypatch.setenv(signing.PIN_VARIABLE, token.pin)
    for changes, expected in (({"signing_pkcs11_token": "Tidak Ada"}, "cannot be opened"),
                              ({"signing_pkcs11_module": "/nonexistent/p11.so"},
                               "cannot be opened"),
                              ({"signing_pkcs11_key": "Lain"}, "cannot sign")):
        with pytest.raises(SigningUnavailable, match=expected):
            signing.seal(on_token(settings, token, **changes), page(), MOMENT, "Diarsipkan")


# --- configuration -------------------------------------------------------------------------


def test_configuration_names_what_a_source_needs() -> None:
    with pytest.raises(ConfigError, match="signing must be one of"):
        settings_from_mapping({"signing": "usb"})
    with pytest.raises(ConfigError, match="signing_p12"):
        settings_from_mapping({"signing": "pkcs12"})
    with pytest.raises(ConfigError, match="signing_pkcs11_token"):
        settings_from_mapping({"signing": "pkcs11", "signing_pkcs11_module": "/x.so"})
    with pytest.raises(ConfigError):
        settings_from_mapping({"signing_trust": "ca.pem"})
    read = settings_from_mapping({"signing": "pkcs12", "signing_p12": "~/kantor.p12",
                                  "signing_trust": ["ca.pem"]})
    assert read.signing_trust == ("ca.pem",)
    assert os.fspath(Path(read.signing_p12 or "")) == "~/kantor.p12"
