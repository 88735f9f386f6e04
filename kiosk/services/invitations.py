"""Pre-registration: visits staff expect, each with an invitation QR for its day or for
the window of its work order.

Scanning the invitation at the kiosk fills the visitor's form; the visitor only checks it,
adds devices and signs. The QR is signed (``kiosk.domain.tokens``) and carries the invitation's
``nonce``, so a forged code, a code for a cancelled or already used invitation, or one
shown on another day (or before or after its window) is refused with a message the
visitor understands. The work order and the window go with the visit the invitation
makes, so the desk checks them again when the visitor goes in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import Invitation
from kiosk.documents.spreadsheet import csv_text
from kiosk.domain import validation
from kiosk.domain.clock import day_bounds, local, today, utcnow
from kiosk.domain.records import InvitationRecord
from kiosk.domain.tokens import TokenError, TokenKind, issue_token, new_nonce, verify_token
from kiosk.domain.types import IdType, Role
from kiosk.domain.windows import AccessWindow, moment_text
from kiosk.errors import CANNOT_READ, DomainError, FileAccessError, NotFound, ValidationError
from kiosk.files import read_text
from kiosk.formats import short_date
from kiosk.i18n import LANGUAGES, N_, translate
from kiosk.services import audit
from kiosk.services.actors import Actor
from kiosk.services.records import invitation_record

log = logging.getLogger(__name__)

MAX_DAYS_AHEAD = 366
MAX_IMPORT_ROWS = 500

CANCELLED = N_("This invitation was cancelled. Please fill in the form or ask the operator.")
USED = N_("This invitation has already been used. Please fill in the form or ask the operator.")
NOT_TODAY = N_("This invitation is for {date}, not today. Please ask the operator.")
NOT_AN_INVITATION = N_("This is not an invitation code. Please show your invitation.")
TOO_EARLY = N_("This invitation is valid from {start}. Please come back then or ask the "
               "operator.")
TOO_LATE = N_("This invitation was valid until {end}. Please ask the operator.")
#: How long after its window a code still scans, so the kiosk can say the window is over
#: instead of calling the code expired; the database refuses it all the same.
LATE_EXPLAINED = dt.timedelta(days=7)


@dataclass(frozen=True)
class InvitationInput:
    """What staff type (or a CSV row holds) for one expected visit, as typed."""

    full_name: str
    id_number: str
    organisation: str
    purpose_key: str
    pic: str
    valid_on: dt.date | str
    id_type: str = IdType.KTP.value
    phone: str = ""
    purpose_text: str = ""
    work_order: str = ""
    #: Both empty, or both set (site time, DD/MM/YYYY HH:MM): then the date of the visit
    #: is the window's first day and ``valid_on`` may be left empty.
    window_start: dt.datetime | str = ""
    window_end: dt.datetime | str = ""


def parse_day(value: dt.date | str) -> dt.date:
    """A date as staff type it: 2026-03-14, 14/03/2026 or 14-03-2026."""
    if isinstance(value, dt.date):
        return value
    text = validation.clean_text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError("valid_on", "Write the date as DD/MM/YYYY, for example 14/03/2026.")


def purpose_key(settings: Settings, value: str) -> str:
    """A purpose by its key or by its label in any language (CSV files use labels)."""
    wanted = validation.clean_text(value).casefold()
    for purpose in settings.purposes:
        names = {purpose.key.casefold()} | {translate(purpose.label, lang).casefold()
                                            for lang in LANGUAGES}
        if wanted in names:
            return purpose.key
    raise ValidationError("purpose_key", "Choose one of the purposes of a visit.")


@dataclass(frozen=True)
class _Clean:
    full_name: str
    id_type: IdType
    id_number: str
    organisation: str
    phone: str
    purpose_key: str
    purpose_text: str
    pic: str
    valid_on: dt.date
    work_order: str
    window: AccessWindow | None


def _window(data: InvitationInput) -> AccessWindow | None:
    given = [bool(v if isinstance(v, dt.datetime) else validation.clean_text(v))
             for v in (data.window_start, data.window_end)]
    if not any(given):
        return None
    if not all(given):
        raise ValidationError("window_end" if given[0] else "window_start",
                              "Give both the start and the end of the window, or neither.")
    window = AccessWindow.typed(data.window_start, data.window_end)
    if window.end <= utcnow():
        raise ValidationError("window_end", "This window has already ended.")
    return window


def clean_input(settings: Settings, data: InvitationInput) -> _Clean:
    """Every field checked with the kiosk's own rules; the first problem names its field."""
    try:
        id_type = IdType(data.id_type)
    except ValueError:
        raise ValidationError("id_type", "Please choose the kind of ID you are showing.") from None
    window = _window(data)
    day = local(window.start).date() if window else parse_day(data.valid_on)
    if window is None and day < today():
        raise ValidationError("valid_on", "The date of the visit has already passed.")
    if day > today() + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError("valid_on", "Invite at most a year ahead.")
    purpose = purpose_key(settings, data.purpose_key)
    phone = validation.phone(data.phone) if validation.clean_text(data.phone) else ""
    return _Clean(
        full_name=validation.full_name(data.full_name),
        id_type=id_type,
        id_number=validation.id_number(id_type.value, data.id_number),
        organisation=validation.organisation(data.organisation),
        phone=phone,
        purpose_key=purpose,
        purpose_text=validation.purpose_text(data.purpose_text, required=purpose == "other"),
        pic=validation.pic(data.pic),
        valid_on=day,
        work_order=validation.work_order(data.work_order),
        window=window,
    )


