"""SOP steps 6-7: the device checklist at exit, custody returned, the form archived."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import Device, Visit
from kiosk.domain import validation
from kiosk.domain.clock import utcnow
from kiosk.domain.records import VisitSummary
from kiosk.domain.types import DeviceExit, Role, VisitState
from kiosk.errors import DomainError, ValidationError
from kiosk.services import audit
from kiosk.services.actors import Actor
from kiosk.services.events import VisitEvent, publish
from kiosk.services.visits import close, lock_visit, move_to, return_custody, summary_of

S = VisitState

#: Outcomes that need a written explanation from the operator.
NEEDS_NOTE = frozenset({DeviceExit.LEFT_INSIDE, DeviceExit.MISSING, DeviceExit.MISMATCH})


@dataclass(frozen=True)
class DeviceCheck:
    """What the operator saw of one device carried in."""

    device_id: int
    exit_state: DeviceExit
    exit_serial: str = ""
    note: str = ""


@dataclass(frozen=True)
class ExtraDevice:
    """A device carried out that was not listed when the visitor came in."""

    device: validation.DeviceInput
    note: str


@dataclass(frozen=True)
class CheckOut:
    devices: tuple[DeviceCheck, ...]
    badge_returned: bool
    id_card_returned: bool
    extra_devices: tuple[ExtraDevice, ...] = ()
    badge_lost_reason: str = ""
    checklist: dict[str, object] | None = None
    problem_found: bool = False
    note: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    #: A late check-out (the day's end, or the next morning): when the visitor really left,
    #: as the operator knows it, and why it is recorded late. ``None``: leaving now.
    left_at: dt.datetime | None = None
    late_reason: str = ""


def check_out(db: Database, settings: Settings, actor: Actor, visit_id: int,
              version: int | None, data: CheckOut) -> VisitSummary:
    """Close the visit: every device accounted for, badge and ID card back, exit time.

    A device that did not leave, or left with another serial, is allowed only with a
    note, so the report can show it as an anomaly instead of hiding it.
    """
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    if not data.id_card_returned:
        raise ValidationError("id_card_returned",
                              "Give the ID card back to the visitor and tick it.")
    if not data.badge_returned and not validation.clean_text(data.badge_lost_reason):
        raise ValidationError("badge_returned",
                              "Take the badge back, or say why it was not returned.")
    with db.session() as session:
        visit = lock_visit(session, visit_id, version)
        move_to(session, visit, S.CHECKED_OUT)
        _apply_device_checks(visit, data)
        for extra in data.extra_devices:
            clean = validation.device(extra.device)
            visit.devices.append(Device(
                kind=clean.kind, brand_model=clean.brand_model, serial=clean.serial,
                carried_in=False, exit_state=DeviceExit.CARRIED_OUT, exit_serial=clean.serial,
                exit_note=validation.reason(extra.note, "device_note"),
            ))
        purpose = settings.purpose(visit.purpose_key)
        if purpose is not None and purpose.checklist and not data.checklist:
            raise ValidationError("checklist", "Fill in the maintenance checklist first.")
        now = utcnow()
        left_at, late_reason = _exit_time(visit, data, now)
        lost = "" if data.badge_returned else validation.reason(data.badge_lost_reason,
                                                                 "badge_lost_reason")
        return_custody(session, actor, visit, now, badge_lost_reason=lost)
        visit.left_at, visit.checked_out_by_id = left_at, actor.staff_id
        close(visit, actor, now, late_reason)
        visit.checklist, visit.problem_found = data.checklist, data.problem_found
        visit.checkout_note = validation.clean_text(data.note)
        session.flush()  # the extra devices get their ids
        flagged = [d.id for d in visit.devices if d.exit_state in NEEDS_NOTE or not d.carried_in]
        audit.append(session, actor, "checked_out", visit.id, flagged_devices=flagged,
                     badge_lost=bool(lost), problem_found=data.problem_found,
                     left_at=left_at.isoformat() if late_reason else None)
        summary = summary_of(session, visit)
    publish(VisitEvent(visit_id, "checked_out", summary.state.value))
    return summary


def _exit_time(visit: Visit, data: CheckOut, now: dt.datetime
               ) -> tuple[dt.datetime, str | None]:
    """When the visitor left, and the reason a late check-out needs.

    The exit time the operator gives can be neither in the future nor before the entry;
    it is kept to the minute the operator typed, and the moment of recording is kept apart
    (``closed_at``), so nobody can make a late check-out look like a timely one.
    """
    if data.left_at is None:
        return now, None
    if data.left_at.tzinfo is None:
        raise ValueError("left_at must be an aware datetime")
    if data.left_at > now:
        raise ValidationError("left_at", "The exit time cannot be in the future.")
    if visit.entered_at is not None and data.left_at < visit.entered_at:
        raise ValidationError("left_at", "The exit time cannot be before the visitor went in.")
    return data.left_at, validation.reason(data.late_reason, "late_reason")


def _apply_device_checks(visit: Visit, data: CheckOut) -> None:
    checks = {c.device_id: c for c in data.devices}
    carried_in = [d for d in visit.devices if d.carried_in]
    unknown = set(checks) - {d.id for d in carried_in}
    if unknown:
        raise DomainError("A checked device does not belong to this visit.")
    for device in carried_in:
        check = checks.get(device.id)
        if check is None or check.exit_state is DeviceExit.PENDING:
            raise ValidationError("devices", "Check device {serial} before check-out.",
                                  serial=device.serial)
        seen = validation.clean_text(check.exit_serial) or device.serial
        state = check.exit_state
        if state is DeviceExit.CARRIED_OUT and seen.upper() != device.serial.upper():
            state = DeviceExit.MISMATCH
        note = validation.clean_text(check.note)
        if state in NEEDS_NOTE and not note:
            raise ValidationError("device_note",
                                  "Explain what happened to device {serial}.",
                                  serial=device.serial)
        device.exit_state, device.exit_serial, device.exit_note = state, seen, note


def archive(db: Database, actor: Actor, visit_id: int, sha256: str, path: str) -> VisitSummary:
    """SOP step 7: the completed form is filed; its PDF's hash is kept with the visit."""
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    if len(sha256) != 64 or any(ch not in "0123456789abcdef" for ch in sha256):
        raise ValueError("sha256 must be 64 lowercase hex digits")
    with db.session() as session:
        visit = lock_visit(session, visit_id, None)
        move_to(session, visit, S.ARCHIVED)
        visit.archived_at, visit.archive_sha256, visit.archive_path = utcnow(), sha256, path
        audit.append(session, actor, "archived", visit.id, sha256=sha256)
        summary = summary_of(session, visit)
    publish(VisitEvent(visit_id, "archived", summary.state.value))
    return summary
