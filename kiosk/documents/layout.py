"""What every Pintu document shares: page frame, type, colours and small building blocks.

Header (site name and the document's reference), footer (when it was made and "page x of
y") and the optional "SALINAN / COPY" watermark are drawn here once, so the visit form,
badges, lists and reports cannot drift apart. Rendering is deterministic: ReportLab's
invariant mode plus a creation date taken from the document's own data (not from the
clock), so the same data give the same bytes, which is what lets an archived form be
re-created and checked against its recorded SHA-256.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.config import Settings
from kiosk.documents.fonts import font_for, register_fonts
from kiosk.documents.shaping import draw_line, needs_runs, paragraph
from kiosk.files import write_atomic
from kiosk.formats import datetime_text
from kiosk.i18n import N_, translate

# The kiosk palette (see UI-STYLE.md), for paper: ink stays dark, colour only marks.
PRIMARY = colors.HexColor("#0A4DA2")
ACCENT = colors.HexColor("#F2A900")
SUCCESS = colors.HexColor("#1E7B34")
WARNING = colors.HexColor("#B35C00")
DANGER = colors.HexColor("#B3261E")
TEXT = colors.HexColor("#1A1C1E")
MUTED = colors.HexColor("#5B6470")
RULE = colors.HexColor("#C9D1DB")
SHADE = colors.HexColor("#EEF2F7")
TINT = colors.HexColor("#E3ECF8")

# Compressed streams stay binary: ASCII85 on top only grows the file and costs time.
rl_config.useA85 = 0

MARGIN = 18 * mm
HEADER_HEIGHT = 16 * mm
FOOTER_HEIGHT = 10 * mm


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    tiny: ParagraphStyle
    label: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    section: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    head_cell: ParagraphStyle
    right: ParagraphStyle
    center: ParagraphStyle
    warn: ParagraphStyle  # a time over its standard
    alert: ParagraphStyle  # a device or badge that did not come back


@cache
def styles() -> Styles:
    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5, textColor=TEXT)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10.2)
    cell = ParagraphStyle("cell", parent=body, fontSize=7.6, leading=9.4)
    return Styles(
        body=body,
        small=small,
        tiny=ParagraphStyle("tiny", parent=body, fontSize=6.8, leading=8.4, textColor=MUTED),
        label=ParagraphStyle("label", parent=small, textColor=MUTED),
        title=ParagraphStyle("title", parent=body, fontName=bold, fontSize=16, leading=20,
                             spaceAfter=1 * mm),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=10.5, leading=14,
                                textColor=MUTED, spaceAfter=4 * mm),
        section=ParagraphStyle("section", parent=body, fontName=bold, fontSize=10.5,
                               leading=14, textColor=PRIMARY, spaceBefore=5 * mm,
                               spaceAfter=2 * mm),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=bold),
        head_cell=ParagraphStyle("head_cell", parent=cell, fontName=bold, textColor=TEXT),
        right=ParagraphStyle("right", parent=cell, alignment=TA_RIGHT),
        center=ParagraphStyle("center", parent=cell, alignment=TA_CENTER),
        warn=ParagraphStyle("warn", parent=cell, fontName=bold, textColor=WARNING),
        alert=ParagraphStyle("alert", parent=cell, fontName=bold, textColor=DANGER),
    )


def para(text: str, style: ParagraphStyle, bold: bool = False) -> Paragraph:
    """A paragraph of plain (untrusted) text, in a font that has all of its characters.

    Every piece of text a document prints as a paragraph comes through here, escaped, so a
    name like "<b>" or "&amp;" prints as typed instead of being read as markup; right-to-left
    text, and text no single font has, is laid out by ``shaping.paragraph``."""
    bold = bold or "Bold" in style.fontName
    if needs_runs(text, bold):
        return paragraph(text, style, bold)
    font = font_for(text, bold=bold)
    if font != style.fontName:
        style = ParagraphStyle(f"{style.name}-{font}", parent=style, fontName=font)
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


@dataclass(frozen=True)
class DocMeta:
    """What the frame prints around the content, and the PDF's own metadata."""

    title: str  # the document's title, also the PDF title
    reference: str  # top right of every page, e.g. "Kunjungan No. 0042"
    language: str
    made_at: dt.datetime  # printed in the footer and stored as the PDF creation date
    watermark: str = ""
    #: The footer's line about ``made_at`` (English source): a report prints its cut-off.
    stamp: str = N_("Made by Pintu on {moment}")


