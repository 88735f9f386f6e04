"""The figures of the daily, monthly and period reports, computed from plain records.

The SOP asks for "the number of visitors and their purpose"; the supervisor also wants to
see where the procedure is slow or skipped. Everything here is plain Python over
``ReportVisit`` records (fetched by ``kiosk.services.report_data``), so the numbers are tested
without a PDF and the PDF, the CSV and the screen all print the same ones.

**The cut-off: a report holds still.** A report shows what was on record at its cut-off:
the last instant of the period's last day (23:59:59.999999 site time) for a period that is over,
the moment it is made for one that includes today (``cutoff``). Every time-dependent figure
(still inside, how long, people per hour) is measured at the cut-off, and anything
recorded after it is left out (``on_record``): a visitor of Monday checked out on Tuesday
morning is, in Monday's report, still inside at the cut-off, however often the report is
made again. The later exit is not hidden, it is told where it belongs: in the report of the
day it was recorded, under "Visits of earlier days closed in this period". So a past
day's report, PDF and CSV, comes out byte for byte the same every time; only the retention
purge (which removes the personal data of old visits, counted by ``DailyCount``) changes it.

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
  either: anyone can type any number, so it does not show the visitor was there. A
  visitor who left without check-out has a visit whose end is unknown: not measured either.
* Not closed at day end: visits still open (no decision, badge out, inside) at the day's
  end (``Settings.day_end``), with how each was resolved by the cut-off.
* Deny-list hits: recorded on the visit when it was decided: the visitor's ID number was
  a sure match (``kiosk.domain.denymatch``: letters and digits only, across ID types) for
  an active deny-list entry, or a supervisor overrode one. Possible matches by name and
  birth date are warnings for the operator, not hits.

**Anomalies are counted by visit.** One visit can show several findings (an overstay and a
missing device, say); the report's tile counts *visits* with anomalies. Each visit has one
*primary* kind, the first of its findings in this order of precedence, most serious first:

1. deny list: the visitor matched an active deny-list entry at the decision (refused, or
   admitted by a supervisor's override); a refusal for that reason is not also "refused";
2. left without check-out: nobody saw the visitor leave; devices and badge unchecked;
3. device: a device stayed inside, went missing, left with another serial, or left
   without being listed at entry;
4. still inside at cut-off: held a badge at the cut-off, after the day's end or longer
   than allowed (planned time or the SOP's hour, whichever is shorter);
5. badge: the badge was not returned at check-out and was taken out of use;
6. overdue: a completed stay longer than planned or longer than the SOP's hour;
7. no decision: a form still waiting at the cut-off, after the day's end or longer than
   the SOP's decision time;
8. refused: refused for any other reason.

The table of kinds has one row per kind: the visits counted under it (their primary kind)
and, in a separate column, the visits that also show it but are counted under a kind
above. The first column adds up to the tile; nothing is counted twice.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.config import Settings, SopMinutes
from kiosk.domain.clock import day_bounds, local
from kiosk.domain.lifecycle import IN_CUSTODY, OPEN, day_end_at
from kiosk.domain.records import DeviceRecord, VisitSummary
from kiosk.domain.types import DeviceExit, VisitState
from kiosk.errors import ValidationError
from kiosk.i18n import N_, InContext, pN_

S = VisitState
#: The cut-off of a period that is over: the last instant before the next day begins.
LAST_TICK = dt.timedelta(microseconds=1)


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
    closed_at: dt.datetime | None = None  # when its closing was recorded
    closed_by: str | None = None
    closed_reason: str | None = None  # cancelled, did not come, left unrecorded, late

    @property
    def checked_out_late(self) -> bool:
        """Checked out with an exit time given by the operator (a late check-out)."""
        return self.state in {S.CHECKED_OUT, S.ARCHIVED} and bool(self.closed_reason)


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
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def stem(self) -> str:
        """The file name a report of this period is saved under, without extension."""
        if self.kind is PeriodKind.DAY:
            return f"laporan-harian-{self.first.isoformat()}"
        if self.kind is PeriodKind.MONTH:
            return f"laporan-bulanan-{self.first:%Y-%m}"
        return f"laporan-{self.first.isoformat()}-sd-{self.last.isoformat()}"


def cutoff(period: Period, now: dt.datetime) -> dt.datetime:
    """The moment a report of ``period`` made at ``now`` shows: the last instant of the
    period once it is over, else ``now``."""
    end = day_bounds(period.last)[1]
    return end - LAST_TICK if now >= end else now


@dataclass(frozen=True)
class PeriodData:
    """Everything on record at ``cutoff`` for the visits submitted in ``period``."""

    period: Period
    visits: tuple[ReportVisit, ...]
    purged: tuple[PurgedCount, ...]
    cutoff: dt.datetime
    #: Visits submitted before the period whose closing was recorded within it.
    closed_later: tuple[ReportVisit, ...] = ()

    @property
    def first(self) -> dt.date:
        return self.period.first

    @property
    def last(self) -> dt.date:
        return self.period.last

    @property
    def over(self) -> bool:
        """Whether the period was over when the report was made (its cut-off is its end)."""
        return self.cutoff == day_bounds(self.period.last)[1] - LAST_TICK


def minutes_between(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 60


def local_day(moment: dt.datetime) -> dt.date:
    return local(moment).date()


# --- the cut-off ---------------------------------------------------------------------------

def _before(moment: dt.datetime | None, limit: dt.datetime) -> bool:
    return moment is not None and moment <= limit


def on_record(visit: ReportVisit, at: dt.datetime) -> ReportVisit | None:
    """``visit`` as it stood on record at ``at``; ``None`` when it was not submitted yet.

    Only the visit's own row is judged here (decision, entry, closing, archiving, devices);
    the fetch already leaves out badge loans and audit events recorded after ``at`` and
    gives the escort as it was then. A closing is judged by when it was recorded
    (``closed_at``), not by the exit time a late check-out gives.
    """
    if visit.submitted_at > at:
        return None
    closed = visit.state not in OPEN and (visit.closed_at is None or visit.closed_at <= at)
    if closed:
        if visit.state is S.ARCHIVED and not _before(visit.archived_at, at):
            return replace(visit, state=S.CHECKED_OUT, archived_at=None)
        return visit
    decided = _before(visit.decided_at, at)
    entered = _before(visit.entered_at, at)
    state = S.INSIDE if entered else S.APPROVED if decided else S.SUBMITTED
    devices = tuple(replace(d, exit_state=DeviceExit.PENDING, exit_serial=None, exit_note="")
                    for d in visit.devices if d.carried_in)
    opened = replace(
        visit, state=state, entered_at=visit.entered_at if entered else None, left_at=None,
        archived_at=None, checked_out_by=None, badge_lost=False, devices=devices,
        closed_at=None, closed_by=None, closed_reason=None)
    if decided:
        return opened
    return replace(opened, decided_at=None, decided_by=None, refusal_reason=None,
                   deny_hit=False, deny_override=False, escort_name=None, badge_number=None,
                   badge_out=False)


def open_at(visit: ReportVisit, moment: dt.datetime) -> VisitState | None:
    """The open state ``visit`` (already ``on_record`` at a later cut-off) was in at
    ``moment``, or ``None`` if it was not open then."""
    if visit.submitted_at > moment or _before(visit.closed_at, moment):
        return None
    if visit.closed_at is None and visit.state not in OPEN:
        return None
    if _before(visit.entered_at, moment):
        return S.INSIDE
    if _before(visit.decided_at, moment):
        return S.APPROVED
    return S.SUBMITTED


# --- totals and counts by purpose -------------------------------------------------------

@dataclass(frozen=True)
class Totals:
    visits: int  # every visit submitted, purged ones included
    entered: int
    refused: int
    inside: int  # still holding a badge at the cut-off
    waiting: int  # submitted, no decision at the cut-off
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

@dataclass(frozen=True)
class Presence:
    """People in the room during each local hour of a day.

    ``recorded``: visitors whose exit is on record. ``unknown``: visitors whose exit is not
    (still holding a badge at the cut-off, or gone without check-out); they are counted from
    their entry to the cut-off (or to the moment they were recorded as gone), and drawn
    apart, because nobody knows when they really left."""

    recorded: list[int]
    unknown: list[int]


def presence_by_hour(data: PeriodData, day: dt.date) -> Presence:
    start = day_bounds(day)[0]
    recorded, unknown = [0] * 24, [0] * 24
    for visit in data.visits:
        if visit.entered_at is None:
            continue
        if visit.left_at is not None:
            until, counts = visit.left_at, recorded
        elif visit.state in IN_CUSTODY:
            until, counts = data.cutoff, unknown
        elif visit.state is S.LEFT_UNRECORDED and visit.closed_at is not None:
            until, counts = visit.closed_at, unknown
        else:
            continue
        if until <= visit.entered_at:
            continue
        first = (visit.entered_at - start).total_seconds() // 3600
        last = -((start - until).total_seconds() // 3600) - 1  # the hour holding ``until``
        for hour in range(max(0, int(first)), min(23, int(last)) + 1):
            counts[hour] += 1
    return Presence(recorded, unknown)


class BucketUnit(enum.StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class Bucket:
    first: dt.date
    last: dt.date
    visits: int
    refused: int


def bucket_unit(period: Period) -> BucketUnit:
    """Days for up to a month, weeks up to a quarter, months beyond: a chart stays legible."""
    if period.days <= 31:
        return BucketUnit.DAY
    return BucketUnit.WEEK if period.days <= 92 else BucketUnit.MONTH


def visits_by_bucket(data: PeriodData) -> tuple[BucketUnit, list[Bucket]]:
    """Visits per day (or week, or month) of the period, empty ones included so a chart
    keeps its time axis. Weeks start on the period's first day; months are calendar months
    cut to the period."""
    unit = bucket_unit(data.period)
    visits: Counter[dt.date] = Counter()
    refused: Counter[dt.date] = Counter()
    for visit in data.visits:
        day = local_day(visit.submitted_at)
        visits[day] += 1
        refused[day] += visit.state is S.REFUSED
    for count in data.purged:
        visits[count.day] += count.visits
        refused[count.day] += count.refused
    buckets = []
    first = data.first
    while first <= data.last:
        last = min(_bucket_last(first, unit), data.last)
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        buckets.append(Bucket(first, last, sum(visits[d] for d in days),
                              sum(refused[d] for d in days)))
        first = last + dt.timedelta(days=1)
    return unit, buckets


def _bucket_last(first: dt.date, unit: BucketUnit) -> dt.date:
    if unit is BucketUnit.DAY:
        return first
    if unit is BucketUnit.WEEK:
        return first + dt.timedelta(days=6)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


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
    if step == "visit" and visit.state is S.LEFT_UNRECORDED:
        return visit.entered_at is not None
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
    """The kinds of anomaly, in their order of precedence (see the module docstring)."""

    DENY_LIST = "deny_list"
    LEFT_UNRECORDED = "left_unrecorded"
    DEVICE = "device"
    STILL_INSIDE = "still_inside"
    BADGE = "badge"
    OVERDUE = "overdue"
    UNDECIDED = "undecided"
    REFUSED = "refused"


PRECEDENCE: dict[AnomalyKind, int] = {kind: n for n, kind in enumerate(AnomalyKind)}

#: Nouns for the report's "Kind" column: in context, since the same English words are also
#: a visit's state ("Refused") or a column ("Badge") and translate differently there.
ANOMALY_LABELS: dict[AnomalyKind, InContext] = {
    AnomalyKind.DENY_LIST: pN_("anomaly kind", "Deny list"),
    AnomalyKind.LEFT_UNRECORDED: pN_("anomaly kind", "Left without check-out"),
    AnomalyKind.DEVICE: pN_("anomaly kind", "Device"),
    AnomalyKind.STILL_INSIDE: pN_("anomaly kind", "Still inside at cut-off"),
    AnomalyKind.BADGE: pN_("anomaly kind", "Badge"),
    AnomalyKind.OVERDUE: pN_("anomaly kind", "Overdue"),
    AnomalyKind.UNDECIDED: pN_("anomaly kind", "No decision"),
    AnomalyKind.REFUSED: pN_("anomaly kind", "Refused"),
}

ANOMALY_MEANINGS: dict[AnomalyKind, str] = {
    AnomalyKind.DENY_LIST: N_("Matched an active deny-list entry when the form was decided "
                              "(refused, or admitted by a supervisor's override)."),
    AnomalyKind.LEFT_UNRECORDED: N_("Closed at the day's end without an exit check: nobody "
                                    "saw the visitor leave."),
    AnomalyKind.DEVICE: N_("A device stayed inside, went missing, left with another serial, "
                           "or left without being listed at entry."),
    AnomalyKind.STILL_INSIDE: N_("Held a visitor badge at the cut-off, after the day's end "
                                 "or longer than planned or than the SOP's hour."),
    AnomalyKind.BADGE: N_("The badge was not returned at check-out and was taken out of use."),
    AnomalyKind.OVERDUE: N_("A completed stay longer than planned or longer than the SOP's "
                            "hour."),
    AnomalyKind.UNDECIDED: N_("A form still waiting for a decision at the cut-off, after the "
                              "day's end or longer than the SOP's decision time."),
    AnomalyKind.REFUSED: N_("Refused for a reason other than the deny list."),
}

_DEVICE_MESSAGES: dict[DeviceExit, str] = {
    DeviceExit.LEFT_INSIDE: N_("{device} stayed in the server room: {note}"),
    DeviceExit.MISSING: N_("{device} was not presented at exit: {note}"),
    DeviceExit.MISMATCH: N_("{device} left with serial {serial}: {note}"),
}


@dataclass(frozen=True)
class Finding:
    """One thing worth a look about a visit. ``message`` is an English source string;
    ``params`` may hold datetimes, which the documents write as times of day."""

    kind: AnomalyKind
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Anomaly:
    """A visit with at least one finding; it counts once, under its primary kind."""

    visit: ReportVisit
    findings: tuple[Finding, ...]  # in order of precedence

    @property
    def kind(self) -> AnomalyKind:
        return self.findings[0].kind

    @property
    def kinds(self) -> frozenset[AnomalyKind]:
        return frozenset(f.kind for f in self.findings)

    @property
    def visit_number(self) -> str:
        return self.visit.number


def anomalies(data: PeriodData, settings: Settings) -> list[Anomaly]:
    """The visits the head of section should read first, in the order of the visits."""
    found = []
    for visit in data.visits:
        findings = sorted(_findings(visit, data.cutoff, settings),
                          key=lambda f: PRECEDENCE[f.kind])
        if findings:
            found.append(Anomaly(visit, tuple(findings)))
    return found


def allowed_minutes(visit: ReportVisit, sop: SopMinutes) -> int:
    """How long a stay may last before it is overdue: the planned time or the SOP's hour,
    whichever is shorter."""
    return min(visit.planned_minutes, sop.visit)


def _findings(visit: ReportVisit, cut: dt.datetime, settings: Settings) -> Iterable[Finding]:
    def make(kind: AnomalyKind, message: str, **params: Any) -> Finding:
        return Finding(kind, message, params)

    day_over = cut >= day_end_at(local_day(visit.submitted_at), settings.day_end_time)
    if visit.deny_hit:
        if visit.deny_override:
            yield make(AnomalyKind.DENY_LIST,
                       N_("On the deny list; admitted by a supervisor's override."))
        elif visit.state is S.REFUSED:
            yield make(AnomalyKind.DENY_LIST, N_("On the deny list; refused: {reason}"),
                       reason=visit.refusal_reason or "–")
        else:
            yield make(AnomalyKind.DENY_LIST, N_("On the deny list."))
    elif visit.state is S.REFUSED:
        yield make(AnomalyKind.REFUSED, N_("Refused: {reason}"),
                   reason=visit.refusal_reason or "–")
    yield from _stay_findings(visit, cut, settings.sop, day_over)
    yield from _device_findings(visit)
    if visit.badge_lost:
        yield make(AnomalyKind.BADGE,
                   N_("Badge {badge} was not returned; it was taken out of use."),
                   badge=visit.badge_number or "–")


def _stay_findings(visit: ReportVisit, cut: dt.datetime, sop: SopMinutes, day_over: bool
                   ) -> Iterable[Finding]:
    if visit.state is S.LEFT_UNRECORDED:
        yield Finding(AnomalyKind.LEFT_UNRECORDED,
                      N_("Nobody saw the visitor leave; closed at {recorded} by {who}: "
                         "{reason}"),
                      {"recorded": visit.closed_at, "who": visit.closed_by or "–",
                       "reason": visit.closed_reason or "–"})
    elif visit.state is S.INSIDE and visit.entered_at is not None:
        stayed = (cut - visit.entered_at).total_seconds() / 60
        if day_over or stayed > allowed_minutes(visit, sop):
            yield Finding(AnomalyKind.STILL_INSIDE,
                          N_("Still inside at the cut-off, {minutes} min after going in; "
                             "{planned} min planned."),
                          {"minutes": round(stayed), "planned": visit.planned_minutes})
    elif visit.state is S.APPROVED and visit.decided_at is not None:
        waited = (cut - visit.decided_at).total_seconds() / 60
        if day_over or waited > allowed_minutes(visit, sop):
            yield Finding(AnomalyKind.STILL_INSIDE,
                          N_("Approved {minutes} min before the cut-off and never marked as "
                             "gone in; badge {badge} still out."),
                          {"minutes": round(waited), "badge": visit.badge_number or "–"})
    elif visit.state is S.SUBMITTED:
        waited = (cut - visit.submitted_at).total_seconds() / 60
        if day_over or waited > sop.form_to_decision:
            yield Finding(AnomalyKind.UNDECIDED,
                          N_("No decision at the cut-off, {minutes} min after the form was "
                             "submitted."), {"minutes": round(waited)})
    stayed_done = minutes_between(visit.entered_at, visit.left_at)
    if stayed_done is not None and stayed_done > allowed_minutes(visit, sop):
        yield Finding(AnomalyKind.OVERDUE,
                      N_("Stayed {minutes} min; {planned} min planned, {standard} min in "
                         "the SOP."),
                      {"minutes": round(stayed_done), "planned": visit.planned_minutes,
                       "standard": sop.visit})


def _device_findings(visit: ReportVisit) -> Iterable[Finding]:
    for device in visit.devices:
        if visit.state is S.LEFT_UNRECORDED and device.exit_state is DeviceExit.PENDING:
            yield Finding(AnomalyKind.DEVICE, N_("{device} was never checked at the exit."),
                          {"device": device.label()})
        elif device.flagged and not device.carried_in:
            yield Finding(AnomalyKind.DEVICE,
                          N_("{device} was carried out but not listed at entry: {note}"),
                          {"device": device.label(), "note": device.exit_note or "–"})
        elif device.flagged:
            yield Finding(AnomalyKind.DEVICE, _DEVICE_MESSAGES[device.exit_state],
                          {"device": device.label(), "serial": device.exit_serial or "–",
                           "note": device.exit_note or "–"})


@dataclass(frozen=True)
class KindCount:
    kind: AnomalyKind
    visits: int  # visits counted under this kind (their primary kind)
    also: int  # visits that show it too, counted under a kind of higher precedence


def anomaly_table(found: Sequence[Anomaly]) -> list[KindCount]:
    """One row per kind, in order of precedence; ``visits`` adds up to ``len(found)``."""
    primary = Counter(a.kind for a in found)
    also = Counter(k for a in found for k in a.kinds - {a.kind})
    return [KindCount(kind, primary[kind], also[kind]) for kind in AnomalyKind]


# --- not closed at day end --------------------------------------------------------------

class Resolution(enum.StrEnum):
    """How a visit open at the day's end was closed, as far as the cut-off knows."""

    CHECKED_OUT = "checked_out"  # the visitor left after the day end, checked out as usual
    LATE = "late"  # checked out late, with an exit time the operator gave
    LEFT_UNRECORDED = "left_unrecorded"
    UNVISITED = "unvisited"  # cancelled or did not come
    DECIDED = "decided"  # refused after the day end
    STILL_OPEN = "still_open"  # nothing recorded by the cut-off


