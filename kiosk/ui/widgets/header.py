"""The bar at the top of every screen: site name, clock, language switch, staff sign-in."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from kiosk.domain.clock import utcnow
from kiosk.formats import datetime_text
from kiosk.i18n import LANGUAGES, current_language, tr
from kiosk.ui.language import language
from kiosk.ui.widgets.plain import PlainLabel, plain_tooltip


class Header(QFrame):
    staff_requested = Signal()

    def __init__(self, site_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "header")
        self.setFixedHeight(88)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)
        layout.setSpacing(16)
        self._site = _ElidedLabel(site_name)
        self._site.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self._clock = PlainLabel()
        self._clock.setObjectName("header-clock")
        self._clock.setStyleSheet("font-size: 20pt;")
        self._clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self._site, 1)
        layout.addWidget(self._clock)
        self._languages = QButtonGroup(self)
        for code in LANGUAGES:
            button = QPushButton(code.upper())
            button.setProperty("role", "header")
            button.setCheckable(True)
            button.setObjectName(f"lang-{code}")
            button.setMinimumWidth(72)
            button.clicked.connect(lambda _=False, c=code: language().switch(c))
            self._languages.addButton(button)
            layout.addWidget(button)
        self.staff_button = QPushButton()
        self.staff_button.setObjectName("staff-button")
        self.staff_button.setProperty("role", "header")
        self.staff_button.clicked.connect(self.staff_requested)
        layout.addWidget(self.staff_button)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        language().changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self, _language: str = "") -> None:
        self.staff_button.setText(tr("Staff"))
        for button in self._languages.buttons():
            button.setChecked(button.objectName() == f"lang-{current_language()}")
        self._tick()

    def _tick(self) -> None:
        # The site's clock and zone, not the terminal's: a PC left on UTC must still show
        # the time on the server-room wall.
        self._clock.setText(datetime_text(utcnow(), weekday=True))


class _ElidedLabel(PlainLabel):
    """A long site name ends in "..." on a narrow screen instead of widening the window."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._full = text
        self.setToolTip(plain_tooltip(text))
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        elided = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                               self.width())
        if elided != self.text():
            self.setText(elided)
