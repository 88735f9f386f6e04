"""People who may not enter: the deny list's queries, and its entries' upkeep.

The matching rules live in ``kiosk.domain.denymatch``; here they meet the database. A sure
match is found through the indexed ``number_key`` column, never by reading every entry;
possible matches by name need every active entry that has a name, which is the small,
hand-kept deny list, not the visits. They are read as plain rows, and the matching skips
an entry whose NIK gives another birth date before comparing names (``denymatch``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BindParameter, ColumnElement, bindparam, or_, select
from sqlalchemy.orm import Session

from kiosk.db.database import Database
from kiosk.db.models import DenyEntry
from kiosk.domain import denymatch
from kiosk.domain.clock import utcnow
from kiosk.domain.denymatch import DenyCheck, number_key
from kiosk.domain.records import DenyRecord
from kiosk.domain.types import IdType, Role
from kiosk.domain.validation import clean_text, id_number
from kiosk.domain.validation import reason as clean_reason
from kiosk.errors import NotFound, ValidationError
from kiosk.services import audit
from kiosk.services.actors import Actor
from kiosk.services.records import deny_record


def _active(now: dt.datetime | BindParameter[dt.datetime]) -> tuple[ColumnElement[bool], ...]:
    return (DenyEntry.removed_at.is_(None),
            or_(DenyEntry.expires_at.is_(None), DenyEntry.expires_at > now))


#: What a match needs of an entry, read as plain rows: no ORM object per entry.
_RECORD = (DenyEntry.id, DenyEntry.id_type, DenyEntry.id_number, DenyEntry.full_name,
           DenyEntry.reason, DenyEntry.expires_at, DenyEntry.added_at)
#: The entries one check needs, in one statement built once: every active entry with a
#: name (possible matches by name) and those with one of the visitor's numbers (sure ones).
_CANDIDATES = (select(*_RECORD)
               .where(or_(DenyEntry.full_name != "",
                          DenyEntry.number_key.in_(bindparam("keys", expanding=True))),
                      *_active(bindparam("now")))
               .order_by(DenyEntry.id))
_NUMBERED = (select(*_RECORD)
             .where(DenyEntry.number_key == bindparam("key"), *_active(bindparam("now")))
             .order_by(DenyEntry.id))


def sure_match(session: Session, id_type: IdType, number: str,
               now: dt.datetime | None = None) -> DenyRecord | None:
    """The active entry for this ID number, whatever its spelling or ID type."""
    key = number_key(number)
    if not key:
        return None
    rows = session.execute(_NUMBERED, {"key": key, "now": now or utcnow()})
    return denymatch.sure_match(id_type, number, [DenyRecord(*row) for row in rows])


def check(session: Session, full_name: str, id_type: IdType, number: str,
          now: dt.datetime | None = None, *, card: tuple[IdType, str] | None = None
          ) -> DenyCheck:
    """What the deny list says about a visitor: a sure match and the possible ones.

    ``card``: the ID card in hand at approval; its number is a sure match too when the
    form's is not. One query reads what both levels need.
    """
    numbers = [(id_type, number), *([card] if card else [])]
    keys = sorted({key for _, n in numbers if (key := number_key(n))})
    rows = session.execute(_CANDIDATES, {"keys": keys, "now": now or utcnow()})
    entries = [DenyRecord(*row) for row in rows]
    sure = next((entry for kind, n in numbers
                 if (entry := denymatch.sure_match(kind, n, entries)) is not None), None)
    return DenyCheck(sure, denymatch.possible_matches(full_name, id_type, number, entries))


def add_entry(db: Database, actor: Actor, id_type: IdType, number: str, full_name: str,
              reason: str, expires_at: dt.datetime | None = None) -> DenyRecord:
    actor.require(Role.SUPERVISOR)
    cleaned = id_number(id_type.value, number)
    why = clean_reason(reason)
    if expires_at is not None and expires_at <= utcnow():
        raise ValidationError("expires_at", "The end date must be in the future.")
    with db.session() as session:
        entry = DenyEntry(id_type=id_type, id_number=cleaned, full_name=clean_text(full_name),
                          reason=why, expires_at=expires_at, added_by_id=actor.staff_id)
        session.add(entry)
        session.flush()
        audit.append(session, actor, "deny_added", entry_id=entry.id,
                     expires=expires_at.isoformat() if expires_at else None)
        return deny_record(entry)


def remove_entry(db: Database, actor: Actor, entry_id: int, reason: str) -> None:
    actor.require(Role.SUPERVISOR)
    why = clean_reason(reason)
    with db.session() as session:
        entry = session.get(DenyEntry, entry_id, with_for_update=True)
        if entry is None or entry.removed_at is not None:
            raise NotFound("That deny-list entry does not exist or was already removed.")
        entry.removed_at, entry.removed_by_id, entry.removed_reason = utcnow(), actor.staff_id, why
        audit.append(session, actor, "deny_removed", entry_id=entry.id)


def active_entries(db: Database) -> list[DenyRecord]:
    now = utcnow()
    with db.session() as session:
        rows = session.execute(
            select(DenyEntry).where(*_active(now)).order_by(DenyEntry.added_at.desc())
        ).scalars()
        return [deny_record(e) for e in rows]
