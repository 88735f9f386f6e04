"""Contractor passes: issued and revoked by supervisors, scanned at the kiosk within their
days and purposes, checked against the card at approval, and never stronger than the deny
list. Every test runs on SQLite and on PostgreSQL."""

import datetime as dt
import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.domain.clock import at_site, today, travel_to, utcnow
from kiosk.domain.tokens import TokenError, TokenKind, issue_token
from kiosk.domain.types import DeviceExit, IdType, VisitState
from kiosk.errors import DomainError, PermissionDenied, ValidationError
from kiosk.formats import short_date
from kiosk.services import badges, checkout, denylist, passes, visits
from kiosk.services.passes import PassInput
from kiosk.services.queries import get_visit
from kiosk.services.review import review_visit
from tests.support import factories
from tests.support.factories import Team

SECRET = b"p" * 32
NIK = "6171011203850002"


def _input(**overrides: object) -> PassInput:
    base = PassInput(full_name="Rudi Hartono", id_number=NIK,
                     organisation="PT Jaringan Nusantara", purposes="repair,installation",
                     days=90, pic="Seksi Jaringan")
    return replace(base, **overrides)  # type: ignore[arg-type]


def _events(db: Database, action: str) -> list[dict[str, object]]:
    with db.session() as session:
        rows = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == action)
                               .order_by(AuditEvent.seq))
        return [json.loads(d) for d in rows]


def _submit(db: Database, settings: Settings, record: passes.PassRecord,
            **overrides: object) -> visits.VisitSummary:
    fields: dict[str, object] = {
        "pass_id": record.id, "id_type": record.id_type.value, "id_number": record.id_number,
        "full_name": record.full_name, "organisation": record.organisation,
        "purpose_key": "repair", **overrides}
    return factories.submitted(db, settings, **fields)


def _approval(db: Database, team: Team, card_number: str = NIK,
              **overrides: object) -> visits.Approval:
    approval = visits.Approval(escort_id=team.second_operator.staff_id or 0,
                               badge_number=badges.available_numbers(db)[0],
                               id_card_type="ktp", id_card_number=card_number)
    return replace(approval, **overrides)  # type: ignore[arg-type]


def test_a_supervisor_issues_a_pass_for_days_and_purposes(db: Database, settings: Settings,
                                                         team: Team) -> None:
    record = passes.issue_pass(db, settings, team.supervisor,
                               _input(purposes="Repair, installation, repair"))
    assert record.purposes == ("repair", "installation")  # labels and keys, once each
    assert (record.valid_from, record.valid_until) == (today(),
                                                       today() + dt.timedelta(days=89))
    assert record.number == f"P{record.id:04d}"
    assert passes.list_passes(db) == [record]
    assert _events(db, "pass_issued") == [{"pass_id": record.id, "days": 90,
                                           "purposes": ["repair", "installation"]}]
    with pytest.raises(PermissionDenied):
        passes.issue_pass(db, settings, team.operator, _input())
    for field, bad in (("purposes", "dancing"), ("days", "0"), ("days", "400"),
                       ("purposes", " , "), ("id_number", "12")):
        with pytest.raises(ValidationError):
            passes.issue_pass(db, settings, team.supervisor, _input(**{field: bad}))


def test_the_pass_qr_fills_the_form_within_its_days_only(db: Database, settings: Settings,
                                                         team: Team) -> None:
    start = today() + dt.timedelta(days=2)
    record = passes.issue_pass(db, settings, team.supervisor,
                               _input(valid_from=start, days=3))
    payload = passes.pass_token(SECRET, record)
    early = at_site(today(), dt.time(9))
    with pytest.raises(DomainError) as refused:
        passes.pass_from_payload(db, SECRET, payload, now=early)
    assert refused.value.message == passes.NOT_YET
    assert short_date(start) in refused.value.text("en")
    inside = at_site(start + dt.timedelta(days=2), dt.time(23, 59))
    assert passes.pass_from_payload(db, SECRET, payload, now=inside).id == record.id
    late = inside + dt.timedelta(minutes=2)
    with pytest.raises(DomainError) as expired:
        passes.pass_from_payload(db, SECRET, payload, now=late)
    assert expired.value.message == passes.EXPIRED
    assert short_date(record.valid_until) in expired.value.text("id")


def test_a_revoked_pass_is_refused_with_a_clear_message(db: Database, settings: Settings,
                                                       team: Team) -> None:
    record = passes.issue_pass(db, settings, team.supervisor, _input())
    payload = passes.pass_token(SECRET, record)
    with pytest.raises(PermissionDenied):
        passes.revoke_pass(db, team.operator, record.id, "Kontrak selesai")
    with pytest.raises(ValidationError):
        passes.revoke_pass(db, team.supervisor, record.id, " ")
    revoked = passes.revoke_pass(db, team.supervisor, record.id, "Kontrak selesai")
    assert revoked.revoked_reason == "Kontrak selesai"
    assert revoked.state(utcnow()) is passes.PassState.REVOKED
    with pytest.raises(DomainError) as refused:
        passes.pass_from_payload(db, SECRET, payload)
    assert refused.value.message == passes.REVOKED
    assert "dicabut" in refused.value.text("id")


