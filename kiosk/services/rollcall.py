"""The emergency roll call: everyone holding a visitor badge, accounted for one by one from
any terminal (as Sign In App and Kisi run theirs).

Staff at any terminal start it from the evacuation list; it lists everyone in custody at
that moment (``lifecycle.IN_CUSTODY``: the same people as the evacuation list, approved and
on the way in or inside; a visitor closed at the day's end as "left without check-out" is
no longer on either). Each person is then marked as accounted for, with the time, who
marked them and at which terminal; when it ends, whoever was not marked is missing, and
the record is filed as a sealed PDF in ``archive/apel-darurat/``.

It lives in the database, so it survives a power cut or a restarted terminal, and every
terminal sharing a PostgreSQL server works on the same one:

- only one is open at a time: ``roll_calls.open_key`` is unique, so a second "start", even
  at the same moment on another terminal, joins the open one;
- every change locks the roll call's row first, so marks, an undo and the end happen one
  after the other: the same person marked from two terminals is one mark (the first), and
  nothing is marked after the end was recorded.

The audit trail gets ``rollcall_started``, ``person_accounted`` (with the visit's id),
``person_unmarked`` and ``rollcall_ended`` (counts and the PDF's SHA-256, so
``pintu verify-pdf`` recognises the filed record), never a name.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import BadgeLoan, RollCall, RollCallMark, Visit
from kiosk.documents.roll_call import roll_call_pdf
from kiosk.domain.clock import local, utcnow
from kiosk.domain.lifecycle import IN_CUSTODY
from kiosk.domain.records import RollCallLine, RollCallRecord, visit_number
from kiosk.domain.types import Role
from kiosk.errors import DomainError, NotFound, PermissionDenied
from kiosk.files import make_private_dir, write_atomic
from kiosk.formats import seconds_text
from kiosk.i18n import N_, translate
from kiosk.services import audit, signing
from kiosk.services.actors import Actor
from kiosk.services.paperwork import print_dir
from kiosk.services.staff import staff_names

log = logging.getLogger(__name__)

#: ``roll_calls.open_key`` of the open roll call (NULL once ended; unique, so one at most).
OPEN = 1
#: The reason a PDF reader shows beside the seal.
FILED = N_("Emergency roll call filed at the server room door")
FOLDER = "apel-darurat"


def start(db: Database, actor: Actor, terminal: str) -> tuple[RollCallRecord, bool]:
    """Start a roll call of everyone in custody now, or join the one already open.

    Returns the roll call and whether it was joined (started earlier, possibly at another
    terminal, possibly a moment ago by a terminal that raced this one).
    """
    _require(actor)
    with db.session() as session:
        found = _open_row(session)
        if found is not None:
            return _record(session, found), True
        people = session.scalars(
            select(Visit).where(Visit.state.in_(IN_CUSTODY))
            .options(selectinload(Visit.badge_loans).joinedload(BadgeLoan.badge))
            .order_by(Visit.submitted_at, Visit.id)).unique().all()
        if not people:
            raise DomainError("Nobody holds a visitor badge: there is nobody to account for.")
        call = RollCall(open_key=OPEN, started_at=utcnow(), started_by_id=actor.staff_id,
                        started_terminal=terminal,
                        marks=[RollCallMark(visit_id=v.id, badge_number=_badge_held(v))
                               for v in people])
        try:
            with session.begin_nested():
                session.add(call)
                session.flush()
        except IntegrityError:
            # Another terminal's roll call was committed first (its insert held ours until
            # then): join it.
            found = _open_row(session)
            if found is None:
                raise
            log.info("roll call %s was started elsewhere at the same moment: joined", found.id)
            return _record(session, found), True
        audit.append(session, actor, "rollcall_started", roll_call=call.id, people=len(people))
        log.info("roll call %s started at %s with %d people", call.id, terminal, len(people))
        return _record(session, call), False


def current(db: Database) -> RollCallRecord | None:
    """The open roll call, if there is one."""
    with db.session() as session:
        return read_open(session)


def read_open(session: Session) -> RollCallRecord | None:
    """The open roll call inside the caller's transaction (the console's live snapshot)."""
    found = _open_row(session, lock=False)
    return None if found is None else _record(session, found)


def get(db: Database, roll_call_id: int) -> RollCallRecord:
    with db.session() as session:
        return _record(session, _row(session, roll_call_id, lock=False))


def mark(db: Database, actor: Actor, roll_call_id: int, visit_id: int,
         terminal: str) -> RollCallRecord:
    """Mark a person as accounted for. Marking someone already marked (from this or another
    terminal) changes nothing: the first mark stands, with its time and its author."""
    _require(actor)
    with db.session() as session:
        call = _open_for_change(session, roll_call_id)
        line = _line(session, call, visit_id)
        if line.accounted_at is None:
            line.accounted_at, line.accounted_by_id = utcnow(), actor.staff_id
            line.accounted_terminal = terminal
            session.flush()
            audit.append(session, actor, "person_accounted", visit_id, roll_call=call.id)
        return _record(session, call)


def unmark(db: Database, actor: Actor, roll_call_id: int, visit_id: int) -> RollCallRecord:
    """Take back a mark made by mistake: the person counts as missing again until marked."""
    _require(actor)
    with db.session() as session:
        call = _open_for_change(session, roll_call_id)
        line = _line(session, call, visit_id)
        if line.accounted_at is not None:
            line.accounted_at = line.accounted_by_id = line.accounted_terminal = None
            session.flush()
            audit.append(session, actor, "person_unmarked", visit_id, roll_call=call.id)
        return _record(session, call)


def end(db: Database, settings: Settings, actor: Actor, roll_call_id: int,
        terminal: str) -> RollCallRecord:
    """End the roll call and file its record; whoever is not marked is missing.

    The PDF is written (sealed, into the archive folder) before the end is committed: if
    the folder cannot be written (``FileAccessError``) or the seal cannot be made, the roll
    call stays open and the marks stay as they are, to be ended again once that is fixed.
    Ending a roll call that has already ended (at another terminal) gives its record.
    """
    _require(actor)
    with db.session() as session:
        call = _row(session, roll_call_id, lock=True)
        if call.ended_at is not None:
            return _record(session, call)
        call.open_key = None
        call.ended_at, call.ended_by_id, call.ended_terminal = utcnow(), actor.staff_id, terminal
        session.flush()
        record = _record(session, call)
        path = archive_path(settings, record)
        data = filed_pdf(settings, record)
        make_private_dir(path.parent)
        write_atomic(path, data, mode=0o600)
        digest = hashlib.sha256(data).hexdigest()
        call.archive_path, call.archive_sha256 = str(path), digest
        audit.append(session, actor, "rollcall_ended", roll_call=call.id,
                     people=len(record.lines), accounted=len(record.accounted),
                     missing=len(record.missing), sha256=digest)
    log.info("roll call %s ended: %d of %d accounted for, filed as %s", record.id,
             len(record.accounted), len(record.lines), path.name)
    return dataclasses.replace(record, archive_path=str(path), archive_sha256=digest)


def print_copy(db: Database, settings: Settings, actor: Actor, roll_call_id: int) -> Path:
    """The ended roll call's record to print at this terminal: the filed file when this
    computer has it unchanged, else the same record drawn again from the database into the
    print folder (the file is on the disk of the terminal that ended the roll call)."""
    _require(actor)
    record = get(db, roll_call_id)
    if record.open:
        raise DomainError("The roll call is still open: end it to file and print its record.")
    if record.archive_path:
        filed = Path(record.archive_path)
        try:
            if hashlib.sha256(filed.read_bytes()).hexdigest() == record.archive_sha256:
                return filed
        except OSError:
            log.info("roll call %s is filed on another terminal; printing it anew", record.id)
    out = print_dir(settings) / archive_path(settings, record).name
    write_atomic(out, roll_call_pdf(record, settings, settings.default_language), mode=0o600)
    return out


def filed_pdf(settings: Settings, record: RollCallRecord) -> bytes:
    """The record as it is filed: rendered in the site's language, sealed at its end."""
    language = settings.default_language
    data = roll_call_pdf(record, settings, language)
    return signing.seal(settings, data, record.ended_at or record.started_at,
                        translate(FILED, language))


