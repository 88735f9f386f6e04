"""Work orders and access windows: on an invitation or given at approval, carried to the
visit, enforced when the visitor goes in, and overridden only by a supervisor with a
reason that is audited. Every test runs on SQLite and on PostgreSQL."""

import datetime as dt
import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.domain.clock import at_site, today, travel_to
from kiosk.domain.types import VisitState
from kiosk.domain.windows import TOO_EARLY, TOO_LATE, AccessWindow, OutsideWindow
from kiosk.errors import DomainError, PermissionDenied, ValidationError
from kiosk.formats import short_datetime_text
from kiosk.services import badges, invitations, visits
from kiosk.services.invitations import InvitationInput
from kiosk.services.queries import get_visit
from tests.support import factories
from tests.support.factories import Team

SECRET = b"w" * 32


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return at_site(day, dt.time(hour, minute))


def _input(**overrides: object) -> InvitationInput:
    base = InvitationInput(
        full_name="Rudi Hartono", id_number="6171011203850002",
        organisation="PT Jaringan Nusantara", purpose_key="installation",
        pic="Seksi Jaringan", valid_on="", work_order="WO-2026/0143",
        window_start=f"{today() + dt.timedelta(days=1):%d/%m/%Y} 08:00",
        window_end=f"{today() + dt.timedelta(days=3):%d/%m/%Y} 17:00")
    return replace(base, **overrides)  # type: ignore[arg-type]


def _approval(db: Database, team: Team, **overrides: object) -> visits.Approval:
    approval = visits.Approval(escort_id=team.second_operator.staff_id or 0,
                               badge_number=badges.available_numbers(db)[0],
                               id_card_type="ktp", id_card_number="6171014506900001")
    return replace(approval, **overrides)  # type: ignore[arg-type]


def _overrides(db: Database) -> list[tuple[str, dict[str, object]]]:
    with db.session() as session:
        rows = session.execute(select(AuditEvent.actor, AuditEvent.detail)
                               .where(AuditEvent.action == "window_override"))
        return [(actor, json.loads(detail)) for actor, detail in rows]


def test_an_invitation_with_a_window_scans_inside_it_only(db: Database, settings: Settings,
                                                          team: Team) -> None:
    record = invitations.create_invitation(db, settings, team.operator, _input())
    first = today() + dt.timedelta(days=1)
    assert record.window == AccessWindow(_at(first, 8).astimezone(dt.UTC),
                                         _at(first + dt.timedelta(days=2), 17)
                                         .astimezone(dt.UTC))
    assert (record.valid_on, record.work_order) == (first, "WO-2026/0143")
    payload = invitations.invitation_token(SECRET, record)
    with pytest.raises(DomainError) as early:
        invitations.invitation_from_payload(db, SECRET, payload, now=_at(first, 7, 30))
    assert early.value.message == invitations.TOO_EARLY
    assert short_datetime_text(_at(first, 8)) in early.value.text("en")
    # Any day of the window, not only the first.
    later_day = _at(first + dt.timedelta(days=2), 16, 59)
    assert invitations.invitation_from_payload(db, SECRET, payload, now=later_day).id == \
        record.id
    with pytest.raises(DomainError) as late:
        invitations.invitation_from_payload(db, SECRET, payload,
                                            now=_at(first + dt.timedelta(days=2), 17, 1))
    assert late.value.message == invitations.TOO_LATE
    assert short_datetime_text(_at(first + dt.timedelta(days=2), 17)) \
        in late.value.text("en")
    # Listed while its window is open, though its first day has passed.
    with travel_to(later_day):
        assert [r.id for r in invitations.list_invitations(db)] == [record.id]


def test_a_window_is_checked_as_typed(db: Database, settings: Settings, team: Team) -> None:
    day = f"{today() + dt.timedelta(days=1):%d/%m/%Y}"
    for overrides, field in (
            ({"window_end": ""}, "window_end"),
            ({"window_start": ""}, "window_start"),
            ({"window_end": f"{day} 07:00"}, "window_end"),  # before the start
            ({"window_start": "besok pagi"}, "window_start"),
            ({"window_start": "01/01/2020 08:00", "window_end": "02/01/2020 08:00"},
             "window_end"),  # over already
            ({"work_order": "=HYPERLINK(\"x\")"}, "work_order")):
        with pytest.raises(ValidationError) as refused:
            invitations.create_invitation(db, settings, team.operator, _input(**overrides))
        assert refused.value.field == field, overrides
    plain = invitations.create_invitation(
        db, settings, team.operator, _input(window_start="", window_end="", work_order="",
                                            valid_on=today()))
    assert plain.window is None and plain.work_order == ""


