"""The Qt binding must not leak references to ``None``.

PySide6 6.12's abi3 wheels drop a reference to ``None`` on every void Qt call under
Python 3.11; a kiosk painting a camera preview then aborts within minutes with
"deallocating None". This pins the behaviour so an upgrade that brings it back fails here
instead of at the door.
"""

from __future__ import annotations

import sys

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
