"""Badges and invitations: the cards a visitor carries and the sheet the desk cuts them from.

* The visit badge (sticker or card, 85.6 x 54 mm, the ID-1 size of a KTP) names the
  visitor, the organisation and the escort, says until when it is valid, and carries the
  signed QR with that expiry, so a guard can read it at a glance and the kiosk can scan it.
* The badge-pool sheet prints the desk's reusable numbered cards ten to an A4 page, with
  cut marks; each card has its number large enough to call out and its own QR.
* The invitation is a page the host sends ahead: the QR fills the form at the kiosk.
* The contractor pass is a card, like the badge, for someone who comes often: its QR fills
  the form on every visit while the pass is valid, for the purposes printed on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from kiosk.config import Settings
from kiosk.documents.common import purpose_label, qr_drawing, token_expiry
from kiosk.documents.fonts import register_fonts
from kiosk.documents.layout import (
    MARGIN,
    MUTED,
    PRIMARY,
    RULE,
    TEXT,
    DocMeta,
    build_pdf,
    fields_table,
    para,
    styles,
)
from kiosk.documents.shaping import draw_line, text_width
from kiosk.domain.clock import utcnow
from kiosk.domain.records import BadgeRecord, PassRecord, VisitDetail, masked_id
from kiosk.domain.types import ID_TYPE_LABELS, IdType
from kiosk.domain.windows import AccessWindow
from kiosk.formats import datetime_text, long_date, short_date
from kiosk.i18n import ntranslate, translate

CARD_W, CARD_H = 85.6 * mm, 54 * mm
CARD_SIZE = (CARD_W, CARD_H)
SHEET_COLUMNS, SHEET_ROWS = 2, 5


class InvitationLike(Protocol):
    """What the invitation page prints (``kiosk.services.invitations.InvitationRecord``)."""

    @property
    def id(self) -> int: ...

    @property
    def full_name(self) -> str: ...

    @property
    def id_type(self) -> IdType: ...

    @property
    def id_number(self) -> str: ...

    @property
    def organisation(self) -> str: ...

    @property
    def phone(self) -> str: ...

    @property
    def purpose_key(self) -> str: ...

    @property
    def purpose_text(self) -> str: ...

    @property
    def pic(self) -> str: ...

    @property
    def valid_on(self) -> dt.date: ...

    @property
    def work_order(self) -> str: ...

    @property
    def window(self) -> AccessWindow | None: ...


# --- drawing helpers -----------------------------------------------------------------------

def _fit(text: str, bold: bool, size: float, min_size: float, width: float
         ) -> tuple[str, float]:
    """The largest size (down to ``min_size``) at which ``text`` fits; then ellipsis, cut
    from the end of the text as it is read (the left end of an Arabic name)."""
    while size > min_size and text_width(text, size, bold) > width:
        size -= 0.5
    while text_width(text, size, bold) > width and len(text) > 1:
        text = text[:-2].rstrip() + "…"
    return text, size


def _text(canvas: Canvas, x: float, y: float, text: str, size: float, width: float,
          bold: bool = False, color: colors.Color = TEXT, min_size: float | None = None
          ) -> None:
    canvas.setFillColor(color)
    shown, fitted = _fit(text, bold, size, min_size or size, width)
    draw_line(canvas, x, y, shown, fitted, bold)


def _band(canvas: Canvas, x: float, y: float, title: str, site: str) -> None:
    """The coloured top of every card: what it is, and whose it is."""
    band = 11 * mm
    canvas.setFillColor(PRIMARY)
    canvas.rect(x, y + CARD_H - band, CARD_W, band, stroke=0, fill=1)
    _text(canvas, x + 4 * mm, y + CARD_H - 5.6 * mm, title, 10.5, CARD_W - 8 * mm,
          bold=True, color=colors.white)
    _text(canvas, x + 4 * mm, y + CARD_H - 9.2 * mm, site, 6.5, CARD_W - 8 * mm,
          color=colors.white, min_size=5)


def _qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    renderPDF.draw(qr_drawing(value, size), canvas, x, y)


def _outline(canvas: Canvas, x: float, y: float) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.roundRect(x, y, CARD_W, CARD_H, 3 * mm, stroke=1, fill=0)


Painter = Callable[[Canvas, float, float, Any], None]


class _Cards(Flowable):
    """One page of cards drawn at fixed positions; the frame is the whole page."""

    def __init__(self, spots: list[tuple[float, float, Any]], painter: Painter) -> None:
        super().__init__()
        self._spots = spots
        self._painter = painter

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, available_height

    def draw(self) -> None:
        for x, y, item in self._spots:
            self._painter(self.canv, x, y, item)


# --- the visit badge -------------------------------------------------------------------------

def visit_badge_pdf(detail: VisitDetail, token: str, settings: Settings, out: Path) -> Path:
    """The visitor's badge for this visit, card-sized, ready for a card or label printer.

    Its QR is a ``TokenKind.VISIT`` token for this visit: scanned at the kiosk it asks to
    leave, like the badge card's own code (``kiosk.services.exits``)."""
    s = detail.summary
    language = settings.default_language
    expiry = token_expiry(token)

    def paint(canvas: Canvas, x: float, y: float, _item: Any) -> None:
        _outline(canvas, x, y)
        _band(canvas, x, y, translate("VISITOR", language), settings.site_name)
        qr = 30 * mm
        _qr(canvas, token, x + CARD_W - qr - 2 * mm, y + 3 * mm, qr)
        left, width = x + 4 * mm, CARD_W - qr - 8 * mm
        _text(canvas, left, y + CARD_H - 17.5 * mm, s.full_name, 12.5, width, bold=True,
              min_size=8)
        _text(canvas, left, y + CARD_H - 22 * mm, s.organisation, 7.5, width, color=MUTED,
              min_size=6)
        rows = (
            (translate("Escort", language), s.escort_name or "–"),
            (translate("Visit", language), translate("No. {number}", language,
                                                     number=s.number)),
            (translate("Valid until", language), datetime_text(expiry, language)),
        )
        line = y + CARD_H - 28.5 * mm
        for label, value in rows:
            _text(canvas, left, line, label, 5.8, width, color=MUTED)
            _text(canvas, left, line - 3.2 * mm, value, 7.5, width, bold=True, min_size=6)
            line -= 7.4 * mm
        if s.badge_number is not None:
            canvas.setFillColor(colors.white)
            canvas.setFont(register_fonts()[1], 9)
            canvas.drawRightString(x + CARD_W - 4 * mm, y + CARD_H - 5.6 * mm,
                                   translate("Badge {number}", language,
                                             number=s.badge_number))

    meta = DocMeta(translate("Visitor badge", language),
                   translate("Visit No. {number}", language, number=s.number), language,
                   s.decided_at or s.submitted_at)
    build_pdf(out, [_Cards([(0, 0, None)], paint)], meta, settings, pagesize=CARD_SIZE,
              margins=(0, 0, 0, 0), framed=False)
    return out


