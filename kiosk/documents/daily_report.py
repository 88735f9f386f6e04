"""The daily report a supervisor files: who came, why, how long each SOP step took.

Indonesian by default, English on request. Sections: totals; visitors by purpose (the
record the SOP asks for), as a table and bars; people inside by hour; the SOP step times
against their standards; anomalies; the list of visits; a signature block for the head of
section. The numbers come from ``kiosk.domain.figures`` and are the same as in the CSV.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from kiosk.config import Settings
from kiosk.documents import report_parts as parts
from kiosk.documents.common import purpose_label, state_label
from kiosk.documents.dates import date_text, long_date, time_text
from kiosk.documents.layout import (
    DANGER,
    DocMeta,
    build_pdf,
    para,
    render_bytes,
    section,
    styles,
)
from kiosk.domain.figures import ReportFigures, ReportVisit, inside_by_hour
from kiosk.domain.types import VisitState
from kiosk.i18n import translate

S = VisitState
LIST_WIDTHS = [9 * mm, 13 * mm, 34 * mm, 29 * mm, 23 * mm, 21 * mm, 10 * mm]
LIST_WIDTHS.append(parts.WIDTH - sum(LIST_WIDTHS))


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
    story: list[Flowable] = [
        para(title, st.title),
        para(long_date(day, language), st.subtitle),
        parts.tiles(parts.tile_values(fig, language), st, language),
        *parts.purposes(fig, settings, st, language),
        KeepTogether([
            section(translate("People inside the server room, by hour", language), st),
            parts.column_chart(inside_by_hour(fig.data, day),
                               [f"{h:02d}" for h in range(24)], parts.WIDTH, 105,
                               translate("Visitors in the room at some time during each "
                                         "hour (WIB).", language)),
        ]),
        *parts.timings(fig, st, language),
        *parts.anomalies(fig, st, language),
        *visit_list(fig, settings, language),
        *parts.purged_note(fig, st, language),
        *parts.sign_off(st, language, date_text(day, language)),
    ]
    meta = DocMeta(title, long_date(day, language), language, fig.data.as_of)
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
    for r, visit in enumerate(fig.data.visits, start=1):
        devices = "\n".join(parts.wrap(("! " if d.flagged else "") + f"{d.serial} · {d.kind}",
                                       w[7], max_lines=1) for d in visit.devices[:3])
        if len(visit.devices) > 3:
            devices += "\n" + translate("+{count} more", language, count=len(visit.devices) - 3)
        rows.append([
            visit.number, _times(visit, language),
            parts.wrap(visit.full_name, w[2], max_lines=2) + "\n" + visit.masked_id,
            parts.wrap(visit.organisation, w[3]),
            parts.wrap(purpose_label(settings, visit.purpose_key, language), w[4]),
            parts.wrap(visit.escort_name or "–", w[5], max_lines=2),
            str(visit.badge_number) if visit.badge_number is not None else "–",
            devices or "–",
        ])
        if any(d.flagged for d in visit.devices):
            emphasis.append((7, r, DANGER))
        if visit.state is S.REFUSED:
            emphasis.append((1, r, DANGER))
    return [title, parts.plain_table(head, rows, LIST_WIDTHS, emphasis=emphasis, long=True)]


def _times(visit: ReportVisit, language: str) -> str:
    if visit.entered_at is not None:
        out = time_text(visit.left_at, language) if visit.left_at else translate(
            "inside", language)
        return f"{time_text(visit.entered_at, language)}\n{out}"
    return f"{time_text(visit.submitted_at, language)}\n{state_label(visit.state, language)}"
