"""No screen can make a widget that guesses markup: read from the source of kiosk/ui.

Qt draws a string that looks like HTML as HTML in a QLabel, a QMessageBox, an input
dialog's prompt, a form row's label given as a string, and a tooltip. Every one of those
goes through ``kiosk.ui.widgets.plain``; this test fails on the first that does not, with
its file and line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import kiosk.ui

UI = Path(kiosk.ui.__file__).parent
HELPER = UI / "widgets" / "plain.py"
#: Static calls that build their own label from a string.
GUESSING_CALLS = {
    "QMessageBox": {"information", "warning", "critical", "question", "about"},
    "QInputDialog": {"getText", "getMultiLineText", "getItem", "getInt", "getDouble"},
}
#: Classes whose instances guess, made only by the helper.
GUESSING_CLASSES = {"QLabel", "QMessageBox", "QInputDialog"}
#: Text formats that draw markup: allowed only with a comment saying it is our own markup.
MARKUP_FORMATS = {"RichText", "AutoText", "MarkdownText"}
OWN_MARKUP = "# own markup:"


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_string(node: ast.expr) -> bool:
    """A string literal, an f-string, or a call to tr()/ptr()/ntr(): text, not a widget."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Call) and _name(node.func) in {"tr", "ptr", "ntr", "translate"}


def problems_in(path: Path) -> Iterator[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    where = path.relative_to(UI.parent.parent) if path.is_relative_to(UI) else path.name
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if _name(base) in GUESSING_CLASSES:
                    yield f"{where}:{node.lineno}: class {node.name} derives from " \
                          f"{_name(base)}; derive from PlainLabel"
        if not isinstance(node, ast.Call):
            continue
        called = _name(node.func)
        line = f"{where}:{node.lineno}"
        if called in GUESSING_CLASSES:
            yield f"{line}: {called}(...) guesses markup; use kiosk.ui.widgets.plain"
        if isinstance(node.func, ast.Attribute) and \
                node.func.attr in GUESSING_CALLS.get(_name(node.func.value), ()):
            yield f"{line}: {_name(node.func.value)}.{node.func.attr}(...) guesses markup; " \
                  f"use message_box / ask_text"
        if called == "addRow" and node.args and _is_string(node.args[0]):
            yield f"{line}: addRow with a string makes a guessing label; pass a PlainLabel"
        if called in {"setToolTip", "showText"} and node.args and not (
                isinstance(node.args[-1], ast.Call) and _name(node.args[-1].func)
                == "plain_tooltip") and not (isinstance(node.args[0], ast.Constant)
                                              and node.args[0].value == ""):
            yield f"{line}: tooltips guess markup; pass plain_tooltip(text)"
        if called == "setTextFormat" and node.args and _name(node.args[0]) in MARKUP_FORMATS \
                and OWN_MARKUP not in lines[node.lineno - 1]:
            yield f"{line}: {_name(node.args[0])} needs a '{OWN_MARKUP} ...' comment"


def test_every_label_and_message_in_kiosk_ui_shows_text_as_written() -> None:
    found = [problem for path in sorted(UI.rglob("*.py")) if path != HELPER
             for problem in problems_in(path)]
    assert not found, "\n".join(found)


def test_the_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The rules above fire on the shapes they name (else the test above proves nothing)."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from PySide6.QtWidgets import QLabel, QMessageBox, QInputDialog\n"
        "class Banner(QLabel): pass\n"
        "a = QLabel(name)\n"
        "QMessageBox.warning(None, 'x', reason)\n"
        "b = QMessageBox()\n"
        "QInputDialog.getText(None, 'x', prompt)\n"
        "form.addRow(tr('Name'), field)\n"
        "form.addRow(f'{name}', field)\n"
        "w.setToolTip(site_name)\n"
        "label.setTextFormat(Qt.TextFormat.RichText)\n"
        "label.setTextFormat(Qt.TextFormat.RichText)  # own markup: our bold heading\n"
        "ok = PlainLabel(name); form.addRow(PlainLabel(tr('Name')), field)\n"
        "w.setToolTip(plain_tooltip(site_name))\n", encoding="utf-8")
    lines = sorted(int(p.split(": ", 1)[0].rsplit(":", 1)[1]) for p in problems_in(sample))
    assert lines == list(range(2, 11))
