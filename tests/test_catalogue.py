"""Every user-facing string has an Indonesian translation with the same placeholders.

User-facing strings are the literals passed to ``tr``, ``translate`` and ``N_``, and the
messages given to the ``kiosk.errors`` exceptions (for ``ValidationError``, the second
argument). The scan reads the source, so a string cannot hide from it by being rare.
"""

from __future__ import annotations

import ast
import inspect
import string
from pathlib import Path

import kiosk
from kiosk import errors
from kiosk.i18n import catalogue

PACKAGE = Path(kiosk.__file__).parent
MARKERS = {"tr": 0, "translate": 0, "N_": 0}


def _error_classes() -> dict[str, int]:
    found: dict[str, int] = {}
    for module in [errors, *_modules_defining_errors()]:
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, errors.PintuError):
                found[name] = 1 if issubclass(obj, errors.ValidationError) else 0
    return found


def _modules_defining_errors() -> list[object]:
    import importlib

    modules = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] in {"ui", "testing"} or "migrations" in parts:
            continue
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if name.endswith("__main__"):
            continue
        modules.append(importlib.import_module(name))
    return modules


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _literal(node: ast.expr) -> str | None:
    """A string literal, including implicit concatenation (which the parser joins)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def user_strings() -> dict[str, str]:
    markers = {**MARKERS, **_error_classes()}
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            if name not in markers or len(node.args) <= markers[name]:
                continue
            text = _literal(node.args[markers[name]])
            if text:
                found.setdefault(text, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def test_scan_finds_strings() -> None:
    strings = user_strings()
    assert "The NIK may contain digits only." in strings
    assert len(strings) > 50


def test_every_string_has_an_indonesian_translation() -> None:
    indonesian = catalogue("id")
    missing = [f"{where}: {text!r}" for text, where in user_strings().items()
               if text not in indonesian]
    assert not missing, "no Indonesian translation for:\n" + "\n".join(missing)


def test_placeholders_match() -> None:
    indonesian = catalogue("id")
    wrong = [text for text in user_strings()
             if text in indonesian and _fields(text) != _fields(indonesian[text])]
    assert not wrong, f"placeholders differ: {wrong}"


def test_no_translation_is_empty_or_left_in_english() -> None:
    indonesian = catalogue("id")
    empty = [k for k, v in indonesian.items() if not v.strip()]
    assert not empty
