"""The supervisor's overview: today in five numbers and the last weeks as charts.

Plain records and the arithmetic on them; ``kiosk.services.overview`` reads the database
and the console draws. The numbers follow the reports, so what the overview shows can be
checked against a report the supervisor opens:

* Today's tiles are the daily report's own figures of today (``figures.figures`` on the
  day's ``PeriodData``), not a second count: visits, still holding a badge, waiting for a
  decision, visits with anomalies, visits open at the day's end.
* Visits per day count every visit submitted that day, with the anonymous counts kept for
  days whose personal data were purged, as ``figures.totals`` does.
* The SOP step times and the anomalies are what each day's report shows at its cut-off
  (the end of that day, or now for today), pooled into calendar weeks (Monday first): a
  week that is over therefore never changes, like the reports of its days.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.config import SopMinutes
from kiosk.domain.figures import STEPS, ReportFigures, Resolution, day_end_reached

#: The visits chart covers the last 30 days, today included.
CHART_DAYS = 30
#: The weekly charts cover this many calendar weeks, the current one included.
CHART_WEEKS = 5


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s calendar week."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Window:
    """The days the overview of ``today`` reads: the 30 days of the visits chart and the
    calendar weeks of the weekly charts, whichever reaches further back."""

    today: dt.date

    @property
    def days(self) -> tuple[dt.date, ...]:
        """The visits chart's days, oldest first."""
        return tuple(self.today - dt.timedelta(days=n) for n in range(CHART_DAYS - 1, -1, -1))

    @property
    def weeks(self) -> tuple[dt.date, ...]:
        """The Mondays of the weekly charts, oldest first."""
        this = week_start(self.today)
        return tuple(this - dt.timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1))

    @property
    def first(self) -> dt.date:
        return min(self.days[0], self.weeks[0])

    @property
    def all_days(self) -> tuple[dt.date, ...]:
        """Every day read, ``first`` to ``today``."""
        count = (self.today - self.first).days + 1
        return tuple(self.first + dt.timedelta(days=n) for n in range(count))


@dataclass(frozen=True)
class TodayTiles:
    """The five numbers at the top, all of the visits submitted today."""

    day: dt.date
    visits: int
    inside: int  # holding a badge now (approved or in the room)
    waiting: int  # no decision yet
    anomalies: int  # visits with at least one anomaly (the report's tile)
    unclosed: int  # open at the day's end (0 until the day end has come)
    still_open: int  # of ``unclosed``: nothing recorded since
    day_end: dt.time
    day_end_reached: bool


def today_tiles(fig: ReportFigures) -> TodayTiles:
    """The tiles from the daily report's figures of today."""
    totals = fig.totals
    return TodayTiles(
        day=fig.data.last, visits=totals.visits, inside=totals.inside,
        waiting=totals.waiting, anomalies=fig.anomaly_visits, unclosed=len(fig.unclosed),
        still_open=sum(1 for u in fig.unclosed if u.resolution is Resolution.STILL_OPEN),
        day_end=fig.day_end, day_end_reached=day_end_reached(fig.data, fig.day_end))


@dataclass(frozen=True)
class PurposeDay:
    """Visits of one purpose submitted on one day (purged ones included)."""

    day: dt.date
    purpose_key: str
    visits: int


@dataclass(frozen=True)
class StepSample:
    """One measured SOP step of one visit, as its day's report measured it."""

    day: dt.date
    step: str  # a ``figures.STEPS`` key
    minutes: float


@dataclass(frozen=True)
class StepWeek:
    """The median time of one SOP step over the visits of one week."""

    week: dt.date  # its Monday
    step: str
    standard: int  # minutes, from the SOP
    median: float | None  # None: nothing measured that week
    measured: int

    @property
    def over(self) -> bool:
        return self.median is not None and self.median > self.standard


def step_weeks(samples: Iterable[StepSample], weeks: Sequence[dt.date], sop: SopMinutes
               ) -> list[StepWeek]:
    """Medians per step and week, every step of every week listed (in ``STEPS`` order)."""
    found: dict[tuple[str, dt.date], list[float]] = defaultdict(list)
    for sample in samples:
        found[sample.step, week_start(sample.day)].append(sample.minutes)
    result = []
    for key, _label in STEPS:
        for week in weeks:
            values = found.get((key, week), [])
            result.append(StepWeek(week, key, getattr(sop, key),
                                   statistics.median(values) if values else None,
                                   len(values)))
    return result


@dataclass(frozen=True)
class AnomalyWeek:
    """Visits with anomalies in one week, as the reports of its days count them."""

    week: dt.date
    visits: int


def anomaly_weeks(per_day: dict[dt.date, int], weeks: Sequence[dt.date]
                  ) -> list[AnomalyWeek]:
    totals: dict[dt.date, int] = defaultdict(int)
    for day, count in per_day.items():
        totals[week_start(day)] += count
    return [AnomalyWeek(week, totals[week]) for week in weeks]


@dataclass(frozen=True)
class BadgeOut:
    """A visitor badge that is not at the desk, and who has it."""

    number: int
    visit_number: str | None
    holder: str  # the visitor's name, as typed: shown as plain text
    since: dt.datetime | None
