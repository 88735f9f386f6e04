"""The first screen at the door: who we are, the time, and two big choices.

Each choice carries its label in both languages (the visitor may not read the current
one yet); everything else follows the language switch.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.clock import local, utcnow
from kiosk.formats import long_date, time_text
from kiosk.i18n import LANGUAGES, N_, current_language, tr, translate
from kiosk.ui import theme
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.widgets.plain import PlainLabel

log = logging.getLogger(__name__)

CHECK_IN = N_("Check in")
CHECK_OUT = N_("Check out")
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
LOGO_HEIGHT = 120


class BigChoice(QPushButton):
    """A large button whose label reads in the current language with the other below."""

    def __init__(self, name: str, source: str, primary: bool) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", "welcome" if primary else "welcome-secondary")
        self._source = source
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(4)
        self._main = PlainLabel()
        self._main.setProperty("role", "choice-main")
        self._sub = PlainLabel()
        self._sub.setProperty("role", "choice-sub")
        for label in (self._main, self._sub):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)

    def retranslate(self) -> None:
        self._main.setText(tr(self._source))
        other = next(code for code in LANGUAGES if code != current_language())
        self._sub.setText(translate(self._source, other))
        self.setAccessibleName(self._main.text())


class WelcomeScreen(VisitorScreen):
    check_in = Signal()
    check_out = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "welcome", N_("Welcome"), primary=None, scroll=False,
                         parent=parent)
        self.heading.hide()
        body = self.body
        body.setContentsMargins(40, 24, 40, 24)
        brand = QHBoxLayout()
        brand.setSpacing(24)
        logo = PlainLabel()
        logo.setPixmap(_logo(ctx.settings.logo))
        brand.addWidget(logo)
        names = QVBoxLayout()
        self._site = PlainLabel(ctx.settings.site_name)
        self._site.setObjectName("site-name")
        self._site.setProperty("role", "welcome-title")
        self._site.setWordWrap(True)
        self._greeting = PlainLabel()
        self._greeting.setProperty("role", "lead")
        self._greeting.setWordWrap(True)
        names.addWidget(self._site)
        names.addWidget(self._greeting)
        brand.addLayout(names, 1)
        when = QVBoxLayout()
        when.setSpacing(0)
        self._clock = PlainLabel()
        self._clock.setObjectName("welcome-clock")
        self._clock.setProperty("role", "clock")
        self._date = PlainLabel()
        self._date.setProperty("role", "lead")
        for label in (self._clock, self._date):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            when.addWidget(label)
        brand.addLayout(when)
        body.addLayout(brand)
        body.addStretch(1)
        choices = QHBoxLayout()
        choices.setSpacing(32)
        self.check_in_button = BigChoice("check-in", CHECK_IN, primary=True)
        self.check_in_button.clicked.connect(self.check_in)
        self.check_out_button = BigChoice("check-out", CHECK_OUT, primary=False)
        self.check_out_button.clicked.connect(self.check_out)
        choices.addWidget(self.check_in_button, 1)
        choices.addWidget(self.check_out_button, 1)
        body.addLayout(choices)
        body.addStretch(1)
        switch = QHBoxLayout()
        switch.setSpacing(16)
        self._language_label = PlainLabel()
        self._language_label.setProperty("role", "label")
        switch.addStretch(1)
        switch.addWidget(self._language_label)
        self._language_buttons: dict[str, QPushButton] = {}
        for code in LANGUAGES:
            button = QPushButton(LANGUAGE_NAMES.get(code, code))
            button.setObjectName(f"welcome-lang-{code}")
            button.setProperty("role", "choice")
            button.setCheckable(True)
            button.setMinimumWidth(260)
            button.clicked.connect(lambda _=False, c=code: language().switch(c))
            self._language_buttons[code] = button
            switch.addWidget(button)
        switch.addStretch(1)
        body.addLayout(switch)
        self._notice = PlainLabel()
        self._notice.setProperty("role", "muted")
        self._notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._notice.setWordWrap(True)
        body.addWidget(self._notice)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(10_000)

    def retranslate(self) -> None:
        super().retranslate()
        self._greeting.setText(tr(
            "Welcome. Visits to the server room are registered here; please choose below."))
        self._language_label.setText(tr("Language:"))
        self._notice.setText(tr(
            "Entry to the server room is only with an escort from our staff. "
            "Staff: use the Staff button at the top."))
        for code, button in self._language_buttons.items():
            button.setChecked(code == current_language())
        self.check_in_button.retranslate()
        self.check_out_button.retranslate()
        self._tick()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = utcnow()
        self._clock.setText(time_text(now))
        self._date.setText(long_date(local(now).date()))


def _logo(path: str | None) -> QPixmap:
    """The configured logo, or a plain emblem (a door) when none is set or it cannot load."""
    if path:
        pixmap = QPixmap(path)
        if not pixmap.isNull():
            return pixmap.scaledToHeight(LOGO_HEIGHT, Qt.TransformationMode.SmoothTransformation)
        log.warning("logo %s could not be loaded; using the plain emblem", path)
    pixmap = QPixmap(LOGO_HEIGHT, LOGO_HEIGHT)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.PRIMARY))
    painter.drawRoundedRect(QRectF(0, 0, LOGO_HEIGHT, LOGO_HEIGHT), 24, 24)
    painter.setBrush(QColor(theme.SURFACE))
    painter.drawRect(QRectF(36, 24, 48, 76))
    painter.setBrush(QColor(theme.ACCENT))
    painter.drawEllipse(QRectF(70, 58, 8, 8))
    painter.setPen(QPen(QColor(theme.SURFACE), 6))
    painter.drawLine(24, 100, 96, 100)
    painter.end()
    return pixmap
