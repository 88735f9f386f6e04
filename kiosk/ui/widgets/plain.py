"""Text from outside the building shown as text, never as markup.

``QLabel`` guesses: a string that looks like HTML is drawn as HTML. A visitor who types
``<h1 style="color:red">DISETUJUI</h1>`` as their organisation would put a fake banner,
links or local images in front of the operator at the moment of deciding. Every label
that can show what a visitor typed, what a CSV import or a scanned code carried, or a
name staff typed, is made here, with the guess turned off. The kiosk draws no markup of
its own, so every label is one of these (tests/ui/test_plain_text.py holds to that).

The same guess hides in the other places Qt shows a string: message boxes, the label of
an input dialog, tooltips. Each has its helper here, so no screen needs to know.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMessageBox, QWidget


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


def message_box(icon: QMessageBox.Icon, title: str, text: str,
                buttons: QMessageBox.StandardButton, parent: QWidget | None) -> QMessageBox:
    """A message box whose text (a report, a name, a reason) is shown as written."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def ask_text(parent: QWidget, title: str, prompt: str,
             echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal,
             value: str = "") -> str | None:
    """``QInputDialog.getText`` with its prompt (which may name a person) shown as written;
    None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(prompt)
    dialog.setTextEchoMode(echo)
    dialog.setTextValue(value)
    for label in dialog.findChildren(QLabel):
        plain(label)
    return dialog.textValue() if dialog.exec() == QInputDialog.DialogCode.Accepted else None


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as written: tooltips always guess, so the text is
    escaped and handed over as markup that says exactly that."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
