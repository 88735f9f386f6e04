"""The core runs without Qt: no module outside ``kiosk/ui/`` imports PySide6.

So the services, reports and command line work on a server with no display, and a test of
the rules never needs a QApplication.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kiosk

PACKAGE = Path(kiosk.__file__).parent


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def qt_importers() -> list[str]:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "ui":
            continue
        modules = _imports(ast.parse(path.read_text(encoding="utf-8")))
        if any(m == "PySide6" or m.startswith(("PySide6.", "shiboken6")) for m in modules):
            offenders.append(str(relative))
    return offenders


def test_no_qt_outside_the_ui_package() -> None:
    assert qt_importers() == []


def test_the_scan_sees_imports_in_every_form() -> None:
    tree = ast.parse("import PySide6.QtCore\nfrom PySide6 import QtGui\n"
                     "def f():\n    from PySide6.QtWidgets import QLabel\n")
    assert _imports(tree) == {"PySide6.QtCore", "PySide6", "PySide6.QtWidgets"}
