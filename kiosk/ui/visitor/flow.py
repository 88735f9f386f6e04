"""The visitor's screens, one after another (welcome, identity, form, devices, sign, review)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.i18n import tr
from kiosk.ui.context import AppContext


class VisitorFlow(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        layout = QVBoxLayout(self)
        self._title = QLabel(tr("Welcome"))
        self._title.setProperty("role", "heading")
        layout.addWidget(self._title)

    def reset(self) -> None:
        """Back to the welcome screen with nothing of the previous visitor left."""

    def shutdown(self) -> None:
        """Stop the camera and timers before the window closes."""
