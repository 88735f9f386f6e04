"""The fonts of every PDF: the bundled Noto Sans, the same family as the kiosk screens.

ReportLab's built-in Helvetica has no glyphs beyond Latin-1, so a name like "Ṣafiyyah" or
"Nguyễn" would print as boxes; Noto Sans covers Latin, Greek and Cyrillic with all their
diacritics. For scripts it lacks (Arabic, Thai, Hebrew...) ``font_for`` picks the first
fallback font installed on the machine that covers the whole text. Right-to-left lines are
drawn in runs instead (``kiosk.documents.shaping``), each character in the first font that
has it (``font_for_char``), so Latin beside Arabic stays in Noto Sans. Noto's CJK fonts
are OpenType/CFF, which ReportLab cannot embed; Droid Sans Fallback (TrueType outlines)
covers Chinese, Japanese and Korean when installed, else CJK names print as boxes and the
masked ID remains the reliable identifier.
"""

from __future__ import annotations

import logging
import threading
from functools import cache, lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from kiosk.resources import asset_path

log = logging.getLogger(__name__)

REGULAR = "NotoSans"
BOLD = "NotoSans-Bold"

#: Installed fonts tried, in order, for characters Noto Sans does not have.
FALLBACK_FILES: tuple[Path, ...] = tuple(
    Path("/usr/share/fonts/truetype") / name for name in (
        "noto/NotoNaskhArabic-Regular.ttf",
        "noto/NotoSansThai-Regular.ttf",
        "noto/NotoSansHebrew-Regular.ttf",
        "noto/NotoSansDevanagari-Regular.ttf",
        "noto/NotoSansArmenian-Regular.ttf",
        "noto/NotoSansGeorgian-Regular.ttf",
        "dejavu/DejaVuSans.ttf",
        # Chinese, Japanese, Korean with TrueType outlines (Debian fonts-droid-fallback).
        "droid/DroidSansFallbackFull.ttf",
    )
)

_lock = threading.Lock()


@cache
def register_fonts() -> tuple[str, str]:
    """Register Noto Sans (regular and bold) once; returns their ReportLab names."""
    with _lock:
        pdfmetrics.registerFont(TTFont(REGULAR, str(asset_path("fonts", "NotoSans-Regular.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(asset_path("fonts", "NotoSans-Bold.ttf"))))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


@cache
def coverage(font_name: str) -> frozenset[int]:
    """The code points ``font_name`` has glyphs for."""
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


@cache
def _fallbacks() -> tuple[str, ...]:
    names = []
    for path in FALLBACK_FILES:
        if not path.exists():
            continue
        name = f"Fallback-{path.stem}"
        try:
            with _lock:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        except TTFError:
            log.warning("fallback font %s cannot be used", path)
            continue
        names.append(name)
    return tuple(names)


def font_for(text: str, bold: bool = False) -> str:
    """The font to draw ``text`` in: Noto Sans when it has every character, else the first
    installed fallback that does, else Noto Sans anyway (missing glyphs show as boxes)."""
    return single_font(text, bold) or register_fonts()[1 if bold else 0]


def single_font(text: str, bold: bool = False) -> str | None:
    """The one font that has every character of ``text``: Noto Sans, else the first
    installed fallback; ``None`` when it takes several, as a Chinese name beside digits
    does (Droid Sans Fallback has no digits). Such text is drawn in runs of one font each
    (``kiosk.documents.shaping``)."""
    regular, heavy = register_fonts()
    preferred = heavy if bold else regular
    if text.isascii():
        return preferred
    needed = {ord(ch) for ch in text if not ch.isspace()}
    if needed <= coverage(preferred):
        return preferred
    for name in _fallbacks():
        if needed <= coverage(name):
            return name
    return None


@lru_cache(maxsize=4096)
def font_for_char(char: str, bold: bool = False) -> str:
    """The font one character is drawn in when a line is split into runs: Noto Sans when it
    has the character, else the first installed fallback that does, else Noto Sans anyway.
    A function of the character alone, so a word measures the same wherever it stands."""
    regular, heavy = register_fonts()
    preferred = heavy if bold else regular
    code = ord(char)
    if char.isspace() or code in coverage(preferred):
        return preferred
    for name in _fallbacks():
        if code in coverage(name):
            return name
    return preferred
