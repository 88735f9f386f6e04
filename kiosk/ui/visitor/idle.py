"""Nobody at the screen: ask "still there?", then wipe the form.

The next person at the door must never see the previous visitor's name, NIK or phone,
so an abandoned form is cleared after ``visitor_idle_seconds`` plus a short countdown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import ntr, tr
from kiosk.ui.widgets.plain import PlainLabel

#: The countdown on the prompt; never longer than the idle time itself.
PROMPT_SECONDS = 20

_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin,
             QEvent.Type.TouchUpdate, QEvent.Type.Wheel}


class IdleWatcher(QObject):
    """Restarts its timer on every touch, click or key anywhere in the application."""

    timed_out = Signal()

    def __init__(self, seconds: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(seconds * 1000)
        self._timer.timeout.connect(self.timed_out)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def shutdown(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if self._timer.isActive() and event.type() in _ACTIVITY:
            self._timer.start()
        return False


class StillTherePrompt(QFrame):
    """A dimmed layer over the flow with one big question and a countdown."""

    resumed = Signal()
    expired = Signal()
    restart_requested = Signal()

    def __init__(self, seconds: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("still-there")
        self.setProperty("role", "overlay")
        self._seconds = seconds
        self._left = seconds
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame()
        card.setProperty("role", "card")
        card.setMinimumWidth(720)
        card.setMaximumWidth(900)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(16)
        self._title = PlainLabel()
        self._title.setProperty("role", "heading")
        self._text = PlainLabel()
        self._text.setObjectName("still-there-text")
        self._text.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        self.restart_button = QPushButton()
        self.restart_button.setObjectName("still-there-restart")
        self.restart_button.setProperty("role", "secondary")
        self.restart_button.clicked.connect(self.restart_requested)
        self.continue_button = QPushButton()
        self.continue_button.setObjectName("still-there-continue")
        self.continue_button.setProperty("role", "primary")
        self.continue_button.clicked.connect(self._resume)
        buttons.addWidget(self.restart_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout.addWidget(self._title)
        layout.addWidget(self._text)
        layout.addLayout(buttons)
        outer.addWidget(card)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)
        self.hide()

    def open(self) -> None:
        self._left = self._seconds
        self.retranslate()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self._tick.start()

    def close_prompt(self) -> None:
        self._tick.stop()
        self.hide()

    def _resume(self) -> None:
        self.close_prompt()
        self.resumed.emit()

    def _count_down(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self.close_prompt()
            self.expired.emit()
            return
        self.retranslate()

    def retranslate(self) -> None:
        self._title.setText(tr("Are you still there?"))
        self._text.setText(ntr(
            "To protect your data, this form will be cleared in {count} second.",
            "To protect your data, this form will be cleared in {count} seconds.",
            self._left))
        self.restart_button.setText(tr("Start again"))
        self.continue_button.setText(tr("Yes, continue"))