# --- the badge-pool sheet -----------------------------------------------------------------

def badge_sheet_pdf(badges: Sequence[BadgeRecord], tokens: Sequence[str], settings: Settings,
                    out: Path) -> Path:
    """The desk's numbered cards, ten per A4 sheet, to cut along the marks and laminate."""
    if len(badges) != len(tokens):
        raise ValueError("one token per badge")
    language = settings.default_language
    width, height = A4
    gap_x = (width - SHEET_COLUMNS * CARD_W) / (SHEET_COLUMNS + 1)
    top = (height - SHEET_ROWS * CARD_H) / 2

    def paint(canvas: Canvas, x: float, y: float, item: Any) -> None:
        badge, token = item
        _cut_marks(canvas, x, y)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.3)
        canvas.rect(x, y, CARD_W, CARD_H, stroke=1, fill=0)
        _band(canvas, x, y, translate("VISITOR BADGE", language), settings.site_name)
        qr = 31 * mm
        _qr(canvas, token, x + CARD_W - qr - 2 * mm, y + 3 * mm, qr)
        canvas.setFillColor(TEXT)
        canvas.setFont(register_fonts()[1], 46)
        canvas.drawString(x + 5 * mm, y + 17 * mm, f"{badge.number:02d}")
        _text(canvas, x + 5 * mm, y + 11 * mm, translate("Wear it at all times inside.",
                                                         language), 6.5, 46 * mm, color=MUTED)
        _text(canvas, x + 5 * mm, y + 7 * mm, translate("Return it when you leave.",
                                                        language), 6.5, 46 * mm, color=MUTED)

    pages = []
    items = list(zip(badges, tokens, strict=True))
    per_page = SHEET_COLUMNS * SHEET_ROWS
    for start in range(0, len(items), per_page):
        spots = []
        for index, item in enumerate(items[start:start + per_page]):
            row, col = divmod(index, SHEET_COLUMNS)
            x = gap_x + col * (CARD_W + gap_x)
            y = height - top - (row + 1) * CARD_H
            spots.append((x, y, item))
        pages.append(_Cards(spots, paint))
    meta = DocMeta(translate("Visitor badge cards", language),
                   ntranslate("{count} card", "{count} cards", len(badges), language), language,
                   utcnow())
    build_pdf(out, pages, meta, settings, margins=(0, 0, 0, 0), framed=False)
    return out


def _cut_marks(canvas: Canvas, x: float, y: float) -> None:
    """Short marks just outside each corner: a guide for the cutter that leaves no line on
    the card itself."""
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.3)
    gap, length = 1.5 * mm, 4 * mm
    for cx, dx in ((x, -1), (x + CARD_W, 1)):
        for cy, dy in ((y, -1), (y + CARD_H, 1)):
            canvas.line(cx + dx * gap, cy, cx + dx * (gap + length), cy)
            canvas.line(cx, cy + dy * gap, cx, cy + dy * (gap + length))


# --- the invitation -------------------------------------------------------------------------

