"""The reads behind the reports and the archived form, in a few set-based queries.

A day's report needs every visit of the day with its devices, badge, exit request and
deny-list status. Asking ``get_visit`` once per visit would open a thousand sessions for a
busy day; these queries fetch each kind of row once for the whole period, driven by the
``submitted_at`` index, so the day query stays fast on a database of millions of visits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from kiosk.db.database import Database
from kiosk.db.models import (
    AuditEvent,
    Badge,
    BadgeLoan,
    DailyCount,
    DenyEntry,
    Device,
    Visit,
)
from kiosk.domain.clock import day_bounds, utcnow
from kiosk.domain.denymatch import same_number
from kiosk.domain.figures import PeriodData, PurgedCount, ReportVisit
from kiosk.domain.records import DeviceRecord, masked_id, visit_number
from kiosk.domain.types import IdType
from kiosk.services.audit import GENESIS
from kiosk.services.exits import EXIT_REQUESTED
from kiosk.services.staff import staff_names

BADGE_RETIRED = "badge_retired"
ARCHIVED = "archived"


def period_data(db: Database, first: dt.date, last: dt.date) -> PeriodData:
    """Visits submitted on the local days ``first`` to ``last`` (inclusive), ready to report."""
    if last < first:
        raise ValueError("last day before first day")
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    in_period = (Visit.submitted_at >= start, Visit.submitted_at < end,
                 Visit.purged_at.is_(None))
    with db.session() as session:
        names = staff_names(session)
        devices = _devices(session, in_period)
        badges, events = _badges(session, in_period), _events(session, in_period)
        deny = _deny_entries(session, in_period)
        rows = session.execute(
            select(Visit.id, Visit.version, Visit.terminal, Visit.archived_at,
                   Visit.state, Visit.purpose_key, Visit.purpose_text, Visit.pic,
                   Visit.planned_minutes, Visit.submitted_at, Visit.decided_at,
                   Visit.entered_at, Visit.left_at, Visit.escort_id, Visit.decided_by_id,
                   Visit.checked_out_by_id, Visit.refusal_reason, Visit.deny_override_reason,
                   Visit.full_name, Visit.organisation, Visit.id_type, Visit.id_number,
                   Visit.number_key)
            .where(*in_period).order_by(Visit.submitted_at, Visit.id)
        ).all()
        purged = session.execute(
            select(DailyCount.day, DailyCount.purpose_key, DailyCount.visits,
                   DailyCount.refused)
            .where(DailyCount.day >= first, DailyCount.day <= last)
            .order_by(DailyCount.day, DailyCount.purpose_key)
        ).all()
    visits = []
    for row in rows:
        badge_number, badge_lost, badge_out = badges.get(row.id, (None, False, False))
        visit_events = events.get(row.id, {})
        carried = tuple(devices.get(row.id, ()))
        visits.append(ReportVisit(
            id=row.id, number=visit_number(row.id), version=row.version, state=row.state,
            terminal=row.terminal, full_name=row.full_name, organisation=row.organisation,
            id_type=row.id_type, masked_id=masked_id(row.id_type, row.id_number),
            purpose_key=row.purpose_key, purpose_text=row.purpose_text, pic=row.pic,
            planned_minutes=row.planned_minutes, submitted_at=row.submitted_at,
            decided_at=row.decided_at, entered_at=row.entered_at, left_at=row.left_at,
            archived_at=row.archived_at, device_count=sum(d.carried_in for d in carried),
            purged=False, exit_requested_at=visit_events.get(EXIT_REQUESTED),
            escort_name=names.get(row.escort_id) if row.escort_id else None,
            decided_by=names.get(row.decided_by_id) if row.decided_by_id else None,
            checked_out_by=names.get(row.checked_out_by_id) if row.checked_out_by_id else None,
            badge_number=badge_number,
            badge_lost=badge_lost or BADGE_RETIRED in visit_events,
            badge_out=badge_out, devices=carried,
            refusal_reason=row.refusal_reason,
            deny_hit=bool(row.deny_override_reason) or _denied(
                deny, row.id_type, row.number_key, row.submitted_at),
            deny_override=bool(row.deny_override_reason),
        ))
    return PeriodData(first, last, tuple(visits),
                      tuple(PurgedCount(*p) for p in purged), utcnow())


def _devices(session: Session, in_period: tuple[ColumnElement[bool], ...]
             ) -> dict[int, list[DeviceRecord]]:
    found: dict[int, list[DeviceRecord]] = defaultdict(list)
    for row in session.execute(
        select(Device.visit_id, Device.id, Device.kind, Device.brand_model, Device.serial,
               Device.carried_in, Device.exit_state, Device.exit_serial, Device.exit_note)
        .join(Visit, Visit.id == Device.visit_id).where(*in_period).order_by(Device.id)
    ):
        found[row.visit_id].append(DeviceRecord(*row[1:]))
    return found


def _badges(session: Session, in_period: tuple[ColumnElement[bool], ...]
            ) -> dict[int, tuple[int, bool, bool]]:
    """The last badge of each visit: (number, lost, still out)."""
    found: dict[int, tuple[int, bool, bool]] = {}
    for row in session.execute(
        select(BadgeLoan.visit_id, Badge.number, BadgeLoan.returned_at)
        .join(Badge, Badge.id == BadgeLoan.badge_id)
        .join(Visit, Visit.id == BadgeLoan.visit_id).where(*in_period).order_by(BadgeLoan.id)
    ):
        found[row.visit_id] = (row.number, False, row.returned_at is None)
    return found


def _events(session: Session, in_period: tuple[ColumnElement[bool], ...]
            ) -> dict[int, dict[str, dt.datetime]]:
    """The first time each visit saw each audit action the report needs."""
    found: dict[int, dict[str, dt.datetime]] = defaultdict(dict)
    for row in session.execute(
        select(AuditEvent.visit_id, AuditEvent.action, AuditEvent.at)
        .join(Visit, Visit.id == AuditEvent.visit_id)
        .where(*in_period, AuditEvent.action.in_((EXIT_REQUESTED, BADGE_RETIRED)))
        .order_by(AuditEvent.seq)
    ):
        found[row.visit_id].setdefault(row.action, row.at)
    return found


_DenyRow = tuple[IdType, dt.datetime, dt.datetime | None, dt.datetime | None]


def _deny_entries(session: Session, in_period: tuple[ColumnElement[bool], ...]
                  ) -> dict[str, list[_DenyRow]]:
    """Entries ever made for the period's ID numbers, by ``number_key`` (through its index):
    each visit is judged by the list as it stood when the form was submitted."""
    entries: dict[str, list[_DenyRow]] = defaultdict(list)
    for row in session.execute(
        select(DenyEntry.id_type, DenyEntry.number_key, DenyEntry.added_at,
               DenyEntry.expires_at, DenyEntry.removed_at)
        .where(DenyEntry.number_key != "",
               DenyEntry.number_key.in_(select(Visit.number_key).where(*in_period)))
    ):
        entries[row.number_key].append((row.id_type, row.added_at, row.expires_at,
                                        row.removed_at))
    return entries


def _denied(entries: dict[str, list[_DenyRow]], id_type: IdType, key: str,
            at: dt.datetime) -> bool:
    """A sure match (the approval's own rule) with an entry active at ``at``; possible
    matches by name are the operator's to judge and never count as hits."""
    return any(same_number(id_type, key, entry_type, key)
               and added <= at and (expires is None or expires > at)
               and (removed is None or removed > at)
               for entry_type, added, expires, removed in entries.get(key, ()))


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
