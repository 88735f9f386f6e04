"""Right-to-left text in the PDFs: Arabic joined, every line in the order a reader sees it.

Names are stored as typed, in reading (logical) order. ReportLab draws a string's
characters left to right, one glyph each, so an Arabic name drawn as stored comes out
backwards with its letters unjoined. ``visual`` puts one line into the order it is seen in:

1. Arabic letters become their joined forms (``arabic_reshaper``: initial, medial, final
   and isolated forms and the lam-alef ligatures of the Unicode presentation blocks, all
   of which Noto Naskh Arabic has);
2. the Unicode bidirectional algorithm (``python-bidi``) orders the runs: in
   "Muhammad محمد" Muhammad stays on the left and the Arabic reads from the right;
3. brackets reversed with a right-to-left run are mirrored, a step of that algorithm
   (UAX #9, L4) python-bidi leaves to the renderer. The other one it leaves (L3, marks
   moved after their letter) is not wanted here: the harakat of Noto Naskh Arabic and the
   niqqud of Noto Sans Hebrew have no advance and are drawn to the right of where they
   start, so a mark drawn just before its letter, as the reversal leaves it, sits on it;
4. the direction controls (RLO, LRM...) have done their work and are dropped.

``runs`` then cuts the line into pieces of one font each: Latin in Noto Sans, Arabic in
Noto Naskh Arabic, Hebrew in Noto Sans Hebrew. Text is broken into lines in logical order
first (``lines``) and each line is made visual on its own, so a long name starts on the
first line. Text without right-to-left characters keeps the one-font path it always had.
Nothing here changes what is stored or exported: this is only how a line is drawn.

ReportLab's own shaping (``uharfbuzz``) was tried and not used: all its reordering needs
ReportLab's ``rlbidi`` package, which is not on PyPI; without it ``drawString`` ignores
``shaping=True``, and shaped paragraphs give ligatures private code points that print as
boxes and read back as nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import groupby
from xml.sax.saxutils import escape

from arabic_reshaper import ArabicReshaper
from bidi import get_display
from bidi.mirror import MIRRORED
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from kiosk.documents.fonts import coverage, font_for, font_for_char, single_font

#: What makes a line need reordering: the right-to-left scripts (Hebrew, Arabic, Syriac,
#: Thaana, N'Ko...) with their presentation forms, and the invisible direction controls.
_BIDI = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u061c\u200e\u200f"
                   "\u202a-\u202e\u2066-\u2069\U00010800-\U00010fff\U0001e800-\U0001efff]")

# Harakat stay: they are part of the name as typed. Ligatures stay on, as lam-alef is
# obligatory in Arabic writing.
_RESHAPER = ArabicReshaper(configuration={"delete_harakat": False})

_RTL_CLASSES = frozenset({"R", "AL"})
_STRONG_CLASSES = frozenset({"L", "R", "AL"})


def is_bidi(text: str) -> bool:
    """Whether ``text`` has anything right-to-left (or a direction control) in it."""
    return not text.isascii() and _BIDI.search(text) is not None


def needs_runs(text: str, bold: bool = False) -> bool:
    """Whether ``text`` must be drawn run by run: right-to-left, or in scripts no single
    font has (a Chinese name in the same cell as the masked NIK under it)."""
    return not text.isascii() and (is_bidi(text) or single_font(text, bold) is None)


@lru_cache(maxsize=2048)
def visual(line: str) -> str:
    """One line (no line breaks) in the order its glyphs are drawn, left to right."""
    shaped = _RESHAPER.reshape(unicodedata.normalize("NFC", line))
    shown = _mirror_brackets(get_display(shaped))
    return "".join(ch for ch in shown if unicodedata.category(ch) != "Cf")


def runs(line: str, bold: bool = False) -> list[tuple[str, str]]:
    """``visual(line)`` cut into ``(text, font)`` pieces, in drawing order. A space stays
    in the font of the letter before it, so an Arabic phrase is one piece: PDF readers
    reverse a right-to-left piece as a whole when they extract or copy its text, and
    would otherwise give its words back in the wrong order."""
    fonts: list[str] = []
    shown = visual(line)
    for ch in shown:
        if ch == " " and fonts and ord(ch) in coverage(fonts[-1]):
            fonts.append(fonts[-1])
        else:
            fonts.append(font_for_char(ch, bold))
    return [("".join(ch for ch, _ in group), font)
            for font, group in groupby(zip(shown, fonts, strict=True), key=lambda pair: pair[1])]


def text_width(line: str, size: float, bold: bool = False) -> float:
    """How wide one line is drawn, right-to-left or not."""
    return _measurer(line, size, bold)(line)


def lines(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width``, still in reading order: at spaces,
    and inside a word only where the word alone is wider than a line (a long word must not
    run over the next column)."""
    measure = _measurer(text, size, bold)
    out: list[str] = []
    for hard_line in text.split("\n"):
        line = ""
        for word in hard_line.split():
            for piece in _pieces(word, width, measure):
                joined = f"{line} {piece}" if line else piece
                if line and measure(joined) > width:
                    out.append(line)
                    line = piece
                else:
                    line = joined
        out.append(line)
    return out


