"""The retention purge (UU PDP No. 27/2022): personal data are kept no longer than needed.

Visits submitted on a local day more than ``settings.retention_days`` days ago lose what
identifies the visitor: name, ID number (on the form and on the card held at the desk),
phone, photo, signature, the archived PDF of the form, and the free-text notes staff wrote
about the person. The filed records of emergency roll calls started on those days go too
(they list the visitors by name); the roll call's row, with its times, stays. What the SOP
asks to keep ("the number of visitors and their purpose") stays: the visit row with its
purpose, times, states, escort and device serials (a serial identifies a machine, not a
person), and an anonymous tally per day and purpose in ``daily_counts``, written in the
same transaction before anything is blanked.

Whole days are purged, never part of one, so a day's tally is complete. Visits still in
custody (badge out, ID card at the desk) are left until they are closed: the operator still
needs the name to hand the card back. A visitor row is blanked only once none of their
visits keeps personal data, so a returning visitor's recent visit is not emptied.

Running the purge twice changes nothing the second time; the purge itself is written to
the audit chain with counts only, so the chain still verifies and says when data went.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, selectinload

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import DailyCount, DenyEntry, Invitation, RollCall, Visit, Visitor
from kiosk.domain.clock import day_bounds, local, today, utcnow
from kiosk.domain.lifecycle import IN_CUSTODY
from kiosk.domain.types import Role, VisitState
from kiosk.services import audit, outbox
from kiosk.services.actors import SYSTEM, Actor

log = logging.getLogger(__name__)

#: How often the kiosk runs the purge by itself.
PURGE_INTERVAL = dt.timedelta(hours=24)


@dataclass(frozen=True)
class PurgeReport:
    """What one run erased (or, for a dry run, would erase)."""

    cutoff_day: dt.date  # visits submitted before this local day are purged
    visits: int
    visitors: int
    invitations: int
    deny_entries: int
    files: int
    dry_run: bool = False

    @property
    def anything(self) -> bool:
        return any((self.visits, self.visitors, self.invitations, self.deny_entries,
                    self.files))


def cutoff_day(settings: Settings, now_day: dt.date | None = None) -> dt.date:
    """The first local day whose visits are still kept whole."""
    return (now_day or today()) - dt.timedelta(days=settings.retention_days)


def purged_id_number(visitor_id: int) -> str:
    """Visitors are unique on (ID type, number): the blanked number must stay unique and
    must never match a real document number typed at the door."""
    return f"purged-{visitor_id}"


def purge(db: Database, settings: Settings, actor: Actor = SYSTEM, *,
          dry_run: bool = False, now_day: dt.date | None = None) -> PurgeReport:
    """Erase the personal data older than the retention period; see the module docstring.

    Files (archived PDFs) are removed after the transaction commits: if the power goes in
    between, the visit is already marked purged and the next run removes the leftovers.
    """
    actor.require(Role.SUPERVISOR)
    cutoff = cutoff_day(settings, now_day)
    limit, _ = day_bounds(cutoff)
    with db.session() as session:
        visits = _visits_to_purge(session, limit)
        tally = _tally(visits)
        visitors = _visitors_to_purge(session, {v.visitor_id for v in visits},
                                      {v.id for v in visits})
        invitations = _invitations_to_purge(session, cutoff)
        entries = _deny_entries_to_purge(session, limit)
        files = _files_of_purged(session, settings, {v.id for v in visits}, limit)
        report = PurgeReport(cutoff, len(visits), len(visitors), len(invitations),
                             len(entries), len(files), dry_run)
        if dry_run:
            session.rollback()
            return report
        # Messages to staff name their visitors: they go with the visits they told of.
        messages = outbox.delete_before(session, limit)
        if not report.anything:
            return report
        _add_to_daily_counts(session, tally)
        moment = utcnow()
        for visit in visits:
            _blank_visit(visit, moment)
        for visitor in visitors:
            _blank_visitor(visitor, moment)
        for invitation in invitations:
            invitation.full_name = invitation.id_number = invitation.phone = ""
        for entry in entries:
            entry.full_name = entry.id_number = entry.reason = ""
            entry.removed_reason = None
        session.flush()
        audit.append(session, actor, "purge", cutoff=cutoff.isoformat(), visits=report.visits,
                     visitors=report.visitors, invitations=report.invitations,
                     deny_entries=report.deny_entries, files=report.files)
    for path in files:
        path.unlink(missing_ok=True)
    log.info("purge before %s: %d visits, %d visitors, %d invitations, %d deny entries, "
             "%d files, %d messages", cutoff, report.visits, report.visitors,
             report.invitations, report.deny_entries, report.files, messages)
    return report


def _visits_to_purge(session: Session, limit: dt.datetime) -> list[Visit]:
    return list(session.execute(
        select(Visit).where(Visit.submitted_at < limit, Visit.purged_at.is_(None),
                            Visit.state.not_in(IN_CUSTODY))
        .options(selectinload(Visit.devices), selectinload(Visit.id_cards))
        .order_by(Visit.id).with_for_update(of=Visit)
    ).unique().scalars())


def _tally(visits: list[Visit]) -> dict[tuple[dt.date, str], tuple[int, int]]:
    counted: Counter[tuple[dt.date, str]] = Counter()
    refused: Counter[tuple[dt.date, str]] = Counter()
    for visit in visits:
        key = (local(visit.submitted_at).date(), visit.purpose_key)
        counted[key] += 1
        if visit.state is VisitState.REFUSED:
            refused[key] += 1
    return {key: (n, refused[key]) for key, n in counted.items()}


def _add_to_daily_counts(session: Session,
                         tally: dict[tuple[dt.date, str], tuple[int, int]]) -> None:
    for (day, purpose_key), (visits, refused) in sorted(tally.items()):
        row = session.execute(
            select(DailyCount).where(DailyCount.day == day,
                                     DailyCount.purpose_key == purpose_key)
            .with_for_update()
        ).scalar_one_or_none()
        if row is None:
            session.add(DailyCount(day=day, purpose_key=purpose_key, visits=visits,
                                   refused=refused))
        else:
            row.visits += visits
            row.refused += refused


def _visitors_to_purge(session: Session, candidates: set[int],
                       purging: set[int]) -> list[Visitor]:
    """Visitors none of whose visits will keep personal data after this run."""
    if not candidates:
        return []
    still_whole = exists().where(Visit.visitor_id == Visitor.id, Visit.purged_at.is_(None),
                                 Visit.id.not_in(purging))
    return list(session.execute(
        select(Visitor).where(Visitor.id.in_(candidates), Visitor.purged_at.is_(None),
                              ~still_whole).with_for_update()
    ).scalars())


def _invitations_to_purge(session: Session, cutoff: dt.date) -> list[Invitation]:
    return list(session.execute(
        select(Invitation).where(Invitation.valid_on < cutoff,
                                 or_(Invitation.full_name != "", Invitation.id_number != "",
                                     Invitation.phone != ""))
        .with_for_update()
    ).scalars())


def _deny_entries_to_purge(session: Session, limit: dt.datetime) -> list[DenyEntry]:
    """Entries that ended (removed or expired) before the cutoff; active ones stay."""
    return list(session.execute(
        select(DenyEntry).where(
            or_(DenyEntry.removed_at < limit, DenyEntry.expires_at < limit),
            or_(DenyEntry.id_number != "", DenyEntry.full_name != ""),
        ).with_for_update()
    ).scalars())


def _files_of_purged(session: Session, settings: Settings, purging: set[int],
                     limit: dt.datetime) -> list[Path]:
    """Archived forms of visits purged now or earlier, and records of roll calls started
    before ``limit`` (they name the visitors), whose file is still on disk.

    Only files inside the archive folder are ever removed, whatever a row says.
    """
    forms = session.execute(
        select(Visit.archive_path).where(
            Visit.archive_path.is_not(None),
            or_(Visit.purged_at.is_not(None), Visit.id.in_(purging)))
    ).scalars()
    roll_calls = session.execute(
        select(RollCall.archive_path).where(RollCall.archive_path.is_not(None),
                                            RollCall.started_at < limit)).scalars()
    archive = settings.archive_dir.resolve()
    found = []
    for raw in (*forms, *roll_calls):
        if raw is None:
            continue
        path = Path(raw) if Path(raw).is_absolute() else archive / raw
        resolved = path.resolve()
        if resolved.is_relative_to(archive) and resolved.is_file():
            found.append(resolved)
    return found


def _blank_visit(visit: Visit, moment: dt.datetime) -> None:
    visit.full_name = visit.id_number = visit.phone = ""
    visit.photo_jpeg = None
    visit.signature_png = None
    visit.refusal_reason = None if visit.refusal_reason is None else ""
    visit.deny_override_reason = None if visit.deny_override_reason is None else ""
    visit.closed_reason = None if visit.closed_reason is None else ""
    visit.checkout_note = ""
    for card in visit.id_cards:
        card.id_number = ""
        card.mismatch_note = ""
    for device in visit.devices:
        device.exit_note = ""
    visit.purged_at = moment


def _blank_visitor(visitor: Visitor, moment: dt.datetime) -> None:
    visitor.id_number = purged_id_number(visitor.id)
    visitor.purged_at = moment
