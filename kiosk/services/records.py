"""Plain, frozen records the services hand to screens, reports and the command line.

Screens never hold ORM objects (they would expire or lazy-load on the UI thread); they
get these snapshots, taken inside the service's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk.db.models import (
    BadgeLoan,
    Device,
    DeviceExit,
    IdCardHeld,
    IdType,
    Role,
    Staff,
    Visit,
    VisitState,
)
from kiosk.nik import mask_nik
from kiosk.validation import DeviceInput


@dataclass(frozen=True)
class VisitForm:
    """Everything the visitor enters at the kiosk, as typed; the service cleans it."""

    submission_key: str
    id_type: str
    id_number: str
    full_name: str
    organisation: str
    phone: str
    purpose_key: str
    purpose_text: str
    pic: str
    planned_minutes: int | str
    reference_letter: str = ""
    devices: tuple[DeviceInput, ...] = ()
    signature_png: bytes | None = None
    consent: bool = False
    language: str = "id"
    photo_jpeg: bytes | None = None
    invitation_id: int | None = None


@dataclass(frozen=True)
class StaffRecord:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    on_duty: bool
    locked_until: dt.datetime | None

    @classmethod
    def of(cls, staff: Staff) -> StaffRecord:
        return cls(staff.id, staff.username, staff.full_name, staff.role, staff.active,
                   staff.on_duty, staff.locked_until)


@dataclass(frozen=True)
class DeviceRecord:
    id: int
    kind: str
    brand_model: str
    serial: str
    carried_in: bool
    exit_state: DeviceExit
    exit_serial: str | None
    exit_note: str

    @classmethod
    def of(cls, device: Device) -> DeviceRecord:
        return cls(device.id, device.kind, device.brand_model, device.serial, device.carried_in,
                   device.exit_state, device.exit_serial, device.exit_note)


@dataclass(frozen=True)
class IdCardRecord:
    id_type: IdType
    id_number: str
    mismatch_note: str
    taken_at: dt.datetime
    returned_at: dt.datetime | None

    @classmethod
    def of(cls, card: IdCardHeld) -> IdCardRecord:
        return cls(card.id_type, card.id_number, card.mismatch_note, card.taken_at,
                   card.returned_at)


@dataclass(frozen=True)
class BadgeLoanRecord:
    badge_number: int
    issued_at: dt.datetime
    returned_at: dt.datetime | None

    @classmethod
    def of(cls, loan: BadgeLoan) -> BadgeLoanRecord:
        return cls(loan.badge.number, loan.issued_at, loan.returned_at)


def visit_number(visit_id: int) -> str:
    """The short number the visitor is told and the operator calls out."""
    return f"{visit_id:04d}"


@dataclass(frozen=True)
class VisitSummary:
    """One line of a queue, a board or a report."""

    id: int
    number: str
    version: int
    state: VisitState
    terminal: str
    full_name: str
    organisation: str
    id_type: IdType
    masked_id: str
    purpose_key: str
    purpose_text: str
    pic: str
    planned_minutes: int
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    entered_at: dt.datetime | None
    left_at: dt.datetime | None
    archived_at: dt.datetime | None
    escort_name: str | None
    badge_number: int | None
    device_count: int
    purged: bool


@dataclass(frozen=True)
class VisitDetail:
    """The whole form of one visit, for the operator's detail view and the archive PDF."""

    summary: VisitSummary
    id_number: str
    phone: str
    reference_letter: str
    language: str
    consent_at: dt.datetime
    signature_png: bytes | None
    photo_jpeg: bytes | None
    devices: tuple[DeviceRecord, ...]
    id_cards: tuple[IdCardRecord, ...]
    badge_loans: tuple[BadgeLoanRecord, ...]
    decided_by: str | None
    refusal_reason: str | None
    deny_override_reason: str | None
    checked_out_by: str | None
    checkout_note: str
    checklist: dict[str, object] | None
    problem_found: bool
    archive_sha256: str | None
    archive_path: str | None
    closed_reason: str | None
    visitor_id: int = field(default=0)


def masked_id(id_type: IdType, number: str) -> str:
    """NIKs are never shown whole; other documents keep only their last four characters."""
    if id_type is IdType.KTP:
        return mask_nik(number)
    if len(number) <= 4:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]


def summarise(visit: Visit, staff_names: dict[int, str]) -> VisitSummary:
    loan = next((loan for loan in reversed(visit.badge_loans)), None)
    return VisitSummary(
        id=visit.id,
        number=visit_number(visit.id),
        version=visit.version,
        state=visit.state,
        terminal=visit.terminal,
        full_name=visit.visitor.full_name,
        organisation=visit.visitor.organisation,
        id_type=visit.visitor.id_type,
        masked_id=masked_id(visit.visitor.id_type, visit.visitor.id_number),
        purpose_key=visit.purpose_key,
        purpose_text=visit.purpose_text,
        pic=visit.pic,
        planned_minutes=visit.planned_minutes,
        submitted_at=visit.submitted_at,
        decided_at=visit.decided_at,
        entered_at=visit.entered_at,
        left_at=visit.left_at,
        archived_at=visit.archived_at,
        escort_name=staff_names.get(visit.escort_id) if visit.escort_id else None,
        badge_number=loan.badge.number if loan else None,
        device_count=sum(1 for d in visit.devices if d.carried_in),
        purged=visit.purged_at is not None,
    )


def detail(visit: Visit, staff_names: dict[int, str]) -> VisitDetail:
    def name(staff_id: int | None) -> str | None:
        return staff_names.get(staff_id) if staff_id else None

    return VisitDetail(
        summary=summarise(visit, staff_names),
        id_number=visit.visitor.id_number,
        phone=visit.visitor.phone,
        reference_letter=visit.reference_letter,
        language=visit.language,
        consent_at=visit.consent_at,
        signature_png=visit.signature_png,
        photo_jpeg=visit.visitor.photo_jpeg,
        devices=tuple(DeviceRecord.of(d) for d in visit.devices),
        id_cards=tuple(IdCardRecord.of(c) for c in visit.id_cards),
        badge_loans=tuple(BadgeLoanRecord.of(b) for b in visit.badge_loans),
        decided_by=name(visit.decided_by_id),
        refusal_reason=visit.refusal_reason,
        deny_override_reason=visit.deny_override_reason,
        checked_out_by=name(visit.checked_out_by_id),
        checkout_note=visit.checkout_note,
        checklist=visit.checklist,
        problem_found=visit.problem_found,
        archive_sha256=visit.archive_sha256,
        archive_path=visit.archive_path,
        closed_reason=visit.closed_reason,
        visitor_id=visit.visitor_id,
    )
