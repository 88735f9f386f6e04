"""The supervisor's overview: the first page after signing in, to look at rather than read.

Today in five tiles (visits, holding a badge, waiting for a decision, visits with
anomalies, open at the day's end: the daily report's own figures), the last 30 days and
five weeks as charts (visits per day by purpose, SOP step times against the standard,
anomalies per week), the badges that are out and the last backup. It is sized to be read
whole on a 1280x800 screen, without scrolling.

Tapping a day's bar opens that day's report, a week's anomaly bar that week's report
(``period_requested``; the console switches to the reports tab). Everything is read by one
service call off the UI thread (``run_op``), when the page is shown and every minute while
it stays in sight; a page nobody looks at reads nothing.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.clock import local
from kiosk.domain.figures import STEPS, Period
from kiosk.domain.overview import BadgeOut, TodayTiles
from kiosk.formats import clock_text, day_time_text, long_date, seconds_text, short_datetime_text
from kiosk.i18n import N_, ntr, tr
from kiosk.services.actors import Actor
from kiosk.services.backup import BackupStatus
from kiosk.services.overview import Overview, load_overview
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.operator.common import error_text, set_message
from kiosk.ui.ops import run_op
from kiosk.ui.supervisor.overview_charts import AnomalyChart, StepChart, VisitsChart
from kiosk.ui.widgets.plain import PlainLabel
from kiosk.ui.widgets.restyle import set_style_property

REFRESH_MS = 60_000
#: Badges listed by number and holder; more than this are counted, not listed.
BADGES_LISTED = 5
TILES = (("visits", N_("Visits today")), ("inside", N_("Holding a badge")),
         ("waiting", N_("Waiting for a decision")), ("anomalies", N_("Visits with anomalies")),
         ("unclosed", N_("Open at day end")))


class Tile(QFrame):
    """A big number beside what it counts, and a line of detail under that."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile-{key}")
        self.setProperty("role", "card")
        layout = QGridLayout(self)
        layout.setContentsMargins(12, 4, 8, 4)
        layout.setHorizontalSpacing(10)
        layout.setVerticalSpacing(0)
        self.number = PlainLabel("–")
        self.number.setObjectName(f"tile-{key}-number")
        self.number.setProperty("role", "tile-number")
        self.label = PlainLabel()
        self.label.setProperty("role", "tile-label")
        self.label.setWordWrap(True)
        self.detail = PlainLabel()
        self.detail.setProperty("role", "tile-detail")
        self.detail.setWordWrap(True)
        layout.addWidget(self.number, 0, 0, 2, 1)
        layout.addWidget(self.label, 0, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self.detail, 1, 1, Qt.AlignmentFlag.AlignTop)
        layout.setColumnStretch(1, 1)

    def value(self) -> int | None:
        text = self.number.text()
        return int(text) if text.isdigit() else None

    def show_value(self, value: int, detail: str = "", tone: str = "") -> None:
        self.number.setText(str(value))
        set_style_property(self.number, "tone", tone)
        self.detail.setText(detail)


