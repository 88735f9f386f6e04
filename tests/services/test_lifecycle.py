"""Every step of the visit lifecycle, its refusals and its required data, on both backends."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, Badge, IdCardHeld, Visit
from kiosk.domain.types import BadgeState, DeviceExit, IdType, VisitState
from kiosk.domain.validation import DeviceInput
from kiosk.errors import (
    AlreadyHandled,
    DomainError,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from kiosk.services import audit, checkout, denylist, visits
from kiosk.services.actors import KIOSK
from kiosk.services.queries import get_visit, inside_now, pending
from tests.support import factories
from tests.support.factories import Team

S = VisitState


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _approval(db: Database, team: Team, visit_id: int, **overrides: object) -> visits.Approval:
    detail = get_visit(db, visit_id)
    approval = visits.Approval(
        escort_id=team.second_operator.staff_id or 0, badge_number=1,
        id_card_type=detail.summary.id_type.value, id_card_number=detail.id_number)
    return dataclasses.replace(approval, **overrides)  # type: ignore[arg-type]


# Submission ---------------------------------------------------------------------------

def test_submit_stores_every_field(db: Database, settings: Settings) -> None:
    form = factories.make_form(
        full_name="  Ṣafiyyah   Nguyễn ", reference_letter="800/12/DKI/2026",
        devices=(DeviceInput("Laptop", "Dell Latitude 5440", "DL-0042"),
                 DeviceInput("Hard disk", "WD Elements", "WX12345")))
    summary = visits.submit_visit(db, settings, form)
    detail = get_visit(db, summary.id)
    assert summary.state is S.SUBMITTED
    assert summary.number == f"{summary.id:04d}"
    assert detail.summary.full_name == "Ṣafiyyah Nguyễn"
    assert detail.id_number == "6171014506900001"
    assert detail.summary.masked_id == "6171********0001"
    assert detail.summary.organisation == form.organisation
    assert detail.phone == "0812 3456 7890"
    assert detail.summary.purpose_key == "repair"
    assert detail.summary.pic == form.pic
    assert detail.summary.planned_minutes == 60
    assert detail.reference_letter == "800/12/DKI/2026"
    assert [(d.kind, d.serial) for d in detail.devices] == [("Laptop", "DL-0042"),
                                                            ("Hard disk", "WX12345")]
    assert detail.signature_png == form.signature_png
    assert detail.consent_at == detail.summary.submitted_at
    assert [v.id for v in pending(db)] == [summary.id]


def test_repeated_submission_makes_one_visit(db: Database, settings: Settings) -> None:
    form = factories.make_form()
    first = visits.submit_visit(db, settings, form)
    second = visits.submit_visit(db, settings, form)
    assert first.id == second.id
    assert _count(db, Visit) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "6171014506900000"}, "nik"),
        ({"id_type": "badge"}, "id_type"),
        ({"full_name": "   "}, "full_name"),
        ({"full_name": "R2-D2"}, "full_name"),
        ({"organisation": "!!!"}, "organisation"),
        ({"phone": "12"}, "phone"),
        ({"purpose_key": "picnic"}, "purpose_key"),
        ({"purpose_key": "other", "purpose_text": ""}, "purpose_text"),
        ({"pic": ""}, "pic"),
        ({"planned_minutes": "99999"}, "planned_minutes"),
        ({"planned_minutes": "soon"}, "planned_minutes"),
        ({"consent": False}, "consent"),
        ({"signature_png": None}, "signature"),
        ({"devices": (DeviceInput("Laptop", "X", ""),)}, "serial"),
        ({"devices": (DeviceInput("Laptop", "X", "A1"), DeviceInput("HDD", "Y", "a1"))},
         "serial"),
    ],
)
def test_bad_form_is_refused_and_nothing_stored(db: Database, settings: Settings,
                                                overrides: dict[str, object],
                                                field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        visits.submit_visit(db, settings, factories.make_form(**overrides))
    assert caught.value.field == field
    assert caught.value.text("id")
    assert _count(db, Visit) == 0
    assert _count(db, AuditEvent) == 0


def test_passport_visitor_needs_no_nik(db: Database, settings: Settings) -> None:
    summary = factories.submitted(db, settings, id_type="passport", id_number="x1234567")
    assert summary.id_type is IdType.PASSPORT
    assert get_visit(db, summary.id).id_number == "X1234567"
    assert summary.masked_id == "****4567"


# Decision -----------------------------------------------------------------------------

def test_approve_hands_out_badge_and_keeps_id_card(db: Database, settings: Settings,
                                                   team: Team) -> None:
    visit = factories.submitted(db, settings)
    approved = visits.approve(db, team.operator, visit.id, visit.version,
                              _approval(db, team, visit.id, badge_number=3))
    assert approved.state is S.APPROVED
    assert approved.badge_number == 3
    assert approved.escort_name == "Rina Marlina"
    detail = get_visit(db, visit.id)
    assert detail.decided_by == "Budi Santoso"
    assert detail.id_cards[0].id_number == "6171014506900001"
    with db.session() as session:
        badge = session.execute(select(Badge).where(Badge.number == 3)).scalar_one()
        assert badge.state is BadgeState.OUT
        assert badge.holder_visit_id == visit.id
    assert [v.id for v in inside_now(db)] == [visit.id]


def test_second_operator_is_told_who_handled_it(db: Database, settings: Settings,
                                                team: Team) -> None:
    visit = factories.submitted(db, settings)
    visits.approve(db, team.operator, visit.id, visit.version, _approval(db, team, visit.id))
    with pytest.raises(AlreadyHandled) as caught:
        visits.approve(db, team.second_operator, visit.id, visit.version,
                       _approval(db, team, visit.id, badge_number=2))
    assert "handled by Budi Santoso" in caught.value.text("en")
    with pytest.raises(AlreadyHandled):
        visits.refuse(db, team.second_operator, visit.id, None, "Terlambat")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(IdCardHeld)) == 1


def test_refusal_needs_a_reason(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.submitted(db, settings)
    with pytest.raises(ValidationError):
        visits.refuse(db, team.operator, visit.id, visit.version, "  ")
    refused = visits.refuse(db, team.operator, visit.id, visit.version,
                            "Surat tugas tidak dibawa")
    assert refused.state is S.REFUSED
    assert get_visit(db, visit.id).refusal_reason == "Surat tugas tidak dibawa"
    with pytest.raises(AlreadyHandled):
        visits.approve(db, team.operator, visit.id, None, _approval(db, team, visit.id))


def test_kiosk_cannot_approve(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.submitted(db, settings)
    with pytest.raises(PermissionDenied):
        visits.approve(db, KIOSK, visit.id, visit.version, _approval(db, team, visit.id))


def test_approval_requirements(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.submitted(db, settings)
    with pytest.raises(NotFound):
        visits.approve(db, team.operator, visit.id, visit.version,
                       _approval(db, team, visit.id, escort_id=999))
    with pytest.raises(NotFound):
        visits.approve(db, team.operator, visit.id, visit.version,
                       _approval(db, team, visit.id, badge_number=99))
    with pytest.raises(ValidationError) as caught:
        visits.approve(db, team.operator, visit.id, visit.version,
                       _approval(db, team, visit.id, id_card_type="sim",
                                 id_card_number="SIM-123"))
    assert caught.value.field == "id_card_note"
    explained = visits.approve(db, team.operator, visit.id, visit.version, _approval(
        db, team, visit.id, id_card_type="sim", id_card_number="SIM-123",
        id_card_note="KTP tertinggal, SIM ditahan"))
    assert explained.state is S.APPROVED
    other = factories.submitted(db, settings, id_number="6171010506900001")
    with pytest.raises(DomainError) as taken:
        visits.approve(db, team.operator, other.id, other.version, _approval(db, team, other.id))
    assert "not available" in taken.value.text("en")
    assert get_visit(db, other.id).summary.state is S.SUBMITTED


def test_deny_list_blocks_until_a_supervisor_overrides(db: Database, settings: Settings,
                                                       team: Team) -> None:
    denylist.add_entry(db, team.supervisor, IdType.KTP, "6171014506900001", "Dewi Lestari",
                       "Merusak perangkat pada kunjungan sebelumnya")
    visit = factories.submitted(db, settings)
    with pytest.raises(DomainError) as blocked:
        visits.approve(db, team.operator, visit.id, visit.version, _approval(db, team, visit.id))
    assert "deny list" in blocked.value.text("en")
    with pytest.raises(PermissionDenied):
        visits.approve(db, team.operator, visit.id, visit.version, _approval(
            db, team, visit.id, deny_override_reason="Didampingi kepala seksi"))
    approved = visits.approve(db, team.supervisor, visit.id, visit.version, _approval(
        db, team, visit.id, deny_override_reason="Didampingi kepala seksi"))
    assert approved.state is S.APPROVED
    assert get_visit(db, visit.id).deny_override_reason == "Didampingi kepala seksi"
    with db.session() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
    assert actions[-2:] == ["deny_override", "approved"]


# Inside and check-out -----------------------------------------------------------------

def test_enter_only_after_approval(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.submitted(db, settings)
    with pytest.raises(IllegalTransition):
        visits.mark_entered(db, team.operator, visit.id, visit.version)
    approved = factories.approved(db, settings, team, id_number="6171010506900001")
    inside = visits.mark_entered(db, team.operator, approved.id, approved.version)
    assert inside.state is S.INSIDE
    assert inside.entered_at is not None


def test_check_out_with_a_missing_device(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.inside(db, settings, team, devices=(
        DeviceInput("Laptop", "Lenovo T14", "PF111"), DeviceInput("Switch", "Cisco", "FOC222")))
    laptop, switch = get_visit(db, visit.id).devices
    without_note = checkout.CheckOut(
        devices=(checkout.DeviceCheck(laptop.id, DeviceExit.CARRIED_OUT, "pf111"),
                 checkout.DeviceCheck(switch.id, DeviceExit.MISSING)),
        badge_returned=True, id_card_returned=True)
    with pytest.raises(ValidationError) as caught:
        checkout.check_out(db, settings, team.operator, visit.id, visit.version, without_note)
    assert caught.value.field == "device_note"
    assert get_visit(db, visit.id).summary.state is S.INSIDE
    with_note = dataclasses.replace(without_note, devices=(
        without_note.devices[0],
        checkout.DeviceCheck(switch.id, DeviceExit.MISSING, note="Dipasang di rak B2")),
        extra_devices=(checkout.ExtraDevice(DeviceInput("Kabel", "UTP", "C-9"), "Kabel lama"),))
    done = checkout.check_out(db, settings, team.operator, visit.id, visit.version, with_note)
    assert done.state is S.CHECKED_OUT
    detail = get_visit(db, visit.id)
    states = {d.serial: (d.exit_state, d.carried_in) for d in detail.devices}
    assert states == {"PF111": (DeviceExit.CARRIED_OUT, True),
                      "FOC222": (DeviceExit.MISSING, True),
                      "C-9": (DeviceExit.CARRIED_OUT, False)}
    assert detail.checked_out_by == "Budi Santoso"
    assert all(card.returned_at is not None for card in detail.id_cards)
    assert all(loan.returned_at is not None for loan in detail.badge_loans)
    with db.session() as session:
        badge = session.execute(
            select(Badge).where(Badge.number == detail.badge_loans[0].badge_number)
        ).scalar_one()
        assert badge.state is BadgeState.AVAILABLE and badge.holder_visit_id is None


def test_serial_mismatch_is_flagged(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.inside(db, settings, team)
    device = get_visit(db, visit.id).devices[0]
    data = checkout.CheckOut((checkout.DeviceCheck(device.id, DeviceExit.CARRIED_OUT,
                                                   "OTHER-1"),), True, True)
    with pytest.raises(ValidationError):
        checkout.check_out(db, settings, team.operator, visit.id, visit.version, data)
    noted = dataclasses.replace(data, devices=(checkout.DeviceCheck(
        device.id, DeviceExit.CARRIED_OUT, "OTHER-1", "Laptop pengganti dari kantor"),))
    checkout.check_out(db, settings, team.operator, visit.id, visit.version, noted)
    assert get_visit(db, visit.id).devices[0].exit_state is DeviceExit.MISMATCH


def test_check_out_requires_custody_back(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.inside(db, settings, team, devices=())
    with pytest.raises(ValidationError) as card:
        checkout.check_out(db, settings, team.operator, visit.id, visit.version,
                           checkout.CheckOut((), True, False))
    assert card.value.field == "id_card_returned"
    with pytest.raises(ValidationError) as badge:
        checkout.check_out(db, settings, team.operator, visit.id, visit.version,
                           checkout.CheckOut((), False, True))
    assert badge.value.field == "badge_returned"
    lost = checkout.check_out(db, settings, team.operator, visit.id, visit.version,
                              checkout.CheckOut((), False, True,
                                                badge_lost_reason="Kartu hilang di lift"))
    assert lost.state is S.CHECKED_OUT
    with db.session() as session:
        badge_row = session.execute(select(Badge).where(Badge.number == lost.badge_number)
                                    ).scalar_one()
        assert badge_row.state is BadgeState.RETIRED


def test_every_device_must_be_checked(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.inside(db, settings, team)
    with pytest.raises(ValidationError) as caught:
        checkout.check_out(db, settings, team.operator, visit.id, visit.version,
                           checkout.CheckOut((), True, True))
    assert caught.value.field == "devices"


def test_maintenance_needs_its_checklist(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.inside(db, settings, team, purpose_key="server_maintenance", devices=())
    with pytest.raises(ValidationError) as caught:
        checkout.check_out(db, settings, team.operator, visit.id, visit.version,
                           checkout.CheckOut((), True, True))
    assert caught.value.field == "checklist"
    done = checkout.check_out(db, settings, team.operator, visit.id, visit.version,
                              checkout.CheckOut((), True, True,
                                                checklist={"fans": "bersih"},
                                                problem_found=True))
    detail = get_visit(db, done.id)
    assert detail.checklist == {"fans": "bersih"}
    assert detail.problem_found


def test_archive_only_after_check_out(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.inside(db, settings, team)
    with pytest.raises(IllegalTransition):
        checkout.archive(db, team.operator, visit.id, "a" * 64, "/archive/x.pdf")
    done = factories.checked_out(db, settings, team, id_number="6171010506900001")
    archived = checkout.archive(db, team.operator, done.id, "b" * 64, "/archive/y.pdf")
    assert archived.state is S.ARCHIVED
    assert get_visit(db, done.id).archive_sha256 == "b" * 64


def test_cancel_after_approval_returns_the_badge(db: Database, settings: Settings,
                                                 team: Team) -> None:
    visit = factories.approved(db, settings, team)
    closed = visits.close_unvisited(db, team.operator, visit.id, visit.version,
                                    S.NO_SHOW, "Tamu tidak datang ke meja")
    assert closed.state is S.NO_SHOW
    with db.session() as session:
        badge = session.execute(select(Badge).where(Badge.number == visit.badge_number)
                                ).scalar_one()
        assert badge.state is BadgeState.AVAILABLE
    assert get_visit(db, visit.id).id_cards[0].returned_at is not None
    with pytest.raises(IllegalTransition):
        visits.mark_entered(db, team.operator, visit.id, None)


def test_escort_change_is_recorded(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.inside(db, settings, team)
    changed = visits.change_escort(db, team.operator, visit.id, visit.version,
                                   team.operator.staff_id or 0)
    assert changed.escort_name == "Budi Santoso"
    with db.session() as session:
        last = session.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
                               ).scalar_one()
    assert last.action == "escort_changed"
    assert str(team.second_operator.staff_id) in last.detail


def test_stale_version_is_refused(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.inside(db, settings, team)
    visits.change_escort(db, team.operator, visit.id, visit.version,
                         team.operator.staff_id or 0)
    with pytest.raises(AlreadyHandled):
        visits.change_escort(db, team.second_operator, visit.id, visit.version,
                             team.second_operator.staff_id or 0)


def test_chain_holds_after_a_full_day(db: Database, settings: Settings, team: Team) -> None:
    for n in range(3):
        factories.checked_out(db, settings, team, id_number=f"617101050690000{n + 1}")
    report = audit.verify(db)
    assert report.ok, report.text("en")
    with db.session() as session:
        actors = set(session.scalars(select(AuditEvent.actor)))
    assert {"kiosk", "budi"} <= actors
