"""The reads behind the supervisor's overview: one query per chart, grouped in SQL.

The overview is looked at every minute on a database of years, so it may not read visits
one by one the way a report does (a report of five weeks of a busy site builds 20,000
visit records and takes seconds). Each chart is one statement over the
``ix_visits_submitted_at`` range of the window, bucketed by local day with a ``CASE`` on
the day boundaries (the same on SQLite and PostgreSQL, and exact in the site's time
zone), and hands back a few dozen rows.

What each chart counts is what the reports count (``kiosk.domain.overview``):

* Today's tiles are the daily report's figures of today, computed by the report's code on
  today's visits only (a few hundred at most).
* Visits per day and purpose add the anonymous ``DailyCount`` rows of purged days, like
  ``figures.totals``.
* SOP step times and anomalies of an earlier day are judged at that day's cut-off (the
  end of the day), as its daily report judges them (``figures.on_record``): a visit is
  *closed* by then if its state is final and its closing was recorded before the day
  ended. The anomaly test below is the report's list of kinds (``figures``' module
  docstring) written as one SQL condition: at a cut-off after the day's end, every visit
  still open is an anomaly, and a closed one is if it was on the deny list, refused, left
  without check-out, stayed longer than allowed, had a flagged device, or lost its badge.
  tests/services/test_overview.py checks it against the report, day by day.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import (
    ColumnElement,
    Date,
    and_,
    case,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from kiosk.config import Settings, SopMinutes
from kiosk.db.database import Database
from kiosk.db.functions import milliseconds_between
from kiosk.db.models import AuditEvent, Badge, BadgeLoan, DailyCount, Device, Visit
from kiosk.db.types import UtcDateTime
from kiosk.domain.clock import day_bounds, local, utcnow
from kiosk.domain.figures import STEPS, Period, figures
from kiosk.domain.lifecycle import OPEN
from kiosk.domain.overview import (
    AnomalyWeek,
    BadgeOut,
    PurposeDay,
    StepWeek,
    TodayTiles,
    Window,
    anomaly_weeks,
    today_tiles,
    week_start,
)
from kiosk.domain.records import FLAGGED_EXITS, visit_number
from kiosk.domain.types import BadgeState, Role, VisitState
from kiosk.services.actors import Actor
from kiosk.services.backup import BackupStatus, backup_status
from kiosk.services.exits import EXIT_REQUESTED
from kiosk.services.report_data import BADGE_RETIRED, period_data

MS_PER_MINUTE = 60_000
T = TypeVar("T")
_TS = UtcDateTime()


@dataclass(frozen=True)
class Overview:
    """Everything the overview page draws, read at ``taken_at``."""

    taken_at: dt.datetime
    window: Window
    tiles: TodayTiles
    purposes: tuple[tuple[str, str], ...]  # (key, English label), in the chart's order
    visits: tuple[PurposeDay, ...]
    steps: tuple[StepWeek, ...]
    anomalies: tuple[AnomalyWeek, ...]
    badges_out: tuple[BadgeOut, ...]
    backup: BackupStatus

    def visits_on(self, day: dt.date) -> int:
        return sum(p.visits for p in self.visits if p.day == day)


def load_overview(db: Database, settings: Settings, actor: Actor,
                  now: dt.datetime | None = None, earlier: Overview | None = None
                  ) -> Overview:
    """The overview as of ``now``: today's tiles and the window's charts.

    ``earlier``, the overview shown a minute ago, lends its weeks that are over when it
    was of the same day: they hold still like the reports of their days, so a refresh
    reads only the current week."""
    actor.require(Role.SUPERVISOR)
    now = now or utcnow()
    window = Window(local(now).date())
    tiles = today_tiles(figures(period_data(db, Period.day(window.today), now), settings))
    reuse = earlier if earlier is not None and earlier.window == window else None
    this_week = window.weeks[-1]
    days = tuple(d for d in window.all_days if reuse is None or d >= this_week)
    with db.session() as session:
        visits = visits_per_day(session, days)
        steps = step_times(session, days, settings.sop)
        per_day = anomalies_per_day(session, days[:-1], settings.sop.visit)
        badges_out = out_badges(session)
    per_day[window.today] = tiles.anomalies
    anomalies = anomaly_weeks(per_day, window.weeks)
    if reuse is not None:
        visits = [v for v in reuse.visits if v.day < this_week] + visits
        steps = [s for s in reuse.steps if s.week < this_week] + steps
        anomalies = [a for a in reuse.anomalies if a.week < this_week] + \
            [a for a in anomalies if a.week == this_week]
    order = {key: n for n, (key, _label) in enumerate(STEPS)}
    return Overview(
        taken_at=now, window=window, tiles=tiles,
        purposes=_purposes(settings, visits), visits=tuple(visits),
        steps=tuple(sorted((s for s in steps if s.week in window.weeks),
                           key=lambda s: (order[s.step], s.week))),
        anomalies=tuple(anomalies), badges_out=tuple(badges_out),
        backup=backup_status(db))


def _purposes(settings: Settings, visits: Sequence[PurposeDay]) -> tuple[tuple[str, str], ...]:
    """The configured purposes in their order, then retired ones that still have visits
    (as the reports list them)."""
    keys = [p.key for p in settings.purposes]
    keys += sorted({v.purpose_key for v in visits} - set(keys))
    found = []
    for key in keys:
        purpose = settings.purpose(key)
        found.append((key, purpose.label if purpose else key))
    return tuple(found)


# --- bucketing by local day ----------------------------------------------------------------

def _moment(value: dt.datetime) -> ColumnElement[dt.datetime]:
    return literal(value, _TS)


def _starts(days: Sequence[dt.date]) -> list[dt.datetime]:
    """The UTC instants that begin each day, and the end of the last one."""
    return [day_bounds(day)[0] for day in days] + [day_bounds(days[-1])[1]]


def _in_days(days: Sequence[dt.date]) -> tuple[ColumnElement[bool], ...]:
    starts = _starts(days)
    return (Visit.submitted_at >= _moment(starts[0]), Visit.submitted_at < _moment(starts[-1]),
            Visit.purged_at.is_(None))


def _day_of(days: Sequence[dt.date]) -> ColumnElement[dt.date]:
    """The local day a visit was submitted on (within ``days``)."""
    return _by_day(days, [literal(day, Date()) for day in days])


def _cut_of(days: Sequence[dt.date]) -> ColumnElement[dt.datetime]:
    """The end of the day a visit was submitted on: its daily report's cut-off (records
    made before it count)."""
    return _by_day(days, [_moment(end) for end in _starts(days)[1:]])


def _by_day(days: Sequence[dt.date], values: Sequence[ColumnElement[T]]
            ) -> ColumnElement[T]:
    """``values[i]`` for a visit submitted on ``days[i]``: a ``CASE`` that halves the days
    at each step, so a row is placed with five or six comparisons, not thirty."""
    ends = _starts(days)[1:]

    def pick(first: int, last: int) -> ColumnElement[T]:
        if first == last:
            return values[first]
        middle = (first + last) // 2
        return case((Visit.submitted_at < _moment(ends[middle]), pick(first, middle)),
                    else_=pick(middle + 1, last))

    return pick(0, len(days) - 1)


def _closed_by(cut: ColumnElement[dt.datetime]) -> ColumnElement[bool]:
    """Closed on record by ``cut`` (``figures.on_record``): a final state whose closing,
    if its moment is known, was recorded before it."""
    return and_(Visit.state.not_in(OPEN),
                or_(Visit.closed_at.is_(None), Visit.closed_at < cut))


# --- the charts ----------------------------------------------------------------------------

def visits_per_day(session: Session, days: Sequence[dt.date]) -> list[PurposeDay]:
    """Visits per day and purpose: those on record, and the counts left by the purge."""
    on_record = select(_day_of(days).label("day"), Visit.purpose_key,
                       literal(1).label("visits")).where(*_in_days(days))
    purged = select(DailyCount.day, DailyCount.purpose_key, DailyCount.visits).where(
        DailyCount.day >= days[0], DailyCount.day <= days[-1])
    rows = union_all(on_record, purged).subquery()
    total = func.sum(rows.c.visits)
    return [PurposeDay(day, key, int(count)) for day, key, count in session.execute(
        select(rows.c.day, rows.c.purpose_key, total)
        .group_by(rows.c.day, rows.c.purpose_key).order_by(rows.c.day, rows.c.purpose_key))]


def step_times(session: Session, days: Sequence[dt.date], sop: SopMinutes
               ) -> list[StepWeek]:
    """The median of each SOP step (``figures.step_minutes``) per week, every step of
    every week listed. Each visit's steps are taken as its day's report measured them:
    the decision if made by the cut-off; the stay and the check-out if the visit was
    closed by then; the check-out from the first exit request at the kiosk.

    The durations are computed in the query; the medians here, since SQLite has no median
    aggregate (ranking in SQL with window functions was measured slower than this)."""
    cut = _cut_of(days)
    closed = _closed_by(cut)
    # Exit requests are only taken from visits in custody, so a visit closed by the
    # cut-off has all of its own before it.
    exit_requested = (select(func.min(AuditEvent.at))
                      .where(AuditEvent.visit_id == Visit.id,
                             AuditEvent.action == EXIT_REQUESTED)
                      .scalar_subquery())
    durations = {
        "form_to_decision": case((Visit.decided_at < cut, milliseconds_between(
            Visit.submitted_at, Visit.decided_at))),
        "visit": case((closed, milliseconds_between(Visit.entered_at, Visit.left_at))),
        "check_out": case((closed, milliseconds_between(exit_requested, Visit.left_at))),
    }
    keys = [key for key, _label in STEPS]
    week_of = _by_day(days, [literal(week_start(day), Date()) for day in days])
    found: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for week, *values in session.execute(
            select(week_of, *(durations[key] for key in keys)).where(*_in_days(days))):
        for key, value in zip(keys, values, strict=True):
            if value is not None:
                found[key, week].append(value)
    weeks = sorted({week_start(day) for day in days})
    result = []
    for key in keys:
        for week in weeks:
            values = found.get((key, week), [])
            median = statistics.median(values) / MS_PER_MINUTE if values else None
            result.append(StepWeek(week, key, getattr(sop, key), median, len(values)))
    return result


def anomalies_per_day(session: Session, days: Sequence[dt.date], sop_visit: int
                      ) -> dict[dt.date, int]:
    """Visits with anomalies on each of ``days`` (days that are over), as each day's
    report counts them; see the module docstring for the condition."""
    if not days:
        return {}
    cut = _cut_of(days)
    allowed = case((Visit.planned_minutes < sop_visit, Visit.planned_minutes),
                   else_=sop_visit) * MS_PER_MINUTE
    flagged_device = exists().where(
        Device.visit_id == Visit.id,
        or_(Device.carried_in.is_(False), Device.exit_state.in_(FLAGGED_EXITS)))
    # A badge is retired with its visit's closing: a closed visit's retirement came before
    # the cut-off, and an open one is an anomaly anyway.
    badge_lost = exists().where(AuditEvent.visit_id == Visit.id,
                                AuditEvent.action == BADGE_RETIRED)
    anomalous = or_(
        not_(_closed_by(cut)),  # still open at the day's end
        Visit.deny_hit,
        Visit.state.in_((VisitState.REFUSED, VisitState.LEFT_UNRECORDED)),
        milliseconds_between(Visit.entered_at, Visit.left_at) > allowed,
        flagged_device,
        badge_lost,
    )
    rows = select(_day_of(days).label("day")).where(*_in_days(days), anomalous).subquery()
    return {day: int(count) for day, count in session.execute(
        select(rows.c.day, func.count()).group_by(rows.c.day))}


def out_badges(session: Session) -> list[BadgeOut]:
    """The badges not at the desk, by number, with the visit that has each."""
    found: dict[int, BadgeOut] = {}
    for number, visit_id, name, issued_at in session.execute(
        select(Badge.number, Visit.id, Visit.full_name, BadgeLoan.issued_at)
        .outerjoin(Visit, Visit.id == Badge.holder_visit_id)
        .outerjoin(BadgeLoan, and_(BadgeLoan.badge_id == Badge.id,
                                   BadgeLoan.visit_id == Badge.holder_visit_id,
                                   BadgeLoan.returned_at.is_(None)))
        .where(Badge.state == BadgeState.OUT).order_by(Badge.number, BadgeLoan.issued_at)
    ):
        found.setdefault(number, BadgeOut(number, visit_number(visit_id) if visit_id else None,
                                          name or "", issued_at))
    return list(found.values())
