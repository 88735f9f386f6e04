"""The figures of the daily and monthly reports, computed from plain records.

The SOP asks for "the number of visitors and their purpose"; the supervisor also wants to
see where the procedure is slow or skipped. Everything here is plain Python over
``ReportVisit`` records (fetched by ``kiosk.services.report_data``), so the numbers are tested
without a PDF and the PDF, the CSV and the screen all print the same ones.

Rules the figures follow:

* A visit belongs to the local day it was submitted on.
* Counts by purpose add the anonymous ``DailyCount`` rows kept after a retention purge to the
  visits still on record; purged visit rows are never counted twice (the fetch leaves them
  out, their counts live only in ``DailyCount``).
* SOP step times ("Mutu Baku"): form-to-decision is ``submitted_at -> decided_at``; the visit
  is ``entered_at -> left_at``; check-out is the visitor's exit request (the badge card or
  visit sticker scanned at the kiosk, audit action ``exit_requested``) -> ``left_at``. When
  the visitor never scanned it, the operator started the check-out alone and there is no
  honest start moment: that visit's check-out time is *not measured* and is counted as
  such, never guessed. A badge number *typed* at the kiosk (``exit_typed``) is no start
  either: anyone can type any number, so it does not show the visitor was there.
* Overdue: inside longer than the planned duration the visitor gave (still inside counts
  up to the report's moment). The SOP's one-hour standard is judged in the timings table.
* Deny-list hits: the visitor's ID number was a sure match (``kiosk.domain.denymatch``:
  letters and digits only, across ID types) for a deny-list entry active when the form was
  submitted, or a supervisor overrode one (whether refused or admitted). Possible matches
  by name and birth date are warnings for the operator, not hits.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.config import Settings, SopMinutes
from kiosk.domain.clock import SITE_TIMEZONE
from kiosk.domain.lifecycle import IN_CUSTODY
from kiosk.domain.records import DeviceRecord, VisitSummary
from kiosk.domain.types import DeviceExit, VisitState
from kiosk.errors import ValidationError
from kiosk.i18n import N_, InContext, pN_, translate

S = VisitState


@dataclass(frozen=True)
class ReportVisit(VisitSummary):
    """A visit as the reports need it: the summary, and what happened around it."""

    exit_requested_at: dt.datetime | None
    decided_by: str | None
    checked_out_by: str | None
    badge_lost: bool
    badge_out: bool
    devices: tuple[DeviceRecord, ...]
    refusal_reason: str | None
    deny_hit: bool
    deny_override: bool


@dataclass(frozen=True)
class PurgedCount:
    """Anonymous counts of visits whose personal data were purged (``DailyCount``)."""

    day: dt.date
    purpose_key: str
    visits: int
    refused: int


class PeriodKind(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    RANGE = "range"


#: The longest range a report covers: a year, the span of the retention period.
MAX_RANGE_DAYS = 366


@dataclass(frozen=True)
class Period:
    """The local days a report covers, ``first`` to ``last`` inclusive."""

    kind: PeriodKind
    first: dt.date
    last: dt.date

    @classmethod
    def day(cls, day: dt.date) -> Period:
        return cls(PeriodKind.DAY, day, day)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        return cls(PeriodKind.MONTH, first,
                   dt.date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def between(cls, first: dt.date, last: dt.date) -> Period:
        if last < first:
            raise ValidationError("last", "The last day comes before the first day.")
        if (last - first).days + 1 > MAX_RANGE_DAYS:
            raise ValidationError("last", "A report covers at most {days} days.",
                                  days=MAX_RANGE_DAYS)
        return cls.day(first) if first == last else cls(PeriodKind.RANGE, first, last)

    @property
    def stem(self) -> str:
        """The file name a report of this period is saved under, without extension."""
        if self.kind is PeriodKind.DAY:
            return f"laporan-harian-{self.first.isoformat()}"
        if self.kind is PeriodKind.MONTH:
            return f"laporan-bulanan-{self.first:%Y-%m}"
        return f"laporan-{self.first.isoformat()}-sd-{self.last.isoformat()}"


@dataclass(frozen=True)
class PeriodData:
    """Everything on record for the local days ``first`` to ``last`` (inclusive)."""

    first: dt.date
    last: dt.date
    visits: tuple[ReportVisit, ...]
    purged: tuple[PurgedCount, ...]
    as_of: dt.datetime  # when the data were read: "still inside" is judged at this moment


def minutes_between(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 60


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(SITE_TIMEZONE).date()


# --- totals and counts by purpose -------------------------------------------------------

@dataclass(frozen=True)
class Totals:
    visits: int  # every visit submitted, purged ones included
    entered: int
    refused: int
    inside: int  # still holding a badge when the data were read
    waiting: int  # submitted, no decision yet
    closed: int  # cancelled or did not come
    devices: int  # devices carried in
    purged: int  # of ``visits``: personal data already purged (counts only)


def totals(data: PeriodData) -> Totals:
    states = Counter(v.state for v in data.visits)
    purged = sum(p.visits for p in data.purged)
    return Totals(
        visits=len(data.visits) + purged,
        entered=sum(1 for v in data.visits if v.entered_at is not None),
        refused=states[S.REFUSED] + sum(p.refused for p in data.purged),
        inside=sum(states[s] for s in IN_CUSTODY),
        waiting=states[S.SUBMITTED],
        closed=states[S.CANCELLED] + states[S.NO_SHOW],
        devices=sum(1 for v in data.visits for d in v.devices if d.carried_in),
        purged=purged,
    )


@dataclass(frozen=True)
class PurposeCount:
    key: str
    label: str  # English source, translated when shown
    visits: int
    refused: int


def purpose_counts(data: PeriodData, settings: Settings) -> list[PurposeCount]:
    """Visits and refusals per purpose, in the configured order; every configured purpose is
    listed (a zero is information too), then any retired purpose that still has visits."""
    visits: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    for visit in data.visits:
        visits[visit.purpose_key] += 1
        refused[visit.purpose_key] += visit.state is S.REFUSED
    for count in data.purged:
        visits[count.purpose_key] += count.visits
        refused[count.purpose_key] += count.refused
    keys = [p.key for p in settings.purposes]
    keys += sorted(set(visits) - set(keys))
    result = []
    for key in keys:
        purpose = settings.purpose(key)
        result.append(PurposeCount(key, purpose.label if purpose else key, visits[key],
                                   refused[key]))
    return result


# --- presence ------------------------------------------------------------------------------

def inside_by_hour(data: PeriodData, day: dt.date) -> list[int]:
    """For each local hour of ``day``, how many visitors were in the room at some point of it."""
    start = dt.datetime.combine(day, dt.time(), SITE_TIMEZONE)
    counts = [0] * 24
    for visit in data.visits:
        if visit.entered_at is None:
            continue
        until = visit.left_at or (data.as_of if visit.state in IN_CUSTODY else None)
        if until is None or until <= visit.entered_at:
            continue
        first = (visit.entered_at - start).total_seconds() // 3600
        last = -((start - until).total_seconds() // 3600) - 1  # the hour holding ``until``
        for hour in range(max(0, int(first)), min(23, int(last)) + 1):
            counts[hour] += 1
    return counts


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    visits: int
    refused: int


def visits_by_day(data: PeriodData) -> list[DayCount]:
    """Every day of the period, with zero days included so a chart keeps its time axis."""
    visits: Counter[dt.date] = Counter()
    refused: Counter[dt.date] = Counter()
    for visit in data.visits:
        day = local_day(visit.submitted_at)
        visits[day] += 1
        refused[day] += visit.state is S.REFUSED
    for count in data.purged:
        visits[count.day] += count.visits
        refused[count.day] += count.refused
    days = (data.last - data.first).days + 1
    return [DayCount(d, visits[d], refused[d])
            for d in (data.first + dt.timedelta(days=i) for i in range(days))]


# --- SOP step timings ---------------------------------------------------------------------

@dataclass(frozen=True)
class StepTiming:
    key: str
    label: str  # English source
    standard: int  # minutes, from the SOP
    measured: int
    not_measured: int  # the step happened, but its start or end is unknown
    median: float | None
    worst: float | None
    worst_visit: str | None
    over: int


STEPS: tuple[tuple[str, str], ...] = (
    ("form_to_decision", N_("Form to decision")),
    ("visit", N_("Visit (inside the room)")),
    ("check_out", N_("Check-out")),
)


def step_minutes(visit: ReportVisit, step: str) -> float | None:
    if step == "form_to_decision":
        return minutes_between(visit.submitted_at, visit.decided_at)
    if step == "visit":
        return minutes_between(visit.entered_at, visit.left_at)
    if step == "check_out":
        return minutes_between(visit.exit_requested_at, visit.left_at)
    raise ValueError(step)


def _step_happened(visit: ReportVisit, step: str) -> bool:
    if step == "form_to_decision":
        return visit.decided_at is not None
    return visit.left_at is not None


def sop_timings(data: PeriodData, sop: SopMinutes) -> list[StepTiming]:
    result = []
    for key, label in STEPS:
        standard = getattr(sop, key)
        measured: list[tuple[float, str]] = []
        missing = 0
        for visit in data.visits:
            if not _step_happened(visit, key):
                continue
            minutes = step_minutes(visit, key)
            if minutes is None:
                missing += 1
            else:
                measured.append((minutes, visit.number))
        values = [m for m, _ in measured]
        worst = max(measured, default=None)
        result.append(StepTiming(
            key=key, label=label, standard=standard, measured=len(values),
            not_measured=missing, median=statistics.median(values) if values else None,
            worst=worst[0] if worst else None, worst_visit=worst[1] if worst else None,
            over=sum(1 for m in values if m > standard),
        ))
    return result


# --- anomalies ------------------------------------------------------------------------------

class AnomalyKind(enum.StrEnum):
    OVERDUE = "overdue"
    DEVICE = "device"
    REFUSED = "refused"
    DENY_LIST = "deny_list"
    BADGE = "badge"


#: Nouns for the report's "Kind" column: in context, since the same English words are also
#: a visit's state ("Refused") or a column ("Badge") and translate differently there.
ANOMALY_LABELS: dict[AnomalyKind, InContext] = {
    AnomalyKind.OVERDUE: pN_("anomaly kind", "Overdue"),
    AnomalyKind.DEVICE: pN_("anomaly kind", "Device"),
    AnomalyKind.REFUSED: pN_("anomaly kind", "Refused"),
    AnomalyKind.DENY_LIST: pN_("anomaly kind", "Deny list"),
    AnomalyKind.BADGE: pN_("anomaly kind", "Badge"),
}

_DEVICE_MESSAGES: dict[DeviceExit, str] = {
    DeviceExit.LEFT_INSIDE: N_("{device} stayed in the server room: {note}"),
    DeviceExit.MISSING: N_("{device} was not presented at exit: {note}"),
    DeviceExit.MISMATCH: N_("{device} left with serial {serial}: {note}"),
}


@dataclass(frozen=True)
class Anomaly:
    kind: AnomalyKind
    visit_number: str
    full_name: str
    message: str  # English source with placeholders
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str) -> str:
        return translate(self.message, language, **self.params)


def anomalies(data: PeriodData) -> list[Anomaly]:
    """What the head of section should read first, in the order of the visits."""
    found: list[Anomaly] = []
    for visit in data.visits:
        found.extend(_visit_anomalies(visit, data.as_of))
    return found


def _visit_anomalies(visit: ReportVisit, as_of: dt.datetime) -> Iterable[Anomaly]:
    def make(kind: AnomalyKind, message: str, **params: Any) -> Anomaly:
        return Anomaly(kind, visit.number, visit.full_name, message, params)

    if visit.deny_hit:
        if visit.deny_override:
            yield make(AnomalyKind.DENY_LIST,
                       N_("On the deny list; admitted by a supervisor's override."))
        else:
            yield make(AnomalyKind.DENY_LIST, N_("On the deny list."))
    if visit.state is S.REFUSED:
        yield make(AnomalyKind.REFUSED, N_("Refused: {reason}"),
                   reason=visit.refusal_reason or "–")
    if visit.entered_at is not None:
        still_inside = visit.left_at is None and visit.state in IN_CUSTODY
        stayed = minutes_between(visit.entered_at, visit.left_at or as_of)
        if stayed is not None and (visit.left_at or still_inside) \
                and stayed > visit.planned_minutes:
            message = (N_("Still inside after {minutes} min; {planned} min planned.")
                       if still_inside else N_("Stayed {minutes} min; {planned} min planned."))
            yield make(AnomalyKind.OVERDUE, message, minutes=round(stayed),
                       planned=visit.planned_minutes)
    for device in visit.devices:
        if not device.flagged:
            continue
        if not device.carried_in:
            yield make(AnomalyKind.DEVICE,
                       N_("{device} was carried out but not listed at entry: {note}"),
                       device=device.label(), note=device.exit_note or "–")
        else:
            yield make(AnomalyKind.DEVICE, _DEVICE_MESSAGES[device.exit_state],
                       device=device.label(), serial=device.exit_serial or "–",
                       note=device.exit_note or "–")
    if visit.badge_lost:
        yield make(AnomalyKind.BADGE,
                   N_("Badge {badge} was not returned; it was taken out of use."),
                   badge=visit.badge_number or "–")
    elif visit.badge_out and visit.state in IN_CUSTODY:
        yield make(AnomalyKind.BADGE, N_("Badge {badge} is still out."),
                   badge=visit.badge_number or "–")


def anomaly_counts(found: Sequence[Anomaly]) -> dict[AnomalyKind, int]:
    counts = Counter(a.kind for a in found)
    return {kind: counts[kind] for kind in AnomalyKind}


# --- one bundle for the documents -------------------------------------------------------------

@dataclass(frozen=True)
class ReportFigures:
    data: PeriodData
    totals: Totals
    purposes: list[PurposeCount]
    timings: list[StepTiming]
    anomalies: list[Anomaly]


def figures(data: PeriodData, settings: Settings) -> ReportFigures:
    return ReportFigures(data, totals(data), purpose_counts(data, settings),
                         sop_timings(data, settings.sop), anomalies(data))