@dataclass(frozen=True)
class Unclosed:
    visit: ReportVisit
    state_at_day_end: VisitState
    day_end: dt.datetime
    resolution: Resolution


def resolution(visit: ReportVisit) -> Resolution:
    if visit.state in OPEN:
        return Resolution.STILL_OPEN
    if visit.state is S.LEFT_UNRECORDED:
        return Resolution.LEFT_UNRECORDED
    if visit.state in {S.CANCELLED, S.NO_SHOW}:
        return Resolution.UNVISITED
    if visit.state is S.REFUSED:
        return Resolution.DECIDED
    return Resolution.LATE if visit.checked_out_late else Resolution.CHECKED_OUT


def not_closed_at_day_end(data: PeriodData, end: dt.time) -> list[Unclosed]:
    """The visits still open at their day's end, with how each was resolved by the cut-off.
    A day whose end comes after the cut-off is not judged yet (see ``day_end_reached``)."""
    found = []
    for visit in data.visits:
        moment = day_end_at(local_day(visit.submitted_at), end)
        if moment > data.cutoff:
            continue
        state = open_at(visit, moment)
        if state is not None:
            found.append(Unclosed(visit, state, moment, resolution(visit)))
    return found


def day_end_reached(data: PeriodData, end: dt.time) -> bool:
    """Whether the last day's end had come by the cut-off."""
    return day_end_at(data.last, end) <= data.cutoff


# --- one bundle for the documents -------------------------------------------------------------

@dataclass(frozen=True)
class ReportFigures:
    data: PeriodData
    totals: Totals
    purposes: list[PurposeCount]
    timings: list[StepTiming]
    anomalies: list[Anomaly]
    unclosed: list[Unclosed]
    day_end: dt.time

    @property
    def anomaly_visits(self) -> int:
        """Visits with at least one anomaly: the number on the report's tile."""
        return len(self.anomalies)


def figures(data: PeriodData, settings: Settings) -> ReportFigures:
    return ReportFigures(data, totals(data), purpose_counts(data, settings),
                         sop_timings(data, settings.sop), anomalies(data, settings),
                         not_closed_at_day_end(data, settings.day_end_time),
                         settings.day_end_time)