def archive_path(settings: Settings, record: RollCallRecord) -> Path:
    """``archive/apel-darurat/2026/apel-darurat-0003-20261123-1402.pdf``."""
    started = local(record.started_at)
    return (settings.archive_dir / FOLDER / f"{started.year:04d}"
            / f"{FOLDER}-{record.id:04d}-{started:%Y%m%d-%H%M}.pdf")


def photos(db: Database, actor: Actor, visit_ids: Iterable[int]) -> dict[int, bytes]:
    """The photos taken at the kiosk of these visits, for the roll-call screen (fetched
    once per person, not with every poll)."""
    _require(actor)
    wanted = sorted(set(visit_ids))
    if not wanted:
        return {}
    with db.session() as session:
        rows = session.execute(select(Visit.id, Visit.photo_jpeg).where(
            Visit.id.in_(wanted), Visit.photo_jpeg.is_not(None)))
        return {visit_id: photo for visit_id, photo in rows if photo}


def _require(actor: Actor) -> None:
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    if actor.staff_id is None:  # the record names a person at every step
        raise PermissionDenied("Your account may not do this. Ask a supervisor.")


def _open_row(session: Session, lock: bool = True) -> RollCall | None:
    stmt = select(RollCall).where(RollCall.open_key == OPEN)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.scalars(stmt).one_or_none()


