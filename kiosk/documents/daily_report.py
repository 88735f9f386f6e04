"""The daily report a supervisor files: who came, why, how long each SOP step took.

Indonesian by default, English on request. Sections: totals; visitors by purpose (the
record the SOP asks for), as a table and bars; people inside by hour; the SOP step times
against their standards; anomalies; visits not closed at the day's end; the list of
visits; visits of earlier days closed on this day; a signature block for the head of
section. The numbers come from ``kiosk.domain.figures`` and are the same as in the CSV.

The report shows the day as it was on record at its cut-off, which it states under the
title and in the footer; the cut-off is also the PDF's creation date, so a report of a past
day is the same file whenever it is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from kiosk.config import Settings
from kiosk.documents import report_parts as parts
from kiosk.documents.common import purpose_label, state_label
from kiosk.documents.layout import (
    DANGER,
    DocMeta,
    build_pdf,
    para,
    render_bytes,
    section,
    styles,
)
from kiosk.domain.figures import ReportFigures, ReportVisit, presence_by_hour
from kiosk.domain.records import DeviceRecord
from kiosk.domain.types import DEVICE_EXIT_LABELS, VisitState
from kiosk.formats import date_text, long_date, time_text, zone_name
from kiosk.i18n import N_, ntranslate, translate

S = VisitState
LIST_WIDTHS = [9 * mm, 13 * mm, 34 * mm, 27 * mm, 21 * mm, 19 * mm, 10 * mm]
LIST_WIDTHS.append(parts.WIDTH - sum(LIST_WIDTHS))
#: Devices listed one by one in a visit's row; the rest are summed up ("+3 more"), but a
#: device that did not come back is always listed.
DEVICES_SHOWN = 4
#: The footer of a report: the moment it shows, not the moment it was printed.
REPORT_STAMP = N_("Pintu · figures as of {moment}")


def daily_report_pdf(fig: ReportFigures, settings: Settings, out: Path,
                     language: str = "id") -> Path:
    build_pdf(out, *_document(fig, settings, language), settings)
    return out


def daily_report_bytes(fig: ReportFigures, settings: Settings, language: str = "id") -> bytes:
    """The same report in memory (written later together with its CSV)."""
    return render_bytes(*_document(fig, settings, language), settings)


def _document(fig: ReportFigures, settings: Settings,
              language: str) -> tuple[list[Flowable], DocMeta]:
    day = fig.data.first
    st = styles()
    title = translate("Daily Server Room Visit Report", language)
    subtitle = f"{long_date(day, language)} · {parts.cutoff_text(fig.data, language)}"
    presence = presence_by_hour(fig.data, day)
    story: list[Flowable] = [
        para(title, st.title),
        para(subtitle, st.subtitle),
        parts.tiles(parts.tile_values(fig, language), st, language),
        parts.cutoff_note(fig.data, st, language),
        *parts.purposes(fig, settings, st, language),
        KeepTogether([
            section(translate("People inside the server room, by hour", language), st),
            parts.column_chart(presence.recorded, [f"{h:02d}" for h in range(24)],
                               parts.WIDTH, 105, translate(
                                   "Visitors in the room at some time during each hour ({zone}). "
                                   "Light: exit not on record (still inside at the cut-off, or "
                                   "left without check-out), counted up to the cut-off.",
                                   language, zone=zone_name(fig.data.cutoff, language)),
                               unsure=presence.unknown),
        ]),
        *parts.timings(fig, st, language),
        *parts.anomalies(fig, st, language),
        *parts.not_closed(fig, st, language),
        *visit_list(fig, settings, language),
        *parts.closed_later(fig, st, language),
        *parts.purged_note(fig, st, language),
        *parts.sign_off(st, language, date_text(day, language)),
    ]
    meta = DocMeta(title, long_date(day, language), language, fig.data.cutoff,
                   stamp=REPORT_STAMP)
    return story, meta


def visit_list(fig: ReportFigures, settings: Settings, language: str) -> list[Flowable]:
    st = styles()
    title = section(translate("Visits", language), st)
    if not fig.data.visits:
        return [title, para(translate("No visits on record for this day.", language), st.body)]
    head = [translate("No.", language), translate("In – out", language),
            translate("Name / ID", language), translate("Organisation", language),
            translate("Purpose", language), translate("Escort", language),
            translate("Badge", language), translate("Devices", language)]
    w = [x - 6 for x in LIST_WIDTHS]
    rows = []
    emphasis = []
    marks: dict[tuple[int, int], dict[int, Any]] = {}
    for r, visit in enumerate(fig.data.visits, start=1):
        devices, flagged = devices_cell(visit, w[7], language)
        alarming = visit.state in {S.REFUSED, S.LEFT_UNRECORDED}
        rows.append([
            visit.number, _times(visit, w[1], language, alarming),
            parts.wrap(visit.full_name, w[2], max_lines=2) + "\n" + visit.masked_id,
            parts.wrap(visit.organisation, w[3]),
            parts.wrap(purpose_label(settings, visit.purpose_key, language), w[4]),
            parts.wrap(visit.escort_name or "–", w[5], max_lines=2),
            str(visit.badge_number) if visit.badge_number is not None else "–",
            devices,
        ])
        if flagged:
            marks[(7, r)] = dict.fromkeys(flagged, DANGER)
        if alarming:
            emphasis.append((1, r, DANGER))
    return [title, parts.plain_table(head, rows, LIST_WIDTHS, emphasis=emphasis, long=True,
                                     line_marks=marks)]


def devices_cell(visit: ReportVisit, width: float, language: str) -> tuple[str, list[int]]:
    """Each device on its own lines, wrapped (kind, model, serial); a device that did not
    come back as it went in gets a line saying what happened. Returns the cell and the
    indexes of the lines to mark."""
    if not visit.devices:
        return "–", []
    flagged = [d for d in visit.devices if d.flagged]
    others = [d for d in visit.devices if not d.flagged]
    room = max(DEVICES_SHOWN - len(flagged), 0)
    shown = [d for d in visit.devices if d.flagged or d in others[:room]]
    lines: list[str] = []
    marked: list[int] = []
    for device in shown:
        first = len(lines)
        lines += parts.wrap(f"{device.kind} {device.brand_model} · {device.serial}", width,
                            bold=device.flagged, max_lines=3).split("\n")
        if device.flagged:
            lines += parts.wrap("! " + _device_state(device, language), width,
                                bold=True).split("\n")
            marked += range(first, len(lines))
    hidden = len(visit.devices) - len(shown)
    if hidden:
        lines.append(ntranslate("+{count} more", "+{count} more", hidden, language))
    return "\n".join(lines), marked


def _device_state(device: DeviceRecord, language: str) -> str:
    if not device.carried_in:
        return translate("Not listed at entry", language)
    label = translate(DEVICE_EXIT_LABELS[device.exit_state], language)
    if device.exit_serial and device.exit_serial != device.serial:
        return f"{label}: {device.exit_serial}"
    return label


def _times(visit: ReportVisit, width: float, language: str, bold: bool) -> str:
    """When the visitor went in and out, or when the form came and what became of it."""
    if visit.entered_at is not None:
        if visit.left_at is not None:
            out = time_text(visit.left_at, language)
        elif visit.state is S.LEFT_UNRECORDED:
            out = translate("not recorded", language)
        else:
            out = translate("inside", language)
        start = time_text(visit.entered_at, language)
    else:
        out = state_label(visit.state, language)
        if visit.state is S.REFUSED and visit.deny_hit:
            out = translate("Refused: deny list", language)
        start = time_text(visit.submitted_at, language)
    return f"{start}\n{parts.wrap(out, width, bold=bold)}"
