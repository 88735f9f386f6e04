"""Paper follows the site's clock: the same stored visit, read back from the PDF, at the
time the wall of the server room showed, in the zone the ``timezone`` setting names."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from kiosk.config import settings_from_mapping
from kiosk.documents.visit_form import visit_form_pdf
from kiosk.domain.clock import site_zone
from kiosk.services.queries import get_visit
from tests.support.doc_scenario import Day

CHAIN = "0" * 64


def _form_text(day: Day, language: str) -> str:
    detail = get_visit(day.db, day.scenario.ids["maintenance"])
    data = visit_form_pdf(detail, CHAIN, day.settings, language)
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
                    .split())


@pytest.mark.parametrize(("timezone", "language", "submitted", "entered", "left"), [
    # Submitted 10.00, entered 10.02, left 11.37 in Pontianak (the scenario's WIB).
    ("Asia/Pontianak", "id", "23 November 2026 10.00 WIB", "23 November 2026 10.02 WIB",
     "23 November 2026 11.37 WIB"),
    ("WIT", "id", "23 November 2026 12.00 WIT", "23 November 2026 12.02 WIT",
     "23 November 2026 13.37 WIT"),
    ("WITA", "en", "23 November 2026, 11.00 WITA", "23 November 2026, 11.02 WITA",
     "23 November 2026, 12.37 WITA"),
])
def test_the_visit_form_shows_the_stored_times_on_the_sites_clock(
        day: Day, timezone: str, language: str, submitted: str, entered: str,
        left: str) -> None:
    stored = get_visit(day.db, day.scenario.ids["maintenance"]).summary.submitted_at
    assert stored == dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)  # 10.00 in Pontianak
    with site_zone(settings_from_mapping({"timezone": timezone}).zone):
        text = _form_text(day, language)
    for expected in (submitted, entered, left):
        assert expected in text, (expected, text)
    zone = submitted.rsplit(" ", 1)[1]
    assert all(other not in text.split() for other in {"WIB", "WITA", "WIT"} - {zone})
