"""One translation catalogue for every user-facing string: screens, domain messages,
PDFs and the command line.

Source strings are English with ``{placeholders}``; the Indonesian catalogue lives in
``assets/i18n/id/*.json`` (one file per area, so screens and documents keep their own).
Qt widgets call ``tr`` like any other code, which keeps the core free of Qt and lets a
report or an error message be rendered in a language other than the screen's.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from typing import Any

from kiosk.resources import asset_path

log = logging.getLogger(__name__)

#: Bahasa Indonesia first, English second.
LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"
SOURCE_LANGUAGE = "en"

_current = DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _current = language


def current_language() -> str:
    return _current


@cache
def catalogue(language: str) -> dict[str, str]:
    """Every translation for ``language``, merged from its catalogue files."""
    if language == SOURCE_LANGUAGE:
        return {}
    merged: dict[str, str] = {}
    folder = asset_path("i18n", language)
    for path in sorted(folder.glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def translate(text: str, language: str | None = None, /, **params: Any) -> str:
    """``text`` in ``language`` (default: the current one), with ``params`` filled in.

    A missing translation falls back to the English source rather than failing at the
    door; the catalogue test is what catches it before release.
    """
    lang = language or _current
    translated = catalogue(lang).get(text, text)
    if not params:
        return translated
    try:
        return translated.format(**params)
    except (KeyError, IndexError, ValueError):
        log.error("translation of %r does not match its placeholders", text)
        return text.format(**params)


def N_(text: str) -> str:  # noqa: N802 - the usual gettext marker name
    """Mark a string for the catalogue where it is defined; it is translated when shown."""
    return text


def tr(text: str, /, **params: Any) -> str:
    """``text`` in the current UI language."""
    return translate(text, None, **params)