def invitation_pdf(invitation: InvitationLike, token: str, settings: Settings, out: Path,
                   language: str = "id") -> Path:
    """One page the host sends or prints for an expected visitor."""
    st = styles()
    window = invitation.window
    when = window.text() if window else long_date(invitation.valid_on, language)
    width = A4[0] - 2 * MARGIN
    rows = [
        (translate("Name", language), invitation.full_name),
        (translate("Organisation", language), invitation.organisation),
        (translate("ID number", language), masked_id(invitation.id_type, invitation.id_number)),
        (translate("Date of visit", language), when),
        (translate("Work order", language), invitation.work_order),
        (translate("Purpose", language), purpose_label(settings, invitation.purpose_key,
                                                       language)),
        (translate("Purpose details", language), invitation.purpose_text),
        (translate("Person in charge", language), invitation.pic),
    ]
    qr_size = 62 * mm
    steps = [
        translate("Come to the server room door within the time above.", language) if window
        else translate("Come to the server room door on the date above.", language),
        translate("At the kiosk, touch \"Check in\" and hold this code up to the camera "
                  "on the first screen (on paper or on your phone).", language),
        translate("Check the form, list the devices you bring and sign.", language),
        translate("Hand your original ID card to the operator; you get it back when you "
                  "leave.", language),
    ]
    how: list[Flowable] = [para(translate("How to use this invitation", language),
                                st.section)]
    how += [para(f"{n}.  {text}", st.body) for n, text in enumerate(steps, start=1)]
    qr_cell: list[Flowable] = [
        qr_drawing(token, qr_size),
        para(translate("Valid only {window}", language, window=when) if window
             else translate("Valid only on {date}", language, date=when), st.center),
    ]
    layout = Table([[fields_table(rows, st, width - qr_size - 10 * mm, columns=1), qr_cell]],
                   colWidths=[width - qr_size - 6 * mm, qr_size + 6 * mm])
    layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story: list[Flowable] = [
        para(translate("Server Room Visit Invitation", language), st.title),
        para(translate("You are expected at the server room of {site}.", language,
                       site=settings.site_name), st.subtitle),
        layout, Spacer(1, 4 * mm), *how, Spacer(1, 6 * mm),
        para(translate("Keep this code to yourself: it fills in the form with your data. "
                       "It works once, within the time above only.", language) if window
             else translate("Keep this code to yourself: it fills in the form with your data. "
                            "It works once, on the date above only.", language), st.tiny),
    ]
    meta = DocMeta(translate("Server Room Visit Invitation", language),
                   translate("Invitation No. {number}", language,
                             number=f"{invitation.id:04d}"), language, utcnow())
    build_pdf(out, story, meta, settings)
    return out


# --- the contractor pass ----------------------------------------------------------------------

def pass_card_pdf(record: PassRecord, token: str, settings: Settings, out: Path,
                  language: str = "id") -> Path:
    """The holder's card, ID-1 sized like the badge: who, for what, until when, and the QR
    that fills the form at the kiosk. The ID number is masked: the card may be lost."""

    def paint(canvas: Canvas, x: float, y: float, _item: Any) -> None:
        _outline(canvas, x, y)
        _band(canvas, x, y, translate("CONTRACTOR PASS", language), settings.site_name)
        canvas.setFillColor(colors.white)
        canvas.setFont(register_fonts()[1], 9)
        canvas.drawRightString(x + CARD_W - 4 * mm, y + CARD_H - 5.6 * mm, record.number)
        qr = 30 * mm
        _qr(canvas, token, x + CARD_W - qr - 2 * mm, y + 3 * mm, qr)
        left, width = x + 4 * mm, CARD_W - qr - 8 * mm
        _text(canvas, left, y + CARD_H - 17.5 * mm, record.full_name, 12.5, width, bold=True,
              min_size=8)
        _text(canvas, left, y + CARD_H - 22 * mm, record.organisation, 7.5, width,
              color=MUTED, min_size=6)
        purposes = ", ".join(purpose_label(settings, k, language) for k in record.purposes)
        rows = (
            (translate(ID_TYPE_LABELS[record.id_type], language),
             masked_id(record.id_type, record.id_number)),
            (translate("Purposes", language), purposes),
            (translate("Valid", language),
             f"{short_date(record.valid_from, language)} – "
             f"{short_date(record.valid_until, language)}"),
        )
        line = y + CARD_H - 28.5 * mm
        for label, value in rows:
            _text(canvas, left, line, label, 5.8, width, color=MUTED)
            _text(canvas, left, line - 3.2 * mm, value, 7.5, width, bold=True, min_size=5)
            line -= 7.4 * mm

    meta = DocMeta(translate("Contractor pass", language),
                   translate("Pass {number}", language, number=record.number), language,
                   record.issued_at)
    build_pdf(out, [_Cards([(0, 0, None)], paint)], meta, settings, pagesize=CARD_SIZE,
              margins=(0, 0, 0, 0), framed=False)
    return out