def _row(clean: _Clean, actor: Actor) -> Invitation:
    return Invitation(full_name=clean.full_name, id_type=clean.id_type,
                      id_number=clean.id_number, organisation=clean.organisation,
                      phone=clean.phone, purpose_key=clean.purpose_key,
                      purpose_text=clean.purpose_text, pic=clean.pic, valid_on=clean.valid_on,
                      nonce=new_nonce(), created_by_id=actor.staff_id,
                      work_order=clean.work_order,
                      window_start=clean.window.start if clean.window else None,
                      window_end=clean.window.end if clean.window else None)


def create_invitation(db: Database, settings: Settings, actor: Actor,
                      data: InvitationInput) -> InvitationRecord:
    """Register one expected visit; print its invitation with ``invitation_token``."""
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    clean = clean_input(settings, data)
    with db.session() as session:
        row = _row(clean, actor)
        session.add(row)
        session.flush()
        audit.append(session, actor, "invitation_created", invitation_id=row.id,
                     valid_on=row.valid_on.isoformat(), window=clean.window is not None,
                     work_order=bool(clean.work_order))
        return invitation_record(row)


def cancel_invitation(db: Database, actor: Actor, invitation_id: int) -> InvitationRecord:
    """The visit will not happen; its QR stops working at once."""
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    with db.session() as session:
        row = session.get(Invitation, invitation_id, with_for_update=True)
        if row is None:
            raise NotFound("This invitation does not exist or was cancelled.")
        if row.used_by_visit_id is not None:
            raise DomainError("This invitation has already been used.")
        if row.cancelled_at is None:
            row.cancelled_at = utcnow()
            audit.append(session, actor, "invitation_cancelled", invitation_id=row.id)
        return invitation_record(row)


def list_invitations(db: Database, since: dt.date | None = None) -> list[InvitationRecord]:
    """Invitations from ``since`` (default: today) on, and those whose window is still
    open then, soonest first."""
    start = since or today()
    with db.session() as session:
        rows = session.execute(
            select(Invitation).where(or_(Invitation.valid_on >= start,
                                         Invitation.window_end > day_bounds(start)[0]))
            .order_by(Invitation.valid_on, Invitation.full_name)
        ).scalars()
        return [invitation_record(r) for r in rows]


def invitation_expiry(valid_on: dt.date) -> dt.datetime:
    """The end of the invitation's local day: the code works on that day only."""
    return day_bounds(valid_on)[1]


def invitation_token(secret: bytes, record: InvitationRecord) -> str:
    expires = (record.window.end + LATE_EXPLAINED if record.window
               else invitation_expiry(record.valid_on))
    return issue_token(secret, TokenKind.INVITATION, record.id, expires_at=expires,
                       nonce=record.nonce)


