"""The translations match the code: complete, reviewed, consistent, and compiled as written.

Messages are found the way ``make messages`` finds them: ``pybabel`` extraction with
``babel.cfg`` over the whole package (screens included), where the keywords are the
``kiosk.i18n`` functions and the ``kiosk.errors`` classes (for ``ValidationError``, the
second argument). Every ``.po`` must hold exactly those messages (no missing, no obsolete
entry: run ``make messages`` after changing strings), each translated, none fuzzy, with
the same placeholders as its source.
"""

from __future__ import annotations

import ast
import gettext
import io
import re
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import kiosk
from kiosk.i18n import DOMAIN, Catalogue, translations

ROOT = Path(kiosk.__file__).resolve().parent.parent
PACKAGE = ROOT / "kiosk"
I18N = ROOT / "assets" / "i18n"
TEMPLATE = I18N / f"{DOMAIN}.pot"
PO_FILES = sorted(I18N.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
#: The kiosk.i18n functions and markers that take messages, and which arguments are what.
ONE, PLURAL, IN_CONTEXT = None, (1, 2), ((1, "c"), 2)
FUNCTIONS = {"tr": ONE, "translate": ONE, "N_": ONE, "ntr": PLURAL, "ntranslate": PLURAL,
             "nN_": PLURAL, "ptr": IN_CONTEXT, "ptranslate": IN_CONTEXT, "pN_": IN_CONTEXT}

Key = tuple[str | None, str]


def _mapping() -> tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        return parse_mapping_cfg(cfg)


def keywords() -> dict[str, Any]:
    _methods, options = _mapping()
    return dict(options["**.py"]["keywords"])


@cache
def extracted() -> Catalog:
    """A fresh extraction, as ``pybabel extract -F babel.cfg ... kiosk`` makes it."""
    methods, options = _mapping()
    found = Catalog(domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE, methods, options, keywords=DEFAULT_KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        found.add(message, None, [(f"kiosk/{filename}", lineno)], auto_comments=comments,
                  context=context)
    return found


@cache
def read(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, abort_invalid=True)


def messages(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id)


def key(message: Message) -> Key:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def sources(message: Message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def translated(message: Message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def placeholders(text: str) -> tuple[set[str], list[str]]:
    """``{names}`` (ours) and ``%1``-style arguments (Qt's)."""
    fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    return fields, sorted(re.findall(r"%\d", text))


def where(message: Message) -> str:
    context = f" (context {message.context!r})" if message.context else ""
    return f"{message.locations[0][0] if message.locations else '?'}: {key(message)[1]!r}{context}"


po_files = pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parts[-3])


def test_there_is_an_indonesian_catalogue() -> None:
    assert [p.parts[-3] for p in PO_FILES] == ["id"]


def test_extraction_finds_every_kind_of_message() -> None:
    found = {key(m): m for m in messages(extracted())}
    assert (None, "The NIK may contain digits only.") in found  # ValidationError, 2nd arg
    # An error class defined under kiosk/ui, used there.
    assert (None, "Printer {name} refused the job. Check paper and toner, then try "
                  "again.") in found
    assert found[(None, "{count} card")].id == ("{count} card", "{count} cards")
    assert ("anomaly kind", "Refused") in found and (None, "Refused") in found
    assert ("QPlatformTheme", "Retry") in found
    assert found[("sign-in", "Name")].auto_comments  # a TRANSLATORS: note reaches the .po
    assert len(found) > 700


def _error_classes() -> dict[str, bool]:
    """Every PintuError subclass defined anywhere in the package, and whether it is a
    ValidationError (message second). Read from the source: nothing needs importing."""
    bases: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {b.id if isinstance(b, ast.Name) else b.attr
                                    for b in node.bases
                                    if isinstance(b, ast.Name | ast.Attribute)}

    def descends(name: str, root: str) -> bool:
        return name == root or any(descends(b, root) for b in bases.get(name, ()))

    return {name: descends(name, "ValidationError") for name in bases
            if descends(name, "PintuError")}


def test_every_error_class_is_an_extraction_keyword() -> None:
    classes = _error_classes()
    assert {"PrinterUnavailable", "LoginFailed", "ValidationError"} <= set(classes)
    wanted = {name: (2,) if validation else None for name, validation in classes.items()}
    given = {name: spec for name, spec in keywords().items() if name not in FUNCTIONS}
    assert given == wanted, "babel.cfg must name every error class (and no other)"


def test_the_i18n_functions_are_extraction_keywords() -> None:
    given = keywords()
    assert {name: given.get(name, "missing") for name in FUNCTIONS} == FUNCTIONS


@po_files
def test_the_catalogue_holds_exactly_the_extracted_messages(po: Path) -> None:
    fresh = {key(m): sources(m) for m in messages(extracted())}
    held = {key(m): sources(m) for m in messages(read(po))}
    missing = sorted(set(fresh) - set(held), key=str)
    obsolete = sorted(set(held) - set(fresh), key=str)
    assert not missing, "not in the catalogue (run `make messages`):\n" + "\n".join(
        map(str, missing))
    assert not obsolete, "no longer in the code (run `make messages`):\n" + "\n".join(
        map(str, obsolete))
    changed = [k for k in fresh if fresh[k] != held[k]]
    assert not changed, f"plural form changed (run `make messages`): {changed}"
    assert not read(po).obsolete, "obsolete (#~) entries left in the catalogue"


def test_the_template_holds_exactly_the_extracted_messages() -> None:
    fresh = {key(m): sources(m) for m in messages(extracted())}
    assert {key(m): sources(m) for m in messages(read(TEMPLATE))} == fresh


@po_files
def test_every_message_is_translated_and_reviewed(po: Path) -> None:
    catalog = read(po)
    forms = catalog.num_plurals
    missing = [where(m) for m in messages(catalog)
               if not all(text.strip() for text in translated(m))
               or (m.pluralizable and len(translated(m)) != forms)]
    fuzzy = [where(m) for m in messages(catalog) if m.fuzzy]
    assert not missing, f"no {po.parts[-3]} translation for:\n" + "\n".join(missing)
    assert not fuzzy, "fuzzy (unreviewed) translations:\n" + "\n".join(fuzzy)
    assert not catalog.fuzzy, "the catalogue header is marked fuzzy"


@po_files
def test_placeholders_match(po: Path) -> None:
    wrong = []
    for message in messages(read(po)):
        expected = placeholders(sources(message)[-1])
        if any(placeholders(text) != expected
               for text in (*sources(message), *translated(message))):
            wrong.append(where(message))
    assert not wrong, "placeholders differ from the source:\n" + "\n".join(wrong)


@po_files
def test_qt_strings_keep_their_keyboard_accelerator(po: Path) -> None:
    """Qt marks a shortcut letter with "&"; the translation marks one too, or none."""
    wrong = [where(m) for m in messages(read(po)) if (m.context or "").startswith("Q")
             and translated(m)[0].count("&") != m.id.count("&")]
    assert not wrong


@po_files
def test_the_catalogue_parses_and_round_trips_through_a_compiled_file(po: Path) -> None:
    catalog = read(po)
    problems = [(m.id, errors) for m, errors in catalog.check()]
    assert not problems
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    assert_translates_as_written(gettext.GNUTranslations(compiled), catalog)


@po_files
def test_the_kiosk_reads_an_up_to_date_compiled_catalogue(po: Path) -> None:
    """The .mo the build made (what the kiosk loads) says what the .po says."""
    loaded = translations(po.parts[-3])
    assert isinstance(loaded, Catalogue), "no compiled catalogue: run `make translations`"
    assert_translates_as_written(loaded, read(po))


def assert_translates_as_written(compiled: gettext.NullTranslations, catalog: Catalog) -> None:
    stale = []
    for message in messages(catalog):
        if message.fuzzy or not all(translated(message)):
            continue  # left out on purpose (test_every_message_is_translated_and_reviewed)
        if isinstance(message.id, str):
            got = (compiled.pgettext(message.context, message.id) if message.context
                   else compiled.gettext(message.id))
            if got != message.string:
                stale.append(where(message))
        else:
            got = (compiled.npgettext(message.context, *message.id, 5) if message.context
                   else compiled.ngettext(*message.id, 5))
            if got != translated(message)[gettext.c2py(catalog.plural_expr)(5)]:
                stale.append(where(message))
    assert not stale, ("compiled catalogue differs from the .po (run `make translations`):\n"
                       + "\n".join(stale))
