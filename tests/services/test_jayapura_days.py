"""A site in Jayapura (WIT, UTC+9) counts its days by its own clock: a visit at 01.30 WIT
on Tuesday is Tuesday's, though Pontianak's clock (WIB) still says Monday 23.30."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from kiosk.config import Settings, settings_from_mapping
from kiosk.domain.clock import site_zone, travel_to
from kiosk.domain.figures import Period
from kiosk.services import queries
from kiosk.services.actors import SYSTEM
from kiosk.services.reports import write_report
from kiosk.services.store import Database
from tests.support.factories import submitted

MONDAY = dt.date(2026, 11, 23)
TUESDAY = MONDAY + dt.timedelta(days=1)
#: 01.30 WIT on Tuesday = 23.30 WIB on Monday.
NIGHT = dt.datetime(2026, 11, 23, 16, 30, tzinfo=dt.UTC)
WIT = settings_from_mapping({"timezone": "WIT"}).zone


def _night_visit(db: Database, settings: Settings) -> int:
    with travel_to(NIGHT):
        return submitted(db, settings, full_name="Yohanes Wenda").id


def test_a_visit_belongs_to_the_day_of_the_sites_clock(db: Database,
                                                       settings: Settings) -> None:
    visit_id = _night_visit(db, settings)
    with site_zone(WIT):
        assert [v.id for v in queries.visits_on(db, TUESDAY)] == [visit_id]
        assert queries.visits_on(db, MONDAY) == []
    assert [v.id for v in queries.visits_on(db, MONDAY)] == [visit_id]


def test_the_daily_report_of_a_jayapura_site_lists_the_visit_at_its_time(
        db: Database, settings: Settings, tmp_path: Path) -> None:
    _night_visit(db, settings)
    with site_zone(WIT), travel_to(NIGHT + dt.timedelta(days=1)):
        files = write_report(db, settings, SYSTEM, Period.day(TUESDAY), "id",
                             tmp_path / "harian.pdf")
        monday = write_report(db, settings, SYSTEM, Period.day(MONDAY), "id",
                              tmp_path / "senin.pdf")
    text = " ".join("\n".join(p.extract_text() or "" for p in PdfReader(files.pdf).pages)
                    .split())
    assert "Selasa, 24 November 2026" in text
    assert "Yohanes Wenda" in text and "01.30" in text
    assert "per 23.59 WIT" in text and "WIB" not in text
    assert "Yohanes Wenda" not in " ".join(p.extract_text() or ""
                                           for p in PdfReader(monday.pdf).pages)