def test_the_csv_carries_work_orders_and_windows(db: Database, settings: Settings,
                                                 team: Team) -> None:
    day = today() + dt.timedelta(days=1)
    text = ("nama;nik;instansi;keperluan;pic;surat_tugas;berlaku_dari;berlaku_sampai\n"
            f"Rudi Hartono;6171011203850002;PT Jaringan;installation;Seksi Jaringan;"
            f"WO-77;{day:%d/%m/%Y} 08:00;{day:%d/%m/%Y} 12:00\n")
    report = invitations.import_csv(db, settings, team.operator, text)
    assert report.ok, [e.text("en") for e in report.errors]
    created = report.created[0]
    assert created.work_order == "WO-77"
    assert created.window is not None and created.window.text() == (
        f"{short_datetime_text(_at(day, 8))} – {short_datetime_text(_at(day, 12))}")
    with pytest.raises(ValidationError):  # neither a date nor a window
        invitations.import_csv(db, settings, team.operator,
                               "nama;nik;instansi;keperluan;pic\nA;1;B;repair;C\n")


def test_the_visit_keeps_the_invitations_work_order_and_window(
        db: Database, settings: Settings, team: Team) -> None:
    """The visitor's own letter number stays theirs; the work order is the staff's."""
    record = invitations.create_invitation(db, settings, team.operator, _input())
    first = today() + dt.timedelta(days=1)
    with travel_to(_at(first, 9)):
        visit = factories.submitted(db, settings, invitation_id=record.id,
                                    reference_letter="005/PTJN/2026")
        detail = get_visit(db, visit.id)
        assert (detail.work_order, detail.reference_letter) == ("WO-2026/0143",
                                                                "005/PTJN/2026")
        assert detail.window == record.window
        inside = visits.approve(db, team.operator, visit.id, visit.version,
                                _approval(db, team, enter_now=True))
    assert inside.state is VisitState.INSIDE
    assert _overrides(db) == []


def test_entry_outside_the_window_needs_a_supervisors_reason(
        db: Database, settings: Settings, team: Team) -> None:
    visit = factories.submitted(db, settings)
    start = _at(today(), 13)
    window = AccessWindow(start.astimezone(dt.UTC), (start + dt.timedelta(hours=4))
                          .astimezone(dt.UTC))
    with travel_to(_at(today(), 12)):
        with pytest.raises(OutsideWindow) as early:
            visits.approve(db, team.operator, visit.id, visit.version, _approval(
                db, team, enter_now=True, work_order="WO-9", window=window))
        assert early.value.message == TOO_EARLY and early.value.early
        assert get_visit(db, visit.id).summary.state is VisitState.SUBMITTED
        approved = visits.approve(db, team.operator, visit.id, visit.version,
                                  _approval(db, team, work_order="WO-9", window=window))
        with pytest.raises(OutsideWindow):
            visits.mark_entered(db, team.operator, approved.id, approved.version)
        with pytest.raises(PermissionDenied):  # an operator's reason is not enough
            visits.mark_entered(db, team.operator, approved.id, approved.version,
                                window_override_reason="Sudah ditunggu")
        with pytest.raises(OutsideWindow):  # an invisible reason is no reason
            visits.mark_entered(db, team.supervisor, approved.id, approved.version,
                                window_override_reason="\u200b")
        inside = visits.mark_entered(db, team.supervisor, approved.id, approved.version,
                                     window_override_reason="Teknisi datang lebih awal")
    assert inside.state is VisitState.INSIDE
    detail = get_visit(db, visit.id)
    assert (detail.work_order, detail.window) == ("WO-9", window)
    assert detail.window_override_reason == "Teknisi datang lebih awal"
    assert _overrides(db) == [("sari", {"early": True, "pass_id": None})]


def test_entry_after_the_window_is_refused_too(db: Database, settings: Settings,
                                               team: Team) -> None:
    visit = factories.submitted(db, settings)
    window = AccessWindow.typed(f"{today():%d/%m/%Y} 08:00", f"{today():%d/%m/%Y} 10:00")
    with travel_to(_at(today(), 9)):
        approved = visits.approve(db, team.operator, visit.id, visit.version,
                                  _approval(db, team, window=window))
    with travel_to(_at(today(), 10, 30)), pytest.raises(OutsideWindow) as late:
        visits.mark_entered(db, team.operator, approved.id, approved.version)
    assert late.value.message == TOO_LATE and not late.value.early
    assert "10.00" in late.value.text("en") and "10.30" in late.value.text("en")
