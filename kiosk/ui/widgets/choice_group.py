"""One choice out of a few, as big buttons rather than a drop-down list.

A drop-down hides the options behind a tap and opens a small popup; on a touchscreen
read standing up every option should be visible and at least 60 px high.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.errors import PintuError
from kiosk.i18n import tr
from kiosk.ui.widgets.plain import PlainLabel


class ChoiceGroup(QWidget):
    chosen = Signal(str)

    def __init__(self, name: str, options: Sequence[tuple[str, str]], *, columns: int = 2,
                 parent: QWidget | None = None) -> None:
        """``options`` are (key, English source label) pairs."""
        super().__init__(parent)
        self.setObjectName(name)
        self._labels: dict[str, str] = {}
        self._error: PintuError | str | None = None
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        self._buttons: dict[str, QPushButton] = {}
        for index, (key, label) in enumerate(options):
            button = QPushButton()
            button.setObjectName(f"{name}-{key}")
            button.setProperty("role", "choice")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
            self._group.addButton(button)
            self._buttons[key] = button
            self._labels[key] = label
            grid.addWidget(button, index // columns, index % columns)
        layout.addLayout(grid)
        self.message = PlainLabel()
        self.message.setObjectName(f"{name}-message")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.chosen.connect(lambda _key: self.clear_error())
        self.retranslate()

    def value(self) -> str | None:
        return next((k for k, b in self._buttons.items() if b.isChecked()), None)

    def set_value(self, key: str | None) -> None:
        self._group.setExclusive(False)
        for k, button in self._buttons.items():
            button.setChecked(k == key)
        self._group.setExclusive(True)

    def button(self, key: str) -> QPushButton:
        return self._buttons[key]

    def label_of(self, key: str) -> str:
        return tr(self._labels[key])

    def show_error(self, error: PintuError | str) -> None:
        self._error = error
        self._render_error()

    def clear_error(self) -> None:
        self._error = None
        self._render_error()

    def _render_error(self) -> None:
        if self._error is None:
            self.message.clear()
        else:
            text = self._error.text() if isinstance(self._error, PintuError) else tr(self._error)
            self.message.setText("⚠ " + text)
        self.message.setVisible(self._error is not None)

    def retranslate(self) -> None:
        for key, button in self._buttons.items():
            button.setText(tr(self._labels[key]))
        self._render_error()
