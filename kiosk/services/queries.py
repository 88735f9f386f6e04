"""Read-only questions the screens and reports ask: the queue, who is inside, one visit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kiosk.db.database import Database
from kiosk.db.models import BadgeLoan, Visit, Visitor
from kiosk.domain.clock import day_bounds
from kiosk.domain.lifecycle import IN_CUSTODY
from kiosk.domain.records import VisitDetail, VisitSummary
from kiosk.domain.types import IdType, VisitState
from kiosk.domain.validation import clean_text
from kiosk.errors import NotFound
from kiosk.services.records import detail, summarise
from kiosk.services.staff import staff_names
from kiosk.services.visits import get_visit_row

_EAGER = (selectinload(Visit.devices),
          selectinload(Visit.badge_loans).joinedload(BadgeLoan.badge),
          selectinload(Visit.id_cards))


def _summaries(db: Database, *where: object, order: object = Visit.submitted_at,
               limit: int | None = None) -> list[VisitSummary]:
    with db.session() as session:
        names = staff_names(session)
        stmt = select(Visit).where(*where).options(*_EAGER).order_by(order)  # type: ignore[arg-type]
        if limit is not None:
            stmt = stmt.limit(limit)
        return [summarise(v, names) for v in session.execute(stmt).unique().scalars()]


def pending(db: Database) -> list[VisitSummary]:
    """Visits waiting for a decision, oldest first (the SOP gives 5 minutes each)."""
    return _summaries(db, Visit.state == VisitState.SUBMITTED)


def inside_now(db: Database) -> list[VisitSummary]:
    """Everyone holding a badge: approved and on the way in, or inside the room."""
    return _summaries(db, Visit.state.in_(IN_CUSTODY))


def visits_on(db: Database, day: dt.date) -> list[VisitSummary]:
    start, end = day_bounds(day)
    return _summaries(db, Visit.submitted_at >= start, Visit.submitted_at < end)


def visits_between(db: Database, start: dt.datetime, end: dt.datetime) -> list[VisitSummary]:
    return _summaries(db, Visit.submitted_at >= start, Visit.submitted_at < end)


def get_visit(db: Database, visit_id: int) -> VisitDetail:
    with db.session() as session:
        return detail(get_visit_row(session, visit_id), staff_names(session))


@dataclass(frozen=True)
class VisitStatus:
    """What the visitor's waiting screen may know: the decision, and a refusal's reason."""

    state: VisitState
    refusal_reason: str | None


def visit_status(db: Database, visit_id: int) -> VisitStatus:
    with db.session() as session:
        row = session.execute(
            select(Visit.state, Visit.refusal_reason).where(Visit.id == visit_id)
        ).one_or_none()
        if row is None:
            raise NotFound("Visit {number} does not exist.", number=visit_id)
        return VisitStatus(row[0], row[1])


def visit_history(db: Database, visitor_id: int, limit: int = 20) -> list[VisitSummary]:
    """Earlier visits of the same person, newest first, for the operator's detail view."""
    return _summaries(db, Visit.visitor_id == visitor_id, order=Visit.submitted_at.desc(),
                      limit=limit)


@dataclass(frozen=True)
class ReturningVisitor:
    """What the form can fill in for someone who came before.

    Anyone can type a NIK at the kiosk, so this is only what helps and harms least if a
    stranger sees it: no phone number, which the visitor types again.
    """

    full_name: str
    organisation: str
    last_purpose_key: str | None
    last_pic: str | None


def returning_visitor(db: Database, id_type: str, id_number: str) -> ReturningVisitor | None:
    with db.session() as session:
        visitor = session.execute(
            select(Visitor).where(Visitor.id_type == IdType(id_type),
                                  Visitor.id_number == id_number,
                                  Visitor.purged_at.is_(None))
        ).scalar_one_or_none()
        if visitor is None:
            return None
        last = session.execute(
            select(Visit.purpose_key, Visit.pic).where(Visit.visitor_id == visitor.id)
            .order_by(Visit.submitted_at.desc()).limit(1)
        ).first()
        return ReturningVisitor(visitor.full_name, visitor.organisation,
                                last[0] if last else None, last[1] if last else None)


def organisation_suggestions(db: Database, typed: str, limit: int = 8) -> list[str]:
    """Earlier organisations that start with what is typed, most frequent first."""
    prefix = clean_text(typed)
    with db.session() as session:
        count = func.count(Visitor.id)
        stmt = (select(Visitor.organisation).where(Visitor.purged_at.is_(None))
                .group_by(Visitor.organisation).order_by(count.desc(), Visitor.organisation)
                .limit(limit))
        if prefix:
            stmt = stmt.where(func.lower(Visitor.organisation).startswith(prefix.lower(),
                                                                          autoescape=True))
        return list(session.scalars(stmt))