def test_codes_that_are_not_this_pass_are_refused(db: Database, settings: Settings,
                                                  team: Team) -> None:
    record = passes.issue_pass(db, settings, team.supervisor, _input())
    later = utcnow() + dt.timedelta(days=1)
    invitation_code = issue_token(SECRET, TokenKind.INVITATION, record.id, later)
    with pytest.raises(TokenError) as wrong_kind:
        passes.pass_from_payload(db, SECRET, invitation_code)
    assert wrong_kind.value.message == passes.NOT_A_PASS
    reissued = issue_token(SECRET, TokenKind.PASS, record.id, later)  # another nonce
    with pytest.raises(TokenError):
        passes.pass_from_payload(db, SECRET, reissued)


def test_a_visit_on_a_pass_is_checked_against_the_pass(db: Database, settings: Settings,
                                                       team: Team) -> None:
    record = passes.issue_pass(db, settings, team.supervisor, _input())
    with pytest.raises(ValidationError) as purpose:
        _submit(db, settings, record, purpose_key="delivery")
    assert purpose.value.message == passes.PURPOSE_NOT_COVERED
    with pytest.raises(ValidationError) as holder:
        _submit(db, settings, record, id_number="6171014506900001")
    assert holder.value.message == passes.NOT_THE_HOLDER
    visit = _submit(db, settings, record, purpose_key="installation")
    detail = get_visit(db, visit.id)
    assert detail.pass_id == record.id
    assert detail.window == record.window
    with pytest.raises(DomainError) as busy:
        _submit(db, settings, record)
    assert busy.value.message == passes.IN_USE
    assert review_visit(db, visit.id).holder == record


def test_at_approval_the_card_must_be_the_holders(db: Database, settings: Settings,
                                                  team: Team) -> None:
    record = passes.issue_pass(db, settings, team.supervisor, _input())
    visit = _submit(db, settings, record)
    other = "6171014506900001"
    with pytest.raises(ValidationError) as wrong_card:
        visits.approve(db, team.operator, visit.id, visit.version,
                       _approval(db, team, other, id_card_note="Kartu adiknya"))
    assert wrong_card.value.message == passes.CARD_NOT_THE_HOLDER
    approved = visits.approve(db, team.operator, visit.id, visit.version,
                              _approval(db, team, enter_now=True))
    assert approved.state is VisitState.INSIDE
    # The next week's visit is a full visit of its own once this one is over.
    devices = get_visit(db, approved.id).devices
    checkout.check_out(db, settings, team.operator, approved.id, approved.version,
                       checkout.CheckOut(tuple(checkout.DeviceCheck(d.id, DeviceExit.CARRIED_OUT)
                                               for d in devices), True, True))
    assert _submit(db, settings, record).id != visit.id


def test_a_pass_revoked_after_submission_is_refused_at_approval(
        db: Database, settings: Settings, team: Team) -> None:
    record = passes.issue_pass(db, settings, team.supervisor, _input())
    visit = _submit(db, settings, record)
    passes.revoke_pass(db, team.supervisor, record.id, "Pegawai vendor berganti")
    with pytest.raises(DomainError) as refused:
        visits.approve(db, team.operator, visit.id, visit.version, _approval(db, team))
    assert refused.value.message == passes.REVOKED
    assert get_visit(db, visit.id).summary.state is VisitState.SUBMITTED


def test_the_deny_list_beats_a_pass(db: Database, settings: Settings, team: Team) -> None:
    """A denied person's pass is refused at approval exactly like any visitor's form."""
    record = passes.issue_pass(db, settings, team.supervisor, _input())
    denylist.add_entry(db, team.supervisor, IdType.KTP, NIK, "Rudi Hartono",
                       "Merusak perangkat")
    visit = _submit(db, settings, record)
    with pytest.raises(DomainError) as refused:
        visits.approve(db, team.operator, visit.id, visit.version, _approval(db, team))
    assert "deny list" in refused.value.text("en")
    assert "Merusak perangkat" in refused.value.text("en")
    with pytest.raises(PermissionDenied):
        visits.approve(db, team.operator, visit.id, visit.version,
                       _approval(db, team, deny_override_reason="Sudah diizinkan"))
    assert get_visit(db, visit.id).summary.state is VisitState.SUBMITTED
    refused_visit = visits.refuse(db, team.operator, visit.id, visit.version,
                                  "Ada di daftar tolak")
    assert refused_visit.state is VisitState.REFUSED


def test_the_pass_window_is_checked_when_the_visitor_goes_in(
        db: Database, settings: Settings, team: Team) -> None:
    """Approved on the pass's last day, marked entered after midnight: refused, unless a
    supervisor gives a reason."""
    record = passes.issue_pass(db, settings, team.supervisor, _input(days=1))
    visit = _submit(db, settings, record)
    approved = visits.approve(db, team.operator, visit.id, visit.version, _approval(db, team))
    after = record.window.end + dt.timedelta(minutes=5)
    with travel_to(after):
        with pytest.raises(DomainError) as late:
            visits.mark_entered(db, team.operator, approved.id, approved.version)
        assert "A supervisor" in late.value.text("en")
        inside = visits.mark_entered(db, team.supervisor, approved.id, approved.version,
                                     window_override_reason="Pekerjaan darurat")
    assert inside.state is VisitState.INSIDE
    assert _events(db, "window_override") == [{"early": False, "pass_id": record.id}]
    assert get_visit(db, visit.id).window_override_reason == "Pekerjaan darurat"
