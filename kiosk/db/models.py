"""The records the door keeps, as SQLAlchemy models.

Only ``kiosk.db`` and ``kiosk.services`` import this module: screens get plain
dataclasses from the services, never these objects.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from kiosk.db.types import UtcDateTime
from kiosk.domain.clock import utcnow
from kiosk.domain.denymatch import number_key
from kiosk.domain.types import BadgeState, DeviceExit, IdType, PhotoAbsence, Role, VisitState

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _enum(cls: type[enum.Enum]) -> Enum:
    """Store an enum by its value as plain text, so SQL reports read naturally and a new
    value needs no ALTER TYPE on PostgreSQL."""
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda e: [m.value for m in e],
    )


Ts = UtcDateTime()


class Staff(Base):
    """A staff account. ``failed_logins`` counts wrong PINs since ``failed_since``; the
    account locks when that count reaches the configured threshold within its window.
    ``must_change_pin`` marks a PIN somebody else knows (the published demo PIN)."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    on_duty: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    failed_since: Mapped[dt.datetime | None] = mapped_column(Ts)
    locked_until: Mapped[dt.datetime | None] = mapped_column(Ts)
    must_change_pin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(Ts, default=utcnow)
    #: Where this person is told of visitors they escort or invited: an e-mail address or
    #: ``telegram:<chat id>``; empty for nobody.
    notify_target: Mapped[str] = mapped_column(String(254), default="")


class LoginThrottle(Base):
    """Wrong sign-ins at one terminal (``terminal_name``), kept in the database so that
    restarting the app does not wipe them and each door on a shared server has its own.

    ``failures`` counts the current burst (wrong sign-ins with less than the quiet period
    between them) and sets the wait before the next try; the burst is written to the
    audit trail as one summary event when it closes.
    """

    __tablename__ = "login_throttle"

    terminal: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failure_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(Ts)


