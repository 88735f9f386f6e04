"""Text from outside the building shown as text, never as markup.

``QLabel`` guesses: a string that looks like HTML is drawn as HTML. A visitor who types
``<h1 style="color:red">DISETUJUI</h1>`` as their organisation would put a fake banner,
links or local images in front of the operator at the moment of deciding. Every label
that can show what a visitor typed, what a CSV import or a scanned code carried, or a
name staff typed, is made here, with the guess turned off.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain(label: QLabel) -> QLabel:
    """``label``, showing its text exactly as written from now on."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class PlainLabel(QLabel):
    """A label whose text is always shown as written."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)