def invitation_from_payload(db: Database, secret: bytes, payload: str,
                            now: dt.datetime | None = None) -> InvitationRecord:
    """The invitation a scanned QR stands for, if it may fill a form now.

    Refused (``TokenError``/``DomainError``, with a message for the visitor): a forged or
    expired code, a code that is not an invitation, a cancelled, used or reissued one, one
    for another day, and one shown before or after its window.
    """
    moment = now or utcnow()
    token = verify_token(secret, payload.strip(), moment)
    if token.kind is not TokenKind.INVITATION:
        raise TokenError(NOT_AN_INVITATION)
    with db.session() as session:
        row = session.get(Invitation, token.id)
        if row is None or row.nonce != token.nonce:
            raise TokenError("This code has been altered or is not from this site.")
        if row.cancelled_at is not None:
            raise DomainError(CANCELLED)
        if row.used_by_visit_id is not None:
            raise DomainError(USED)
        record = invitation_record(row)
        if record.window is not None:
            side = record.window.position(moment)
            if side < 0:
                raise DomainError(TOO_EARLY, start=moment_text(record.window.start))
            if side > 0:
                raise DomainError(TOO_LATE, end=moment_text(record.window.end))
        elif row.valid_on != local(moment).date():
            raise DomainError(NOT_TODAY, date=short_date(row.valid_on))
        return record


# --- CSV import -------------------------------------------------------------------------

#: Column names accepted in the header row (English or Indonesian), to the field they fill.
HEADER_ALIASES: dict[str, str] = {
    "full_name": "full_name", "name": "full_name", "nama": "full_name",
    "nama_lengkap": "full_name",
    "nik": "id_number", "id_number": "id_number", "nomor_identitas": "id_number",
    "id_type": "id_type", "jenis_identitas": "id_type",
    "organisation": "organisation", "organization": "organisation", "instansi": "organisation",
    "purpose": "purpose_key", "keperluan": "purpose_key", "tujuan": "purpose_key",
    "purpose_text": "purpose_text", "keterangan": "purpose_text",
    "date": "valid_on", "valid_on": "valid_on", "tanggal": "valid_on",
    "pic": "pic", "phone": "phone", "telepon": "phone", "no_hp": "phone",
    "work_order": "work_order", "surat_tugas": "work_order", "nomor_surat": "work_order",
    "valid_from": "window_start", "berlaku_dari": "window_start", "mulai": "window_start",
    "valid_to": "window_end", "berlaku_sampai": "window_end", "sampai": "window_end",
}
#: A row needs a date of visit, or the start and end of a window.
REQUIRED_COLUMNS = ("full_name", "id_number", "organisation", "purpose_key", "pic")


@dataclass(frozen=True)
class RowError:
    """One problem in the file: ``line`` is the line number a spreadsheet shows."""

    line: int
    field: str
    error: ValidationError

    def text(self, language: str | None = None) -> str:
        return self.error.text(language)


@dataclass(frozen=True)
class ImportReport:
    created: tuple[InvitationRecord, ...]
    errors: tuple[RowError, ...]
    rows: int

    @property
    def ok(self) -> bool:
        return not self.errors


def _header_key(name: str) -> str:
    return validation.clean_text(name).lower().replace(" ", "_").lstrip("\ufeff")


