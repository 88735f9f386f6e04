"""The overview's charts, drawn by Qt Charts from the overview's plain records.

Three kinds: visits per day stacked by purpose (a bar opens that day's report), the median
time of one SOP step per week against its standard (a dashed line; a week over it is
drawn in the warning colour), and visits with anomalies per week (a bar opens that week's
report). A chart keeps its axes and replaces its series on every refresh: a few dozen
bars, cheaper than keeping series in step with purposes and weeks that change.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from kiosk.domain.overview import AnomalyWeek, PurposeDay, StepWeek
from kiosk.formats import days_text
from kiosk.i18n import tr
from kiosk.ui import theme
from kiosk.ui.widgets.plain import PlainLabel

TITLE_PT = 12
AXIS_PT = 10
#: Room above the tallest bar for its label and the standard line.
HEADROOM = 1.15
#: A step chart's axis is marked at up to this many times the standard.
MARKED_STANDARDS = 4


def _font(points: int, bold: bool = False) -> QFont:
    font = QFont(theme.FONT_FAMILY, points)
    font.setBold(bold)
    return font


def _bars(label: str, values: Sequence[float], colour: str) -> QBarSet:
    bars = QBarSet(label)
    bars.append(list(values))
    bars.setColor(QColor(colour))
    bars.setPen(QPen(Qt.PenStyle.NoPen))
    return bars


class _ChartView(QChartView):
    """A chart on the console's surface, with a value axis up the left and ``across``
    along the bottom, made once. No animation: it is redrawn every minute, and a dance
    of bars every minute would only distract."""

    def __init__(self, name: str, across: QAbstractAxis,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 110)
        self.setStyleSheet(f"QChartView {{ background: {theme.SURFACE}; "
                           f"border: 1px solid {theme.BORDER}; border-radius: 8px; }}")
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundRoundness(0)
        chart.setBackgroundBrush(QBrush(QColor(theme.SURFACE)))
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.layout().setContentsMargins(2, 2, 2, 2)
        chart.setTitleFont(_font(TITLE_PT, bold=True))
        chart.setTitleBrush(QBrush(QColor(theme.TEXT)))
        chart.legend().setFont(_font(AXIS_PT))
        self.across = across
        self.up = QValueAxis()
        self.up.setLabelFormat("%.0f")
        self.up.setGridLineColor(QColor(theme.BORDER))
        for axis in (self.across, self.up):
            axis.setLabelsFont(_font(AXIS_PT))
            axis.setTitleFont(_font(AXIS_PT))
            axis.setLabelsBrush(QBrush(QColor(theme.TEXT)))
        self.across.setGridLineVisible(False)
        chart.addAxis(self.across, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.up, Qt.AlignmentFlag.AlignLeft)
        self.setChart(chart)

    def replace_series(self, *series: QAbstractBarSeries | QLineSeries) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for one in series:
            chart.addSeries(one)
            one.attachAxis(self.across)
            one.attachAxis(self.up)

    def set_top(self, tallest: float, steps: int = 4) -> None:
        """The value axis from 0 in ``steps`` round steps (1, 2 or 5 times a power of
        ten) to just above ``tallest``: few labels, so a small chart keeps them all."""
        step = nice_step(tallest * HEADROOM / steps)
        self.up.setRange(0, step * steps)
        self.up.setTickCount(steps + 1)


def nice_step(least: float) -> int:
    """The smallest whole 1, 2 or 5 times a power of ten that is at least ``least``."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if factor * power >= least:
                return factor * power
        power *= 10


def days_title(days: Sequence[dt.date]) -> str:
    """"24 Nov–23 Des 2026", or "1–30 Nov 2026" within one month: short enough to stay
    whole in the chart's title on a 1280 px screen."""
    return days_text(days[0], days[-1])


def week_labels(mondays: Sequence[dt.date]) -> list[str]:
    """Weeks by their Mondays, short enough for a narrow chart: "2/11", "9", "16", "23",
    "30", "7/12" (the month where it changes, so no two labels are the same)."""
    labels, month = [], 0
    for day in mondays:
        labels.append(str(day.day) if day.month == month else f"{day.day}/{day.month}")
        month = day.month
    return labels


