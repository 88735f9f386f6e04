"""What the operator sees before deciding (SOP step 4) and the desk's live picture.

The console polls ``snapshot`` (one transaction: queue, who is inside, who asked to
leave) so terminals sharing a PostgreSQL server see each other's visits within a poll;
``review_visit`` gathers the checks the operator makes by eye on paper today: is the NIK
well-formed and what does it say, is the person on the deny list (by number, or possibly
by name and birth date), have they been here before. The SOP's standard times are
compared here too, so every screen flags the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import selectinload

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import BadgeLoan, IdCardHeld, Visit
from kiosk.domain.clock import utcnow
from kiosk.domain.denymatch import PossibleMatch
from kiosk.domain.lifecycle import IN_CUSTODY
from kiosk.domain.nik import NikInfo, parse_nik
from kiosk.domain.records import DenyRecord, VisitDetail, VisitSummary
from kiosk.domain.types import IdType, VisitState
from kiosk.errors import ValidationError
from kiosk.services import denylist, exits, queries
from kiosk.services.records import detail, summarise
from kiosk.services.staff import staff_names
from kiosk.services.visits import get_visit_row


@dataclass(frozen=True)
class Review:
    detail: VisitDetail
    nik: NikInfo | None  # a KTP's facts when the NIK is well-formed
    nik_problem: ValidationError | None  # why it is not, for a KTP
    deny: DenyRecord | None  # an active deny-list entry for this ID number (a sure match)
    possible: tuple[PossibleMatch, ...]  # entries this person may be, by name and birth date
    history: tuple[VisitSummary, ...]  # earlier visits of the same person, newest first


def review_visit(db: Database, visit_id: int) -> Review:
    with db.session() as session:
        row = get_visit_row(session, visit_id)
        full = detail(row, staff_names(session))
        found = denylist.check(session, row.full_name, row.id_type, row.id_number)
    nik, problem = None, None
    if full.summary.id_type is IdType.KTP:
        try:
            nik = parse_nik(full.id_number)
        except ValidationError as exc:
            problem = exc
    history = tuple(v for v in queries.visit_history(db, full.visitor_id) if v.id != visit_id)
    return Review(full, nik, problem, found.sure, found.possible, history)


@dataclass(frozen=True)
class Snapshot:
    pending: tuple[VisitSummary, ...]
    inside: tuple[VisitSummary, ...]
    exit_requests: dict[int, exits.ExitRequest]
    unarchived: tuple[VisitSummary, ...]  # checked out, form not yet in the archive (step 7)
    taken_at: dt.datetime
    #: Left without check-out, their ID card still kept at the desk for them.
    cards_waiting: tuple[VisitSummary, ...] = ()


_OPEN = (VisitState.SUBMITTED, *IN_CUSTODY, VisitState.CHECKED_OUT)


def snapshot(db: Database) -> Snapshot:
    """Everything the desk's live lists show, read in one transaction.

    One read, so a visit approved between two queries never shows in the queue and on
    the board at once (or in neither).
    """
    with db.session() as session:
        names = staff_names(session)

        def summaries(*where: ColumnElement[bool]) -> list[VisitSummary]:
            return [summarise(v, names) for v in session.execute(
                select(Visit).where(*where)
                .options(selectinload(Visit.devices),
                         selectinload(Visit.badge_loans).joinedload(BadgeLoan.badge))
                .order_by(Visit.submitted_at)).unique().scalars()]

        rows = summaries(Visit.state.in_(_OPEN))
        requests = exits.exit_requests_in(session)
        waiting = summaries(Visit.state == VisitState.LEFT_UNRECORDED,
                            Visit.purged_at.is_(None),
                            Visit.id_cards.any(IdCardHeld.returned_at.is_(None)))
        taken_at = utcnow()
    return Snapshot(
        pending=tuple(v for v in rows if v.state is VisitState.SUBMITTED),
        inside=tuple(v for v in rows if v.state in IN_CUSTODY),
        exit_requests=requests,
        unarchived=tuple(v for v in rows if v.state is VisitState.CHECKED_OUT),
        taken_at=taken_at, cards_waiting=tuple(waiting))


@dataclass(frozen=True)
class Timing:
    """Time spent against a standard; ``over`` is when to draw attention."""

    elapsed: dt.timedelta
    limit: dt.timedelta

    @property
    def over(self) -> bool:
        return self.elapsed > self.limit


def waiting(visit: VisitSummary, settings: Settings, now: dt.datetime) -> Timing:
    """SOP steps 2-4: a submitted form should be decided within 5 minutes."""
    return Timing(max(now - visit.submitted_at, dt.timedelta()),
                  dt.timedelta(minutes=settings.sop.form_to_decision))


def stay(visit: VisitSummary, settings: Settings, now: dt.datetime) -> tuple[Timing, Timing]:
    """Time inside against the planned duration and against the SOP's 1 hour (step 5)."""
    start = visit.entered_at or visit.decided_at or visit.submitted_at
    elapsed = max(now - start, dt.timedelta())
    return (Timing(elapsed, dt.timedelta(minutes=visit.planned_minutes)),
            Timing(elapsed, dt.timedelta(minutes=settings.sop.visit)))

