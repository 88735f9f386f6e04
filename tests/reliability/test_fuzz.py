"""Bad input gets a clear answer and changes nothing: property-based tests with hostile text.

Every target gets arbitrary Unicode (surrogates and unassigned code points included),
control characters, right-to-left overrides, 100 kB strings, and SQL, HTML and format-string
fragments. The properties: no exception other than ``ValidationError`` (or, for the QR
classifier, none at all); every refusal's message has an Indonesian translation; whatever
is accepted is clean (no control, format or surrogate characters, within its length) and
stable (cleaning it again changes nothing); nothing is stored when the answer is no.

The number of cases run per target is printed in the "reliability figures" section.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Callable
from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import Invitation, Visit
from kiosk.domain import validation
from kiosk.domain.clock import today
from kiosk.domain.nik import mask_nik, parse_nik
from kiosk.domain.tokens import TokenKind, issue_token
from kiosk.errors import ValidationError
from kiosk.i18n import catalogue
from kiosk.scan.decoders import Symbology
from kiosk.scan.payloads import Rejected, ScanMode, SerialScan, TokenScan, Unknown, classify
from kiosk.services import invitations, visits
from kiosk.services.queries import get_visit
from tests.support.factories import Team, make_form

FUZZ = hypothesis.settings(
    deadline=None, database=None, derandomize=True, max_examples=100,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large])


def fuzz(examples: int) -> hypothesis.settings:
    return hypothesis.settings(FUZZ, max_examples=examples)

FRAGMENTS = (
    "'; DROP TABLE visits; --", '" OR 1=1 --', "Robert'); DELETE FROM staff;--", "NULL",
    "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "&lt;&amp;&#0;",
    "{0}{name}{}{", "%s%d%n%x", "\\x00\\n", "../../etc/passwd", "${jndi:ldap://x}",
    "\u202eKTP\u202c", "\u200f\u200e", "\u2066abc\u2069", "\u061c", "مُحَمَّد العربي", "שָׁלוֹם",
    "王小明", "Ἀλέξανδρος", "Ṣafiyyah Nguyễn", "O'Brien-Łukasz", "e\u0301\u0301", "\ufeff",
    "\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\x85", "\u2028", "\ud800", "\udfff", "\U0001f600",
    "\U000e0041", "\ufdd0", "\U0010ffff", "6171014506900001", "０８１２３４５６７８",
)
#: Every code point, surrogates and unassigned ones included.
ANY_CHAR = st.characters(codec=None, exclude_categories=())
SHORT = st.one_of(
    st.text(ANY_CHAR, max_size=40),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(ANY_CHAR, max_size=3)),
             max_size=10).map("".join),
)
HUGE = st.tuples(st.one_of(st.sampled_from(FRAGMENTS), st.text(ANY_CHAR, min_size=1,
                                                                max_size=6)),
                 st.integers(10_000, 100_000)).map(lambda p: (p[0] * p[1])[:p[1]])
HOSTILE = st.one_of(SHORT, SHORT, SHORT, SHORT, SHORT, HUGE)
#: Characters ``clean_text`` must never let through.
UNCLEAN = {"Cc", "Cf", "Cs", "Co", "Cn"}


def _clean(value: str, max_len: int | None = None) -> None:
    bad = [ch for ch in value if unicodedata.category(ch) in UNCLEAN]
    assert not bad, f"unclean characters kept: {bad!r}"
    assert value == value.strip() and "  " not in value
    value.encode("utf-8")  # storable in SQLite and PostgreSQL
    if max_len is not None:
        assert len(value) <= max_len


def _refusal(exc: ValidationError) -> None:
    """A refusal must speak the visitor's language (Indonesian first)."""
    assert exc.message in catalogue("id"), f"untranslated: {exc.message!r}"
    assert exc.text("id") and exc.text("en")
    assert exc.field


