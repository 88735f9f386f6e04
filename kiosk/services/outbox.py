"""The outbox: messages to the people inside, queued with their event, sent in the background.

Queueing happens inside the transaction of the event (``queue``, called by the visit
services), so a committed visit always has its messages waiting and a rolled-back one has
none. Sending is separate (``send_due``, run off the UI thread by the kiosk's upkeep): a
mail server that is away, or slow, never stops the door; its messages wait and are tried
again with a growing delay, and after ``MAX_ATTEMPTS`` they are marked failed for the
supervisor to see.

Several terminals on one PostgreSQL server may send at once. A sender claims due rows with
``SELECT … FOR UPDATE SKIP LOCKED`` and, in the same short transaction, pushes their next
attempt a lease ahead; the claim commits before the network is touched, so no lock is held
while a server times out, and another sender skips what is claimed. SQLite has one writer
(``BEGIN IMMEDIATE``), which serialises claims the same way. A sender that dies after a
claim leaves the row to be claimed again when the lease ends.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import Invitation, OutboxMessage, Staff, Visit
from kiosk.domain.clock import local, next_day_end, utcnow
from kiosk.domain.lifecycle import allowed_stay
from kiosk.domain.notices import NoticeFacts, NoticeKind, compose
from kiosk.domain.records import MessageRecord, OutboxState, visit_number
from kiosk.domain.types import Role, VisitState
from kiosk.errors import NotFound
from kiosk.formats import short_date, zoned_time_text
from kiosk.i18n import translate
from kiosk.services import delivery
from kiosk.services.actors import Actor
from kiosk.services.records import NO_IMAGES

log = logging.getLogger(__name__)

#: Tries before a message is given up (about a day of retries at the cap).
MAX_ATTEMPTS = 30
FIRST_RETRY = dt.timedelta(seconds=30)
RETRY_CAP = dt.timedelta(hours=1)
#: A claimed message is not claimed again before this, unless its sender reports back.
LEASE = dt.timedelta(minutes=10)
#: Messages claimed at a time: a slow server delays few, and the next run takes the rest.
BATCH = 10
#: A failure is shown on the console this long.
FAILED_SHOWN = dt.timedelta(days=1)

#: A visit still open at the end of the day.
OPEN = (VisitState.SUBMITTED, VisitState.APPROVED, VisitState.INSIDE)


def retry_delay(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, … doubling up to an hour after ``attempts`` failed tries."""
    return min(RETRY_CAP, FIRST_RETRY * 2 ** max(attempts - 1, 0))


# --- queueing, inside the event's own transaction -----------------------------------------

#: ``host_id`` of ``queue`` when the caller does not know it: read from the invitation.
FROM_INVITATION: Final = "invitation"
#: Who invited the visitor: a staff id, nobody, or ``FROM_INVITATION``.
Host = int | Literal["invitation"] | None


def queue(session: Session, settings: Settings, kind: NoticeKind, visit: Visit,
          now: dt.datetime, *, host_id: Host = FROM_INVITATION) -> int:
    """Queue the messages ``kind`` sends about ``visit``; returns how many.

    Called by the service that makes the event, in its transaction, after the visit's
    escort and invitation are in place. ``host_id``: who invited the visitor, when the
    caller knows it (the submission that used the invitation).
    """
    targets = recipients(session, settings, kind, visit, host_id)
    if not targets:
        return 0
    message = compose(kind, _facts(session, settings, kind, visit, now),
                      settings.default_language)
    for target in targets:
        session.add(OutboxMessage(
            created_at=now, event=kind.value, visit_id=visit.id, target=target,
            subject=message.subject, body=message.body, attempts=0, next_attempt_at=now))
    return len(targets)


def recipients(session: Session, settings: Settings, kind: NoticeKind, visit: Visit,
               host_id: Host = FROM_INVITATION) -> list[str]:
    """Who hears of ``kind``: the unit the PIC names (else, for an arrival, the supervisor),
    the staff member who invited the visitor, the escort; the supervisor for overstays."""
    notify = settings.notify
    if kind is NoticeKind.ESCORT:
        return _staff_target(session, visit.escort_id)
    unit = notify.unit(visit.pic)
    place = list(unit.targets) if unit else []
    host = _staff_target(session, _host_id(session, visit.id) if host_id == FROM_INVITATION
                         else host_id)
    if kind is NoticeKind.ARRIVAL:
        found = (place or list(notify.supervisor_targets)) + host
    else:
        found = (place + host + _staff_target(session, visit.escort_id)
                 + list(notify.supervisor_targets))
    return list(dict.fromkeys(found))


