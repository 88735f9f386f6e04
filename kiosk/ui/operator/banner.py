"""A line above the console's tabs asking for what cannot wait (a visitor waiting to leave,
a roll call, the day not closed, a failed print job or backup): its text and its buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton

from kiosk.ui.widgets.plain import PlainLabel


class Banner(QFrame):
    def __init__(self, name: str, role: str, text_name: str = "") -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", role)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(12, 4, 12, 4)
        self.text = PlainLabel()
        if text_name:
            self.text.setObjectName(text_name)
        self.text.setWordWrap(True)
        self._layout.addWidget(self.text, 1)
        self.setVisible(False)

    def add_button(self, name: str, clicked: Callable[[], object], role: str = "") -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        if role:
            button.setProperty("role", role)
        button.clicked.connect(clicked)
        self._layout.addWidget(button)
        return button
