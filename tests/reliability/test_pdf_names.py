"""Names and organisations with apostrophes, diacritics and other scripts are stored as
typed and printed in the PDFs with glyphs that exist (read back from the PDF's text).

Arabic and Hebrew are drawn joined and in the order a reader sees them; pypdf, like a PDF
viewer, reads a right-to-left piece back to front, so the text it extracts is the name in
its own order (Arabic as presentation forms, which NFKC folds back into plain letters, as
a viewer's search does). Long names, emoji and markup-like text are checked to stay inside
their cells and print literally.

Known limit: Chinese, Japanese and Korean need Debian's fonts-droid-fallback (TrueType
outlines, about 4 MB); without it those names print as boxes, so that check is skipped.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from pypdf import PageObject, PdfReader

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.documents.cards import invitation_pdf, visit_badge_pdf
from kiosk.documents.csv_export import write_csv
from kiosk.documents.evacuation import evacuation_pdf
from kiosk.documents.fonts import FALLBACK_FILES, coverage, font_for, font_for_char
from kiosk.documents.layout import MARGIN
from kiosk.documents.roll_call import roll_call_pdf
from kiosk.documents.shaping import visual
from kiosk.documents.visit_form import visit_form_pdf
from kiosk.domain.clock import today, utcnow
from kiosk.domain.figures import Period
from kiosk.domain.records import InvitationRecord
from kiosk.domain.tokens import TokenKind, issue_token
from kiosk.domain.types import IdType
from kiosk.services import rollcall, visits
from kiosk.services.actors import SYSTEM
from kiosk.services.queries import get_visit, inside_now
from kiosk.services.reports import report_figures, write_report
from tests.support import factories
from tests.support.factories import Team

ORGANISATION = "Dinas Komunikasi & Informatika <Kota> \"Pontianak\" d'Arc"
PRINTABLE = ("Ṣafiyyah Nguyễn", "O'Brien-Łukasz", "Ἀλέξανδρος", "Jérôme Müller-Søren",
             "Пётр Ильич")
CJK = "王小明"
ARABIC = "محمد العربي"
#: Arabic, Arabic beside Latin, Hebrew, and Arabic with the lam-alef and Allah ligatures.
RIGHT_TO_LEFT = (ARABIC, "Muhammad محمد", "דוד כהן", "عبد الله الأمين")
LONG_ARABIC = ("عبد الرحمن بن محمد بن إبراهيم آل خليفة " * 3)[:100]
LONG_ARABIC_WORD = "محمد" * 25
EMOJI = "Budi 😀 Santoso 🇮🇩"
MARKUP = "<b>PT</b> &amp; <font color=red>Sinar</font> & <Kota> وزارة <i>الاتصالات</i>"
SECRET = b"k" * 32
CJK_FONT = next(p for p in FALLBACK_FILES if p.name == "DroidSansFallbackFull.ttf")


def _form_text(db: Database, settings: Settings, team: Team, name: str, n: int) -> str:
    visit = factories.checked_out(db, settings, team, full_name=name,
                                  organisation=ORGANISATION,
                                  id_number=f"61710145069{n:05d}")
    detail = get_visit(db, visit.id)
    assert detail.summary.full_name == name  # stored exactly as typed
    pdf = visit_form_pdf(detail, "0" * 64, settings, "id")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _roll_call(db: Database, settings: Settings, team: Team) -> bytes:
    """The record of a roll call of everyone inside now, as it stands (not filed)."""
    call, _ = rollcall.start(db, team.operator, "Pintu 1")
    return roll_call_pdf(call, settings)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _covered(name: str) -> bool:
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(font_for(name))
    return all(ord(ch) in font.face.charToGlyph for ch in name if not ch.isspace())


@pytest.mark.parametrize("name", PRINTABLE)
def test_names_print_in_the_visit_form(sqlite_db: Database, settings: Settings,
                                       lite_team: Team, name: str) -> None:
    text = _flat(_form_text(sqlite_db, settings, lite_team, name, PRINTABLE.index(name) + 1))
    assert name in text
    assert _flat(ORGANISATION) in text  # markup-like text is printed, not interpreted
    assert _covered(name)


@pytest.mark.skipif(not CJK_FONT.exists(), reason="fonts-droid-fallback is not installed")
def test_cjk_names_print_with_the_fallback_font(sqlite_db: Database, settings: Settings,
                                                lite_team: Team) -> None:
    assert _covered(CJK)
    assert CJK in _form_text(sqlite_db, settings, lite_team, CJK, 90)


@pytest.mark.skipif(not CJK_FONT.exists(), reason="fonts-droid-fallback is not installed")
def test_cjk_names_print_in_the_daily_report_above_the_masked_nik(
        sqlite_db: Database, settings: Settings, lite_team: Team, tmp_path: Path) -> None:
    """The report's name cell holds the name and the masked NIK; Droid Sans Fallback has
    no digits, so the cell is drawn in runs: the name in Droid, the NIK in Noto Sans."""
    factories.checked_out(sqlite_db, settings, lite_team, full_name=CJK,
                          id_number="6171014506900130")
    report = _report(tmp_path, sqlite_db, settings, Period.day(today()))
    for page in PdfReader(io.BytesIO(report)).pages:
        _assert_laid_out(page)
    assert f"{CJK}\n6171********0130" in _pdf_text(report)


def test_arabic_names_read_in_their_own_order(sqlite_db: Database, settings: Settings,
                                              lite_team: Team) -> None:
    assert _drawable(ARABIC)  # the glyphs exist (Noto Naskh Arabic)...
    assert _read(ARABIC) in _read(_form_text(sqlite_db, settings, lite_team, ARABIC, 91))


@pytest.mark.parametrize("name", RIGHT_TO_LEFT)
def test_right_to_left_names_read_in_their_own_order_in_every_document(
        sqlite_db: Database, settings: Settings, lite_team: Team, tmp_path: Path,
        name: str) -> None:
    assert _drawable(name)
    nik = iter(f"61710145069{n:05d}" for n in range(101, 110))
    done = factories.checked_out(sqlite_db, settings, lite_team, full_name=name,
                                 id_number=next(nik))
    inside = factories.inside(sqlite_db, settings, lite_team, full_name=name,
                              id_number=next(nik))
    refused = factories.submitted(sqlite_db, settings, full_name=name, id_number=next(nik))
    visits.refuse(sqlite_db, lite_team.operator, refused.id, refused.version, "Tanpa surat")
    now = utcnow()
    token = issue_token(SECRET, TokenKind.VISIT, inside.id, now + dt.timedelta(hours=8))
    documents = {
        "visit form": visit_form_pdf(get_visit(sqlite_db, done.id), "0" * 64, settings),
        "daily report": _report(tmp_path, sqlite_db, settings, Period.day(today())),
        "monthly report": _report(tmp_path, sqlite_db, settings,
                                  Period.month(today().year, today().month)),
        "evacuation list": _render(tmp_path, evacuation_pdf, inside_now(sqlite_db), now,
                                   settings),
        "visit badge": _render(tmp_path, visit_badge_pdf, get_visit(sqlite_db, inside.id), token,
                              settings),
        "invitation": _render(tmp_path, invitation_pdf, _invitation(name), token, settings),
        "roll call": _roll_call(sqlite_db, settings, lite_team),
    }
    for document, pdf in documents.items():
        assert _read(name) in _read(_pdf_text(pdf)), document
    figures = report_figures(sqlite_db, settings, SYSTEM, Period.day(today()))
    exported = write_csv(figures, settings,
                         tmp_path / "day.csv").read_text(encoding="utf-8-sig")
    assert exported.count(name) == 3  # the export keeps the name as typed


@pytest.mark.parametrize("name", (EMOJI, LONG_ARABIC, LONG_ARABIC_WORD))
def test_long_and_emoji_names_stay_in_their_cells(sqlite_db: Database, settings: Settings,
                                                  lite_team: Team, tmp_path: Path,
                                                  name: str) -> None:
    """Emoji print as blank glyphs; a 100-character Arabic name wraps (a word longer than
    the cell is cut) instead of running over the next column or off the page."""
    visit = factories.checked_out(sqlite_db, settings, lite_team, full_name=name,
                                  id_number="6171014506900120")
    form = visit_form_pdf(get_visit(sqlite_db, visit.id), "0" * 64, settings)
    report = _report(tmp_path, sqlite_db, settings, Period.day(today()))
    factories.inside(sqlite_db, settings, lite_team, full_name=name,
                     id_number="6171014506900121")
    roll_call = _roll_call(sqlite_db, settings, lite_team)
    for pdf in (form, report, roll_call):
        for page in PdfReader(io.BytesIO(pdf)).pages:
            _assert_laid_out(page)
    assert "".join(_read(name).split()) in "".join(_read(_pdf_text(roll_call)).split()) \
        or name is EMOJI
    form_text, report_text = ("".join(_read(_pdf_text(pdf)).split()) for pdf in (form, report))
    letters = "".join(_read(name).split())
    if name is EMOJI:
        assert "BudiSantoso" in form_text.replace("\x00", "")
        assert "BudiSantoso" in report_text.replace("\x00", "")
    else:  # the form has the whole name, the report its first line and an ellipsis
        assert letters in form_text
        assert letters[:20] in report_text


def test_markup_in_names_prints_literally(sqlite_db: Database, settings: Settings,
                                          lite_team: Team, tmp_path: Path) -> None:
    """ReportLab paragraphs read markup; visitor text must not be, in any script."""
    name = "Budi & Putra"  # names may not hold "<" or ";", organisations may
    done = factories.checked_out(sqlite_db, settings, lite_team, full_name=name,
                                 organisation=MARKUP, id_number="6171014506900130")
    inside = factories.inside(sqlite_db, settings, lite_team, full_name=name,
                              organisation=MARKUP, id_number="6171014506900131")
    token = issue_token(SECRET, TokenKind.VISIT, inside.id, utcnow() + dt.timedelta(hours=8))
    documents = {
        "visit form": visit_form_pdf(get_visit(sqlite_db, done.id), "0" * 64, settings),
        "daily report": _report(tmp_path, sqlite_db, settings, Period.day(today())),
        "evacuation list": _render(tmp_path, evacuation_pdf, inside_now(sqlite_db), utcnow(),
                                   settings),
        "invitation": _render(tmp_path, invitation_pdf, _invitation(name, MARKUP), token, settings),
        "roll call": _roll_call(sqlite_db, settings, lite_team),
    }
    latin = MARKUP.split(" وزارة")[0]
    for document, pdf in documents.items():
        text = _read(_pdf_text(pdf))
        assert _read(name) in text, document
        assert "<b>PT</b> &amp; <font" in text, document
        if document == "daily report":
            continue  # its cell shows the first three lines
        assert latin in text, document
        # In the Arabic run the tags show as bidi orders them ("<i/>…<i>"), but every
        # angle bracket is still there: none was taken for markup.
        assert text.count("<") + text.count(">") >= MARKUP.count("<") + MARKUP.count(">")
    badge = _read(_pdf_text(_render(tmp_path, visit_badge_pdf,
                                    get_visit(sqlite_db, inside.id), token, settings)))
    assert _read(name) in badge and "<b>PT</b>" in badge


def test_names_print_in_the_daily_report(sqlite_db: Database, settings: Settings,
                                         lite_team: Team, tmp_path: Path) -> None:
    for n, name in enumerate(PRINTABLE):
        factories.checked_out(sqlite_db, settings, lite_team, full_name=name,
                              organisation=ORGANISATION, id_number=f"61710145069{n + 1:05d}")
    out = tmp_path / "daily.pdf"

    write_report(sqlite_db, settings, SYSTEM, Period.day(today()), "id", out)

    text = _flat("".join(p.extract_text() for p in PdfReader(out).pages))
    for name in PRINTABLE:
        assert name in text, name
    assert "6171014506900001" not in text  # the report shows masked NIKs only


def _read(text: str) -> str:
    """Text as a reader or a PDF viewer's search takes it: white space collapsed and
    Arabic presentation forms folded back into letters."""
    return unicodedata.normalize("NFKC", " ".join(text.split()))


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _report(folder: Path, db: Database, settings: Settings, period: Period) -> bytes:
    out = folder / f"{period.stem}.pdf"
    write_report(db, settings, SYSTEM, period, "id", out)
    return out.read_bytes()


def _render(folder: Path, render: Any, *args: Any) -> bytes:
    """Run a document function that writes to a path; return what it wrote."""
    out = folder / f"{render.__name__}.pdf"
    render(*args, out)
    return out.read_bytes()


def _invitation(name: str, organisation: str = "Kementerian") -> InvitationRecord:
    return InvitationRecord(
        id=5, full_name=name, id_type=IdType.PASSPORT, id_number="A1234567",
        organisation=organisation, phone="0812 1111 2222", purpose_key="repair",
        purpose_text="", pic="Seksi Jaringan", valid_on=today(), nonce="ABCDEFGH",
        created_at=utcnow(), used_by_visit_id=None, cancelled_at=None)


def _drawable(name: str) -> bool:
    """Every glyph the name is drawn with exists in the font it is drawn in."""
    return all(ord(ch) in coverage(font_for_char(ch)) for ch in visual(name)
               if not ch.isspace())


def _assert_laid_out(page: PageObject) -> None:
    """No string runs past the page margins, or over or up against another string on the
    same line (cells keep 3 points of padding on each side)."""
    boxes = _boxes(page)
    width = float(page.mediabox.width)
    for left, right, _ in boxes:
        assert left >= MARGIN - 0.5 and right <= width - MARGIN + 0.5, (left, right)
    for (left, right, y), (other_left, other_right, other_y) in combinations(boxes, 2):
        if abs(y - other_y) < 3 and other_left != right and left != other_right:
            assert other_left >= right + 2 or left >= other_right + 2, (left, right, y)


def _boxes(page: PageObject) -> list[tuple[float, float, float]]:
    """(left, right, baseline) of every string drawn on ``page``, measured with the widths
    the PDF's own (single-byte, subset) fonts give its glyphs. pypdf does not move the text
    position along a string, so a string written right after another one (the next run of
    a mixed line) starts where that one ended."""
    fonts = page["/Resources"]["/Font"]
    found: list[tuple[float, float, float]] = []
    font: Any = None
    size = 0.0
    last_start: tuple[float, float] | None = None

    def before(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        nonlocal font, size, last_start
        if op == b"Tf":
            font, size = fonts[args[0]].get_object(), float(args[1])
        elif op == b"Tj":
            codes = bytes(getattr(args[0], "original_bytes", args[0]))
            first = int(font["/FirstChar"])
            advance = sum(float(font["/Widths"][code - first]) for code in codes)
            start = (tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
            left = found[-1][1] if start == last_start else start[0]
            last_start = start
            found.append((left, left + advance * size / 1000 * tm[0] * cm[0], start[1]))
        else:
            assert op not in (b"TJ", b"'", b'"'), "strings drawn in a way not measured here"

    page.extract_text(visitor_operand_before=before)
    return found
