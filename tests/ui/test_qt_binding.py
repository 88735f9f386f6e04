"""The Qt binding must not leak references to ``None``, and must carry QtPdf.

PySide6 6.12's abi3 wheels drop a reference to ``None`` on every void Qt call under
Python 3.11; a kiosk painting a camera preview then aborts within minutes with
"deallocating None". This pins the behaviour so an upgrade that brings it back fails here
instead of at the door.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    rect = QRectF()
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(2000):
        rect.setWidth(n)
        label.setText(str(n))
    assert sys.getrefcount(None) - before > -50


def test_qtpdf_is_installed() -> None:
    """Page preview and printing draw PDFs with QtPdf. PySide6 6.11 ships it in
    PySide6-Addons; 6.12 moves it into a wheel of its own (PySide6_Pdf), which an upgrade
    must add to requirements.lock and pyproject.toml or the kiosk cannot print."""
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError as exc:
        pytest.fail(f"PySide6.QtPdf is missing ({exc}): install the PySide6 wheel that "
                    "carries it (PySide6-Addons below 6.12, PySide6_Pdf from 6.12 on)")
    assert QPdfDocument().status() == QPdfDocument.Status.Null
