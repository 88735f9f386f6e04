"""Asking for a reason: refusal, cancellation, a retired badge, a removed deny entry.

The rule that a reason is required lives in the service (``validation.reason``); the
dialog offers the usual reasons as one-click choices and shows the service's answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import tr
from kiosk.ui.operator.common import error_label, show_error
from kiosk.ui.ops import run_op
from kiosk.ui.widgets.plain import PlainLabel


class ReasonDialog(QDialog):
    """``work(reason)`` runs off the UI thread; the dialog closes when it succeeds."""

    def __init__(self, title: str, prompt: str, action: str,
                 work: Callable[[str], Any], choices: Sequence[str] = (),
                 parent: QWidget | None = None, danger: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(620)
        self._work = work
        self.result_value: Any = None
        layout = QVBoxLayout(self)
        heading = PlainLabel(title)
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        text = PlainLabel(prompt)  # names visitors and staff typed
        text.setWordWrap(True)
        layout.addWidget(text)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setFixedHeight(110)
        for choice in choices:
            button = QPushButton(choice)
            button.setProperty("role", "chip")
            button.clicked.connect(lambda _=False, c=choice: self.reason.setPlainText(c))
            layout.addWidget(button)
        self._options_at = layout.count()
        layout.addWidget(self.reason)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        back = QPushButton(tr("Back"))
        back.clicked.connect(self.reject)
        self.confirm = QPushButton(action)
        self.confirm.setObjectName("confirm")
        self.confirm.setProperty("role", "danger" if danger else "primary")
        self.confirm.clicked.connect(self._confirm)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        layout.addLayout(buttons)

    def add_option(self, option: QWidget) -> None:
        """A choice that goes with the reason (a tick box), shown above the reason field;
        ``work`` reads it when the dialog is confirmed."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(self._options_at, option)
        self._options_at += 1

    def _confirm(self) -> None:
        reason = self.reason.toPlainText()
        self.confirm.setEnabled(False)
        show_error(self.error, None)
        run_op(self, lambda: self._work(reason), self._done, self._failed)

    def _done(self, value: Any) -> None:
        self.result_value = value
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.confirm.setEnabled(True)
        show_error(self.error, exc)