def build_pdf(out: Path | io.BytesIO, story: Sequence[Flowable], meta: DocMeta,
              settings: Settings, pagesize: tuple[float, float] = A4,
              margins: tuple[float, float, float, float] | None = None,
              framed: bool = True) -> None:
    """Lay ``story`` out on pages with the shared header and footer and write the PDF.

    ``framed=False`` is for cards and stickers: no header or footer, only the content.
    A file is written whole or not at all (``kiosk.files.write_atomic``); a folder that
    cannot be written raises ``FileAccessError``.
    """
    register_fonts()
    width, height = pagesize
    if margins is None:
        top = MARGIN + HEADER_HEIGHT if framed else MARGIN
        bottom = MARGIN + FOOTER_HEIGHT if framed else MARGIN
        margins = (top, MARGIN, bottom, MARGIN)
    top, right, bottom, left = margins
    if not isinstance(out, io.BytesIO):  # rendered whole first, then written at once
        write_atomic(out, render_bytes(story, meta, settings, pagesize=pagesize,
                                       margins=margins, framed=framed))
        return
    doc = BaseDocTemplate(
        out, pagesize=pagesize,
        leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=meta.title, author=settings.site_name, creator="Pintu", producer="Pintu",
        subject=meta.reference, invariant=1, pageCompression=1,
        lang="en-GB" if meta.language == "en" else "id-ID",
    )
    frame = Frame(left, bottom, width - left - right, height - top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(list(story), canvasmaker=_canvas_class(meta, settings, framed))


def render_bytes(story: Sequence[Flowable], meta: DocMeta, settings: Settings,
                 **options: Any) -> bytes:
    buffer = io.BytesIO()
    build_pdf(buffer, story, meta, settings, **options)
    return buffer.getvalue()


def _fixed_stamp(moment: dt.datetime) -> TimeStamp:
    stamp = TimeStamp(1)
    seconds = int(moment.timestamp())
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def _canvas_class(meta: DocMeta, settings: Settings, framed: bool) -> type[Canvas]:
    class PintuCanvas(Canvas):
        """Keeps every page until the end so the footer can say "page x of y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _fixed_stamp(meta.made_at)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _decorate(self, meta, settings, framed, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return PintuCanvas


def _decorate(canvas: Canvas, meta: DocMeta, settings: Settings, framed: bool, page: int,
              total: int) -> None:
    width, height = canvas._pagesize
    regular, bold = register_fonts()
    canvas.saveState()
    if meta.watermark:
        _watermark(canvas, meta.watermark, width, height)
    if framed:
        top = height - MARGIN
        canvas.setFillColor(PRIMARY)
        draw_line(canvas, MARGIN, top - 4 * mm, settings.site_name, 10.5, bold=True)
        canvas.setFillColor(MUTED)
        canvas.setFont(regular, 8)
        canvas.drawString(MARGIN, top - 8.5 * mm,
                          translate("Server room visitor log · Pintu", meta.language))
        canvas.setFont(bold, 8.5)
        canvas.setFillColor(TEXT)
        canvas.drawRightString(width - MARGIN, top - 4 * mm, meta.reference)
        canvas.setStrokeColor(PRIMARY)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, top - 11 * mm, width - MARGIN, top - 11 * mm)
        base = MARGIN - 1 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, base + 5 * mm, width - MARGIN, base + 5 * mm)
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, base + 1.5 * mm, translate(
            meta.stamp, meta.language, moment=datetime_text(meta.made_at, meta.language)))
        canvas.drawRightString(width - MARGIN, base + 1.5 * mm, translate(
            "Page {page} of {total}", meta.language, page=page, total=total))
    canvas.restoreState()


def _watermark(canvas: Canvas, text: str, width: float, height: float) -> None:
    _, bold = register_fonts()
    canvas.saveState()
    canvas.setFillColor(DANGER)
    canvas.setFillAlpha(0.13)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    size = min(width, height) / max(len(text), 1) * 1.45
    canvas.setFont(bold, size)
    canvas.drawCentredString(0, -size / 3, text)
    canvas.restoreState()


def section(title: str, st: Styles) -> Paragraph:
    return para(title, st.section)


def grid_style(header_rows: int = 1, zebra: bool = True, rows: int = 0) -> list[Any]:
    """Hairline rules, a tinted header row and light zebra stripes: readable, little ink."""
    commands: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, PRIMARY),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), TINT),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, PRIMARY),
        ]
    if zebra:
        commands += [("BACKGROUND", (0, r), (-1, r), SHADE)
                     for r in range(header_rows + 1, rows, 2)]
    return commands


def fields_table(rows: Sequence[tuple[str, str]], st: Styles, width: float,
                 columns: int = 2) -> Table:
    """Label/value pairs in ``columns`` column pairs, like the boxes of a paper form."""
    label_w = 30 * mm if columns == 2 else 42 * mm
    value_w = width / columns - label_w
    cells = [(para(label, st.label), para(value or "–", st.body)) if label else ("", "")
             for label, value in rows]
    data: list[list[Any]] = []
    for start in range(0, len(cells), columns):
        line: list[Any] = []
        for label, value in cells[start:start + columns]:
            line += [label, value]
        line += [""] * (2 * columns - len(line))
        data.append(line)
    table = Table(data, colWidths=[label_w, value_w] * columns)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.35, RULE),
    ]))
    return table


def signature_block(st: Styles, language: str, place_date: str,
                    signers: Sequence[tuple[str, str]], width: float) -> Table:
    """Signature boxes: role above, a blank line to sign on, the name (or a line) below."""
    cells = []
    for role, name in signers:
        cells.append([
            para(role, st.small),
            Spacer(1, 17 * mm),
            para(name or "(" + "." * 44 + ")", st.small, bold=bool(name)),
            para(translate("NIP: ....................................", language), st.tiny),
        ])
    col = width / max(len(signers), 1)
    rows: list[list[Any]] = [cells]
    if place_date:
        rows.insert(0, [para(place_date, st.small)] + [""] * (len(signers) - 1))
    table = Table(rows, colWidths=[col] * len(signers), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("ALIGN", (0, 0), (-1, -1), "LEFT"),
    ]))
    return table