def _host_id(session: Session, visit_id: int) -> int | None:
    return session.scalar(select(Invitation.created_by_id)
                          .where(Invitation.used_by_visit_id == visit_id))


def _staff_target(session: Session, staff_id: int | None) -> list[str]:
    if staff_id is None:
        return []
    staff = session.get(Staff, staff_id)
    return [staff.notify_target] if staff and staff.active and staff.notify_target else []


def _facts(session: Session, settings: Settings, kind: NoticeKind, visit: Visit,
           now: dt.datetime) -> NoticeFacts:
    language = settings.default_language
    purpose = settings.purpose(visit.purpose_key)
    # An escort is named at approval, or later when the escort changes: now, either way.
    moments = {NoticeKind.ARRIVAL: visit.submitted_at, NoticeKind.ESCORT: now,
               NoticeKind.OVERSTAY: visit.entered_at,
               NoticeKind.DAY_END: visit.entered_at or visit.submitted_at}
    moment = moments[kind] or visit.submitted_at
    escort = session.get(Staff, visit.escort_id) if visit.escort_id else None
    inside = (now - visit.entered_at) if visit.entered_at else dt.timedelta()
    return NoticeFacts(
        number=visit_number(visit.id), full_name=visit.full_name,
        organisation=visit.organisation,
        purpose=translate(purpose.label, language) if purpose else visit.purpose_key,
        purpose_text=visit.purpose_text, pic=visit.pic, site=settings.site_name,
        terminal=visit.terminal, day=short_date(local(moment).date(), language),
        time=zoned_time_text(moment, language), planned_minutes=visit.planned_minutes,
        escort=escort.full_name if escort and kind is not NoticeKind.ESCORT else "",
        inside_minutes=int(inside.total_seconds() // 60))


# --- overstays and visits open at day end (the kiosk's upkeep) -----------------------------

def queue_due_notices(db: Database, settings: Settings) -> int:
    """Queue an overstay or day-end message for each visit that has become one, once per
    visit: run as often as liked, on as many terminals as there are."""
    now = utcnow()
    queued = 0
    with db.session() as session:
        due = _due(session, settings, now)
        for visit_id, kind in due:
            # The lock makes a second terminal doing the same wait, then find it queued.
            visit = session.execute(select(Visit).where(Visit.id == visit_id)
                                    .options(*NO_IMAGES).with_for_update(of=Visit)
                                    .execution_options(populate_existing=True)).scalar_one()
            if visit.state in OPEN and not _already_queued(session, visit_id, kind):
                queued += queue(session, settings, kind, visit, now)
    return queued


def _due(session: Session, settings: Settings, now: dt.datetime) -> list[tuple[int, NoticeKind]]:
    visits = session.execute(select(Visit).where(Visit.state.in_(OPEN))
                             .options(*NO_IMAGES)).scalars().all()
    if not visits:
        return []
    told = {(visit_id, event) for visit_id, event in session.execute(
        select(OutboxMessage.visit_id, OutboxMessage.event)
        .where(OutboxMessage.visit_id.in_([v.id for v in visits]),
               OutboxMessage.event.in_([NoticeKind.OVERSTAY.value, NoticeKind.DAY_END.value])))}
    due: list[tuple[int, NoticeKind]] = []
    for visit in visits:
        for kind in _kinds_due(settings, visit, now):
            # Nobody to tell (nothing configured): nothing to lock for.
            if (visit.id, kind.value) not in told and recipients(session, settings, kind,
                                                                 visit):
                due.append((visit.id, kind))
    return due


def _kinds_due(settings: Settings, visit: Visit, now: dt.datetime) -> list[NoticeKind]:
    kinds = []
    if (visit.state is VisitState.INSIDE and visit.entered_at is not None
            and now - visit.entered_at > allowed_stay(visit.planned_minutes,
                                                      settings.sop.visit)):
        kinds.append(NoticeKind.OVERSTAY)
    if now >= next_day_end(visit.submitted_at, settings.day_end_time):
        kinds.append(NoticeKind.DAY_END)
    return kinds


def _already_queued(session: Session, visit_id: int, kind: NoticeKind) -> bool:
    return session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.visit_id == visit_id, OutboxMessage.event == kind.value).limit(1)
    ) is not None


# --- sending (the kiosk's upkeep) ----------------------------------------------------------

