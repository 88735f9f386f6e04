"""The emergency roll call: started once, joined, marked person by person, ended and filed."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.documents.roll_call import roll_call_pdf
from kiosk.domain.clock import at_site, travel_to
from kiosk.domain.types import DeviceExit, VisitState
from kiosk.errors import DomainError, FileAccessError, NotFound, PermissionDenied
from kiosk.services import audit, checkout, review, rollcall, verification, visits
from kiosk.services.actors import KIOSK, SYSTEM
from kiosk.services.queries import get_visit
from tests.support import factories
from tests.support.factories import Team

DAY = dt.date(2026, 11, 23)
#: What a hostile visitor may type as an organisation: printed as typed, never as markup.
ORG = '<b>CV Maju</b> =HYPERLINK("http://x")'
ROLLCALL_ACTIONS = ("rollcall_started", "person_accounted", "person_unmarked",
                    "rollcall_ended")


def at(hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return at_site(DAY, dt.time(hour, minute, second))


def _people(db: Database, settings: Settings, team: Team) -> dict[str, int]:
    """Two people inside, one approved on the way in, and three who are not in custody."""
    with travel_to(at(9)):
        made = {
            "ani": factories.inside(db, settings, team, full_name="Ani Rahmawati",
                                    organisation="PLN Icon Plus").id,
            "bayu": factories.inside(db, settings, team, full_name="Bayu Pratama",
                                     organisation=ORG).id,
            "citra": factories.approved(db, settings, team, full_name="Citra Ṣafiyyah").id,
        }
        factories.submitted(db, settings, full_name="Masih Menunggu")
        factories.checked_out(db, settings, team, full_name="Sudah Pulang")
        gone = factories.inside(db, settings, team, full_name="Tidak Terlihat Keluar")
    with travel_to(at(18, 10)):
        visits.mark_left_unrecorded(db, team.operator, gone.id, None, "Tidak terlihat keluar",
                                    badge_at_desk=False)
    return made


def _rollcall_events(db: Database) -> list[AuditEvent]:
    with db.session() as session:
        return list(session.scalars(select(AuditEvent).where(
            AuditEvent.action.in_(ROLLCALL_ACTIONS)).order_by(AuditEvent.seq)))


def _text(data: bytes | Path) -> str:
    reader = PdfReader(data if isinstance(data, Path) else io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_roll_call_lists_everyone_holding_a_badge_and_a_second_start_joins_it(
        db: Database, settings: Settings, team: Team) -> None:
    made = _people(db, settings, team)
    with travel_to(at(18, 30)):
        call, joined = rollcall.start(db, team.operator, "pintu-1")
    assert not joined and call.open and call.started_by == "Budi Santoso"
    assert call.started_at == at(18, 30) and call.started_terminal == "pintu-1"
    assert [line.visit_id for line in call.lines] == [made["ani"], made["bayu"], made["citra"]]
    assert [line.full_name for line in call.lines] == [
        "Ani Rahmawati", "Bayu Pratama", "Citra Ṣafiyyah"]
    # Each visitor's escort beside them, and the badge each holds.
    assert {line.escort_name for line in call.lines} == {"Rina Marlina"}
    assert all(line.badge_number for line in call.lines)
    assert len({line.badge_number for line in call.lines}) == 3
    assert call.missing == call.lines and call.accounted == ()

    with travel_to(at(18, 31)):
        again, joined = rollcall.start(db, team.second_operator, "pintu-2")
    assert joined and again == call
    assert rollcall.current(db) == call
    assert review.snapshot(db).roll_call == call
    [started] = _rollcall_events(db)
    assert (started.action, started.actor, started.visit_id) == ("rollcall_started", "budi",
                                                                 None)
    assert json.loads(started.detail) == {"roll_call": call.id, "people": 3}


def test_marking_twice_is_one_mark_and_a_mistake_can_be_taken_back(
        db: Database, settings: Settings, team: Team) -> None:
    made = _people(db, settings, team)
    with travel_to(at(18, 30)):
        call, _ = rollcall.start(db, team.operator, "pintu-1")
    with travel_to(at(18, 32, 15)):
        marked = rollcall.mark(db, team.operator, call.id, made["ani"], "pintu-1")
    with travel_to(at(18, 33)):
        twice = rollcall.mark(db, team.second_operator, call.id, made["ani"], "pintu-2")
        wrong = rollcall.mark(db, team.second_operator, call.id, made["citra"], "pintu-2")
    ani = twice.line(made["ani"])
    assert ani is not None and ani == marked.line(made["ani"])
    assert (ani.accounted_at, ani.accounted_by, ani.accounted_terminal) == (
        at(18, 32, 15), "Budi Santoso", "pintu-1")
    assert [line.visit_id for line in wrong.accounted] == [made["ani"], made["citra"]]
    with travel_to(at(18, 34)):
        undone = rollcall.unmark(db, team.second_operator, call.id, made["citra"])
        assert rollcall.unmark(db, team.second_operator, call.id, made["citra"]) == undone
    assert [line.visit_id for line in undone.missing] == [made["bayu"], made["citra"]]
    events = [(e.action, e.visit_id, json.loads(e.detail)) for e in _rollcall_events(db)]
    assert events[1:] == [("person_accounted", made["ani"], {"roll_call": call.id}),
                          ("person_accounted", made["citra"], {"roll_call": call.id}),
                          ("person_unmarked", made["citra"], {"roll_call": call.id})]
    with pytest.raises(NotFound):
        rollcall.mark(db, team.operator, call.id, made["ani"] + 1000, "pintu-1")
    with pytest.raises(NotFound):
        rollcall.mark(db, team.operator, call.id + 1, made["ani"], "pintu-1")


def test_the_ended_roll_call_is_filed_as_a_pdf_naming_who_was_missing(
        db: Database, settings: Settings, team: Team) -> None:
    made = _people(db, settings, team)
    with travel_to(at(18, 30)):
        call, _ = rollcall.start(db, team.operator, "pintu-1")
    with travel_to(at(18, 32, 15)):
        rollcall.mark(db, team.operator, call.id, made["bayu"], "pintu-1")
    with travel_to(at(18, 35, 40)):
        rollcall.mark(db, team.second_operator, call.id, made["ani"], "pintu-2")
    with travel_to(at(18, 41, 5)):
        ended = rollcall.end(db, settings, team.supervisor, call.id, "pintu-3")
    assert not ended.open and ended.ended_at == at(18, 41, 5)
    assert (ended.ended_by, ended.ended_terminal) == ("Sari Wulandari", "pintu-3")
    assert [line.full_name for line in ended.missing] == ["Citra Ṣafiyyah"]
    assert [line.full_name for line in ended.accounted] == ["Bayu Pratama",
                                                            "Ani Rahmawati"]
    path = Path(ended.archive_path or "")
    assert path == (settings.archive_dir / "apel-darurat" / "2026"
                    / f"apel-darurat-{call.id:04d}-20261123-1830.pdf")
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == ended.archive_sha256
    assert path.stat().st_mode & 0o777 == 0o600

    text = _text(path)
    for expected in ("Apel Darurat", "2 dari 3 orang sudah aman",
                     "Hilang: 1 orang belum ditemukan", "Citra Ṣafiyyah",
                     "Bayu Pratama", "<b>CV Maju</b>", "Ani Rahmawati", "Rina Marlina",
                     "Dimulai 23 November 2026 18.30.00 WIB oleh Budi Santoso (pintu-1)",
                     "Diakhiri 23 November 2026 18.41.05 WIB oleh Sari Wulandari (pintu-3)",
                     "18.32.15 (setelah 2.15)", "Budi Santoso · pintu-1",
                     "18.35.40 (setelah 5.40)", "Rina Marlina · pintu-2"):
        assert expected in text, expected
    # Missing first: the person not found comes before those accounted for.
    assert text.index("Citra Ṣafiyyah") < text.index("Bayu Pratama") \
        < text.index("Ani Rahmawati")
    english = _text(roll_call_pdf(ended, settings, "en"))
    for expected in ("Emergency Roll Call", "2 of 3 people accounted for",
                     "Missing: 1 person not accounted for", "18.32.15 (after 2.15)"):
        assert expected in english, expected
    # The filed record is re-created byte for byte from the database.
    assert rollcall.filed_pdf(settings, rollcall.get(db, call.id)) == data

    ended_event = _rollcall_events(db)[-1]
    assert json.loads(ended_event.detail) == {
        "roll_call": call.id, "people": 3, "accounted": 2, "missing": 1,
        "sha256": ended.archive_sha256}
    for event in _rollcall_events(db):  # ids and counts, never a name
        assert not any(n in event.detail for n in ("Ani", "Bayu", "Citra", "Rina", "Budi"))
    found = verification.find_filed(db, ended.archive_sha256 or "")
    assert found is not None and found.action == "rollcall_ended"
    assert audit.verify(db).ok


def test_an_ended_roll_call_takes_no_marks_and_the_next_start_is_a_new_one(
        db: Database, settings: Settings, team: Team) -> None:
    made = _people(db, settings, team)
    call, _ = rollcall.start(db, team.operator, "pintu-1")
    with travel_to(at(18, 41, 5)):
        ended = rollcall.end(db, settings, team.operator, call.id, "pintu-1")
    with pytest.raises(DomainError) as refused:
        rollcall.mark(db, team.second_operator, call.id, made["ani"], "pintu-2")
    assert refused.value.text("en") == ("This roll call was ended at 18.41.05 by Budi "
                                        "Santoso; nothing more can be marked.")
    # Ending it again, from another terminal, gives the same record and files nothing new.
    assert rollcall.end(db, settings, team.second_operator, call.id, "pintu-2") == ended
    assert [e.action for e in _rollcall_events(db)].count("rollcall_ended") == 1
    assert rollcall.current(db) is None and review.snapshot(db).roll_call is None
    fresh, joined = rollcall.start(db, team.second_operator, "pintu-2")
    assert not joined and fresh.id != call.id and fresh.open


def test_the_record_prints_at_any_terminal(db: Database, settings: Settings,
                                           team: Team, tmp_path: Path) -> None:
    visit = factories.inside(db, settings, team, full_name="Ani Rahmawati")
    call, _ = rollcall.start(db, team.operator, "pintu-1")
    with pytest.raises(DomainError):
        rollcall.print_copy(db, settings, team.operator, call.id)
    ended = rollcall.end(db, settings, team.operator, call.id, "pintu-1")
    filed = Path(ended.archive_path or "")
    assert rollcall.print_copy(db, settings, team.operator, call.id) == filed
    # Another terminal does not have the filed file: it prints the record drawn again.
    filed.rename(tmp_path / "elsewhere.pdf")
    copy = rollcall.print_copy(db, settings, team.operator, call.id)
    assert copy.parent == settings.data_dir / "print" and copy.name == filed.name
    assert "Ani Rahmawati" in _text(copy) and "Hilang: 1 orang" in _text(copy)
    assert visit.id == ended.missing[0].visit_id


def test_a_roll_call_survives_a_restart(settings: Settings, sqlite_db: Database) -> None:
    team = factories.make_team(sqlite_db)
    made = _people(sqlite_db, settings, team)
    call, _ = rollcall.start(sqlite_db, team.operator, "pintu-1")
    rollcall.mark(sqlite_db, team.operator, call.id, made["ani"], "pintu-1")
    sqlite_db.dispose()  # the terminal goes down
    restarted = Database(settings.effective_database_url())
    try:
        found = rollcall.current(restarted)
        assert found is not None and found.id == call.id
        assert [line.visit_id for line in found.accounted] == [made["ani"]]
    finally:
        restarted.dispose()


def test_who_may_start_one_and_when_there_is_nobody(db: Database, settings: Settings,
                                                     team: Team) -> None:
    with pytest.raises(DomainError) as nobody:
        rollcall.start(db, team.operator, "pintu-1")
    assert nobody.value.text("en") == ("Nobody holds a visitor badge: there is nobody to "
                                       "account for.")
    factories.inside(db, settings, team)
    for actor in (KIOSK, SYSTEM):
        with pytest.raises(PermissionDenied):
            rollcall.start(db, actor, "pintu-1")
    assert rollcall.current(db) is None


def test_an_archive_that_cannot_be_written_leaves_the_roll_call_open(
        db: Database, settings: Settings, team: Team) -> None:
    visit = factories.inside(db, settings, team)
    call, _ = rollcall.start(db, team.operator, "pintu-1")
    rollcall.mark(db, team.operator, call.id, visit.id, "pintu-1")
    settings.archive_dir.mkdir(parents=True, exist_ok=True)
    (settings.archive_dir / "apel-darurat").write_text("not a folder")
    with pytest.raises(FileAccessError):
        rollcall.end(db, settings, team.operator, call.id, "pintu-1")
    still = rollcall.current(db)
    assert still is not None and still.id == call.id and len(still.accounted) == 1
    assert "rollcall_ended" not in [e.action for e in _rollcall_events(db)]
    (settings.archive_dir / "apel-darurat").unlink()
    assert not rollcall.end(db, settings, team.operator, call.id, "pintu-1").open


def test_a_visitor_checked_out_during_the_roll_call_stays_on_it_with_the_badge_called(
        db: Database, settings: Settings, team: Team) -> None:
    visit = factories.inside(db, settings, team)
    call, _ = rollcall.start(db, team.operator, "pintu-1")
    [line] = call.lines
    detail = get_visit(db, visit.id)
    checkout.check_out(db, settings, team.operator, visit.id, visit.version, checkout.CheckOut(
        tuple(checkout.DeviceCheck(d.id, DeviceExit.CARRIED_OUT) for d in detail.devices),
        True, True))
    assert get_visit(db, visit.id).summary.state is VisitState.CHECKED_OUT
    after = rollcall.current(db)
    assert after is not None and after.lines == call.lines
    assert after.lines[0].badge_number == line.badge_number is not None
