"""``pintu pass`` and ``pintu denylist`` in a child process, as an office scripts its setup."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import zxingcpp
from pypdf import PdfReader
from PySide6.QtGui import QImage

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.tokens import Token, TokenKind, load_or_create_secret, verify_token
from kiosk.errors import DomainError
from kiosk.services import passes
from kiosk.ui.pdf_pages import page_images
from tests.support.child import pintu

NIK = "6171011203850002"


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pass_add_list_card_and_revoke(tmp_path: Path) -> None:
    data, card = tmp_path / "data", tmp_path / "kartu.pdf"
    added = pintu(data, "--lang", "en", "pass", "add", "--name", "Rudi Hartono",
                  "--id-type", "ktp", "--id-number", NIK, "--organisation",
                  "PT <b>Jaringan</b> Nusantara", "--purposes", "repair,installation",
                  "--days", "90", "--card", str(card))
    assert added.returncode == 0, added.stderr
    assert re.search(r"Pass P0001 for Rudi Hartono, valid \S+ to \S+\.", added.stdout)
    assert f"Pass card written to {card}." in added.stdout
    text = _pdf_text(card)
    assert "PT <b>Jaringan</b> Nusantara" in text and "P0001" in text
    assert NIK not in text and "6171********0002" in text  # the card may be lost

    listed = pintu(data, "--lang", "en", "pass", "list")
    assert listed.returncode == 0, listed.stderr
    line = listed.stdout.strip()
    assert line.startswith("P0001") and "Valid" in line and "repair,installation" in line
    assert NIK not in line and "PT <b>Jaringan</b> Nusantara" in line

    again = tmp_path / "lagi.pdf"
    assert pintu(data, "pass", "card", "P0001", str(again)).returncode == 0
    settings = Settings(data_dir=data)
    secret = load_or_create_secret(settings.secret_path)
    token = _qr_payload(again, secret)
    assert token.kind is TokenKind.PASS and token.id == 1

    no_reason = pintu(data, "--lang", "en", "pass", "revoke", "1", "--reason", " ")
    assert no_reason.returncode == 2 and "reason" in no_reason.stderr
    revoked = pintu(data, "--lang", "en", "pass", "revoke", "P0001", "--reason",
                    "Kontrak selesai")
    assert revoked.returncode == 0, revoked.stderr
    assert "Pass P0001 revoked" in revoked.stdout
    assert "Revoked" in pintu(data, "--lang", "en", "pass", "list").stdout
    db = Database(settings.effective_database_url())
    try:
        record = passes.get_pass(db, 1)
        try:
            passes.check_usable(record, record.issued_at)
        except DomainError as exc:
            assert exc.message == passes.REVOKED
        else:
            raise AssertionError("a revoked pass was usable")
    finally:
        db.dispose()


def _qr_payload(pdf: Path, secret: bytes) -> Token:
    """The code on the card, as a webcam-like reader finds it on the rendered page."""
    image = page_images(pdf, 200)[0].convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                              image.bytesPerLine())
    texts = [r.text for r in zxingcpp.read_barcodes(rows[:, :image.width()].copy())]
    assert len(texts) == 1, texts
    return verify_token(secret, texts[0])


def test_pass_mistakes_are_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    wrong = pintu(data, "--lang", "en", "pass", "add", "--name", "Rudi Hartono",
                  "--id-number", NIK, "--organisation", "PT Jaringan", "--purposes",
                  "dancing", "--days", "90")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "Error: Choose one of the purposes of a visit."
    missing = pintu(data, "--lang", "en", "pass", "card", "7", str(tmp_path / "x.pdf"))
    assert missing.returncode == 2 and missing.stderr.strip() == "Error: Pass 7 does not exist."
    nowhere = pintu(data, "--lang", "en", "pass", "add", "--name", "Rudi Hartono",
                    "--id-number", NIK, "--organisation", "PT Jaringan", "--purposes",
                    "repair", "--days", "9", "--card", str(tmp_path / "no" / "such" / "c.pdf"))
    assert nowhere.returncode == 2 and "Traceback" not in nowhere.stderr
    assert pintu(data, "pass", "list").stdout == ""  # no pass without its card


def test_denylist_add_list_and_remove(tmp_path: Path) -> None:
    data = tmp_path / "data"
    added = pintu(data, "--lang", "en", "denylist", "add", "--id-number", NIK, "--name",
                  "<i>Joko</i> \x1b[31mWidodo", "--reason", "Merusak perangkat", "--until",
                  "31/12/2099")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Deny-list entry 1 added."
    passport = pintu(data, "denylist", "add", "--id-type", "passport", "--id-number",
                     "X1234567", "--reason", "Dilarang")
    assert passport.returncode == 0, passport.stderr
    listed = pintu(data, "denylist", "list").stdout
    assert NIK not in listed and "X1234567" not in listed
    assert "6171********0002" in listed and "****4567" in listed
    assert "<i>Joko</i> [31mWidodo" in listed  # as typed, less the control character
    assert "\x1b" not in listed and "31/12/2099" in listed
    no_reason = pintu(data, "--lang", "en", "denylist", "remove", "1", "--reason", "")
    assert no_reason.returncode == 2 and "Please give a reason." in no_reason.stderr
    removed = pintu(data, "--lang", "en", "denylist", "remove", "1", "--reason",
                    "Sudah diselesaikan")
    assert removed.returncode == 0 and removed.stdout.strip() == "Deny-list entry 1 removed."
    assert "Joko" not in pintu(data, "denylist", "list").stdout
    twice = pintu(data, "--lang", "en", "denylist", "remove", "1", "--reason", "Lagi")
    assert twice.returncode == 2 and "already removed" in twice.stderr