VALIDATORS: dict[str, tuple[Callable[[str], str], int | None]] = {
    "full_name": (validation.full_name, validation.NAME_MAX),
    "organisation": (validation.organisation, validation.ORG_MAX),
    "phone": (validation.phone, 32),
    "pic": (validation.pic, validation.NAME_MAX),
    "purpose_text": (lambda v: validation.purpose_text(v, required=False), validation.TEXT_MAX),
    "purpose_text_required": (lambda v: validation.purpose_text(v, required=True),
                              validation.TEXT_MAX),
    "reference_letter": (validation.reference_letter, 120),
    "id_number_ktp": (lambda v: validation.id_number("ktp", v), 16),
    "id_number_passport": (lambda v: validation.id_number("passport", v),
                           validation.ID_NUMBER_MAX),
    "id_number_sim": (lambda v: validation.id_number("sim", v), validation.ID_NUMBER_MAX),
    "id_number_employee": (lambda v: validation.id_number("employee", v),
                           validation.ID_NUMBER_MAX),
    "id_number_other": (lambda v: validation.id_number("other", v), validation.ID_NUMBER_MAX),
    "serial_number": (validation.serial_number, validation.SERIAL_MAX),
    "reason": (validation.reason, validation.TEXT_MAX),
    "clean_text": (validation.clean_text, None),
}


@pytest.mark.parametrize("name", sorted(VALIDATORS))
@fuzz(100)
@given(value=HOSTILE)
def test_every_field_validator(name: str, value: str, figures: Any) -> None:
    figures(f"fuzz cases: validator {name}")
    check, max_len = VALIDATORS[name]
    try:
        cleaned = check(value)
    except ValidationError as exc:
        _refusal(exc)
        return
    _clean(cleaned, max_len)
    assert check(cleaned) == cleaned


@FUZZ
@given(value=st.one_of(HOSTILE, st.integers(), st.from_regex(r"\A\s*-?[0-9]{1,6}\s*\Z")))
def test_planned_minutes(value: str | int, figures: Any) -> None:
    figures("fuzz cases: validator planned_minutes")
    try:
        minutes = validation.planned_minutes(value)
    except ValidationError as exc:
        _refusal(exc)
        return
    assert validation.MIN_PLANNED_MINUTES <= minutes <= validation.MAX_PLANNED_MINUTES


@FUZZ
@given(kind=SHORT, brand=SHORT, serial=HOSTILE)
def test_device_validator(kind: str, brand: str, serial: str, figures: Any) -> None:
    figures("fuzz cases: validator device")
    try:
        device = validation.device(validation.DeviceInput(kind, brand, serial))
    except ValidationError as exc:
        _refusal(exc)
        return
    for value in (device.kind, device.brand_model, device.serial):
        _clean(value, 120)


@fuzz(500)
@given(raw=st.one_of(HOSTILE, st.from_regex(r"\A[0-9]{16}\Z"),
                     st.from_regex(r"\A[0-9 .\-]{14,24}\Z")))
def test_nik_parser(raw: str, figures: Any) -> None:
    figures("fuzz cases: NIK parser")
    try:
        info = parse_nik(raw)
    except ValidationError as exc:
        _refusal(exc)
        assert exc.field == "nik"
        return
    assert len(info.nik) == 16 and info.nik.isascii() and info.nik.isdigit()
    assert info.birth_date <= dt.date.today()
    assert info.masked.count("*") == 8 and info.masked[4:12] == "********"
    assert mask_nik(raw).count("*") >= 8


SECRET = b"k" * 32


@fuzz(400)
@given(text=st.one_of(HOSTILE, HOSTILE.map(lambda t: "PNT1." + t)),
       mode=st.sampled_from(ScanMode), symbology=st.sampled_from(Symbology))
def test_qr_payload_classifier(text: str, mode: ScanMode, symbology: Symbology,
                               figures: Any) -> None:
    figures("fuzz cases: QR payload classifier")
    result = classify(text, SECRET, mode=mode, symbology=symbology)
    assert not isinstance(result, TokenScan), "an unsigned text was taken for our code"
    if isinstance(result, Rejected):
        assert result.error.message in catalogue("id")
    elif isinstance(result, Unknown):
        assert result.message in catalogue("id")
    elif isinstance(result, SerialScan):
        assert 0 < len(result.serial) <= 64
        assert not any(unicodedata.category(ch)[0] == "C" for ch in result.serial)


@fuzz(200)
@given(position=st.integers(0, 200), replacement=st.text(ANY_CHAR, min_size=1, max_size=3),
       kind=st.sampled_from(TokenKind))