def draw_line(canvas: Canvas, x: float, y: float, line: str, size: float,
              bold: bool = False) -> None:
    """One line of untrusted text with its left end at ``x``; the fill colour is the
    canvas's."""
    if not needs_runs(line, bold):
        canvas.setFont(font_for(line, bold), size)
        canvas.drawString(x, y, line)
        return
    text = canvas.beginText(x, y)
    for part, font in runs(line, bold):
        text.setFont(font, size)
        text.textOut(part)
    canvas.drawText(text)


def paragraph(text: str, style: ParagraphStyle, bold: bool = False) -> Paragraph:
    """A paragraph of untrusted right-to-left or mixed text (see ``_VisualParagraph``)."""
    made = _VisualParagraph(_markup(text.split("\n"), bold), style)
    made.logical = text
    made.bold = bold
    return made


class _VisualParagraph(Paragraph):
    """A Paragraph whose lines are broken here, in reading order, once the width is known,
    and then drawn visual line by visual line. ReportLab's own line breaking would run over
    the visual text and put the end of a long Arabic name on its first line. The pieces a
    page break makes are plain Paragraphs of lines already made (``logical`` is None)."""

    logical: str | None = None
    bold = False
    _laid_for = -1.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self.logical is not None:
            style = self.style
            width = availWidth - style.leftIndent - style.rightIndent
            if width != self._laid_for:
                self._laid_for = width
                broken = lines(self.logical, width, style.fontSize, self.bold)
                Paragraph.__init__(self, _markup(broken, self.bold), style)
        result: tuple[float, float] = super().wrap(availWidth, availHeight)
        return result


def _markup(logical_lines: Iterable[str], bold: bool) -> str:
    """Paragraph markup of logical lines: each line's runs, escaped, in their fonts."""
    return "<br/>".join(
        "".join(f'<font name="{font}">{escape(part)}</font>' for part, font in runs(line, bold))
        for line in logical_lines)


def _measurer(text: str, size: float, bold: bool) -> Callable[[str], float]:
    """Width of a piece of ``text``: right-to-left text measured run by run as it is drawn,
    other text in the one font ``font_for`` picks for the whole of it, as it is drawn."""
    if needs_runs(text, bold):
        def run_width(piece: str) -> float:
            return sum(stringWidth(part, font, size) for part, font in runs(piece, bold))
        return run_width
    font = font_for(text, bold)

    def font_width(piece: str) -> float:
        return float(stringWidth(piece, font, size))
    return font_width


def _pieces(word: str, width: float, measure: Callable[[str], float]) -> list[str]:
    if measure(word) <= width:
        return [word]
    pieces: list[str] = []
    piece = ""
    for cluster in _clusters(word):
        if piece and measure(piece + cluster) > width:
            pieces.append(piece)
            piece = cluster
        else:
            piece += cluster
    return [*pieces, piece]


def _clusters(word: str) -> list[str]:
    """Letters with their marks: a word too long for a line is cut between these."""
    clusters: list[str] = []
    for ch in word:
        if clusters and _is_mark(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in {"Mn", "Me"}


def _bracket_side(ch: str) -> int:
    """1 for an opening bracket, -1 for a closing one, 0 for anything else."""
    category = unicodedata.category(ch)
    if category in {"Ps", "Pi"} or ch == "<":
        return 1
    if category in {"Pe", "Pf"} or ch == ">":
        return -1
    return 0


def _mirror_brackets(text: str) -> str:
    """UAX #9 L4 for what a name or an organisation can hold. A bracket pair resolved right
    to left was reversed with its run, so it reads ")…(" with right-to-left letters
    outside it; both are drawn mirrored. A bracket without its pair, or another mirrored
    sign, is mirrored when the letters on both sides of it are right-to-left. A ")…(" among
    left-to-right letters (">Sinar<" in "a>Sinar<b") is left as it is."""
    open_: list[int] = []
    lone: list[int] = []
    flip: set[int] = set()
    for k, ch in enumerate(text):
        if ch not in MIRRORED:
            continue
        side = _bracket_side(ch)
        if not side:
            lone.append(k)
            continue
        top = text[open_[-1]] if open_ else ""
        if MIRRORED.get(top) == ch and _bracket_side(top) == -side:
            partner = open_.pop()
            if side == 1 and _among_rtl(text, partner, k):  # the closing one came first
                flip.update((partner, k))
            continue
        open_.append(k)
    flip.update(k for k in (*lone, *open_) if _among_rtl(text, k, k))
    return "".join(MIRRORED[ch] if k in flip else ch for k, ch in enumerate(text))


def _among_rtl(text: str, start: int, end: int) -> bool:
    """Whether the nearest letters before ``start`` and after ``end`` (those there are) are
    right-to-left; with no letter outside, whether the first one between them is."""
    sides = {_first_strong(reversed(text[:start])), _first_strong(text[end + 1:])} - {""}
    if not sides:
        sides = {_first_strong(text[start + 1:end])} - {""}
    return bool(sides) and sides <= _RTL_CLASSES


def _first_strong(chars: Iterable[str]) -> str:
    for ch in chars:
        kind = unicodedata.bidirectional(ch)
        if kind in _STRONG_CLASSES:
            return kind
    return ""