class OverviewPage(QWidget):
    period_requested = Signal(object)  # Period

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview")
        self._ctx, self._actor = ctx, actor
        self._overview: Overview | None = None
        self._busy = False
        self.heading = PlainLabel()
        self.heading.setObjectName("overview-heading")
        self.heading.setProperty("role", "section")
        self.as_of = PlainLabel()
        self.as_of.setObjectName("overview-as-of")
        self.as_of.setProperty("role", "muted")
        self.backup = PlainLabel()
        self.backup.setObjectName("overview-backup")
        self.message = PlainLabel()
        self.message.setObjectName("overview-message")
        self.message.setWordWrap(True)
        self.message.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.as_of, 1)
        top.addWidget(self.backup)

        self.tiles = {key: Tile(key) for key, _label in TILES}
        tiles = QHBoxLayout()
        tiles.setSpacing(8)
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)

        self.visits_chart = VisitsChart()
        self.visits_chart.day_clicked.connect(
            lambda day: self.period_requested.emit(Period.day(day)))
        self.step_charts = {key: StepChart(key) for key, _label in STEPS}
        self.anomaly_chart = AnomalyChart()
        self.anomaly_chart.week_clicked.connect(self._open_week)
        self.badges_card = QFrame()
        self.badges_card.setObjectName("overview-badges")
        self.badges_card.setProperty("role", "card")
        self.badges_title = PlainLabel()
        self.badges_title.setProperty("role", "section")
        self.badges_list = PlainLabel()  # the holders' names are what visitors typed
        self.badges_list.setObjectName("overview-badges-list")
        self.badges_list.setProperty("role", "tile-label")
        self.badges_list.setWordWrap(True)
        card = QVBoxLayout(self.badges_card)
        card.setContentsMargins(12, 6, 12, 6)
        card.setSpacing(2)
        card.addWidget(self.badges_title)
        card.addWidget(self.badges_list)
        card.addStretch(1)

        self.steps_caption = PlainLabel()
        self.steps_caption.setProperty("role", "tile-detail")
        steps = QHBoxLayout()
        steps.setSpacing(8)
        for chart in self.step_charts.values():
            steps.addWidget(chart, 1)
        left = QVBoxLayout()
        left.setSpacing(4)
        visits = QFrame()  # the chart and its legend on one card
        visits.setProperty("role", "card")
        self.visits_chart.setStyleSheet("QChartView { border: none; background: transparent; }")
        visits_layout = QHBoxLayout(visits)
        visits_layout.setContentsMargins(1, 1, 6, 1)
        visits_layout.setSpacing(4)
        visits_layout.addWidget(self.visits_chart, 1)
        visits_layout.addWidget(self.visits_chart.legend, 0, Qt.AlignmentFlag.AlignVCenter)
        left.addWidget(visits, 1)
        left.addSpacing(4)
        left.addWidget(self.steps_caption)
        left.addLayout(steps, 1)
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.badges_card, 3)
        right.addWidget(self.anomaly_chart, 2)
        charts = QHBoxLayout()
        charts.setSpacing(8)
        charts.addLayout(left, 3)
        charts.addLayout(right, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(tiles)
        layout.addLayout(charts, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        language().changed.connect(self.retranslate)
        self.retranslate()

    def title(self) -> str:
        return tr("Overview")

    # --- loading -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self._timer.stop()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        ctx, actor, earlier = self._ctx, self._actor, self._overview
        run_op(self, lambda: load_overview(ctx.db, ctx.settings, actor, earlier=earlier),
               self._loaded, self._failed)

    def _loaded(self, overview: Overview) -> None:
        self._busy = False
        set_message(self.message, "")
        self.show_overview(overview)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        set_message(self.message, error_text(exc))

    @property
    def overview(self) -> Overview | None:
        return self._overview

    def show_overview(self, overview: Overview) -> None:
        self._overview = overview
        self._show_today(overview.tiles)
        self.as_of.setText(tr("as of {time}", time=seconds_text(overview.taken_at)))
        window = overview.window
        self.visits_chart.show_days(window.days, overview.purposes, overview.visits)
        labels = dict(STEPS)
        for key, chart in self.step_charts.items():
            chart.show_weeks(tr(labels[key]), [s for s in overview.steps if s.step == key])
        self.anomaly_chart.show_weeks(overview.anomalies)
        self._show_badges(overview.badges_out)
        self._show_backup(overview.backup)

    def _show_today(self, tiles: TodayTiles) -> None:
        self.heading.setText(tr("Today, {date}", date=long_date(tiles.day)))
        end = clock_text(tiles.day_end)
        self.tiles["visits"].show_value(tiles.visits)
        self.tiles["inside"].show_value(tiles.inside)
        self.tiles["waiting"].show_value(tiles.waiting, tone="warn" if tiles.waiting else "")
        self.tiles["anomalies"].show_value(tiles.anomalies,
                                           tone="danger" if tiles.anomalies else "")
        if tiles.day_end_reached:
            detail = ntr("{count} still open", "{count} still open", tiles.still_open)
        else:
            detail = tr("day ends {time}", time=end)
        self.tiles["unclosed"].show_value(tiles.unclosed, detail,
                                          "warn" if tiles.still_open else "")

    def _show_badges(self, out: tuple[BadgeOut, ...]) -> None:
        self.badges_title.setText(ntr("{count} badge out", "{count} badges out", len(out)))
        lines = [tr("{badge}: {name} ({visit}), since {time}", badge=b.number,
                    visit=b.visit_number or "–", name=b.holder, time=self._since(b.since))
                 for b in out[:BADGES_LISTED]]
        if len(out) > BADGES_LISTED:
            lines.append(ntr("and {count} more", "and {count} more",
                             len(out) - BADGES_LISTED))
        self.badges_list.setText("\n".join(lines) or tr("Every badge is at the desk."))

    def _since(self, moment: dt.datetime | None) -> str:
        """The time a badge went out; the date too if not today."""
        if moment is None:
            return "–"
        here = local(moment)
        today = self._overview.window.today if self._overview else here.date()
        return day_time_text(moment, today)

    def _show_backup(self, status: BackupStatus) -> None:
        """The last good backup; a failed one in the warning colour (the console's banner
        says what went wrong)."""
        if status.last_success_at is None:
            text = tr("No backup yet")
        else:
            text = tr("Last backup: {time}", time=short_datetime_text(status.last_success_at))
        if status.failing:
            text = tr("The backup of {time} failed", time=short_datetime_text(status.last_run_at))
        self.backup.setText(text)
        ok = status.last_success_at is not None and not status.failing
        set_style_property(self.backup, "role", "ok" if ok else "warn")

    def _open_week(self, week: dt.date) -> None:
        overview = self._overview
        last = week + dt.timedelta(days=6)
        if overview is not None:
            last = min(last, overview.window.today)
        self.period_requested.emit(Period.between(week, last))

    # --- language --------------------------------------------------------------------------

    def retranslate(self, _language: str = "") -> None:
        self.steps_caption.setText(tr("SOP step times: the median of each week, in minutes; "
                                      "the dashed line is the standard time."))
        for key, label in TILES:
            self.tiles[key].label.setText(tr(label))
        if self._overview is not None:
            self.show_overview(self._overview)
        else:
            self.heading.setText(tr("Overview"))
            self.as_of.setText(tr("Loading…"))
