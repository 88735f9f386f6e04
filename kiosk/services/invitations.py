"""Pre-registration: visits staff expect, each with an invitation QR for its day.

Scanning the invitation at the kiosk fills the visitor's form; the visitor only checks it,
adds devices and signs. The QR is signed (``kiosk.domain.tokens``) and carries the invitation's
``nonce``, so a forged code, a code for a cancelled or already used invitation, or one
shown on another day is refused with a message the visitor understands.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import Invitation
from kiosk.documents.spreadsheet import csv_text
from kiosk.domain import validation
from kiosk.domain.clock import day_bounds, local, today, utcnow
from kiosk.domain.records import InvitationRecord
from kiosk.domain.tokens import TokenError, TokenKind, issue_token, new_nonce, verify_token
from kiosk.domain.types import IdType, Role
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


def _purpose_key(settings: Settings, value: str) -> str:
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


def clean_input(settings: Settings, data: InvitationInput) -> _Clean:
    """Every field checked with the kiosk's own rules; the first problem names its field."""
    try:
        id_type = IdType(data.id_type)
    except ValueError:
        raise ValidationError("id_type", "Please choose the kind of ID you are showing.") from None
    day = parse_day(data.valid_on)
    if day < today():
        raise ValidationError("valid_on", "The date of the visit has already passed.")
    if day > today() + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError("valid_on", "Invite at most a year ahead.")
    purpose_key = _purpose_key(settings, data.purpose_key)
    phone = validation.phone(data.phone) if validation.clean_text(data.phone) else ""
    return _Clean(
        full_name=validation.full_name(data.full_name),
        id_type=id_type,
        id_number=validation.id_number(id_type.value, data.id_number),
        organisation=validation.organisation(data.organisation),
        phone=phone,
        purpose_key=purpose_key,
        purpose_text=validation.purpose_text(data.purpose_text,
                                             required=purpose_key == "other"),
        pic=validation.pic(data.pic),
        valid_on=day,
    )


def _row(clean: _Clean, actor: Actor) -> Invitation:
    return Invitation(full_name=clean.full_name, id_type=clean.id_type,
                      id_number=clean.id_number, organisation=clean.organisation,
                      phone=clean.phone, purpose_key=clean.purpose_key,
                      purpose_text=clean.purpose_text, pic=clean.pic, valid_on=clean.valid_on,
                      nonce=new_nonce(), created_by_id=actor.staff_id)


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
                     valid_on=row.valid_on.isoformat())
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
    """Invitations from ``since`` (default: today) on, soonest first."""
    start = since or today()
    with db.session() as session:
        rows = session.execute(
            select(Invitation).where(Invitation.valid_on >= start)
            .order_by(Invitation.valid_on, Invitation.full_name)
        ).scalars()
        return [invitation_record(r) for r in rows]


def invitation_expiry(valid_on: dt.date) -> dt.datetime:
    """The end of the invitation's local day: the code works on that day only."""
    return day_bounds(valid_on)[1]


def invitation_token(secret: bytes, record: InvitationRecord) -> str:
    return issue_token(secret, TokenKind.INVITATION, record.id,
                       expires_at=invitation_expiry(record.valid_on), nonce=record.nonce)


def invitation_from_payload(db: Database, secret: bytes, payload: str,
                            now: dt.datetime | None = None) -> InvitationRecord:
    """The invitation a scanned QR stands for, if it may fill a form now.

    Refused (``TokenError``/``DomainError``, with a message for the visitor): a forged or
    expired code, a code that is not an invitation, a cancelled, used or reissued one, and
    one for another day.
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
        if row.valid_on != local(moment).date():
            raise DomainError(NOT_TODAY, date=short_date(row.valid_on))
        return invitation_record(row)


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
}
REQUIRED_COLUMNS = ("full_name", "id_number", "organisation", "purpose_key", "valid_on", "pic")


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
    "phone": N_("Phone"),
}


def csv_template() -> str:
    """A header row and one example, for staff to start their spreadsheet from."""
    return csv_text([
        ("nama", "nik", "instansi", "keperluan", "tanggal", "pic", "telepon", "keterangan"),
        ("Dewi Lestari", "6171014506900001", "Dinas Kesehatan", "server_maintenance",
         short_date(today(), "id"), "Seksi Jaringan dan Data Center", "0812 3456 7890",
         "Pemeliharaan rutin"),
    ], delimiter=";")
