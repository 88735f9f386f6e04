"""No one gets in where they don't belong: every refusal of a badge, invitation, sign-in and
role, checked one by one and counted ("refusals checked" in the reliability figures).

Each refusal must change nothing and say why in Indonesian (the message is in the
catalogue); a refusal that would pass silently, or with an English-only message, fails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select, update

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, Staff, Visit
from kiosk.domain.clock import today, utcnow
from kiosk.domain.tokens import TokenError, TokenKind, issue_token
from kiosk.domain.types import DeviceExit, IdType, Role, VisitState
from kiosk.errors import DomainError, PermissionDenied, PintuError
from kiosk.i18n import catalogue
from kiosk.services import (
    audit,
    badges,
    checkout,
    denylist,
    exits,
    integrity,
    invitations,
    privacy,
    retention,
    signin,
    staff,
    visits,
)
from kiosk.services.actors import KIOSK, Actor
from kiosk.services.queries import get_visit
from tests.support import factories
from tests.support.factories import PIN, Team

SECRET = b"s" * 32


@dataclasses.dataclass
class Refusals:
    """Asserts a refusal and counts it."""

    figures: Callable[..., None]
    count: int = 0

    def check(self, kind: type[PintuError], action: Callable[[], object],
              says: str = "") -> PintuError:
        with pytest.raises(kind) as caught:
            action()
        error = caught.value
        assert error.message in catalogue("id"), f"untranslated refusal: {error.message!r}"
        if says:
            assert says in error.text("id"), error.text("id")
        self.count += 1
        self.figures("refusals checked")
        return error


@pytest.fixture
def refusals(figures: Callable[..., None]) -> Refusals:
    return Refusals(figures)


def _card(db: Database, number: int) -> str:
    record = next(b for b in badges.list_badges(db) if b.number == number)
    return badges.badge_token(SECRET, record)


def _audit_count(db: Database) -> int:
    return audit.verify(db).events


def test_badge_refusals(sqlite_db: Database, settings: Settings, lite_team: Team,
                        refusals: Refusals) -> None:
    db, team = sqlite_db, lite_team
    done = factories.checked_out(db, settings, team)
    assert done.badge_number is not None
    returned = _card(db, done.badge_number)
    events = _audit_count(db)

    refusals.check(DomainError, lambda: exits.request_exit(db, SECRET, returned),
                   "tidak sedang dipakai")
    refusals.check(DomainError, lambda: exits.visit_for_badge(db, SECRET, returned))
    assert _audit_count(db) == events  # a refused scan records no exit request

    holder = factories.inside(db, settings, team)
    assert holder.badge_number is not None
    card = _card(db, holder.badge_number)
    badges.retire_badge(db, team.supervisor, holder.badge_number, "Kartu rusak")
    refusals.check(DomainError, lambda: exits.request_exit(db, SECRET, card),
                   "sudah tidak dipakai")
    refusals.check(DomainError, lambda: exits.visit_for_badge(db, SECRET, card))

    lost_visit = factories.inside(db, settings, team)
    assert lost_visit.badge_number is not None
    lost_card = _card(db, lost_visit.badge_number)
    detail = get_visit(db, lost_visit.id)
    checkout.check_out(db, settings, team.operator, lost_visit.id, lost_visit.version,
                       checkout.CheckOut(
                           tuple(checkout.DeviceCheck(d.id, DeviceExit.CARRIED_OUT)
                                 for d in detail.devices),
                           badge_returned=False, id_card_returned=True,
                           badge_lost_reason="Dibawa pulang"))
    refusals.check(DomainError, lambda: exits.request_exit(db, SECRET, lost_card))

    free = badges.available_numbers(db)[0]
    good = _card(db, free)
    refusals.check(TokenError, lambda: exits.request_exit(db, b"o" * 32, good), "diubah")
    reissued = issue_token(SECRET, TokenKind.BADGE, free, utcnow() + dt.timedelta(days=9),
                           nonce="AAAAAAAA")
    refusals.check(TokenError, lambda: exits.request_exit(db, SECRET, reissued))
    expired = issue_token(SECRET, TokenKind.BADGE, free, utcnow() - dt.timedelta(seconds=1))
    refusals.check(TokenError, lambda: exits.request_exit(db, SECRET, expired), "kedaluwarsa")
    invitation_code = issue_token(SECRET, TokenKind.INVITATION, free,
                                  utcnow() + dt.timedelta(hours=1))
    refusals.check(TokenError, lambda: exits.request_exit(db, SECRET, invitation_code))
    refusals.check(TokenError, lambda: exits.request_exit(db, SECRET, good[:20]))
    assert refusals.count == 10
    with db.session() as session:
        assert session.scalar(select(func.count()).where(
            AuditEvent.action == "exit_requested")) == 0


def _invite(db: Database, settings: Settings, team: Team, day: dt.date,
            nik: str = "6171014506900001") -> invitations.InvitationRecord:
    return invitations.create_invitation(db, settings, team.operator, invitations.InvitationInput(
        full_name="Dewi Lestari", id_number=nik, organisation="Dinas Kesehatan",
        purpose_key="repair", pic="Seksi Jaringan", valid_on=day))


def test_invitation_refusals(sqlite_db: Database, settings: Settings, lite_team: Team,
                             refusals: Refusals) -> None:
    db, team = sqlite_db, lite_team
    used = _invite(db, settings, team, today())
    code = invitations.invitation_token(SECRET, used)
    assert invitations.invitation_from_payload(db, SECRET, code).id == used.id
    visit = factories.submitted(db, settings, invitation_id=used.id)
    refusals.check(DomainError, lambda: invitations.invitation_from_payload(db, SECRET, code),
                   "sudah digunakan")
    refusals.check(DomainError, lambda: factories.submitted(db, settings,
                                                            invitation_id=used.id))
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 1
    assert visit.id

    cancelled = _invite(db, settings, team, today(), nik="6171020101850002")
    invitations.cancel_invitation(db, team.operator, cancelled.id)
    refusals.check(DomainError, lambda: invitations.invitation_from_payload(
        db, SECRET, invitations.invitation_token(SECRET, cancelled)), "dibatalkan")

    tomorrow = _invite(db, settings, team, today() + dt.timedelta(days=1))
    refusals.check(DomainError, lambda: invitations.invitation_from_payload(
        db, SECRET, invitations.invitation_token(SECRET, tomorrow)))
    yesterday = dataclasses.replace(tomorrow, valid_on=today() - dt.timedelta(days=1))
    refusals.check(TokenError, lambda: invitations.invitation_from_payload(
        db, SECRET, invitations.invitation_token(SECRET, yesterday)), "kedaluwarsa")
    refusals.check(TokenError, lambda: invitations.invitation_from_payload(
        db, SECRET, invitations.invitation_token(b"o" * 32, tomorrow)), "diubah")
    renonced = dataclasses.replace(tomorrow, nonce="AAAAAAAA")
    refusals.check(TokenError, lambda: invitations.invitation_from_payload(
        db, SECRET, invitations.invitation_token(SECRET, renonced)))
    badge_code = _card(db, 1)
    refusals.check(TokenError, lambda: invitations.invitation_from_payload(
        db, SECRET, badge_code))
    assert refusals.count == 8


def test_sign_in_refusals_lockout_and_audit(sqlite_db: Database, settings: Settings,
                                            lite_team: Team, refusals: Refusals) -> None:
    db = sqlite_db
    with db.session() as session:
        hashes = list(session.scalars(select(Staff.pin_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert all(PIN not in h for h in hashes)

    at = utcnow()

    def refused(name: str, pin: str, says: str = "salah") -> None:
        nonlocal at
        error = refusals.check(signin.LoginFailed,
                               lambda: signin.authenticate(db, settings, name, pin, now=at),
                               says)
        assert isinstance(error, signin.LoginFailed)
        # The terminal's wait, then the next try.
        at += dt.timedelta(seconds=error.wait_seconds)

    refused("nobody", PIN)
    refusals.check(signin.LoginFailed, lambda: signin.authenticate(
        db, settings, "sari", PIN, now=at - dt.timedelta(seconds=1)), "Tunggu 1 detik")
    for _ in range(settings.lockout_attempts):
        refused("budi", "000000")
    refused("budi", PIN, "dikunci")  # locked: the same words as a wrong PIN
    staff.set_active(db, lite_team.supervisor, lite_team.second_operator.staff_id or 0, False)
    refused("rina", PIN, "nonaktif")
    assert signin.authenticate(db, settings, "sari", PIN, now=at).username == "sari"

    with db.session() as session:
        events = list(session.execute(select(AuditEvent.action, AuditEvent.detail).where(
            AuditEvent.action.in_(("login", "login_failures", "account_locked")))
            .order_by(AuditEvent.seq)))
    # One lock, then the whole burst of failures as one event, then the sign-in.
    assert [action for action, _detail in events] == ["account_locked", "login_failures",
                                                      "login"]
    assert f'"failures":{settings.lockout_attempts + 3}' in events[1][1]
    assert audit.verify(db).ok


def _operator_functions(db: Database, settings: Settings, visit_id: int,
                        version: int) -> dict[str, Callable[[Actor], object]]:
    approval = visits.Approval(escort_id=1, badge_number=1, id_card_type="ktp",
                               id_card_number="6171014506900001")
    invitation = invitations.InvitationInput(
        full_name="Dewi", id_number="6171014506900001", organisation="Dinas",
        purpose_key="repair", pic="Seksi", valid_on=today())
    return {
        "approve": lambda a: visits.approve(db, a, visit_id, version, approval),
        "refuse": lambda a: visits.refuse(db, a, visit_id, version, "Tidak ada surat"),
        "enter": lambda a: visits.mark_entered(db, a, visit_id, version),
        "change escort": lambda a: visits.change_escort(db, a, visit_id, version, 1),
        "cancel": lambda a: visits.close_unvisited(db, a, visit_id, version,
                                                   VisitState.CANCELLED, "Batal"),
        "check out": lambda a: checkout.check_out(db, settings, a, visit_id, version,
                                                  checkout.CheckOut((), True, True)),
        "archive": lambda a: checkout.archive(db, a, visit_id, "a" * 64, "x.pdf"),
        "add staff": lambda a: staff.add_staff(db, a, "baru", "135790", Role.OPERATOR),
        "disable staff": lambda a: staff.set_active(db, a, 2, False),
        "reset PIN": lambda a: staff.reset_pin(db, a, 2, "135790"),
        "add badges": lambda a: badges.add_badges(db, a, 1),
        "retire badge": lambda a: badges.retire_badge(db, a, 2, "Rusak"),
        "deny list add": lambda a: denylist.add_entry(db, a, IdType.KTP, "6171014506900001",
                                                     "X", "Alasan"),
        "invite": lambda a: invitations.create_invitation(db, settings, a, invitation),
        "import CSV": lambda a: invitations.import_csv(db, settings, a, "nama;nik\n"),
        "purge": lambda a: retention.purge(db, settings, a),
        "reveal NIK": lambda a: privacy.reveal_id_number(db, a, visit_id),
    }


SUPERVISOR_ONLY = ("add staff", "disable staff", "reset PIN", "add badges", "retire badge",
                   "deny list add", "purge", "reveal NIK")


def test_the_visitor_side_reaches_no_operator_function(
        sqlite_db: Database, settings: Settings, lite_team: Team, refusals: Refusals) -> None:
    """The kiosk screen acts as ``KIOSK`` until someone signs in: every staff function
    refuses it; an operator is refused the supervisor's ones. Nothing changes."""
    visit = factories.submitted(sqlite_db, settings)
    functions = _operator_functions(sqlite_db, settings, visit.id, visit.version)
    events = _audit_count(sqlite_db)

    for name, call in functions.items():
        error = refusals.check(PermissionDenied, lambda c=call: c(KIOSK))
        assert "tidak berwenang" in error.text("id"), name
    for name in SUPERVISOR_ONLY:
        refusals.check(PermissionDenied,
                       lambda n=name: functions[n](lite_team.operator))

    assert refusals.count == len(functions) + len(SUPERVISOR_ONLY)
    assert _audit_count(sqlite_db) == events
    assert get_visit(sqlite_db, visit.id).summary.state is VisitState.SUBMITTED


def test_a_broken_audit_chain_is_reported_at_start(sqlite_db: Database, settings: Settings,
                                                   lite_team: Team, refusals: Refusals) -> None:
    factories.checked_out(sqlite_db, settings, lite_team)
    report = integrity.startup_check(sqlite_db, settings)
    assert report.ok and report.text() == ""
    with sqlite_db.session() as session:
        session.execute(update(AuditEvent).where(AuditEvent.action == "approved")
                        .values(actor="sari"))

    broken = integrity.startup_check(sqlite_db, settings)

    assert not broken.ok and broken.chain.broken_seq is not None
    assert "kepala seksi" in broken.text("id") and "diubah" in broken.text("id")
    refusals.figures("refusals checked")
