"""A visit keeps what was submitted: a later visit with the same ID number, or someone typing
another person's number, changes nothing an earlier visit says, on screen or on paper."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import sqlalchemy as sa

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.documents.csv_export import visit_rows
from kiosk.domain.clock import local, travel_to
from kiosk.domain.figures import Period
from kiosk.services import archive
from kiosk.services.actors import SYSTEM
from kiosk.services.queries import get_visit, organisation_suggestions
from kiosk.services.reports import report_figures
from tests.support.factories import Team, checked_out, submitted

NIK = "6171014506900001"
MORNING = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 09.00 WIB


def _report_line(db: Database, settings: Settings, visit_id: int) -> list[str]:
    figures = report_figures(db, settings, SYSTEM, Period.day(local(MORNING).date()))
    number = f"{visit_id:04d}"
    line = next(row for row in visit_rows(figures, settings) if row[0] == number)
    return line[:-1]  # all but "As of": today's report is as of the moment it is made


def test_a_later_submission_rewrites_nothing(db: Database, settings: Settings,
                                             team: Team) -> None:
    with travel_to(MORNING) as advance:
        first = checked_out(db, settings, team, id_number=NIK, full_name="Dewi Lestari",
                            organisation="Diskominfo Kota Pontianak", phone="0812 1111 2222",
                            pic="Pak Agus")
        filed = archive.archive_visit(db, settings, team.operator, first.id)
        before = get_visit(db, first.id)
        line = _report_line(db, settings, first.id)
        advance(dt.timedelta(hours=2))
        submitted(db, settings, id_number=NIK, full_name="Orang Lain",
                  organisation="PT Penyusup", phone="0813 9999 8888", pic="Bu Siapa")

        after = get_visit(db, first.id)
        assert after == before
        assert (after.summary.full_name, after.summary.organisation, after.phone,
                after.summary.pic) == ("Dewi Lestari", "Diskominfo Kota Pontianak",
                                       "0812 1111 2222", "Pak Agus")
        assert _report_line(db, settings, first.id) == line
        filed_bytes = filed.path.read_bytes()
        assert archive.reprint(db, settings, first.id) == filed_bytes
        filed.path.unlink()  # a lost file is re-created from the visit's own record
        recreated = archive.reprint(db, settings, first.id)
    assert hashlib.sha256(recreated).hexdigest() == filed.sha256
    assert recreated == filed_bytes


def test_suggestions_come_from_visits(db: Database, settings: Settings) -> None:
    submitted(db, settings, id_number=NIK, organisation="Diskominfo Kota Pontianak")
    submitted(db, settings, id_number="6171011203850002",
              organisation="Diskominfo Kota Pontianak")
    submitted(db, settings, id_number=NIK, organisation="Dinas Kesehatan")
    assert organisation_suggestions(db, "din") == ["Dinas Kesehatan"]
    assert organisation_suggestions(db, "")[0] == "Diskominfo Kota Pontianak"


def test_the_migration_fills_snapshots_from_the_rows_of_the_day(tmp_path: Path) -> None:
    """A database from before the snapshot: each visit gets the data its visitor row held."""
    db = Database(f"sqlite:///{tmp_path}/old.sqlite3")
    try:
        migrate.upgrade(db, "0001")
        now = "2026-11-20 02:00:00.000000"
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO visitors (id, full_name, id_type, id_number, organisation, phone,"
                " photo_jpeg, created_at) VALUES (1, 'Dewi Lestari', 'ktp', :nik,"
                " 'Diskominfo', '0812 1111 2222', X'FFD8FF', :now)"), {"nik": NIK, "now": now})
            for visit_id in (1, 2):
                conn.execute(sa.text(
                    "INSERT INTO visits (id, version, submission_key, terminal, visitor_id,"
                    " state, purpose_key, purpose_text, pic, planned_minutes,"
                    " reference_letter, consent_at, language, submitted_at, checkout_note,"
                    " problem_found) VALUES (:id, 1, :key, 'Pintu 1', 1, 'submitted',"
                    " 'repair', '', 'Pak Agus', 60, '', :now, 'id', :now, '', 0)"),
                    {"id": visit_id, "key": f"k{visit_id}", "now": now})
        migrate.upgrade(db)
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT full_name, organisation, phone, id_type, id_number, photo_jpeg"
                " FROM visits ORDER BY id")).all()
            columns = {c["name"] for c in sa.inspect(conn).get_columns("visitors")}
        assert rows == [("Dewi Lestari", "Diskominfo", "0812 1111 2222", "ktp", NIK,
                         b"\xff\xd8\xff")] * 2
        assert columns == {"id", "id_type", "id_number", "created_at", "purged_at"}
        assert migrate.schema_differences(db) == []
        migrate.downgrade(db, "0001")
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT full_name FROM visitors")).scalar() \
                == "Dewi Lestari"
    finally:
        db.dispose()
