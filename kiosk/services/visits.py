"""The visit lifecycle: every step of the SOP as one checked, audited transaction.

Each step loads the visit with a row lock, checks the actor's role, the state and the data
the SOP requires, changes it, appends to the audit chain and commits, or changes nothing.
Two operators acting on one visit at once: the second finds the state already moved (or
the version changed) and is told who handled it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, defer, joinedload

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import (
    AuditEvent,
    BadgeLoan,
    Device,
    IdCardHeld,
    Invitation,
    Staff,
    Visit,
    Visitor,
)
from kiosk.domain import validation
from kiosk.domain.clock import utcnow
from kiosk.domain.lifecycle import IN_CUSTODY, check_move
from kiosk.domain.notices import NoticeKind
from kiosk.domain.records import VisitForm, VisitSummary
from kiosk.domain.types import (
    STATE_LABELS,
    BadgeState,
    DeviceExit,
    IdType,
    PhotoAbsence,
    Role,
    VisitState,
)
from kiosk.domain.windows import AccessWindow, OutsideWindow
from kiosk.errors import AlreadyHandled, DomainError, NotFound, ValidationError
from kiosk.i18n import N_
from kiosk.scan.photo import check_photo
from kiosk.services import audit, denylist, outbox, passes
from kiosk.services.actors import KIOSK, Actor
from kiosk.services.badges import lock_badge
from kiosk.services.events import VisitEvent, publish
from kiosk.services.records import summarise
from kiosk.services.staff import get_active_staff

S = VisitState
MAX_DEVICES = 50
POSSIBLE_MATCH = N_("This visitor may be '{name}' on the deny list. Compare the ID card and "
                    "the face with the entry, then confirm that this is someone else.")


def clean_form(settings: Settings, form: VisitForm) -> VisitForm:
    """The form with every field checked and cleaned; the first problem is raised naming
    its field."""
    try:
        id_type = IdType(form.id_type)
    except ValueError:
        raise ValidationError("id_type", "Please choose the kind of ID you are showing.") from None
    purpose = settings.purpose(form.purpose_key)
    if purpose is None:
        raise ValidationError("purpose_key", "Please choose the purpose of your visit.")
    if len(form.devices) > MAX_DEVICES:
        raise ValidationError("devices", "At most {max} devices can be listed on one visit.",
                              max=MAX_DEVICES)
    devices = tuple(validation.device(d) for d in form.devices)
    serials = [d.serial.upper() for d in devices]
    if len(set(serials)) != len(serials):
        raise ValidationError("serial", "The same serial number is listed twice.")
    return replace(
        form,
        id_type=id_type.value,
        id_number=validation.id_number(id_type.value, form.id_number),
        full_name=validation.full_name(form.full_name),
        organisation=validation.organisation(form.organisation),
        phone=validation.phone(form.phone),
        purpose_key=purpose.key,
        purpose_text=validation.purpose_text(form.purpose_text,
                                             required=purpose.key == "other"),
        pic=validation.pic(form.pic),
        planned_minutes=validation.planned_minutes(form.planned_minutes),
        reference_letter=validation.reference_letter(form.reference_letter),
        devices=devices,
    )


def submit_visit(db: Database, settings: Settings, form: VisitForm,
                 actor: Actor = KIOSK) -> VisitSummary:
    """SOP step 2-3: the filled form reaches the operator. Nothing is stored before this.

    Repeating a submission with the same ``submission_key`` returns the visit already made.
    The unit visited (or the supervisor) and the host who invited the visitor are told, in
    the same transaction. A visit on an invitation takes its work order and window; one on
    a pass is checked against the pass (``passes.use_pass``) and gets the pass's days as
    its window.
    """
    if not form.consent:
        raise ValidationError("consent", "Please agree to the use of your data to continue.")
    if not form.signature_png:
        raise ValidationError("signature", "Please sign in the box to continue.")
    if not form.submission_key or len(form.submission_key) > 64:
        raise ValidationError("submission_key", "The form is incomplete; please start again.")
    clean = clean_form(settings, form)
    if form.invitation_id is not None and form.pass_id is not None:
        raise ValidationError("pass_id", "The form is incomplete; please start again.")
    photo, no_photo = visitor_photo(settings, form)
    with db.session() as session:
        existing = session.execute(_BY_SUBMISSION,
                                   {"key": form.submission_key}).scalar_one_or_none()
        if existing is not None:
            return summary_of(session, existing)
        now = utcnow()
        id_type = IdType(clean.id_type)
        holder = None if form.pass_id is None else passes.use_pass(
            session, form.pass_id, id_type, clean.id_number, clean.purpose_key, now)
        visit = Visit(
            submission_key=form.submission_key, terminal=settings.terminal_name,
            visitor=_visitor(session, id_type, clean.id_number), state=S.SUBMITTED,
            full_name=clean.full_name, organisation=clean.organisation, phone=clean.phone,
            id_type=id_type, id_number=clean.id_number, photo_jpeg=photo,
            no_photo_reason=no_photo,
            purpose_key=clean.purpose_key, purpose_text=clean.purpose_text, pic=clean.pic,
            planned_minutes=int(clean.planned_minutes),
            reference_letter=clean.reference_letter,
            signature_png=form.signature_png, consent_at=now,
            language=form.language if form.language in settings.languages else "id",
            submitted_at=now,
            devices=[Device(kind=d.kind, brand_model=d.brand_model, serial=d.serial,
                            carried_in=True, exit_state=DeviceExit.PENDING, exit_note="")
                     for d in clean.devices],
            badge_loans=[], id_cards=[],  # none yet: known without asking
        )
        if holder is not None:
            visit.pass_id = holder.id
            visit.window_start, visit.window_end = holder.window.start, holder.window.end
        session.add(visit)
        session.flush()
        host_id = None
        if form.invitation_id is not None:
            host_id = _use_invitation(session, form.invitation_id, visit)
        outbox.queue(session, settings, NoticeKind.ARRIVAL, visit, now, host_id=host_id)
        audit.append(session, actor, "submitted", visit.id, terminal=settings.terminal_name,
                     devices=len(clean.devices), invitation=form.invitation_id,
                     pass_id=form.pass_id,
                     photo=no_photo.value if no_photo else ("taken" if photo else "off"))
        summary = summarise(visit, {})
    publish(VisitEvent(summary.id, "submitted", summary.state.value))
    return summary


def visitor_photo(settings: Settings, form: VisitForm
                  ) -> tuple[bytes | None, PhotoAbsence | None]:
    """The photo to keep, checked and re-encoded, or why there is none.

    With ``visitor_photo = "off"`` nothing is kept, whatever was sent. A required photo
    may only be missing because the camera was unavailable: the visit then goes on, and
    the reason is kept for the operator.
    """
    if settings.visitor_photo == "off":
        return None, None
    if form.photo_jpeg:
        return check_photo(form.photo_jpeg), None
    try:
        reason = PhotoAbsence(form.no_photo_reason or PhotoAbsence.SKIPPED)
    except ValueError:
        reason = PhotoAbsence.SKIPPED
    if settings.visitor_photo == "required" and reason is not PhotoAbsence.CAMERA_UNAVAILABLE:
        raise ValidationError("photo", "Please take a photo to continue.")
    return None, reason


def _visitor(session: Session, id_type: IdType, id_number: str) -> Visitor:
    """The directory entry of this document, made on its first visit and never changed:
    a submission adds a visit, it does not edit anyone."""
    visitor = session.execute(_VISITOR, {"id_type": id_type, "id_number": id_number}
                              ).scalar_one_or_none()
    if visitor is None:
        visitor = Visitor(id_type=id_type, id_number=id_number)
        session.add(visitor)
    return visitor


def _use_invitation(session: Session, invitation_id: int, visit: Visit) -> int:
    """Mark the invitation used by this visit, which takes its work order and window;
    returns who invited the visitor."""
    invitation = session.get(Invitation, invitation_id, with_for_update=True)
    if invitation is None or invitation.cancelled_at is not None:
        raise NotFound("This invitation does not exist or was cancelled.")
    if invitation.used_by_visit_id is not None:
        raise DomainError("This invitation has already been used.")
    invitation.used_by_visit_id = visit.id
    visit.work_order = invitation.work_order
    visit.window_start, visit.window_end = invitation.window_start, invitation.window_end
    return invitation.created_by_id


# Statements every action runs, built once (building one costs as much as running it).
_BY_SUBMISSION = select(Visit).where(Visit.submission_key == bindparam("key"))
_VISITOR = select(Visitor).where(Visitor.id_type == bindparam("id_type"),
                                 Visitor.id_number == bindparam("id_number"))
#: A visit with all an action changes or shows in one statement: its devices, ID cards,
#: badge loans (with their badges) and escort joined in, the row lock taken on the visit
#: alone. The signature and photo are left unread: no action needs them.
_LOCK = (select(Visit).where(Visit.id == bindparam("visit_id")).with_for_update(of=Visit)
         .options(defer(Visit.signature_png), defer(Visit.photo_jpeg),
                  joinedload(Visit.devices), joinedload(Visit.id_cards),
                  joinedload(Visit.badge_loans), joinedload(Visit.escort)))


def lock_visit(session: Session, visit_id: int, version: int | None) -> Visit:
    """The visit, locked for this transaction, refused when ``version`` is not its own."""
    visit = session.execute(_LOCK, {"visit_id": visit_id}).unique().scalar_one_or_none()
    if visit is None:
        raise NotFound("Visit {number} does not exist.", number=visit_id)
    if version is not None and visit.version != version:
        raise _already_handled(session, visit)
    return visit


def _already_handled(session: Session, visit: Visit) -> AlreadyHandled:
    """Name the person who moved the visit last, as colleagues know them."""
    last = session.execute(
        select(AuditEvent.actor).where(AuditEvent.visit_id == visit.id)
        .order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one_or_none()
    full_name = session.scalar(select(Staff.full_name).where(Staff.username == last))
    return AlreadyHandled("This visit was already handled by {who}; it is now {state}.",
                          who=full_name or last or "?", state=STATE_LABELS[visit.state])


def summary_of(session: Session, visit: Visit) -> VisitSummary:
    """The visit as the screens list it.

    The escort is the only person a summary names, and is in the session already (read
    with the visit's lock, or chosen by this action), so naming them costs no query.
    """
    escort = session.get(Staff, visit.escort_id) if visit.escort_id is not None else None
    return summarise(visit, {escort.id: escort.full_name} if escort is not None else {})


def move_to(session: Session, visit: Visit, target: VisitState) -> None:
    if visit.state is target:
        raise _already_handled(session, visit)
    check_move(visit.state, target)
    visit.state = target


@dataclass(frozen=True)
class Approval:
    escort_id: int
    badge_number: int
    id_card_type: str
    id_card_number: str
    id_card_note: str = ""
    deny_override_reason: str = ""
    #: The operator compared the card and face with a *possible* deny-list match and is
    #: sure this is someone else (see ``kiosk.domain.denymatch``); audited with the entries.
    possible_match_checked: bool = False
    #: The visitor walks in with the escort at once (the usual case): approval and entry
    #: are then one action, so the board never shows an approval nobody marked entered.
    enter_now: bool = False
    #: The work order or letter number the desk was given; empty keeps the visit's own
    #: (from its invitation), if any.
    work_order: str = ""
    #: The access window from the work order; ``None`` keeps the visit's own (from its
    #: invitation or pass), if any.
    window: AccessWindow | None = None
    #: A supervisor lets the visitor in now although it is outside the window.
    window_override_reason: str = ""


def approve(db: Database, actor: Actor, visit_id: int, version: int | None,
            approval: Approval, *, settings: Settings | None = None) -> VisitSummary:
    """SOP step 4: access granted; the badge goes out and the ID card stays at the desk.

    With ``settings`` (the desk always passes them) the escort is told in the same
    transaction; without, nothing is queued (invented demo visits, tests of other rules).
    """
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    try:
        card_type = IdType(approval.id_card_type)
    except ValueError:
        raise ValidationError("id_card_type", "Choose the kind of ID card taken.") from None
    card_number = validation.id_number(card_type.value, approval.id_card_number)
    with db.session() as session:
        visit = lock_visit(session, visit_id, version)
        if visit.state is not S.SUBMITTED:
            raise _already_handled(session, visit)
        now = utcnow()
        _check_deny_list(session, actor, visit, approval, (card_type, card_number), now)
        if visit.pass_id is not None:
            passes.check_at_approval(session, visit.pass_id, (card_type, card_number), now)
        _record_work_order(visit, approval)
        escort = get_active_staff(session, approval.escort_id)
        note = validation.clean_text(approval.id_card_note)
        on_form = (visit.id_type, visit.id_number)
        if (card_type, card_number) != on_form and not note:
            raise ValidationError(
                "id_card_note",
                "The ID card taken differs from the one on the form; explain why.",
            )
        badge = lock_badge(session, approval.badge_number)
        if badge.state is not BadgeState.AVAILABLE:
            raise DomainError("Badge {number} is not available ({state}).",
                              number=badge.number, state=badge.state.value)
        badge.state, badge.holder_visit_id = BadgeState.OUT, visit.id
        visit.badge_loans.append(BadgeLoan(badge=badge, issued_at=now,
                                           issued_by_id=actor.staff_id))
        visit.id_cards.append(IdCardHeld(id_type=card_type, id_number=card_number,
                                         mismatch_note=note, taken_at=now,
                                         taken_by_id=actor.staff_id))
        move_to(session, visit, S.APPROVED)
        visit.decided_at, visit.decided_by_id, visit.escort_id = now, actor.staff_id, escort.id
        if settings is not None:
            outbox.queue(session, settings, NoticeKind.ESCORT, visit, now)
        audit.append(session, actor, "approved", visit.id, escort_id=escort.id,
                     badge=badge.number, id_card_type=card_type.value,
                     id_card_mismatch=bool(note),
                     deny_override=bool(visit.deny_override_reason))
        if approval.enter_now:
            _enter(session, actor, visit, now, approval.window_override_reason)
        summary = summary_of(session, visit)
    publish(VisitEvent(visit_id, "approved", S.APPROVED.value))
    if approval.enter_now:
        publish(VisitEvent(visit_id, "entered", summary.state.value))
    return summary


def _record_work_order(visit: Visit, approval: Approval) -> None:
    work_order = validation.work_order(approval.work_order)
    if work_order:
        visit.work_order = work_order
    if approval.window is not None:
        visit.window_start, visit.window_end = approval.window.start, approval.window.end


def _check_deny_list(session: Session, actor: Actor, visit: Visit, approval: Approval,
                     card: tuple[IdType, str], now: dt.datetime) -> None:
    """A sure match (the form's number or the card in hand) needs a supervisor's override;
    a possible match by name and birth date needs the operator's word that they checked."""
    found = denylist.check(session, visit.full_name, visit.id_type, visit.id_number, now,
                           card=card)
    entry = found.sure
    if entry is not None:
        visit.deny_hit = True
        if not validation.clean_text(approval.deny_override_reason):
            raise DomainError("This person is on the deny list ({reason}). A supervisor must "
                              "override with a reason.", reason=entry.reason)
        actor.require(Role.SUPERVISOR)
        visit.deny_override_reason = validation.reason(approval.deny_override_reason,
                                                       "deny_override_reason")
        audit.append(session, actor, "deny_override", visit.id, entry_id=entry.id)
        return
    if not found.possible:
        return
    if not approval.possible_match_checked:
        raise DomainError(POSSIBLE_MATCH, name=found.possible[0].entry.full_name)
    audit.append(session, actor, "deny_possible_checked", visit.id,
                 entry_ids=[m.entry.id for m in found.possible],
                 scores=[m.name_score for m in found.possible],
                 same_birth_date=[m.birth_date is not None for m in found.possible])


def refuse(db: Database, actor: Actor, visit_id: int, version: int | None,
           reason: str) -> VisitSummary:
    """SOP step 4, the other answer: a reason is required and the visitor screen is told."""
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    why = validation.reason(reason)
    with db.session() as session:
        visit = lock_visit(session, visit_id, version)
        if visit.state is not S.SUBMITTED:
            raise _already_handled(session, visit)
        move_to(session, visit, S.REFUSED)
        now = utcnow()
        visit.decided_at, visit.decided_by_id, visit.refusal_reason = now, actor.staff_id, why
        visit.closed_at, visit.closed_by_id = now, actor.staff_id
        # Kept with the decision: a later change of the deny list does not rewrite why
        # this visitor was turned away.
        visit.deny_hit = denylist.sure_match(session, visit.id_type, visit.id_number,
                                             now) is not None
        audit.append(session, actor, "refused", visit.id, deny_hit=visit.deny_hit)
        summary = summary_of(session, visit)
    publish(VisitEvent(visit_id, "refused", summary.state.value))
    return summary


def mark_entered(db: Database, actor: Actor, visit_id: int, version: int | None, *,
                 window_override_reason: str = "") -> VisitSummary:
    """SOP step 5 starts: the visitor walks in with the escort, wearing the badge.

    Outside the visit's access window only a supervisor may let them in, with a reason.
    """
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    with db.session() as session:
        visit = lock_visit(session, visit_id, version)
        _enter(session, actor, visit, utcnow(), window_override_reason)
        summary = summary_of(session, visit)
    publish(VisitEvent(visit_id, "entered", summary.state.value))
    return summary


def _enter(session: Session, actor: Actor, visit: Visit, now: dt.datetime,
           window_override_reason: str = "") -> None:
    move_to(session, visit, S.INSIDE)
    _check_window(session, actor, visit, now, window_override_reason)
    visit.entered_at = now
    audit.append(session, actor, "entered", visit.id)


def _check_window(session: Session, actor: Actor, visit: Visit, now: dt.datetime,
                  override_reason: str) -> None:
    """Going in outside the window is refused, unless a supervisor gives a reason (kept on
    the visit and in the audit trail, like a deny-list override)."""
    window = AccessWindow.optional(visit.window_start, visit.window_end)
    if window is None:
        return
    try:
        window.check_entry(now)
    except OutsideWindow as refused:
        if not validation.clean_text(override_reason):
            raise
        actor.require(Role.SUPERVISOR)
        visit.window_override_reason = validation.reason(override_reason,
                                                         "window_override_reason")
        audit.append(session, actor, "window_override", visit.id, early=refused.early,
                     pass_id=visit.pass_id)


def change_escort(db: Database, actor: Actor, visit_id: int, version: int | None,
                  escort_id: int, *, settings: Settings | None = None) -> VisitSummary:
    """A new escort takes over (and is told, given ``settings``, as at approval)."""
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    with db.session() as session:
        visit = lock_visit(session, visit_id, version)
        if visit.state not in IN_CUSTODY:
            raise DomainError("The escort can only change while the visitor is inside.")
        escort = get_active_staff(session, escort_id)
        previous = visit.escort_id
        visit.escort_id = escort.id
        if settings is not None and escort.id != previous:
            outbox.queue(session, settings, NoticeKind.ESCORT, visit, utcnow())
        audit.append(session, actor, "escort_changed", visit.id, previous=previous,
                     escort_id=escort.id)
        summary = summary_of(session, visit)
    publish(VisitEvent(visit_id, "escort_changed", summary.state.value))
    return summary


def close_unvisited(db: Database, actor: Actor, visit_id: int, version: int | None,
                    target: VisitState, reason: str) -> VisitSummary:
    """Cancel a visit or mark it a no-show; a badge already handed out comes back."""
    if target not in {S.CANCELLED, S.NO_SHOW}:
        raise ValueError(target)
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    why = validation.reason(reason)
    with db.session() as session:
        visit = lock_visit(session, visit_id, version)
        custody = visit.state in IN_CUSTODY
        move_to(session, visit, target)
        now = utcnow()
        if custody:
            return_custody(session, actor, visit, now, badge_lost_reason="")
        close(visit, actor, now, why)
        audit.append(session, actor, target.value, visit.id)
        summary = summary_of(session, visit)
    publish(VisitEvent(visit_id, target.value, summary.state.value))
    return summary


def close(visit: Visit, actor: Actor, now: dt.datetime, reason: str | None) -> None:
    """Record that the visit stopped being open: when, by whom, and why (if it needs one)."""
    visit.closed_at, visit.closed_by_id, visit.closed_reason = now, actor.staff_id, reason


def mark_left_unrecorded(db: Database, actor: Actor, visit_id: int, version: int | None,
                         reason: str, badge_at_desk: bool) -> VisitSummary:
    """Close a visit at the day's end whose visitor nobody saw leave (see ``lifecycle``).

    The badge comes back into the pool only if it is at the desk; otherwise it is presumed
    lost and retired, so its QR stops opening anything. The ID card stays held at the desk
    for the visitor to collect (``hand_back_id_card``). The devices stay unchecked.
    """
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    why = validation.reason(reason)
    with db.session() as session:
        visit = lock_visit(session, visit_id, version)
        move_to(session, visit, S.LEFT_UNRECORDED)
        now = utcnow()
        for loan in visit.badge_loans:
            if loan.returned_at is None:
                loan.returned_at, loan.returned_by_id = now, actor.staff_id
                badge = lock_badge(session, loan.badge.number)
                badge.holder_visit_id = None
                if badge_at_desk:
                    badge.state = BadgeState.AVAILABLE
                else:
                    badge.state, badge.retired_reason = BadgeState.RETIRED, why
                    audit.append(session, actor, "badge_retired", visit.id,
                                 badge=badge.number)
        close(visit, actor, now, why)
        audit.append(session, actor, "left_unrecorded", visit.id,
                     badge_retired=not badge_at_desk,
                     id_cards_held=sum(c.returned_at is None for c in visit.id_cards))
        summary = summary_of(session, visit)
    publish(VisitEvent(visit_id, "left_unrecorded", summary.state.value))
    return summary


def hand_back_id_card(db: Database, actor: Actor, visit_id: int) -> VisitSummary:
    """The visitor came back for the ID card left at the desk when they went unrecorded."""
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    with db.session() as session:
        visit = lock_visit(session, visit_id, None)
        held = [c for c in visit.id_cards if c.returned_at is None]
        if visit.state in IN_CUSTODY or not held:
            raise DomainError("No ID card of this visit is waiting at the desk.")
        now = utcnow()
        for card in held:
            card.returned_at, card.returned_by_id = now, actor.staff_id
        audit.append(session, actor, "id_card_returned", visit.id, cards=len(held))
        summary = summary_of(session, visit)
    publish(VisitEvent(visit_id, "id_card_returned", summary.state.value))
    return summary


def return_custody(session: Session, actor: Actor, visit: Visit, now: dt.datetime,
                    badge_lost_reason: str) -> None:
    for loan in visit.badge_loans:
        if loan.returned_at is None:
            loan.returned_at, loan.returned_by_id = now, actor.staff_id
            badge = lock_badge(session, loan.badge.number)
            badge.holder_visit_id = None
            if badge_lost_reason:
                badge.state, badge.retired_reason = BadgeState.RETIRED, badge_lost_reason
                audit.append(session, actor, "badge_retired", visit.id, badge=badge.number)
            else:
                badge.state = BadgeState.AVAILABLE
    for card in visit.id_cards:
        if card.returned_at is None:
            card.returned_at, card.returned_by_id = now, actor.staff_id


def get_visit_row(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound("Visit {number} does not exist.", number=visit_id)
    return visit