def _row(session: Session, roll_call_id: int, lock: bool) -> RollCall:
    stmt = select(RollCall).where(RollCall.id == roll_call_id)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    call = session.scalars(stmt).one_or_none()
    if call is None:
        raise NotFound("Roll call {number} does not exist.", number=f"{roll_call_id:04d}")
    return call


def _open_for_change(session: Session, roll_call_id: int) -> RollCall:
    call = _row(session, roll_call_id, lock=True)
    if call.ended_at is not None:
        names = staff_names(session)
        raise DomainError(
            "This roll call was ended at {time} by {name}; nothing more can be marked.",
            time=seconds_text(call.ended_at),
            name=names.get(call.ended_by_id or 0, "-"))
    return call


def _line(session: Session, call: RollCall, visit_id: int) -> RollCallMark:
    line = session.scalars(
        select(RollCallMark).where(RollCallMark.roll_call_id == call.id,
                                   RollCallMark.visit_id == visit_id)
        .execution_options(populate_existing=True)).one_or_none()
    if line is None:
        raise NotFound("Visit {number} is not on this roll call.", number=visit_number(visit_id))
    return line


def _badge_held(visit: Visit) -> int | None:
    return next((loan.badge.number for loan in reversed(visit.badge_loans)
                 if loan.returned_at is None), None)


def _record(session: Session, call: RollCall) -> RollCallRecord:
    names = staff_names(session)
    marks = session.scalars(
        select(RollCallMark).where(RollCallMark.roll_call_id == call.id)
        .options(selectinload(RollCallMark.visit)).order_by(RollCallMark.id)
        .execution_options(populate_existing=True)).all()

    def name(staff_id: int | None) -> str | None:
        return names.get(staff_id) if staff_id else None

    lines = tuple(RollCallLine(
        visit_id=m.visit_id, number=visit_number(m.visit_id), full_name=m.visit.full_name,
        organisation=m.visit.organisation, badge_number=m.badge_number,
        escort_name=name(m.visit.escort_id), accounted_at=m.accounted_at,
        accounted_by=name(m.accounted_by_id), accounted_terminal=m.accounted_terminal)
        for m in marks)
    return RollCallRecord(
        id=call.id, started_at=call.started_at, started_by=name(call.started_by_id) or "-",
        started_terminal=call.started_terminal, ended_at=call.ended_at,
        ended_by=name(call.ended_by_id), ended_terminal=call.ended_terminal, lines=lines,
        archive_path=call.archive_path, archive_sha256=call.archive_sha256)