def test_altered_tokens_are_never_accepted(position: int, replacement: str, kind: TokenKind,
                                           figures: Any) -> None:
    figures("fuzz cases: altered signed tokens")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    token = issue_token(SECRET, kind, 42, later, nonce="ABCDEFGH")
    at = position % len(token)
    altered = token[:at] + replacement + token[at + 1:]
    result = classify(altered, SECRET, mode=ScanMode.BADGE_RETURN)
    if altered.strip() != token:
        assert not isinstance(result, TokenScan), altered


FORM_FIELDS = ("full_name", "organisation", "phone", "id_number", "pic", "purpose_text",
               "reference_letter", "planned_minutes", "purpose_key", "id_type", "language",
               "device_kind", "device_brand", "device_serial")


def _hostile_form(field: str, value: str) -> Any:
    if field.startswith("device_"):
        parts = {"device_kind": "Laptop", "device_brand": "Lenovo", "device_serial": "PF0001"}
        parts[field] = value
        return make_form(devices=(validation.DeviceInput(parts["device_kind"],
                                                         parts["device_brand"],
                                                         parts["device_serial"]),))
    return make_form(**{field: value})


def _visit_count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Visit)) or 0)


@fuzz(60)
@given(field=st.sampled_from(FORM_FIELDS), value=HOSTILE)
def test_visit_form_submission(db: Database, settings: Settings, field: str, value: str,
                               figures: Any) -> None:
    """The whole form through the service, on SQLite and PostgreSQL (which refuses NUL
    bytes and lone surrogates outright): refused and nothing stored, or stored clean."""
    figures("fuzz cases: visit form submission")
    before = _visit_count(db)
    form = _hostile_form(field, value)
    try:
        summary = visits.submit_visit(db, settings, form)
    except ValidationError as exc:
        _refusal(exc)
        assert _visit_count(db) == before
        return
    assert _visit_count(db) == before + 1
    stored = get_visit(db, summary.id)
    values = (stored.summary.full_name, stored.summary.organisation, stored.phone,
              stored.id_number, stored.summary.pic, stored.summary.purpose_text,
              stored.reference_letter, *(d.serial for d in stored.devices),
              *(d.kind for d in stored.devices), *(d.brand_model for d in stored.devices))
    for text in values:
        _clean(text, validation.TEXT_MAX)
    assert stored.language in settings.languages


def _csv(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["nama", "nik", "instansi", "keperluan", "tanggal", "pic", "telepon"])
    writer.writerows(rows)
    return out.getvalue()


def _row(data: st.DataObject) -> list[str]:
    good = ["Dewi Lestari", "6171014506900001", "Dinas Kesehatan", "repair",
            f"{today():%d/%m/%Y}", "Seksi Jaringan", "0812 3456 7890"]
    poisoned = data.draw(st.sets(st.integers(0, len(good) - 1), max_size=3))
    return [data.draw(SHORT) if i in poisoned else cell for i, cell in enumerate(good)]


@fuzz(80)
@given(data=st.data(), delimiter=st.sampled_from(";,"), raw=st.booleans())
def test_invitation_csv_import(sqlite_db: Database, settings: Settings, lite_team: Team,
                               data: st.DataObject, delimiter: str, raw: bool,
                               figures: Any) -> None:
    """A spreadsheet with hostile cells (or a file that is not a spreadsheet at all):
    every row is accepted clean, or the file is refused whole and nothing is created."""
    figures("fuzz cases: invitation CSV import")
    if raw:
        text = data.draw(HOSTILE)
    else:
        text = _csv([_row(data) for _ in range(data.draw(st.integers(1, 4)))], delimiter)
    with sqlite_db.session() as session:
        before = session.scalar(select(func.count()).select_from(Invitation))
    try:
        report = invitations.import_csv(sqlite_db, settings, lite_team.operator, text)
    except ValidationError as exc:
        _refusal(exc)
        created: tuple[invitations.InvitationRecord, ...] = ()
    else:
        for error in report.errors:
            _refusal(error.error)
        created = report.created
        assert not (report.errors and report.created)
    with sqlite_db.session() as session:
        after = session.scalar(select(func.count()).select_from(Invitation))
    assert after == (before or 0) + len(created)
    for record in created:
        for value in (record.full_name, record.organisation, record.phone, record.pic,
                      record.id_number):
            _clean(value, validation.ORG_MAX)
