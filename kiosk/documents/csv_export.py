"""The day's (or month's) visits as CSV, for spreadsheets and the office's own records.

UTF-8 with a byte-order mark, which is what makes Excel read names like "Ṣafiyyah"
correctly when the file is opened by double-click; comma separated, one header row in the
report's language, times in site time (WIB) as ISO dates plus HH:MM, durations in whole
minutes (no decimal separator for a locale to misread). NIKs are masked, as everywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from kiosk.config import Settings
from kiosk.documents.common import purpose_label, state_label
from kiosk.documents.dates import time_text
from kiosk.domain.figures import PeriodData, ReportVisit, local_day, step_minutes
from kiosk.files import write_atomic
from kiosk.i18n import N_, translate

COLUMNS: tuple[str, ...] = (
    N_("Visit number"), N_("Date"), N_("Submitted"), N_("Decided"), N_("Entered"),
    N_("Left"), N_("Name"), N_("Organisation"), N_("ID (masked)"), N_("Purpose"),
    N_("Purpose details"), N_("Person in charge"), N_("Status"), N_("Approved or refused by"),
    N_("Escort"), N_("Badge"), N_("Devices"), N_("Device problems"),
    N_("Form to decision (min)"), N_("Visit (min)"), N_("Check-out (min)"),
    N_("Checked out by"),
)


def visit_rows(data: PeriodData, settings: Settings, language: str = "id") -> list[list[str]]:
    """The header and one row per visit, as strings (also what the tests read back)."""
    rows = [[translate(column, language) for column in COLUMNS]]
    rows += [_row(visit, settings, language) for visit in data.visits]
    return rows


def _row(visit: ReportVisit, settings: Settings, language: str) -> list[str]:
    def clock(moment: dt.datetime | None) -> str:
        return time_text(moment, "en") if moment else ""

    def minutes(step: str) -> str:
        value = step_minutes(visit, step)
        return "" if value is None else str(round(value))

    devices = "; ".join(f"{d.kind} {d.brand_model} ({d.serial})" for d in visit.devices)
    problems = "; ".join(d.label() for d in visit.devices if d.flagged)
    return [
        visit.number, local_day(visit.submitted_at).isoformat(), clock(visit.submitted_at),
        clock(visit.decided_at), clock(visit.entered_at), clock(visit.left_at),
        visit.full_name, visit.organisation, visit.masked_id,
        purpose_label(settings, visit.purpose_key, language), visit.purpose_text, visit.pic,
        state_label(visit.state, language), visit.decided_by or "", visit.escort_name or "",
        "" if visit.badge_number is None else str(visit.badge_number), devices, problems,
        minutes("form_to_decision"), minutes("visit"), minutes("check_out"),
        visit.checked_out_by or "",
    ]


def csv_bytes(data: PeriodData, settings: Settings, language: str = "id") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(visit_rows(data, settings, language))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_csv(data: PeriodData, settings: Settings, out: Path, language: str = "id") -> Path:
    return write_atomic(out, csv_bytes(data, settings, language))