def read_csv(text: str) -> tuple[list[tuple[int, InvitationInput | ValidationError]], int]:
    """Rows of the file as inputs (or the reason a row cannot even be read)."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines:
        raise ValidationError("file", "The file is empty.")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [HEADER_ALIASES.get(_header_key(h), "") for h in next(reader)]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if "valid_on" not in header and not {"window_start", "window_end"} <= set(header):
        missing.append("valid_on")
    if missing:
        raise ValidationError("file", "The first row must name the columns; missing: {columns}.",
                              columns=", ".join(missing))
    rows: list[tuple[int, InvitationInput | ValidationError]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ValidationError("file", "Import at most {max} rows at a time.",
                                  max=MAX_IMPORT_ROWS)
        if len(cells) > len(header):
            rows.append((line, ValidationError("file", "This row has more cells than the "
                                                       "header.")))
            continue
        values = {name: cell for name, cell in zip(header, cells, strict=False) if name}
        rows.append((line, InvitationInput(
            full_name=values.get("full_name", ""), id_number=values.get("id_number", ""),
            organisation=values.get("organisation", ""),
            purpose_key=values.get("purpose_key", ""), pic=values.get("pic", ""),
            valid_on=values.get("valid_on", ""),
            id_type=(values.get("id_type") or IdType.KTP.value).strip().lower(),
            phone=values.get("phone", ""), purpose_text=values.get("purpose_text", ""),
            work_order=values.get("work_order", ""),
            window_start=values.get("window_start", ""),
            window_end=values.get("window_end", ""),
        )))
    return rows, len(rows)


#: Far more than a year of invitations; a bigger file is the wrong file.
MAX_IMPORT_BYTES = 5_000_000


def import_csv_file(db: Database, settings: Settings, actor: Actor, path: Path
                    ) -> ImportReport:
    """``import_csv`` of a file someone picked: a file that cannot be read, is not UTF-8
    or is far too large is refused with one clear ``FileAccessError``, nothing created."""
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileAccessError.reading(path, exc) from exc
    if size > MAX_IMPORT_BYTES:
        raise FileAccessError(CANNOT_READ, path=str(path),
                              reason=N_("it is too large for an invitation list"))
    return import_csv(db, settings, actor, read_text(path))


def import_csv(db: Database, settings: Settings, actor: Actor, text: str) -> ImportReport:
    """Create an invitation for every row, or none if any row has a problem.

    All or nothing, so fixing the named rows and importing the same file again never
    makes a visitor's invitation twice. The report names every bad row and field.
    """
    actor.require(Role.OPERATOR, Role.SUPERVISOR)
    rows, count = read_csv(text)
    if not rows:
        raise ValidationError("file", "The file has no rows below the header.")
    clean: list[_Clean] = []
    errors: list[RowError] = []
    seen: dict[tuple[IdType, str, dt.date], int] = {}
    for line, item in rows:
        if isinstance(item, ValidationError):
            errors.append(RowError(line, item.field, item))
            continue
        try:
            cleaned = clean_input(settings, item)
        except ValidationError as exc:
            errors.append(RowError(line, exc.field, exc))
            continue
        key = (cleaned.id_type, cleaned.id_number, cleaned.valid_on)
        if key in seen:
            errors.append(RowError(line, "id_number", ValidationError(
                "id_number", "The same person and date are already on line {line}.",
                line=seen[key])))
            continue
        seen[key] = line
        clean.append(cleaned)
    if errors:
        return ImportReport((), tuple(errors), count)
    return ImportReport(_create_all(db, actor, clean), (), count)


def _create_all(db: Database, actor: Actor,
                clean: Iterable[_Clean]) -> tuple[InvitationRecord, ...]:
    with db.session() as session:
        rows = [_row(c, actor) for c in clean]
        session.add_all(rows)
        session.flush()
        audit.append(session, actor, "invitations_imported", count=len(rows),
                     invitation_ids=[r.id for r in rows])
        return tuple(invitation_record(r) for r in rows)


def field_label(name: str) -> str:
    """English source label of a form field, for the per-row error report."""
    return FIELD_LABELS.get(name, N_("File"))


FIELD_LABELS: dict[str, str] = {
    "full_name": N_("Name"), "id_number": N_("NIK / ID number"), "nik": N_("NIK"),
    "id_type": N_("ID type"),
    "organisation": N_("Organisation"), "purpose_key": N_("Purpose"),
    "purpose_text": N_("Purpose details"), "valid_on": N_("Date"), "pic": N_("PIC"),
    "phone": N_("Phone"), "work_order": N_("Work order"),
    "window_start": N_("Valid from"), "window_end": N_("Valid until"),
}


def csv_template() -> str:
    """A header row and one example, for staff to start their spreadsheet from."""
    return csv_text([
        ("nama", "nik", "instansi", "keperluan", "tanggal", "pic", "telepon", "keterangan"),
        ("Dewi Lestari", "6171014506900001", "Dinas Kesehatan", "server_maintenance",
         short_date(today(), "id"), "Seksi Jaringan dan Data Center", "0812 3456 7890",
         "Pemeliharaan rutin"),
    ], delimiter=";")
