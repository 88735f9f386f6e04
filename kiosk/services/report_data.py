"""The reads behind the reports and the archived form, in a few set-based queries.

A day's report needs every visit of the day with its devices, badge, exit request and
deny-list status. Asking ``get_visit`` once per visit would open a thousand sessions for a
busy day; these queries fetch each kind of row once for the whole period, driven by the
``submitted_at`` index, so the day query stays fast on a database of millions of visits.

What is read is what was on record at the report's cut-off (``figures.cutoff``): badge
loans and audit events recorded later are left out here, the escort is the one who had the
visit then, and ``figures.on_record`` winds each visit's own row back to the cut-off. The
deny-list hit is the one kept on the visit when it was decided.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from kiosk.db.database import Database
from kiosk.db.models import (
    AuditEvent,
    Badge,
    BadgeLoan,
    DailyCount,
    Device,
    Visit,
)
from kiosk.domain.clock import day_bounds, utcnow
from kiosk.domain.figures import (
    Period,
    PeriodData,
    PurgedCount,
    ReportVisit,
    cutoff,
    on_record,
)
from kiosk.domain.records import DeviceRecord, masked_id, visit_number
from kiosk.services.audit import GENESIS
from kiosk.services.exits import EXIT_REQUESTED
from kiosk.services.staff import staff_names

BADGE_RETIRED = "badge_retired"
ESCORT_CHANGED = "escort_changed"
ARCHIVED = "archived"

Where = tuple[ColumnElement[bool], ...]


def period_data(db: Database, period: Period, now: dt.datetime | None = None) -> PeriodData:
    """The visits submitted in ``period``, as on record at its cut-off, ready to report;
    with the visits of earlier days whose closing was recorded within the period."""
    cut = cutoff(period, now or utcnow())
    start, end = day_bounds(period.first)[0], day_bounds(period.last)[1]
    in_period: Where = (Visit.submitted_at >= start, Visit.submitted_at < end,
                        Visit.submitted_at <= cut, Visit.purged_at.is_(None))
    closed_in_period: Where = (Visit.closed_at >= start, Visit.closed_at <= cut,
                               Visit.submitted_at < start, Visit.purged_at.is_(None))
    with db.session() as session:
        names = staff_names(session)
        visits = _report_visits(session, in_period, cut, names)
        earlier = _report_visits(session, closed_in_period, cut, names)
        purged = session.execute(
            select(DailyCount.day, DailyCount.purpose_key, DailyCount.visits,
                   DailyCount.refused)
            .where(DailyCount.day >= period.first, DailyCount.day <= period.last)
            .order_by(DailyCount.day, DailyCount.purpose_key)
        ).all()
    return PeriodData(period, visits, tuple(PurgedCount(*p) for p in purged), cut, earlier)


def _report_visits(session: Session, where: Where, cut: dt.datetime,
                   names: dict[int, str]) -> tuple[ReportVisit, ...]:
    rows = session.execute(
        select(Visit.id, Visit.version, Visit.terminal, Visit.archived_at,
               Visit.state, Visit.purpose_key, Visit.purpose_text, Visit.pic,
               Visit.planned_minutes, Visit.submitted_at, Visit.decided_at,
               Visit.entered_at, Visit.left_at, Visit.escort_id, Visit.decided_by_id,
               Visit.checked_out_by_id, Visit.refusal_reason, Visit.deny_override_reason,
               Visit.deny_hit, Visit.closed_at, Visit.closed_by_id, Visit.closed_reason,
               Visit.full_name, Visit.organisation, Visit.id_type, Visit.id_number)
        .where(*where).order_by(Visit.submitted_at, Visit.id)
    ).all()
    if not rows:  # the usual case for visits of earlier days: spare the other reads
        return ()
    devices = _devices(session, where)
    badges, events = _badges(session, where, cut), _events(session, where, cut)
    escorts = _escorts_at(session, where, cut)

    def name(staff_id: int | None) -> str | None:
        return names.get(staff_id) if staff_id else None

    visits = []
    for row in rows:
        badge_number, badge_out = badges.get(row.id, (None, False))
        visit_events = events.get(row.id, {})
        carried = tuple(devices.get(row.id, ()))
        visit = on_record(ReportVisit(
            id=row.id, number=visit_number(row.id), version=row.version, state=row.state,
            terminal=row.terminal, full_name=row.full_name, organisation=row.organisation,
            id_type=row.id_type, masked_id=masked_id(row.id_type, row.id_number),
            purpose_key=row.purpose_key, purpose_text=row.purpose_text, pic=row.pic,
            planned_minutes=row.planned_minutes, submitted_at=row.submitted_at,
            decided_at=row.decided_at, entered_at=row.entered_at, left_at=row.left_at,
            archived_at=row.archived_at, device_count=sum(d.carried_in for d in carried),
            purged=False, exit_requested_at=visit_events.get(EXIT_REQUESTED),
            escort_name=name(escorts.get(row.id, row.escort_id)),
            decided_by=name(row.decided_by_id), checked_out_by=name(row.checked_out_by_id),
            badge_number=badge_number, badge_lost=BADGE_RETIRED in visit_events,
            badge_out=badge_out, devices=carried, refusal_reason=row.refusal_reason,
            deny_hit=row.deny_hit, deny_override=bool(row.deny_override_reason),
            closed_at=row.closed_at, closed_by=name(row.closed_by_id),
            closed_reason=row.closed_reason,
        ), cut)
        if visit is not None:
            visits.append(visit)
    return tuple(visits)


def _devices(session: Session, where: Where) -> dict[int, list[DeviceRecord]]:
    found: dict[int, list[DeviceRecord]] = defaultdict(list)
    for row in session.execute(
        select(Device.visit_id, Device.id, Device.kind, Device.brand_model, Device.serial,
               Device.carried_in, Device.exit_state, Device.exit_serial, Device.exit_note)
        .join(Visit, Visit.id == Device.visit_id).where(*where).order_by(Device.id)
    ):
        found[row.visit_id].append(DeviceRecord(*row[1:]))
    return found


def _badges(session: Session, where: Where, cut: dt.datetime
            ) -> dict[int, tuple[int, bool]]:
    """The last badge each visit had at the cut-off: (number, still out then)."""
    found: dict[int, tuple[int, bool]] = {}
    for row in session.execute(
        select(BadgeLoan.visit_id, Badge.number, BadgeLoan.returned_at)
        .join(Badge, Badge.id == BadgeLoan.badge_id)
        .join(Visit, Visit.id == BadgeLoan.visit_id)
        .where(*where, BadgeLoan.issued_at <= cut).order_by(BadgeLoan.id)
    ):
        found[row.visit_id] = (row.number, row.returned_at is None or row.returned_at > cut)
    return found


def _events(session: Session, where: Where, cut: dt.datetime
            ) -> dict[int, dict[str, dt.datetime]]:
    """The first time each visit saw each audit action the report needs, by the cut-off."""
    found: dict[int, dict[str, dt.datetime]] = defaultdict(dict)
    for row in session.execute(
        select(AuditEvent.visit_id, AuditEvent.action, AuditEvent.at)
        .join(Visit, Visit.id == AuditEvent.visit_id)
        .where(*where, AuditEvent.action.in_((EXIT_REQUESTED, BADGE_RETIRED)),
               AuditEvent.at <= cut)
        .order_by(AuditEvent.seq)
    ):
        found[row.visit_id].setdefault(row.action, row.at)
    return found


def _escorts_at(session: Session, where: Where, cut: dt.datetime) -> dict[int, int | None]:
    """The escort each visit had at the cut-off, for visits whose escort changed later:
    the one the first later change replaced."""
    found: dict[int, int | None] = {}
    for row in session.execute(
        select(AuditEvent.visit_id, AuditEvent.detail)
        .join(Visit, Visit.id == AuditEvent.visit_id)
        .where(*where, AuditEvent.action == ESCORT_CHANGED, AuditEvent.at > cut)
        .order_by(AuditEvent.seq)
    ):
        if row.visit_id not in found:
            found[row.visit_id] = json.loads(row.detail).get("previous")
    return found


def form_chain_hash(db: Database, visit_id: int) -> str:
    """The audit-chain hash printed on a visit's archived form: its latest event *before*
    archiving, so re-creating the form after it was filed prints the same hash."""
    with db.session() as session:
        archived_seq = session.scalar(
            select(AuditEvent.seq).where(AuditEvent.visit_id == visit_id,
                                         AuditEvent.action == ARCHIVED)
            .order_by(AuditEvent.seq).limit(1))
        stmt = select(AuditEvent.hash).where(AuditEvent.visit_id == visit_id)
        if archived_seq is not None:
            stmt = stmt.where(AuditEvent.seq < archived_seq)
        digest = session.scalar(stmt.order_by(AuditEvent.seq.desc()).limit(1))
    return digest or GENESIS
