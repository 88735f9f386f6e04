import datetime as dt
from dataclasses import replace

import pytest

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.clock import today, travel_to
from kiosk.domain.tokens import TokenError, TokenKind, issue_token
from kiosk.errors import DomainError, PermissionDenied, ValidationError
from kiosk.services import audit, invitations
from kiosk.services.actors import KIOSK
from kiosk.services.invitations import InvitationInput
from tests.support import factories
from tests.support.factories import WIB, Team

SECRET = b"s" * 32


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    """SQLite here; the import, the one multi-row write, also runs on PostgreSQL below."""
    return sqlite_db


def _input(**overrides: object) -> InvitationInput:
    base = InvitationInput(
        full_name="Dewi Lestari", id_number="6171014506900001",
        organisation="Dinas Kesehatan", purpose_key="server_maintenance",
        pic="Seksi Jaringan dan Data Center", valid_on=today(), phone="0812 3456 7890",
        purpose_text="Pemeliharaan rutin")
    return replace(base, **overrides)  # type: ignore[arg-type]


def test_invitation_qr_fills_the_form_on_its_day_only(db: Database, settings: Settings,
                                                      team: Team) -> None:
    record = invitations.create_invitation(db, settings, team.operator, _input())
    payload = invitations.invitation_token(SECRET, record)
    found = invitations.invitation_from_payload(db, SECRET, payload)
    assert (found.id, found.full_name, found.id_number, found.purpose_key, found.valid_on) == (
        record.id, "Dewi Lestari", "6171014506900001", "server_maintenance", today())
    tomorrow = dt.datetime.combine(today() + dt.timedelta(days=1), dt.time(8), WIB)
    with pytest.raises(TokenError) as expired:
        invitations.invitation_from_payload(db, SECRET, payload, now=tomorrow)
    assert expired.value.message == "This code has expired."


def test_invitation_for_a_later_day_is_refused_today(db: Database, settings: Settings,
                                                     team: Team) -> None:
    later = today() + dt.timedelta(days=3)
    record = invitations.create_invitation(db, settings, team.operator, _input(valid_on=later))
    with pytest.raises(DomainError) as refused:
        invitations.invitation_from_payload(db, SECRET, invitations.invitation_token(SECRET,
                                                                                     record))
    assert f"{later.day}/{later.month}/{later.year}" in refused.value.text("id")


def test_used_cancelled_and_forged_invitations_are_refused(db: Database, settings: Settings,
                                                           team: Team) -> None:
    used = invitations.create_invitation(db, settings, team.operator, _input())
    factories.submitted(db, settings, invitation_id=used.id)
    with pytest.raises(DomainError, match="already been used"):
        invitations.invitation_from_payload(db, SECRET, invitations.invitation_token(SECRET,
                                                                                     used))
    cancelled = invitations.create_invitation(db, settings, team.operator,
                                              _input(full_name="Budi Hartono"))
    invitations.cancel_invitation(db, team.operator, cancelled.id)
    with pytest.raises(DomainError, match="cancelled"):
        invitations.invitation_from_payload(
            db, SECRET, invitations.invitation_token(SECRET, cancelled))
    # Right id, wrong nonce: a code for a reissued invitation.
    other = invitations.create_invitation(db, settings, team.operator, _input(full_name="Ani"))
    stale = issue_token(SECRET, TokenKind.INVITATION, other.id,
                        invitations.invitation_expiry(other.valid_on), nonce="AAAAAAAA")
    with pytest.raises(TokenError):
        invitations.invitation_from_payload(db, SECRET, stale)
    with pytest.raises(TokenError):
        invitations.invitation_from_payload(db, b"t" * 32,
                                            invitations.invitation_token(b"t" * 32, other)
                                            .replace(".I.", ".B."))
    badge = issue_token(SECRET, TokenKind.BADGE, 1, invitations.invitation_expiry(today()))
    with pytest.raises(TokenError, match="not an invitation"):
        invitations.invitation_from_payload(db, SECRET, badge)