class Visitor(Base):
    """One identity document seen at the door, so earlier visits can be listed together.

    It holds the document's type and number only: what a visitor wrote about themselves
    lives in each visit's own snapshot, so a later visit (or someone typing another
    person's number) can never change what an earlier visit says.
    """

    __tablename__ = "visitors"
    __table_args__ = (UniqueConstraint("id_type", "id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    id_type: Mapped[IdType] = mapped_column(_enum(IdType))
    id_number: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Ts, default=utcnow)
    purged_at: Mapped[dt.datetime | None] = mapped_column(Ts)


class Badge(Base):
    """A numbered, reusable visitor badge card from the pool at the desk."""

    __tablename__ = "badges"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    state: Mapped[BadgeState] = mapped_column(_enum(BadgeState), default=BadgeState.AVAILABLE)
    nonce: Mapped[str] = mapped_column(String(32))
    holder_visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    retired_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(Ts, default=utcnow)


class Invitation(Base):
    """A visit registered ahead by staff; its signed QR fills the form at the kiosk."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    id_type: Mapped[IdType] = mapped_column(_enum(IdType), default=IdType.KTP)
    id_number: Mapped[str] = mapped_column(String(64))
    organisation: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(32), default="")
    purpose_key: Mapped[str] = mapped_column(String(48))
    purpose_text: Mapped[str] = mapped_column(Text, default="")
    pic: Mapped[str] = mapped_column(String(200))
    valid_on: Mapped[dt.date] = mapped_column(Date)
    nonce: Mapped[str] = mapped_column(String(32))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(Ts, default=utcnow)
    used_by_visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"), unique=True)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    #: The work order or letter number staff were given for this visit (see ``Visit``).
    work_order: Mapped[str] = mapped_column(String(120), default="")
    #: When set, the visit may start only between these instants (a work window), and the
    #: QR works through the whole window instead of on ``valid_on`` alone.
    window_start: Mapped[dt.datetime | None] = mapped_column(Ts)
    window_end: Mapped[dt.datetime | None] = mapped_column(Ts)


class ContractorPass(Base):
    """A pass for someone who comes often (a vendor's engineer): a signed QR card that fills
    the form for each visit, for the named purposes, from ``valid_from`` to ``valid_until``
    (site days, both included). Each visit on it is still a full visit with its own
    approval, ID card check and devices."""

    __tablename__ = "passes"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    id_type: Mapped[IdType] = mapped_column(_enum(IdType))
    id_number: Mapped[str] = mapped_column(String(64))
    organisation: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(32), default="")
    pic: Mapped[str] = mapped_column(String(200), default="")
    #: Purpose keys (``settings.purposes``), comma-separated.
    purposes: Mapped[str] = mapped_column(String(400))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    nonce: Mapped[str] = mapped_column(String(32))
    #: Empty when issued from the command line (``pintu pass add``).
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    issued_at: Mapped[dt.datetime] = mapped_column(Ts, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    revoked_reason: Mapped[str | None] = mapped_column(Text)


class Visit(Base):
    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_submitted_at", "submitted_at"),
        Index("ix_visits_state_submitted_at", "state", "submitted_at"),
        Index("ix_visits_closed_at", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # Chosen by the screen when the form opens: a repeated submit (double tap, retry after
    # the database came back) finds the visit it already made instead of making another.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    terminal: Mapped[str] = mapped_column(String(64))
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id"), index=True)
    state: Mapped[VisitState] = mapped_column(_enum(VisitState))
    # The form as submitted, kept with the visit and never rewritten (only blanked by the
    # retention purge): documents, reports and screens read these, not the directory.
    full_name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(32))
    id_type: Mapped[IdType] = mapped_column(_enum(IdType))
    id_number: Mapped[str] = mapped_column(String(64))
    # ``number_key`` of id_number, kept by ``_keep_number_key``: the deny list's matching.
    number_key: Mapped[str] = mapped_column(String(64), index=True)
    photo_jpeg: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Why there is no photo (skipped, camera unavailable); None with a photo, or when the
    # kiosk asks for none.
    no_photo_reason: Mapped[PhotoAbsence | None] = mapped_column(_enum(PhotoAbsence))
    purpose_key: Mapped[str] = mapped_column(String(48))
    purpose_text: Mapped[str] = mapped_column(Text, default="")
    pic: Mapped[str] = mapped_column(String(200))
    planned_minutes: Mapped[int] = mapped_column(Integer)
    # What the visitor typed: their own letter's number. ``work_order`` is what staff were
    # given (on the invitation or at approval): the two are kept apart, so a visitor's
    # typing never stands in for the work order the SOP asks staff to check.
    reference_letter: Mapped[str] = mapped_column(String(120), default="")
    work_order: Mapped[str] = mapped_column(String(120), default="")
    # When set, the visitor may go in only between these instants; going in outside them
    # needs a supervisor's reason (``window_override_reason``).
    window_start: Mapped[dt.datetime | None] = mapped_column(Ts)
    window_end: Mapped[dt.datetime | None] = mapped_column(Ts)
    window_override_reason: Mapped[str | None] = mapped_column(Text)
    pass_id: Mapped[int | None] = mapped_column(ForeignKey("passes.id"), index=True)
    signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    consent_at: Mapped[dt.datetime] = mapped_column(Ts)
    language: Mapped[str] = mapped_column(String(8), default="id")

    submitted_at: Mapped[dt.datetime] = mapped_column(Ts)
    decided_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    escort_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    deny_override_reason: Mapped[str | None] = mapped_column(Text)
    # Whether the visitor matched an active deny-list entry when the decision was made:
    # kept, not recomputed, so a report does not change when the list changes later.
    deny_hit: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    left_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    checked_out_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    checkout_note: Mapped[str] = mapped_column(Text, default="")
    checklist: Mapped[dict[str, object] | None] = mapped_column(JSON)
    problem_found: Mapped[bool] = mapped_column(Boolean, default=False)
    archived_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    archive_sha256: Mapped[str | None] = mapped_column(String(64))
    archive_path: Mapped[str | None] = mapped_column(Text)
    # When the visit stopped being open, as recorded (refused, checked out, cancelled, did
    # not come, left without check-out), and by whom. ``left_at`` is when the visitor left:
    # a late check-out records the real exit time there and the moment of recording here,
    # which is what lets a report show only what was on record at its cut-off.
    closed_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Why: cancelled, did not come, left without check-out, or checked out late.
    closed_reason: Mapped[str | None] = mapped_column(Text)
    purged_at: Mapped[dt.datetime | None] = mapped_column(Ts)

    visitor: Mapped[Visitor] = relationship()
    #: Read with the visit when an action locks it, so its summary names the escort
    #: without another query; changed through ``escort_id`` only.
    escort: Mapped[Staff | None] = relationship(foreign_keys=[escort_id], viewonly=True)
    devices: Mapped[list[Device]] = relationship(
        back_populates="visit", order_by="Device.id", cascade="all, delete-orphan"
    )
    badge_loans: Mapped[list[BadgeLoan]] = relationship(
        back_populates="visit", order_by="BadgeLoan.id"
    )
    id_cards: Mapped[list[IdCardHeld]] = relationship(
        back_populates="visit", order_by="IdCardHeld.id"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by the mapper

    @validates("id_number")
    def _keep_number_key(self, _key: str, value: str) -> str:
        self.number_key = number_key(value)
        return value


class Device(Base):
    """A device carried through the door, by serial number."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    kind: Mapped[str] = mapped_column(String(80))
    brand_model: Mapped[str] = mapped_column(String(120))
    serial: Mapped[str] = mapped_column(String(120))
    carried_in: Mapped[bool] = mapped_column(Boolean, default=True)
    exit_state: Mapped[DeviceExit] = mapped_column(_enum(DeviceExit), default=DeviceExit.PENDING)
    exit_serial: Mapped[str | None] = mapped_column(String(120))
    exit_note: Mapped[str] = mapped_column(Text, default="")

    visit: Mapped[Visit] = relationship(back_populates="devices")


class BadgeLoan(Base):
    """One hand-out of a badge for a visit, and its return."""

    __tablename__ = "badge_loans"

    id: Mapped[int] = mapped_column(primary_key=True)
    badge_id: Mapped[int] = mapped_column(ForeignKey("badges.id"), index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    issued_at: Mapped[dt.datetime] = mapped_column(Ts)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    returned_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    badge: Mapped[Badge] = relationship(lazy="joined")
    visit: Mapped[Visit] = relationship(back_populates="badge_loans")


class IdCardHeld(Base):
    """The visitor's ID card kept at the desk in exchange for the badge."""

    __tablename__ = "id_cards_held"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    id_type: Mapped[IdType] = mapped_column(_enum(IdType))
    id_number: Mapped[str] = mapped_column(String(64))
    mismatch_note: Mapped[str] = mapped_column(Text, default="")
    taken_at: Mapped[dt.datetime] = mapped_column(Ts)
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    returned_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    visit: Mapped[Visit] = relationship(back_populates="id_cards")


class DenyEntry(Base):
    """A person who may not enter, matched by ID number (and name as a hint); the rules
    are in ``kiosk.domain.denymatch``."""

    __tablename__ = "deny_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_type: Mapped[IdType] = mapped_column(_enum(IdType))
    id_number: Mapped[str] = mapped_column(String(64))
    # ``number_key`` of id_number, kept by ``_keep_number_key``: what a visitor is matched on.
    number_key: Mapped[str] = mapped_column(String(64), index=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    #: Empty when added from the command line (``pintu denylist add``).
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    added_at: Mapped[dt.datetime] = mapped_column(Ts, default=utcnow)
    removed_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    removed_reason: Mapped[str | None] = mapped_column(Text)

    @validates("id_number")
    def _keep_number_key(self, _key: str, value: str) -> str:
        self.number_key = number_key(value)
        return value


class OutboxMessage(Base):
    """A message to someone inside, queued in the transaction of the event it tells of.

    The sender claims due rows (``next_attempt_at``), sends them, and sets ``sent_at``,
    or ``last_error`` and a later ``next_attempt_at``; after too many tries ``failed_at``.
    ``target`` is an address, never a URL with credentials.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "sent_at", "failed_at", "next_attempt_at"),
        Index("ix_outbox_visit_event", "visit_id", "event"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(Ts, default=utcnow)
    event: Mapped[str] = mapped_column(String(24))
    visit_id: Mapped[int | None] = mapped_column(Integer)
    target: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(Ts)
    sent_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    failed_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    last_error: Mapped[str | None] = mapped_column(Text)


class RollCall(Base):
    """An emergency roll call: who started it, when, and (once over) who ended it.

    ``open_key`` is 1 while the roll call is open and NULL once it has ended; being unique,
    it lets only one roll call be open at a time even when two terminals sharing a
    PostgreSQL server start one at the same moment (the second insert fails, and that
    terminal joins the open one). ``archive_path`` and ``archive_sha256`` name the PDF
    filed when it ended.
    """

    __tablename__ = "roll_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    open_key: Mapped[int | None] = mapped_column(Integer, unique=True)
    started_at: Mapped[dt.datetime] = mapped_column(Ts)
    started_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    started_terminal: Mapped[str] = mapped_column(String(64))
    ended_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    ended_terminal: Mapped[str | None] = mapped_column(String(64))
    archive_path: Mapped[str | None] = mapped_column(Text)
    archive_sha256: Mapped[str | None] = mapped_column(String(64))

    marks: Mapped[list[RollCallMark]] = relationship(
        back_populates="roll_call", order_by="RollCallMark.id"
    )


class RollCallMark(Base):
    """One person's line on a roll call, written when the roll call starts (everyone then
    in custody) and marked when someone accounts for them (``accounted_at``, by whom and
    at which terminal). Unmarked when the roll call ends: missing.

    The badge number is kept as it was at the start: a visitor checked out during the roll
    call gives the badge back, but the record must still say which badge was called.
    """

    __tablename__ = "roll_call_marks"
    __table_args__ = (UniqueConstraint("roll_call_id", "visit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roll_call_id: Mapped[int] = mapped_column(ForeignKey("roll_calls.id"))
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    badge_number: Mapped[int | None] = mapped_column(Integer)
    accounted_at: Mapped[dt.datetime | None] = mapped_column(Ts)
    accounted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    accounted_terminal: Mapped[str | None] = mapped_column(String(64))

    roll_call: Mapped[RollCall] = relationship(back_populates="marks")
    visit: Mapped[Visit] = relationship()


class DailyCount(Base):
    """Anonymous visit counts by day and purpose, kept after personal data are purged."""

    __tablename__ = "daily_counts"
    __table_args__ = (UniqueConstraint("day", "purpose_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    purpose_key: Mapped[str] = mapped_column(String(48))
    visits: Mapped[int] = mapped_column(Integer)
    refused: Mapped[int] = mapped_column(Integer, default=0)


class AuditHead(Base):
    """The single row that serialises appends to the audit chain across terminals."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class AuditEvent(Base):
    """One append-only entry of the audit chain; ``hash`` covers ``prev_hash`` and content.

    Details hold ids, states and field names, never personal data, so purging a visitor
    leaves the chain intact.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[dt.datetime] = mapped_column(Ts)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    visit_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class BackupRun(Base):
    """One backup attempt and its outcome, so every terminal's supervisor sees the last
    backup and a failure (kept in the shared database, not on one terminal's disk)."""

    __tablename__ = "backup_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(Ts)
    finished_at: Mapped[dt.datetime] = mapped_column(Ts, index=True)
    terminal: Mapped[str] = mapped_column(String(80))
    ok: Mapped[bool] = mapped_column(Boolean)
    copy_path: Mapped[str | None] = mapped_column(Text)  # the verified copy, when ok
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    audit_events: Mapped[int | None] = mapped_column(Integer)  # chain length in the copy
    problem: Mapped[dict[str, object] | None] = mapped_column(JSON)  # message, params
