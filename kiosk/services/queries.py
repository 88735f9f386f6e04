"""Read-only questions the screens and reports ask: the queue, who is inside, one visit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import BadgeLoan, Visit
from kiosk.domain.clock import day_bounds, utcnow
from kiosk.domain.lifecycle import IN_CUSTODY, OPEN, must_close
from kiosk.domain.records import VisitDetail, VisitSummary
from kiosk.domain.types import IdType, PhotoAbsence, VisitState
from kiosk.domain.validation import clean_text
from kiosk.errors import NotFound
from kiosk.services.records import NO_IMAGES, detail, summarise
from kiosk.services.staff import staff_names
from kiosk.services.visits import get_visit_row

_EAGER = (*NO_IMAGES, selectinload(Visit.devices),
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


def open_after_day_end(db: Database, settings: Settings) -> list[VisitSummary]:
    """Visits the operator must still resolve to close the day (``lifecycle.must_close``),
    oldest first. Empty once the day is closed."""
    now, end = utcnow(), settings.day_end_time
    return [v for v in _summaries(db, Visit.state.in_(OPEN))
            if must_close(v.state, v.submitted_at, now, end)]


def visits_on(db: Database, day: dt.date) -> list[VisitSummary]:
    start, end = day_bounds(day)
    return _summaries(db, Visit.submitted_at >= start, Visit.submitted_at < end)


def visits_between(db: Database, start: dt.datetime, end: dt.datetime) -> list[VisitSummary]:
    return _summaries(db, Visit.submitted_at >= start, Visit.submitted_at < end)


def get_visit(db: Database, visit_id: int) -> VisitDetail:
    with db.session() as session:
        return detail(get_visit_row(session, visit_id), staff_names(session))


@dataclass(frozen=True)
class VisitPhoto:
    """The visitor's photo, or why there is none, without the rest of the form."""

    jpeg: bytes | None
    no_photo_reason: PhotoAbsence | None


def visit_photo(db: Database, visit_id: int) -> VisitPhoto:
    """For the board of who is inside, which shows the photo of the visit chosen."""
    with db.session() as session:
        row = session.execute(
            select(Visit.photo_jpeg, Visit.no_photo_reason).where(Visit.id == visit_id)
        ).one_or_none()
        if row is None:
            raise NotFound("Visit {number} does not exist.", number=visit_id)
        return VisitPhoto(row[0], row[1])


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
    """What the form can fill in for someone who came before, from their last visit.

    Only ever asked for a number read off a document the visitor holds (their KTP in front
    of the camera): a typed number proves nothing, and must reveal nothing. Even then the
    phone number is not offered; the visitor types it again.
    """

    full_name: str
    organisation: str
    last_purpose_key: str
    last_pic: str


def returning_visitor_for_card(db: Database, id_type: str, id_number: str
                               ) -> ReturningVisitor | None:
    """The last visit made with this document, for a card read by the camera."""
    with db.session() as session:
        last = session.execute(
            select(Visit.full_name, Visit.organisation, Visit.purpose_key, Visit.pic)
            .where(Visit.id_type == IdType(id_type), Visit.id_number == id_number,
                   Visit.purged_at.is_(None))
            .order_by(Visit.submitted_at.desc()).limit(1)
        ).first()
    return ReturningVisitor(*last) if last is not None else None


def organisation_suggestions(db: Database, typed: str, limit: int = 8) -> list[str]:
    """Earlier organisations that start with what is typed, most frequent first."""
    prefix = clean_text(typed)
    with db.session() as session:
        count = func.count(Visit.id)
        stmt = (select(Visit.organisation).where(Visit.purged_at.is_(None))
                .group_by(Visit.organisation).order_by(count.desc(), Visit.organisation)
                .limit(limit))
        if prefix:
            stmt = stmt.where(func.lower(Visit.organisation).startswith(prefix.lower(),
                                                                        autoescape=True))
        return list(session.scalars(stmt))