class SwatchLegend(QWidget):
    """The purposes' colours in two columns beside the chart: Qt's own legend lists them
    in one column, taller than the chart on a 1280x800 screen."""

    COLUMNS = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview-legend")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 0, 4, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(2)

    def show_entries(self, entries: Sequence[tuple[str, str]]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, (label, colour) in enumerate(entries):
            row, column = divmod(index, self.COLUMNS)
            swatch = PlainLabel()
            swatch.setFixedSize(12, 12)
            swatch.setStyleSheet(f"background: {colour}; border-radius: 2px;")
            text = PlainLabel(label)  # the purposes are the site's own words
            # A style sheet, not setFont: the console's sheet sets every widget's size.
            text.setStyleSheet(f"font-size: {AXIS_PT + 1}pt;")
            self._grid.addWidget(swatch, row, column * 2)
            self._grid.addWidget(text, row, column * 2 + 1)

    def labels(self) -> list[str]:
        return [w.text() for w in self.findChildren(QLabel) if w.text()]


class VisitsChart(_ChartView):
    """Visits per day, stacked by purpose (the colours' legend beside it says so);
    tapping a day's bar asks for its report.

    The days are marked on their Mondays only: thirty day numbers do not fit a narrow
    screen, and the week is how the desk thinks anyway."""

    day_clicked = Signal(object)  # dt.date

    def __init__(self, parent: QWidget | None = None) -> None:
        days = QCategoryAxis()
        days.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        super().__init__("overview-visits", days, parent)
        self._day_axis = days
        self.chart().legend().hide()
        self.legend = SwatchLegend()
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._days: tuple[dt.date, ...] = ()

    def show_days(self, days: Sequence[dt.date], purposes: Sequence[tuple[str, str]],
                  visits: Sequence[PurposeDay]) -> None:
        self._days = tuple(days)
        self.chart().setTitle(tr("Visits per day, {days}", days=days_title(days)))
        counts = {(v.day, v.purpose_key): v.visits for v in visits}
        series = QStackedBarSeries()
        series.setBarWidth(0.8)
        shown = []
        for index, (key, label) in enumerate(purposes):
            values = [float(counts.get((day, key), 0)) for day in days]
            if any(values):  # a purpose nobody came for stays out of the legend
                colour = theme.CHART_COLOURS[index % len(theme.CHART_COLOURS)]
                series.append(_bars(tr(label), values, colour))
                shown.append((tr(label), colour))
        self.legend.show_entries(shown)
        series.clicked.connect(self._clicked)
        self.replace_series(series)
        axis = self._day_axis
        for label in axis.categoriesLabels():
            axis.remove(label)
        mondays = [(index, day) for index, day in enumerate(days) if day.weekday() == 0]
        for (index, _day), label in zip(mondays, week_labels([d for _, d in mondays]),
                                        strict=True):
            axis.append(label, index)
        axis.setRange(-0.5, len(days) - 0.5)
        self.set_top(max((sum(counts.get((day, key), 0) for key, _ in purposes)
                          for day in days), default=0))

    def _clicked(self, index: int, _bars: QBarSet) -> None:
        if 0 <= index < len(self._days):
            self.day_clicked.emit(self._days[index])

    def click_day(self, day: dt.date) -> None:
        """As if the day's bar were tapped."""
        self._clicked(self._days.index(day), QBarSet(""))


class StepChart(_ChartView):
    """One SOP step: its median per week, against the standard time (dashed)."""

    def __init__(self, step: str, parent: QWidget | None = None) -> None:
        self._week_axis = QBarCategoryAxis()
        super().__init__(f"overview-step-{step}", self._week_axis, parent)
        self.chart().legend().hide()
        self.step = step

    def show_weeks(self, title: str, weeks: Sequence[StepWeek]) -> None:
        """The value axis is marked at the standard and its multiples, so the dashed
        line is the one marked with the standard's minutes."""
        standard = weeks[0].standard if weeks else 1
        self.chart().setTitle(title)
        bars = _bars(title, [round(w.median, 1) if w.median is not None else 0.0
                             for w in weeks], theme.SUCCESS)
        bars.setSelectedColor(QColor(theme.WARNING))
        bars.selectBars([i for i, w in enumerate(weeks) if w.over])
        series = QBarSeries()
        series.setBarWidth(0.6)
        series.append(bars)
        line = QLineSeries()
        line.append(-0.5, standard)
        line.append(len(weeks) - 0.5, standard)
        pen = QPen(QColor(theme.TEXT))
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidth(2)
        line.setPen(pen)
        self.replace_series(series, line)
        self._week_axis.setCategories(week_labels([w.week for w in weeks]))
        measured = any(w.median is not None for w in weeks)
        self._week_axis.setTitleText("" if measured else tr("nothing measured"))
        slowest = max((w.median or 0 for w in weeks), default=0)
        steps = max(2, math.ceil(slowest / standard))
        if steps > MARKED_STANDARDS:  # far over: round marks, the line stands alone
            self.set_top(slowest, MARKED_STANDARDS)
        else:
            self.up.setRange(0, standard * steps)
            self.up.setTickCount(steps + 1)

    def over_weeks(self) -> list[int]:
        """The weeks drawn in the warning colour (over the standard)."""
        for series in self.chart().series():
            if isinstance(series, QBarSeries):
                return list(series.barSets()[0].selectedBars())
        return []


class AnomalyChart(_ChartView):
    """Visits with anomalies per week; tapping a week asks for that week's report."""

    week_clicked = Signal(object)  # dt.date, the Monday

    def __init__(self, parent: QWidget | None = None) -> None:
        self._week_axis = QBarCategoryAxis()
        super().__init__("overview-anomalies", self._week_axis, parent)
        self.chart().legend().hide()
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._weeks: tuple[dt.date, ...] = ()

    def show_weeks(self, weeks: Sequence[AnomalyWeek]) -> None:
        self._weeks = tuple(w.week for w in weeks)
        # The weeks are on the axis: "per week" would cut the title on a 1280 px screen.
        self.chart().setTitle(tr("Visits with anomalies"))
        bars = _bars(tr("Visits with anomalies"), [float(w.visits) for w in weeks],
                     theme.DANGER)
        bars.setLabelColor(QColor(theme.TEXT))
        bars.setLabelFont(_font(AXIS_PT, bold=True))
        series = QBarSeries()
        series.setBarWidth(0.6)
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.clicked.connect(self._clicked)
        self.replace_series(series)
        self._week_axis.setCategories(week_labels([w.week for w in weeks]))
        self.set_top(max((w.visits for w in weeks), default=0), steps=2)

    def _clicked(self, index: int, _bars: QBarSet) -> None:
        if 0 <= index < len(self._weeks):
            self.week_clicked.emit(self._weeks[index])
