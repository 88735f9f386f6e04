"""The plain, frozen records a visit and its surroundings are handed around as.

The services fill them inside their transaction and hand them up; screens, documents and
the command line read them and never touch the database. They hold no ORM objects, so a
screen cannot lazy-load on the UI thread and a document cannot query.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from kiosk.domain.nik import mask_nik
from kiosk.domain.types import BadgeState, DeviceExit, IdType, PhotoAbsence, Role, VisitState
from kiosk.domain.validation import DeviceInput
from kiosk.domain.windows import AccessWindow
from kiosk.i18n import N_


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
    #: Why there is no photo: a ``PhotoAbsence`` value (the service checks it).
    no_photo_reason: str | None = None
    invitation_id: int | None = None
    pass_id: int | None = None


@dataclass(frozen=True)
class StaffRecord:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    on_duty: bool
    locked_until: dt.datetime | None
    must_change_pin: bool  # still has a PIN somebody else knows (the demo's)
    notify_target: str = ""  # e-mail address or telegram:<chat id>; empty: not told

    def locked_at(self, moment: dt.datetime) -> bool:
        return self.locked_until is not None and self.locked_until > moment


#: How a device may leave that the report flags (besides leaving without being listed).
FLAGGED_EXITS = frozenset({DeviceExit.LEFT_INSIDE, DeviceExit.MISSING, DeviceExit.MISMATCH})


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

    @property
    def flagged(self) -> bool:
        """Anything but "carried in and out with the same serial" is worth a look."""
        return not self.carried_in or self.exit_state in FLAGGED_EXITS

    def label(self) -> str:
        return f"{self.kind} {self.brand_model} ({self.serial})"


@dataclass(frozen=True)
class IdCardRecord:
    id_type: IdType
    id_number: str
    mismatch_note: str
    taken_at: dt.datetime
    returned_at: dt.datetime | None



@dataclass(frozen=True)
class BadgeLoanRecord:
    badge_number: int
    issued_at: dt.datetime
    returned_at: dt.datetime | None



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
    work_order: str = ""
    window: AccessWindow | None = None
    window_override_reason: str | None = None
    pass_id: int | None = None
    no_photo_reason: PhotoAbsence | None = None


def masked_id(id_type: IdType, number: str) -> str:
    """NIKs are never shown whole; other documents keep only their last four characters."""
    if id_type is IdType.KTP:
        return mask_nik(number)
    if len(number) <= 4:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]



@dataclass(frozen=True)
class BadgeRecord:
    number: int
    state: BadgeState
    nonce: str
    holder_visit_id: int | None



@dataclass(frozen=True)
class InvitationRecord:
    id: int
    full_name: str
    id_type: IdType
    id_number: str
    organisation: str
    phone: str
    purpose_key: str
    purpose_text: str
    pic: str
    valid_on: dt.date
    nonce: str
    created_at: dt.datetime
    used_by_visit_id: int | None
    cancelled_at: dt.datetime | None
    work_order: str = ""
    window: AccessWindow | None = None

    @property
    def status(self) -> str:
        """English source label, translated when shown."""
        if self.cancelled_at is not None:
            return N_("Cancelled")
        if self.used_by_visit_id is not None:
            return N_("Arrived")
        return N_("Expected")


class PassState(enum.StrEnum):
    NOT_YET = "not_yet"
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


PASS_STATE_LABELS: dict[PassState, str] = {
    PassState.NOT_YET: N_("Not yet valid"),
    PassState.VALID: N_("Valid"),
    PassState.EXPIRED: N_("Expired"),
    PassState.REVOKED: N_("Revoked"),
}


@dataclass(frozen=True)
class PassRecord:
    """A contractor pass: who it is for, what it covers and for which days."""

    id: int
    full_name: str
    id_type: IdType
    id_number: str
    organisation: str
    phone: str
    pic: str
    purposes: tuple[str, ...]  # settings.purposes keys
    valid_from: dt.date  # site days, both included
    valid_until: dt.date
    nonce: str
    issued_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_reason: str | None

    @property
    def number(self) -> str:
        """What the card and the lists call it."""
        return f"P{self.id:04d}"

    @property
    def window(self) -> AccessWindow:
        """The instants its days span in the site's time zone."""
        return AccessWindow.for_days(self.valid_from, self.valid_until)

    def state(self, moment: dt.datetime) -> PassState:
        if self.revoked_at is not None:
            return PassState.REVOKED
        return {-1: PassState.NOT_YET, 0: PassState.VALID,
                1: PassState.EXPIRED}[self.window.position(moment)]


