"""Turning ORM rows into the plain records of ``kiosk.domain.records``.

Called inside the service's transaction, so what leaves the service is a snapshot that
cannot expire or lazy-load later.
"""

from __future__ import annotations

from sqlalchemy.orm import defer

from kiosk.db.models import (
    Badge,
    BadgeLoan,
    ContractorPass,
    DenyEntry,
    Device,
    IdCardHeld,
    Invitation,
    Staff,
    Visit,
)
from kiosk.domain.records import (
    BadgeLoanRecord,
    BadgeRecord,
    DenyRecord,
    DeviceRecord,
    IdCardRecord,
    InvitationRecord,
    PassRecord,
    StaffRecord,
    VisitDetail,
    VisitSummary,
    masked_id,
    visit_number,
)
from kiosk.domain.windows import AccessWindow

#: Load options for rows read only to be summarised: the signature and the photo stay in
#: the database (lists of open visits are read every 30 s on every terminal).
NO_IMAGES = (defer(Visit.signature_png), defer(Visit.photo_jpeg))


def staff_record(staff: Staff) -> StaffRecord:
    return StaffRecord(staff.id, staff.username, staff.full_name, staff.role, staff.active,
                       staff.on_duty, staff.locked_until, staff.must_change_pin,
                       staff.notify_target)


def device_record(device: Device) -> DeviceRecord:
    return DeviceRecord(device.id, device.kind, device.brand_model, device.serial,
                        device.carried_in, device.exit_state, device.exit_serial,
                        device.exit_note)


def id_card_record(card: IdCardHeld) -> IdCardRecord:
    return IdCardRecord(card.id_type, card.id_number, card.mismatch_note, card.taken_at,
                        card.returned_at)


def badge_loan_record(loan: BadgeLoan) -> BadgeLoanRecord:
    return BadgeLoanRecord(loan.badge.number, loan.issued_at, loan.returned_at)


def badge_record(badge: Badge) -> BadgeRecord:
    return BadgeRecord(badge.number, badge.state, badge.nonce, badge.holder_visit_id)


def invitation_record(row: Invitation) -> InvitationRecord:
    return InvitationRecord(row.id, row.full_name, row.id_type, row.id_number,
                            row.organisation, row.phone, row.purpose_key, row.purpose_text,
                            row.pic, row.valid_on, row.nonce, row.created_at,
                            row.used_by_visit_id, row.cancelled_at, row.work_order,
                            AccessWindow.optional(row.window_start, row.window_end))


def pass_record(row: ContractorPass) -> PassRecord:
    return PassRecord(row.id, row.full_name, row.id_type, row.id_number, row.organisation,
                      row.phone, row.pic, tuple(k for k in row.purposes.split(",") if k),
                      row.valid_from, row.valid_until, row.nonce, row.issued_at,
                      row.revoked_at, row.revoked_reason)


def deny_record(entry: DenyEntry) -> DenyRecord:
    return DenyRecord(entry.id, entry.id_type, entry.id_number, entry.full_name, entry.reason,
                      entry.expires_at, entry.added_at)


def summarise(visit: Visit, staff_names: dict[int, str]) -> VisitSummary:
    loan = next((loan for loan in reversed(visit.badge_loans)), None)
    return VisitSummary(
        id=visit.id,
        number=visit_number(visit.id),
        version=visit.version,
        state=visit.state,
        terminal=visit.terminal,
        full_name=visit.full_name,
        organisation=visit.organisation,
        id_type=visit.id_type,
        masked_id=masked_id(visit.id_type, visit.id_number),
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
        id_number=visit.id_number,
        phone=visit.phone,
        reference_letter=visit.reference_letter,
        language=visit.language,
        consent_at=visit.consent_at,
        signature_png=visit.signature_png,
        photo_jpeg=visit.photo_jpeg,
        devices=tuple(device_record(d) for d in visit.devices),
        id_cards=tuple(id_card_record(c) for c in visit.id_cards),
        badge_loans=tuple(badge_loan_record(b) for b in visit.badge_loans),
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
        work_order=visit.work_order,
        window=AccessWindow.optional(visit.window_start, visit.window_end),
        window_override_reason=visit.window_override_reason,
        pass_id=visit.pass_id,
        no_photo_reason=visit.no_photo_reason,
    )
