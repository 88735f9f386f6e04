"""The retention purge (UU PDP): old personal data go, anonymous counts and the chain stay."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, DailyCount, DenyEntry, Invitation, Visit, Visitor
from kiosk.domain.clock import today, travel_to
from kiosk.domain.types import IdType, VisitState
from kiosk.errors import DomainError, PermissionDenied
from kiosk.services import audit, checkout, denylist, privacy, retention, rollcall, visits
from kiosk.services.archive import archive_visit
from kiosk.services.queries import get_visit, visits_on
from tests.support.factories import (
    PHOTO,
    WIB,
    Team,
    approved,
    checked_out,
    inside,
    make_team,
    submitted,
)

OLD_NIK = "6171014506900001"
RECENT_NIK = "6171020101850002"
PERSONAL = ("Dewi Lestari", OLD_NIK, "0812 3456 7890")


def _at(days_ago: int, hour: int = 10) -> dt.datetime:
    day = today() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour), WIB)


def _old_visits(db: Database, settings: Settings, team: Team, days_ago: int) -> dict[str, int]:
    """One visit in each closing state on a day ``days_ago`` days back, all one person."""
    made: dict[str, int] = {}
    with travel_to(_at(days_ago)):
        done = checked_out(db, settings, team, id_number=OLD_NIK, purpose_key="repair",
                           photo_jpeg=PHOTO)
        made["checked_out"] = done.id
        pdf = settings.archive_dir / f"visit-{done.id:04d}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.write_bytes(b"%PDF-1.7 Dewi Lestari")
        checkout.archive(db, team.operator, done.id, "a" * 64, str(pdf))
        made["archived"] = done.id
        refused = submitted(db, settings, id_number=OLD_NIK, purpose_key="repair")
        visits.refuse(db, team.operator, refused.id, refused.version,
                      "Dewi Lestari tidak membawa surat tugas")
        made["refused"] = refused.id
        cancelled = approved(db, settings, team, id_number=OLD_NIK, purpose_key="delivery")
        visits.close_unvisited(db, team.operator, cancelled.id, cancelled.version,
                               VisitState.CANCELLED, "Batal datang")
        made["cancelled"] = cancelled.id
        made["inside"] = inside(db, settings, team, id_number="6171030202800003",
                                full_name="Masih Di Dalam", purpose_key="repair").id
    return made


def _visit_row(db: Database, visit_id: int) -> tuple[Visit, Visitor]:
    with db.session() as session:
        visit = session.get(Visit, visit_id)
        assert visit is not None
        person = visit.visitor
        session.expunge_all()
        return visit, person


def test_purge_erases_old_personal_data_and_keeps_counts(db: Database, settings: Settings,
                                                          team: Team) -> None:
    made = _old_visits(db, settings, team, days_ago=400)
    recent = checked_out(db, settings, team, id_number=RECENT_NIK, full_name="Budi Recent")
    old_day = _at(400).date()
    assert len(visits_on(db, old_day)) == 4  # checked_out/archived, refused, cancelled, inside

    report = retention.purge(db, settings)

    assert (report.visits, report.visitors, report.files) == (3, 1, 1)
    assert report.cutoff_day == today() - dt.timedelta(days=365)
    archived, person = _visit_row(db, made["archived"])
    assert archived.purged_at is not None and person.purged_at is not None
    assert (archived.full_name, archived.phone, archived.photo_jpeg, archived.id_number,
            archived.number_key) == ("", "", None, "", "")
    assert person.id_number == retention.purged_id_number(person.id)
    assert archived.signature_png is None
    detail = get_visit(db, made["archived"])
    assert all(card.id_number == "" for card in detail.id_cards)
    assert detail.devices and all(d.serial for d in detail.devices)  # serials are kept
    assert detail.summary.purpose_key == "repair" and detail.summary.purged
    assert not (settings.archive_dir / f"visit-{made['archived']:04d}.pdf").exists()
    refused, _ = _visit_row(db, made["refused"])
    assert refused.refusal_reason == "" and refused.state is VisitState.REFUSED
    cancelled, _ = _visit_row(db, made["cancelled"])
    assert cancelled.closed_reason == ""

    still_inside, holder = _visit_row(db, made["inside"])
    assert still_inside.purged_at is None and still_inside.full_name == "Masih Di Dalam"
    assert holder.purged_at is None
    kept, kept_person = _visit_row(db, recent.id)
    assert kept.purged_at is None and kept.full_name == "Budi Recent"
    assert kept_person.purged_at is None
    assert kept.signature_png

    with db.session() as session:
        counts = {(c.day, c.purpose_key): (c.visits, c.refused)
                  for c in session.scalars(select(DailyCount))}
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert last is not None
        purge_detail = json.loads(last.detail)
    assert counts == {(old_day, "repair"): (2, 1), (old_day, "delivery"): (1, 0)}
    assert last.action == "purge" and last.actor == "system"
    assert purge_detail == {"cutoff": report.cutoff_day.isoformat(), "visits": 3,
                            "visitors": 1, "invitations": 0, "deny_entries": 0, "files": 1}
    assert audit.verify(db).ok


def test_purge_is_idempotent_and_dry_run_changes_nothing(db: Database, settings: Settings,
                                                          team: Team) -> None:
    _old_visits(db, settings, team, days_ago=370)
    before = audit.verify(db).events

    dry = retention.purge(db, settings, dry_run=True)

    assert dry.dry_run and dry.visits == 3 and audit.verify(db).events == before
    with db.session() as session:
        assert session.scalar(select(func.count()).where(Visit.purged_at.is_not(None))) == 0
    first = retention.purge(db, settings)
    second = retention.purge(db, settings)
    assert (first.visits, first.visitors) == (dry.visits, dry.visitors)
    assert not second.anything
    chain = audit.verify(db)
    assert chain.ok and chain.events == before + 1
    with db.session() as session:
        assert session.scalar(select(func.sum(DailyCount.visits))) == 3


def test_retention_days_decides_the_cutoff_day(sqlite_db: Database, settings: Settings,
                                               lite_team: Team) -> None:
    with travel_to(_at(91)):
        ninety_one = submitted(sqlite_db, settings, id_number=OLD_NIK)
    with travel_to(_at(90, hour=23)):
        ninety = submitted(sqlite_db, settings, id_number=RECENT_NIK)
    short = dataclasses.replace(settings, retention_days=90)

    assert not retention.purge(sqlite_db, settings).anything  # default 365 days keeps both
    report = retention.purge(sqlite_db, short)

    assert report.visits == 1
    assert _visit_row(sqlite_db, ninety_one.id)[0].purged_at is not None
    assert _visit_row(sqlite_db, ninety.id)[0].purged_at is None


def test_returning_visitor_keeps_identity_until_the_last_visit_is_old(
        sqlite_db: Database, settings: Settings, lite_team: Team) -> None:
    with travel_to(_at(500)):
        old = checked_out(sqlite_db, settings, lite_team, id_number=OLD_NIK)
    new = checked_out(sqlite_db, settings, lite_team, id_number=OLD_NIK, phone="0813 1111 2222")

    retention.purge(sqlite_db, settings)

    old_visit, person = _visit_row(sqlite_db, old.id)
    assert old_visit.purged_at is not None and old_visit.signature_png is None
    assert person.purged_at is None and person.id_number == OLD_NIK
    assert _visit_row(sqlite_db, new.id)[0].signature_png

    later = today() + dt.timedelta(days=400)
    retention.purge(sqlite_db, settings, now_day=later)
    old_visit, person = _visit_row(sqlite_db, old.id)
    assert old_visit.full_name == "" and person.id_number.startswith("purged-")


def test_a_purged_visitor_can_come_back(sqlite_db: Database, settings: Settings,
                                        lite_team: Team) -> None:
    with travel_to(_at(400)):
        first = checked_out(sqlite_db, settings, lite_team, id_number=OLD_NIK)
    retention.purge(sqlite_db, settings)

    again = submitted(sqlite_db, settings, id_number=OLD_NIK, full_name="Dewi Lestari")

    old_person = _visit_row(sqlite_db, first.id)[1]
    new_person = _visit_row(sqlite_db, again.id)[1]
    assert new_person.id != old_person.id and new_person.id_number == OLD_NIK


def test_ended_invitations_and_deny_entries_are_purged(db: Database, settings: Settings,
                                                       team: Team) -> None:
    old_day = today() - dt.timedelta(days=400)
    with db.session() as session:
        session.add_all([
            Invitation(full_name="Tamu Lama", id_type=IdType.KTP, id_number=OLD_NIK,
                       organisation="Dinas", phone="0812 0000 0000", purpose_key="repair",
                       pic="Seksi", valid_on=old_day, nonce="AAAAAAAA",
                       created_by_id=team.operator.staff_id),
            Invitation(full_name="Tamu Baru", id_type=IdType.KTP, id_number=RECENT_NIK,
                       organisation="Dinas", phone="0812 0000 0001", purpose_key="repair",
                       pic="Seksi", valid_on=today(), nonce="BBBBBBBB",
                       created_by_id=team.operator.staff_id),
        ])
    with travel_to(_at(420)):
        ended = denylist.add_entry(db, team.supervisor, IdType.KTP, OLD_NIK, "Orang Lama",
                                   "Pernah merusak rak")
        denylist.remove_entry(db, team.supervisor, ended.id, "Sudah diselesaikan")
    active = denylist.add_entry(db, team.supervisor, IdType.KTP, RECENT_NIK, "Orang Aktif",
                                "Dilarang masuk")

    report = retention.purge(db, settings)

    assert (report.invitations, report.deny_entries) == (1, 1)
    with db.session() as session:
        names = sorted(i.full_name for i in session.scalars(select(Invitation)))
        keys = sorted(e.number_key for e in session.scalars(select(DenyEntry)))
    assert names == ["", "Tamu Baru"]
    assert keys == ["", RECENT_NIK]  # the matching key goes with the number
    assert [e.id for e in denylist.active_entries(db)] == [active.id]
    assert audit.verify(db).ok


def test_purge_needs_a_supervisor(sqlite_db: Database, settings: Settings,
                                  lite_team: Team) -> None:
    with pytest.raises(PermissionDenied):
        retention.purge(sqlite_db, settings, lite_team.operator)
    assert retention.purge(sqlite_db, settings, lite_team.supervisor).cutoff_day


def test_only_a_supervisor_reveals_a_nik_and_it_is_audited(sqlite_db: Database, settings: Settings,
                                                           lite_team: Team) -> None:
    visit = submitted(sqlite_db, settings, id_number=OLD_NIK)
    assert visit.masked_id == "6171********0001"
    events = audit.verify(sqlite_db).events

    with pytest.raises(PermissionDenied) as refused:
        privacy.reveal_id_number(sqlite_db, lite_team.operator, visit.id)
    assert "tidak berwenang" in refused.value.text("id")
    assert privacy.reveal_id_number(sqlite_db, lite_team.supervisor, visit.id) == OLD_NIK

    with sqlite_db.session() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert last is not None
        assert (last.action, last.actor, last.visit_id) == ("id_revealed", "sari", visit.id)
        assert OLD_NIK not in last.detail
    assert audit.verify(sqlite_db).events == events + 1


def test_revealing_a_purged_nik_is_refused(sqlite_db: Database, settings: Settings,
                                           lite_team: Team) -> None:
    with travel_to(_at(400)):
        visit = checked_out(sqlite_db, settings, lite_team, id_number=OLD_NIK)
    retention.purge(sqlite_db, settings)
    with pytest.raises(DomainError) as erased:
        privacy.reveal_id_number(sqlite_db, lite_team.supervisor, visit.id)
    assert "dihapus" in erased.value.text("id")


def test_no_personal_data_in_the_audit_chain(sqlite_db: Database, settings: Settings,
                                             lite_team: Team) -> None:
    _old_visits(sqlite_db, settings, lite_team, days_ago=400)
    recent = checked_out(sqlite_db, settings, lite_team)
    privacy.reveal_id_number(sqlite_db, lite_team.supervisor, recent.id)
    retention.purge(sqlite_db, settings)
    with sqlite_db.session() as session:
        text = " ".join(e.detail + e.actor for e in session.scalars(select(AuditEvent)))
    for value in (*PERSONAL, "Masih Di Dalam", "6171030202800003"):
        assert value not in text


def test_cli_purge_prints_counts(settings: Settings, sqlite_db: Database,
                                 monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    team = make_team(sqlite_db)
    with travel_to(_at(400)):
        checked_out(sqlite_db, settings, team, id_number=OLD_NIK)
    monkeypatch.setenv("PINTU_DATA_DIR", str(settings.data_dir))

    assert main(["--lang", "en", "purge", "--dry-run"]) == 0
    assert "would be erased: 1 visit, 1 visitor, 0 invitations" in capsys.readouterr().out
    assert main(["--lang", "id", "purge"]) == 0
    out = capsys.readouterr().out
    assert "1 kunjungan" in out
    assert main(["--lang", "en", "purge"]) == 0
    assert "erased: 0 visits" in capsys.readouterr().out


def test_old_roll_call_records_go_with_the_visitors_they_name(
        sqlite_db: Database, settings: Settings) -> None:
    team = make_team(sqlite_db)
    filed = []
    for days_ago in (400, 2):
        with travel_to(_at(days_ago)):
            visit = inside(sqlite_db, settings, team, full_name="Dewi Lestari")
            call, _ = rollcall.start(sqlite_db, team.operator, "pintu-1")
            rollcall.mark(sqlite_db, team.operator, call.id, visit.id, "pintu-1")
            filed.append(rollcall.end(sqlite_db, settings, team.operator, call.id, "pintu-1"))
    old, recent = (Path(record.archive_path or "") for record in filed)
    assert old.is_file() and recent.is_file()

    report = retention.purge(sqlite_db, settings)

    assert report.files == 1
    assert not old.exists() and recent.is_file()
    assert rollcall.get(sqlite_db, filed[0].id).ended_at == filed[0].ended_at  # the row stays
    assert retention.purge(sqlite_db, settings).files == 0
def test_purge_erases_the_photo_and_the_archived_form_that_shows_it(
        sqlite_db: Database, settings: Settings, lite_team: Team) -> None:
    with travel_to(_at(400)):
        done = checked_out(sqlite_db, settings, lite_team, id_number=OLD_NIK, photo_jpeg=PHOTO)
        filed = archive_visit(sqlite_db, settings, lite_team.operator, done.id)
    assert get_visit(sqlite_db, done.id).photo_jpeg is not None
    pictures = sum(len(page.images) for page in PdfReader(filed.path).pages)
    assert pictures == 2  # the photo and the signature

    report = retention.purge(sqlite_db, settings)

    assert report.visits == 1 and report.files == 1
    detail = get_visit(sqlite_db, done.id)
    assert detail.photo_jpeg is None and detail.signature_png is None
    assert not filed.path.exists()
