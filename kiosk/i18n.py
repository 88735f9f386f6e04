"""One translation catalogue for every user-facing string: screens, domain messages,
PDFs, the command line and the few strings Qt shows itself.

Source strings are English with ``{placeholders}``. Translations are gettext catalogues,
one domain ``pintu``: ``assets/i18n/<lang>/LC_MESSAGES/pintu.po``, edited with Poedit or
any gettext tool and compiled by the build (``make translations``) to ``pintu.mo``, which is
what is read here. Qt widgets call ``tr`` like any other code, which keeps the core free of Qt and
lets a report or an error message be rendered in a language other than the screen's.

- ``tr`` / ``translate``: one message.
- ``ntr`` / ``ntranslate``: a message with a count in it, in the form the number needs
  ("1 card", "2 cards"); Indonesian has one form, English two.
- ``ptr`` / ``ptranslate``: a message with a context, where one English word needs two
  translations ("Refused" as a visit's state and as a kind of anomaly).
- ``N_``, ``nN_``, ``pN_``: mark a string where it is defined; it is translated when shown.

The extraction keywords (``babel.cfg``) name these functions, so the catalogue and the code
cannot drift apart unnoticed (``tests/test_catalogue.py``).
"""

from __future__ import annotations

import gettext
import logging
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from kiosk.resources import asset_path

log = logging.getLogger(__name__)

#: Bahasa Indonesia first, English second.
LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"
SOURCE_LANGUAGE = "en"
DOMAIN = "pintu"

_current = DEFAULT_LANGUAGE


class Plural(NamedTuple):
    """A counted message marked with ``nN_``: its singular and plural source."""

    singular: str
    plural: str


class InContext(NamedTuple):
    """A message marked with ``pN_``: its context and its source."""

    context: str
    text: str


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _current = language


def current_language() -> str:
    return _current


def compiled_path(language: str) -> Path:
    """The compiled catalogue (``.mo``) the build makes for ``language``."""
    return asset_path("i18n", language, "LC_MESSAGES", f"{DOMAIN}.mo")


class _Untranslated(gettext.NullTranslations):
    """Where a catalogue sends a message it lacks: the English source, logged once.

    The kiosk keeps working with an English line rather than failing at the door; the
    catalogue test is what keeps a release from shipping one.
    """

    def __init__(self, language: str) -> None:
        super().__init__()
        self._language = language
        self._seen: set[tuple[str, str]] = set()

    def _missing(self, context: str, message: str) -> None:
        if (context, message) not in self._seen:
            self._seen.add((context, message))
            log.warning("no %s translation for %r%s", self._language, message,
                        f" (context {context!r})" if context else "")

    def gettext(self, message: str) -> str:
        self._missing("", message)
        return super().gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self._missing("", msgid1)
        return super().ngettext(msgid1, msgid2, n)

    def pgettext(self, context: str, message: str) -> str:
        self._missing(context, message)
        return super().pgettext(context, message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        self._missing(context, msgid1)
        return super().npgettext(context, msgid1, msgid2, n)


class Catalogue(gettext.GNUTranslations):
    """A compiled catalogue that can also say whether it holds a message."""

    #: Filled by ``GNUTranslations._parse``: msgid (``context\\x04msgid`` with a context,
    #: ``(msgid, form)`` for plurals) to translation.
    _catalog: dict[str | tuple[str, int], str]

    def lookup(self, message: str, context: str | None = None) -> str | None:
        """The translation of ``message``, or None if the catalogue has none (no fallback)."""
        key = message if context is None else f"{context}\x04{message}"
        return self._catalog.get(key) or None

    def singular_messages(self) -> dict[str, str]:
        """Every message without context or plural, source to translation."""
        return {key: text for key, text in self._catalog.items()
                if isinstance(key, str) and key and "\x04" not in key}


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue for ``language``; the source language and a missing file translate
    nothing (the latter is logged: the build did not compile the catalogue)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    path = compiled_path(language)
    try:
        with path.open("rb") as compiled:
            found: gettext.NullTranslations = Catalogue(compiled)
    except OSError as exc:
        log.error("no compiled %s catalogue (%s): run `make translations`", language, exc)
        found = gettext.NullTranslations()
    found.add_fallback(_Untranslated(language))
    return found


def lookup(text: str, language: str | None = None, context: str | None = None) -> str | None:
    """``text``'s translation if the catalogue holds one, without logging a miss.

    For values that may or may not be catalogue entries (an error's parameter is a state's
    label or a visitor's name) and for Qt, which asks for every string it shows.
    """
    lang = language or _current
    if lang == SOURCE_LANGUAGE:
        return text
    found = translations(lang)
    return found.lookup(text, context) if isinstance(found, Catalogue) else None


def catalogue(language: str) -> Mapping[str, str]:
    """Every message of ``language`` without context or plural, source to translation."""
    found = translations(language)
    return found.singular_messages() if isinstance(found, Catalogue) else {}


def _fill(translated: str, source: str, params: Mapping[str, Any]) -> str:
    if not params:
        return translated
    try:
        return translated.format(**params)
    except (KeyError, IndexError, ValueError):
        log.error("translation of %r does not match its placeholders", source)
        return source.format(**params)


def translate(text: str, language: str | None = None, /, **params: Any) -> str:
    """``text`` in ``language`` (default: the current one), with ``params`` filled in.

    A missing translation falls back to the English source rather than failing at the
    door; the catalogue test is what catches it before release.
    """
    return _fill(translations(language or _current).gettext(text), text, params)


def ntranslate(singular: str, plural: str, n: int, language: str | None = None, /,
               **params: Any) -> str:
    """The form of a counted message that ``n`` needs, with ``params`` filled in.

    ``{count}`` is ``n`` unless ``params`` gives it (a number already formatted, say).
    """
    text = translations(language or _current).ngettext(singular, plural, n)
    source = singular if n == 1 else plural
    return _fill(text, source, {"count": n, **params})


def ptranslate(context: str, text: str, language: str | None = None, /,
               **params: Any) -> str:
    """``text`` as translated for ``context``, with ``params`` filled in."""
    return _fill(translations(language or _current).pgettext(context, text), text, params)


def N_(text: str) -> str:  # noqa: N802 - the usual gettext marker name
    """Mark a string for the catalogue where it is defined; it is translated when shown."""
    return text


def nN_(singular: str, plural: str) -> Plural:  # noqa: N802 - a gettext marker
    """Mark a counted message; show it with ``ntranslate(*marked, n, ...)``."""
    return Plural(singular, plural)


def pN_(context: str, text: str) -> InContext:  # noqa: N802 - a gettext marker
    """Mark a message with its context; show it with ``ptranslate(*marked, ...)``."""
    return InContext(context, text)


def tr(text: str, /, **params: Any) -> str:
    """``text`` in the current UI language."""
    return translate(text, None, **params)


def ntr(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """A counted message in the current UI language."""
    return ntranslate(singular, plural, n, None, **params)


def ptr(context: str, text: str, /, **params: Any) -> str:
    """A message with a context in the current UI language."""
    return ptranslate(context, text, None, **params)