class MessageState(enum.StrEnum):
    WAITING = "waiting"
    SENT = "sent"
    FAILED = "failed"


MESSAGE_STATE_LABELS: dict[MessageState, str] = {
    MessageState.WAITING: N_("Waiting"),
    MessageState.SENT: N_("Sent"),
    MessageState.FAILED: N_("Failed"),
}


@dataclass(frozen=True)
class MessageRecord:
    """One queued message to someone inside, for the supervisor's list."""

    id: int
    created_at: dt.datetime
    event: str  # a kiosk.domain.notices.NoticeKind value
    visit_id: int | None
    target: str
    subject: str
    body: str
    attempts: int
    next_attempt_at: dt.datetime
    sent_at: dt.datetime | None
    failed_at: dt.datetime | None
    last_error: str | None

    @property
    def state(self) -> MessageState:
        if self.sent_at is not None:
            return MessageState.SENT
        return MessageState.FAILED if self.failed_at is not None else MessageState.WAITING


@dataclass(frozen=True)
class OutboxState:
    """The queue in one line for the console: what waits, what went, what gave up."""

    waiting: int
    failed: int  # gave up in the last day
    last_sent_at: dt.datetime | None
    last_error: str | None  # why the latest failed or retried message did not go

    @property
    def empty(self) -> bool:
        return not (self.waiting or self.failed or self.last_sent_at)


@dataclass(frozen=True)
class DenyRecord:
    id: int
    id_type: IdType
    id_number: str
    full_name: str
    reason: str
    expires_at: dt.datetime | None
    added_at: dt.datetime





@dataclass(frozen=True)
class RollCallLine:
    """One person on an emergency roll call, as the screen and the archived record show them.

    ``badge_number`` is the badge they held when the roll call started; ``escort_name`` is
    the staff member with them, listed beside them (escorts are staff, counted by the
    office's own staff muster, not on this roll call).
    """

    visit_id: int
    number: str
    full_name: str
    organisation: str
    badge_number: int | None
    escort_name: str | None
    accounted_at: dt.datetime | None
    accounted_by: str | None
    accounted_terminal: str | None

    @property
    def accounted(self) -> bool:
        return self.accounted_at is not None


@dataclass(frozen=True)
class RollCallRecord:
    """An emergency roll call: started, marked person by person, ended and archived."""

    id: int
    started_at: dt.datetime
    started_by: str
    started_terminal: str
    ended_at: dt.datetime | None
    ended_by: str | None
    ended_terminal: str | None
    lines: tuple[RollCallLine, ...]
    archive_path: str | None = None
    archive_sha256: str | None = None

    @property
    def open(self) -> bool:
        return self.ended_at is None

    @property
    def accounted(self) -> tuple[RollCallLine, ...]:
        """Accounted for, in the order they were marked."""
        marked = [line for line in self.lines if line.accounted_at is not None]
        return tuple(sorted(marked, key=lambda line: (line.accounted_at, line.visit_id)))

    @property
    def missing(self) -> tuple[RollCallLine, ...]:
        """Not (yet) accounted for, in roll-call order."""
        return tuple(line for line in self.lines if line.accounted_at is None)

    def line(self, visit_id: int) -> RollCallLine | None:
        return next((line for line in self.lines if line.visit_id == visit_id), None)