def test_invitation_fields_are_checked_and_roles_enforced(db: Database, settings: Settings,
                                                          team: Team) -> None:
    with pytest.raises(ValidationError) as bad_nik:
        invitations.create_invitation(db, settings, team.operator,
                                      _input(id_number="6171014506900000"))
    assert bad_nik.value.field == "nik"
    with pytest.raises(ValidationError) as past:
        invitations.create_invitation(db, settings, team.operator,
                                      _input(valid_on=today() - dt.timedelta(days=1)))
    assert past.value.field == "valid_on"
    with pytest.raises(PermissionDenied):
        invitations.create_invitation(db, settings, KIOSK, _input())


CSV_GOOD = """nama;nik;instansi;keperluan;tanggal;pic;telepon
Dewi Lestari;6171014506900001;Dinas Kesehatan;Pemeliharaan server;{day};Seksi DC;0812 3456 7890
Budi Hartono;6171010101900002;PT Khatulistiwa Net;repair;{day};Pak Hadi;
"""


def test_csv_import_creates_every_row(db: Database, settings: Settings, team: Team) -> None:
    _import_two(db, settings, team)


@pytest.mark.postgres
def test_csv_import_on_postgres(pg_db: Database, settings: Settings) -> None:
    _import_two(pg_db, settings, factories.make_team(pg_db))


def _import_two(db: Database, settings: Settings, team: Team) -> None:
    day = today().strftime("%d/%m/%Y")
    report = invitations.import_csv(db, settings, team.operator, CSV_GOOD.format(day=day))
    assert report.ok and report.rows == 2
    assert [r.purpose_key for r in report.created] == ["server_maintenance", "repair"]
    assert [r.full_name for r in invitations.list_invitations(db)] == ["Budi Hartono",
                                                                       "Dewi Lestari"]
    assert audit.verify(db).ok


def test_csv_import_reports_each_bad_row_and_creates_nothing(db: Database, settings: Settings,
                                                              team: Team) -> None:
    day = today().strftime("%Y-%m-%d")
    text = ("name,nik,organisation,purpose,date,pic\n"
            f"Dewi Lestari,6171014506900001,Dinas Kesehatan,repair,{day},Seksi DC\n"
            f"Budi,12345,PT Net,repair,{day},Pak Hadi\n"
            f"Ani Rahma,6171014506900003,PT Net,tamasya,{day},Pak Hadi\n"
            "Joko Tan,6171010101900004,PT Net,repair,31/02/2026,Pak Hadi\n"
            f"Dewi Lestari,6171014506900001,Dinas Kesehatan,repair,{day},Seksi DC\n")
    report = invitations.import_csv(db, settings, team.operator, text)
    assert not report.ok and report.created == ()
    assert [(e.line, e.field) for e in report.errors] == [
        (3, "nik"), (4, "purpose_key"), (5, "valid_on"), (6, "id_number")]
    assert "2" in report.errors[-1].text("en")  # "already on line 2"
    assert invitations.list_invitations(db) == []


def test_csv_without_the_needed_columns_is_refused(db: Database, settings: Settings,
                                                   team: Team) -> None:
    with pytest.raises(ValidationError, match="missing"):
        invitations.import_csv(db, settings, team.operator, "nama,instansi\nDewi,Dinkes\n")


def test_invitation_code_expires_at_the_end_of_its_local_day(db: Database, settings: Settings,
                                                            team: Team) -> None:
    day = today() + dt.timedelta(days=1)
    record = invitations.create_invitation(db, settings, team.operator, _input(valid_on=day))
    payload = invitations.invitation_token(SECRET, record)
    late = dt.datetime.combine(day, dt.time(23, 59), WIB)
    with travel_to(late):
        assert invitations.invitation_from_payload(db, SECRET, payload).id == record.id
