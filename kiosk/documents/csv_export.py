"""The day's (or month's) visits as CSV, for spreadsheets and the office's own records.

UTF-8 with a byte-order mark, which is what makes Excel read names like "Ṣafiyyah"
correctly when the file is opened by double-click; comma separated, one header row in the
report's language. The values are for machines, not written the way screens and PDFs write
them (``kiosk.formats``): dates are ISO (2026-11-23) and times HH:MM (08:15) on the site's
clock (the ``timezone`` setting), durations whole minutes, so no spreadsheet's locale can
misread a separator. NIKs are masked, as everywhere.

Like the PDF, the file shows the period as it was on record at the report's cut-off, which
each row names ("As of"), so a past day's CSV is the same bytes whenever it is made. A late
check-out's exit time is in "Left", the moment it was recorded in "Exit recorded".

Every cell goes through ``kiosk.documents.spreadsheet``, so a visitor's typed text can
never run as a formula in the spreadsheet; the computed numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.config import Settings
from kiosk.documents.common import purpose_label, state_label, yes_no
from kiosk.documents.spreadsheet import Cell, csv_text
from kiosk.domain.clock import local
from kiosk.domain.figures import (
    ANOMALY_LABELS,
    Anomaly,
    ReportFigures,
    ReportVisit,
    local_day,
    step_minutes,
)
from kiosk.files import write_atomic
from kiosk.i18n import N_, ptranslate, translate

COLUMNS: tuple[str, ...] = (
    N_("Visit number"), N_("Date"), N_("Submitted"), N_("Decided"), N_("Entered"),
    N_("Left"), N_("Name"), N_("Organisation"), N_("ID (masked)"), N_("Purpose"),
    N_("Purpose details"), N_("Person in charge"), N_("Status"), N_("Approved or refused by"),
    N_("Escort"), N_("Badge"), N_("Devices"), N_("Device problems"),
    N_("Form to decision (min)"), N_("Visit (min)"), N_("Check-out (min)"),
    N_("Checked out by"), N_("Exit recorded"), N_("Deny-list hit"), N_("Anomalies"),
    N_("As of"),
)


def visit_rows(fig: ReportFigures, settings: Settings, language: str = "id"
               ) -> list[list[Cell]]:
    """The header and one row per visit, as typed (``write_csv`` makes them safe)."""
    found = {a.visit.id: a for a in fig.anomalies}
    as_of = iso_moment(fig.data.cutoff)
    rows: list[list[Cell]] = [[translate(column, language) for column in COLUMNS]]
    rows += [_row(visit, found.get(visit.id), as_of, settings, language)
             for visit in fig.data.visits]
    return rows


def iso_time(moment: dt.datetime) -> str:
    """"08:15" on the site's clock."""
    return local(moment).time().isoformat("minutes")


def iso_moment(moment: dt.datetime) -> str:
    """"2026-11-23 08:15" on the site's clock."""
    return f"{local_day(moment).isoformat()} {iso_time(moment)}"


def _row(visit: ReportVisit, anomaly: Anomaly | None, as_of: str, settings: Settings,
         language: str) -> list[Cell]:
    def clock(moment: dt.datetime | None) -> str:
        if moment is None:
            return ""
        if local_day(moment) != local_day(visit.submitted_at):
            return iso_moment(moment)
        return iso_time(moment)

    def minutes(step: str) -> int | None:
        value = step_minutes(visit, step)
        return None if value is None else round(value)

    devices = "; ".join(f"{d.kind} {d.brand_model} ({d.serial})" for d in visit.devices)
    problems = "; ".join(d.label() for d in visit.devices if d.flagged)
    kinds = "; ".join(ptranslate(*ANOMALY_LABELS[kind], language) for kind in
                      dict.fromkeys(f.kind for f in anomaly.findings)) if anomaly else ""
    return [
        visit.number, local_day(visit.submitted_at).isoformat(), clock(visit.submitted_at),
        clock(visit.decided_at), clock(visit.entered_at), clock(visit.left_at),
        visit.full_name, visit.organisation, visit.masked_id,
        purpose_label(settings, visit.purpose_key, language), visit.purpose_text, visit.pic,
        state_label(visit.state, language), visit.decided_by or "", visit.escort_name or "",
        visit.badge_number, devices, problems,
        minutes("form_to_decision"), minutes("visit"), minutes("check_out"),
        visit.checked_out_by or "", clock(visit.closed_at) if visit.checked_out_late else "",
        yes_no(visit.deny_hit, language), kinds, as_of,
    ]


def csv_bytes(fig: ReportFigures, settings: Settings, language: str = "id") -> bytes:
    return ("\ufeff" + csv_text(visit_rows(fig, settings, language))).encode("utf-8")


def write_csv(fig: ReportFigures, settings: Settings, out: Path, language: str = "id") -> Path:
    return write_atomic(out, csv_bytes(fig, settings, language))
