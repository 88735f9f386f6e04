"""Small helpers every console screen uses to show purposes and failures the same way
(times and dates: ``kiosk.formats``)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from kiosk.config import Settings
from kiosk.errors import PintuError
from kiosk.i18n import tr
from kiosk.ui.widgets.restyle import set_style_property

log = logging.getLogger(__name__)

def error_text(exc: Exception) -> str:
    """What to tell the person: a rule's or the environment's own message, else a calm
    generic line (the traceback is already in the log)."""
    if isinstance(exc, PintuError):
        return exc.text()
    return tr("Something went wrong; please try again.")


def show_error(label: QLabel, exc: Exception | None) -> None:
    label.setText("" if exc is None else error_text(exc))
    label.setVisible(exc is not None)


def set_message(label: QLabel, text: str, role: str = "error") -> None:
    set_style_property(label, "role", role)
    label.setText(text)
    label.setVisible(bool(text))


def tell(parent: QWidget, title: str, exc: Exception) -> None:
    QMessageBox.warning(parent, title, error_text(exc))


def purpose_label(settings: Settings, key: str) -> str:
    purpose = settings.purpose(key)
    return tr(purpose.label) if purpose is not None else key


def error_label() -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setVisible(False)
    return label
