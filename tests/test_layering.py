"""The layers only call downward, and a test says so.

``kiosk/ui`` and ``kiosk/cli`` are front ends: they call ``kiosk/services``, which alone
opens the database (``kiosk/db``); ``pintu run`` starts the window, so the command line
may start ``kiosk/ui``. ``kiosk/domain``, ``kiosk/documents`` and ``kiosk/scan``
are leaves anyone may use: plain Python with no database and no Qt. Nothing outside
``kiosk/ui`` imports Qt, so the services, reports and command line work on a server with
no display, and a test of the rules never needs a QApplication.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kiosk

PACKAGE = Path(kiosk.__file__).parent
QT = ("PySide6", "shiboken6")
DATABASE = ("kiosk.db", "sqlalchemy", "alembic", "psycopg")

#: For each layer (a folder of ``kiosk``), the imports it may not use.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (*QT, *DATABASE, "kiosk.services", "kiosk.documents", "kiosk.scan",
               "kiosk.ui", "kiosk.cli"),
    "documents": (*QT, *DATABASE, "kiosk.services", "kiosk.ui", "kiosk.cli"),
    "scan": (*QT, *DATABASE, "kiosk.services", "kiosk.documents", "kiosk.ui", "kiosk.cli"),
    "db": (*QT, "kiosk.services", "kiosk.documents", "kiosk.scan", "kiosk.ui", "kiosk.cli"),
    "services": (*QT, "kiosk.ui", "kiosk.cli"),
    "cli": (*QT[1:], *DATABASE),
    "ui": (*DATABASE, "kiosk.cli"),
}
#: Modules at the top of the package (settings, messages, translations, logs, assets) sit
#: beside the domain: every layer uses them.
SHARED = (*QT, *DATABASE, "kiosk.services", "kiosk.documents", "kiosk.scan", "kiosk.ui",
          "kiosk.cli")


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _matches(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "db" and "migrations" in relative.parts:
            continue
        forbidden = FORBIDDEN.get(relative.parts[0], SHARED) if len(relative.parts) > 1 \
            else SHARED if relative.name not in {"__main__.py"} else ()
        for module in sorted(_imports(ast.parse(path.read_text(encoding="utf-8")))):
            if _matches(module, forbidden):
                found.append(f"{relative} imports {module}")
    return found


def test_every_layer_imports_only_what_lies_below() -> None:
    assert violations() == []


def test_the_scan_sees_imports_in_every_form() -> None:
    tree = ast.parse("import PySide6.QtCore\nfrom PySide6 import QtGui\n"
                     "def f():\n    from PySide6.QtWidgets import QLabel\n")
    assert _imports(tree) == {"PySide6.QtCore", "PySide6", "PySide6.QtWidgets"}


def test_a_forbidden_import_is_reported(tmp_path: Path) -> None:
    assert _matches("kiosk.db.models", DATABASE)
    assert _matches("sqlalchemy.orm", DATABASE)
    assert not _matches("kiosk.dbx", DATABASE)
    assert not _matches("kiosk.domain.types", DATABASE)