@dataclass(frozen=True)
class _Claim:
    id: int
    attempts: int
    target: str
    subject: str
    body: str


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def send_due(db: Database, settings: Settings, *, limit: int = BATCH) -> SendReport:
    """Claim up to ``limit`` due messages, send them, and record each outcome."""
    sent = retrying = failed = 0
    for claim in _claim(db, limit):
        error = _send(settings, claim)
        outcome = _record(db, claim, error)
        sent += outcome == "sent"
        retrying += outcome == "retrying"
        failed += outcome == "failed"
    return SendReport(sent, retrying, failed)


def _claim(db: Database, limit: int) -> list[_Claim]:
    now = utcnow()
    with db.session() as session:
        rows = session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
                   OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
            .with_for_update(skip_locked=True)).scalars().all()
        for row in rows:
            row.attempts += 1
            row.next_attempt_at = now + LEASE
        return [_Claim(r.id, r.attempts, r.target, r.subject, r.body) for r in rows]


def _send(settings: Settings, claim: _Claim) -> str | None:
    """None when the message went, else why not (in the site's language)."""
    try:
        delivery.deliver(settings.notify, claim.target, claim.subject, claim.body)
    except delivery.DeliveryFailed as exc:
        # The server's own words when it gave some; else why nothing was tried.
        return str(exc.params.get("reason") or exc.text(settings.default_language))
    except Exception as exc:  # one broken message must not stop the ones behind it
        log.exception("sending message %d failed", claim.id)
        return f"{type(exc).__name__}: {exc}"[:delivery.ERROR_MAX]
    return None


def _record(db: Database, claim: _Claim, error: str | None) -> str:
    now = utcnow()
    with db.session() as session:
        row = session.execute(select(OutboxMessage).where(OutboxMessage.id == claim.id)
                              .with_for_update()).scalar_one_or_none()
        if row is None or row.attempts != claim.attempts or row.sent_at or row.failed_at:
            return "stale"  # claimed again after the lease ran out; that sender reports
        if error is None:
            row.sent_at, row.last_error = now, None
            return "sent"
        row.last_error = error
        if row.attempts >= MAX_ATTEMPTS:
            row.failed_at = now
            log.warning("message %d to %s given up: %s", row.id, row.target, error)
            return "failed"
        row.next_attempt_at = now + retry_delay(row.attempts)
        return "retrying"


# --- what the console and the supervisor see -------------------------------------------------

def outbox_state(db: Database) -> OutboxState:
    """The queue in one line: waiting, failed in the last day, the last sent, the last error."""
    now = utcnow()
    unsent = (OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
    with db.session() as session:
        waiting = session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(*unsent)) or 0
        failed = session.scalar(select(func.count()).select_from(OutboxMessage)
                                .where(OutboxMessage.failed_at >= now - FAILED_SHOWN)) or 0
        last_sent = session.scalar(select(func.max(OutboxMessage.sent_at)))
        last_error = session.scalar(
            select(OutboxMessage.last_error)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.last_error.is_not(None))
            .order_by(OutboxMessage.id.desc()).limit(1))
    return OutboxState(waiting, failed, last_sent, last_error)


def recent_messages(db: Database, actor: Actor, limit: int = 200) -> list[MessageRecord]:
    """The latest messages, newest first, for the supervisor's list."""
    actor.require(Role.SUPERVISOR)
    with db.session() as session:
        rows = session.execute(select(OutboxMessage).order_by(OutboxMessage.id.desc())
                               .limit(limit)).scalars()
        return [_record_of(r) for r in rows]


def send_again(db: Database, actor: Actor, message_id: int) -> MessageRecord:
    """Put a failed (or waiting) message back at the front of the queue with fresh tries."""
    actor.require(Role.SUPERVISOR)
    with db.session() as session:
        row = session.get(OutboxMessage, message_id, with_for_update=True)
        if row is None:
            raise NotFound("This message does not exist any more.")
        if row.sent_at is None:
            row.failed_at, row.attempts, row.next_attempt_at = None, 0, utcnow()
        return _record_of(row)


def delete_before(session: Session, limit: dt.datetime) -> int:
    """Drop messages queued before ``limit`` (the retention purge: they name visitors)."""
    result = session.execute(delete(OutboxMessage).where(OutboxMessage.created_at < limit))
    return int(getattr(result, "rowcount", 0) or 0)


def _record_of(row: OutboxMessage) -> MessageRecord:
    return MessageRecord(row.id, row.created_at, row.event, row.visit_id, row.target,
                         row.subject, row.body, row.attempts, row.next_attempt_at,
                         row.sent_at, row.failed_at, row.last_error)

