"""Badges, the badge sheet, the invitation and the evacuation list: read back, QR scanned."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import zxingcpp
from pypdf import PdfReader
from PySide6.QtGui import QImage

from kiosk.documents.cards import badge_sheet_pdf, invitation_pdf, visit_badge_pdf
from kiosk.documents.evacuation import evacuation_pdf
from kiosk.domain.clock import travel_to, utcnow
from kiosk.domain.records import InvitationRecord
from kiosk.domain.tokens import TokenKind, issue_token, verify_token
from kiosk.domain.types import IdType
from kiosk.services import badges
from kiosk.services.queries import get_visit, inside_now
from kiosk.ui.pdf_pages import page_images
from tests.support.doc_scenario import DAY, NIKS, Day, at

SECRET = b"k" * 32


def _text(path: Path) -> str:
    return " ".join("\n".join(p.extract_text() or "" for p in PdfReader(path).pages).split())


def _gray(image: QImage) -> np.ndarray:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(gray.constBits(), np.uint8).reshape(gray.height(), gray.bytesPerLine())
    return rows[:, :gray.width()].copy()


def _codes(path: Path) -> list[list[str]]:
    """The QR codes a webcam-like reader finds on each page (drawn by the kiosk's own PDF
    renderer at 150 dpi, as the printer gets them)."""
    return [sorted(r.text for r in zxingcpp.read_barcodes(_gray(page)))
            for page in page_images(path, 150)]


def test_visit_badge_carries_a_scannable_signed_code(day: Day, tmp_path: Path) -> None:
    visit_id = day.scenario.ids["inside"]
    expires = at(16, 0) + dt.timedelta(hours=12)
    token = issue_token(SECRET, TokenKind.VISIT, visit_id, expires)
    out = visit_badge_pdf(get_visit(day.db, visit_id), token, day.settings,
                          tmp_path / "badge.pdf")
    assert _codes(out) == [[token]]
    assert verify_token(SECRET, token, at(16, 0)).id == visit_id
    text = _text(out)
    for expected in ("TAMU", "Dewi Lestari", "Dinas Kependudukan", "Rina Marlina",
                     "24 November 2026 04.00 WIB", "Kartu 3"):
        assert expected in text, expected
    page = PdfReader(out).pages[0]
    assert round(float(page.mediabox.width)) == 243  # 85.6 mm: the size of a KTP card


def test_badge_sheet_has_ten_cards_a_page(day: Day, tmp_path: Path) -> None:
    pool = badges.list_badges(day.db)
    tokens = [badges.badge_token(SECRET, b) for b in pool]
    out = badge_sheet_pdf(pool, tokens, day.settings, tmp_path / "sheet.pdf")
    codes = _codes(out)
    assert len(codes) == 1 and codes[0] == sorted(tokens)  # ten badges, one page
    twelve = badge_sheet_pdf([*pool, pool[0], pool[1]], [*tokens, tokens[0], tokens[1]],
                             day.settings, tmp_path / "twelve.pdf")
    assert len(PdfReader(twelve).pages) == 2
    assert "KARTU TAMU" in _text(out) and "10" in _text(out)


def test_invitation(day: Day, tmp_path: Path) -> None:
    invitation = InvitationRecord(
        id=7, full_name="Nguyễn Văn An", id_type=IdType.KTP,
        id_number=NIKS[0], organisation="PLN Icon Plus", phone="0812 1111 2222",
        purpose_key="server_maintenance", purpose_text="Penggantian disk",
        pic="Seksi Jaringan dan Data Center", valid_on=DAY, nonce="ABCDEFGH",
        created_at=at(8, 0), used_by_visit_id=None, cancelled_at=None)
    token = issue_token(SECRET, TokenKind.INVITATION, 7, at(23, 59), nonce="ABCDEFGH")
    out = invitation_pdf(invitation, token, day.settings, tmp_path / "inv.pdf")
    assert _codes(out) == [[token]]
    text = _text(out)
    for expected in ("Undangan Kunjungan Ruang Server", "Nguyễn Văn An",
                     "Senin, 23 November 2026", "Pemeliharaan server",
                     f"{NIKS[0][:4]}********{NIKS[0][-4:]}"):
        assert expected in text, expected
    assert NIKS[0] not in text
    english = _text(invitation_pdf(invitation, token, day.settings, tmp_path / "en.pdf", "en"))
    assert "Monday, 23 November 2026" in english and "Server maintenance" in english


def test_evacuation_list(day: Day, tmp_path: Path) -> None:
    with travel_to(at(16, 0)):
        out = evacuation_pdf(inside_now(day.db), utcnow(), day.settings, tmp_path / "evac.pdf")
    text = _text(out)
    assert "Daftar Evakuasi" in text and "Per 23 November 2026 16.00 WIB" in text
    assert "1 orang memegang kartu tamu" in text
    assert "Dewi Lestari" in text and "Budi Hasibuan" not in text
