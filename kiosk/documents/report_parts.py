"""The sections the daily and monthly reports share, so both read the same way.

Figures come from ``kiosk.domain.figures``; this module only lays them out. Long tables use plain
strings pre-wrapped with ``simpleSplit`` rather than one Paragraph per cell: a busy day's
visit list has thousands of cells and Paragraphs would make it several times slower.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from kiosk.config import Settings
from kiosk.documents import shaping
from kiosk.documents.common import purpose_label, state_label
from kiosk.documents.fast_table import FastTable
from kiosk.documents.fonts import font_for, register_fonts
from kiosk.documents.layout import (
    A4,
    DANGER,
    MARGIN,
    MUTED,
    PRIMARY,
    RULE,
    TEXT,
    TINT,
    WARNING,
    Styles,
    grid_style,
    para,
    section,
    signature_block,
)
from kiosk.domain.figures import (
    ANOMALY_LABELS,
    ANOMALY_MEANINGS,
    Anomaly,
    AnomalyKind,
    Finding,
    PeriodData,
    ReportFigures,
    ReportVisit,
    Resolution,
    anomaly_table,
    day_end_reached,
    local_day,
    resolution,
)
from kiosk.domain.lifecycle import day_end_at
from kiosk.formats import (
    datetime_text,
    minutes_text,
    number_text,
    short_date,
    time_text,
    zoned_time_text,
)
from kiosk.i18n import N_, ntranslate, ptranslate, translate

WIDTH = A4[0] - 2 * MARGIN
#: Bars of people whose exit is not on record: the primary colour, much lighter.
UNSURE = colors.HexColor("#B9CDEA")
CELL_SIZE = 7.4
CELL_LEADING = 9.0


def wrap(text: str, width: float, bold: bool = False, max_lines: int = 3,
         size: float = CELL_SIZE) -> str:
    """``text`` broken into lines that fit ``width`` (at most ``max_lines``, the last one
    shortened to make room for "…"), in reading order: ``FastTable`` draws right-to-left
    lines in the order they are seen."""
    lines = shaping.lines(text, width, size, bold)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while len(last) > 1 and shaping.text_width(f"{last} …", size, bold) > width:
            last = last[:-1]
        lines = [*lines[:max_lines - 1], last.rstrip() + " …"]
    return "\n".join(lines)


def plain_table(head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
                right: Sequence[int] = (), emphasis: Sequence[tuple[int, int, Any]] = (),
                long: bool = False,
                line_marks: dict[tuple[int, int], dict[int, Any]] | None = None) -> Flowable:
    """A table of pre-wrapped strings in the report style; ``emphasis`` colours single
    cells as (column, row, colour) with row 1 being the first data row. ``long`` tables
    (lists of visits) are drawn by ``FastTable``, which can also colour single lines of a
    cell (``line_marks``: (column, row) -> {line: colour})."""
    regular, bold = register_fonts()
    wrapped_head = [wrap(h, w - 6, bold=True, max_lines=2)
                    for h, w in zip(head, widths, strict=True)]
    if long:
        return FastTable(wrapped_head, rows, widths, CELL_SIZE, CELL_LEADING,
                         {(r - 1, c): colour for c, r, colour in emphasis}, right,
                         line_marks={(r - 1, c): lines
                                     for (c, r), lines in (line_marks or {}).items()})
    data: list[list[Any]] = [wrapped_head, *[list(r) for r in rows]]
    style = [
        *grid_style(rows=len(data)),
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), TEXT),
        ("FONTNAME", (0, 0), (-1, 0), bold),
    ]
    style += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in right]
    for column, row, colour in emphasis:
        style += [("TEXTCOLOR", (column, row), (column, row), colour),
                  ("FONTNAME", (column, row), (column, row), bold)]
    for r, row_cells in enumerate(data[1:], start=1):
        for c, cell in enumerate(row_cells):
            if shaping.needs_runs(cell):  # a Table draws a string in one font, in order
                row_cells[c] = para(cell, _plain_cell_style())
                continue
            font = font_for(cell)
            if font != regular:
                style.append(("FONTNAME", (c, r), (c, r), font))
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


@cache
def _plain_cell_style() -> ParagraphStyle:
    return ParagraphStyle("plain-cell", fontName=register_fonts()[0], fontSize=CELL_SIZE,
                          leading=CELL_LEADING, textColor=TEXT)


def tiles(values: Sequence[tuple[str, int]], st: Styles, language: str) -> Table:
    """The few numbers a reader wants first, large."""
    cells = [[para(number_text(v, language), st.title) for _, v in values],
             [para(label, st.label) for label, _ in values]]
    table = Table(cells, colWidths=[WIDTH / len(values)] * len(values))
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, 0), 5),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ("BACKGROUND", (0, 0), (-1, -1), TINT),
        ("LINEAFTER", (0, 0), (-2, -1), 2, "white"),
        ("LINEABOVE", (0, 0), (-1, 0), 1.2, PRIMARY),
    ]))
    return table


def purposes(fig: ReportFigures, settings: Settings, st: Styles, language: str
             ) -> list[Flowable]:
    """Counts by purpose, as the SOP's record asks: a table and the same numbers as bars."""
    head = [translate("Purpose", language), translate("Visits", language),
            translate("Refused", language)]
    rows = [[wrap(purpose_label(settings, p.key, language), 44 * mm),
             number_text(p.visits, language), number_text(p.refused, language)]
            for p in fig.purposes]
    rows.append([translate("Total", language),
                 number_text(sum(p.visits for p in fig.purposes), language),
                 number_text(sum(p.refused for p in fig.purposes), language)])
    table = plain_table(head, rows, [46 * mm, 17 * mm, 15 * mm], right=(1, 2))
    _, bold = register_fonts()
    assert isinstance(table, Table)
    table.setStyle(TableStyle([("FONTNAME", (0, -1), (-1, -1), bold),
                               ("LINEABOVE", (0, -1), (-1, -1), 0.8, TEXT)]))
    chart = purpose_chart(fig, settings, language, WIDTH - 84 * mm, 16 + 13 * len(fig.purposes))
    layout = Table([[table, chart]], colWidths=[84 * mm, WIDTH - 84 * mm])
    layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [KeepTogether([section(translate("Visitors by purpose", language), st), layout])]


def purpose_chart(fig: ReportFigures, settings: Settings, language: str, width: float,
                  height: float) -> Drawing:
    regular, _ = register_fonts()
    items = list(reversed(fig.purposes))  # the chart draws bottom-up; read top-down
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    label_space = 30 * mm
    chart.x, chart.y = label_space, 12
    chart.width, chart.height = width - label_space - 12, height - 16
    chart.data = [[p.visits for p in items]]
    chart.categoryAxis.categoryNames = [
        wrap(purpose_label(settings, p.key, language), label_space - 8, max_lines=1, size=6.5)
        for p in items]
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.fillColor = MUTED
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.visibleTicks = 0
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    top = max([p.visits for p in items] + [1])
    chart.valueAxis.valueMax = _nice_max(top)
    chart.valueAxis.valueStep = max(1, chart.valueAxis.valueMax // 4)
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.bars[0].fillColor = PRIMARY
    chart.bars[0].strokeColor = None
    chart.barWidth = 6
    chart.groupSpacing = 4
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = regular
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _nice_max(value: int) -> int:
    for step in (4, 8, 12, 20, 40, 60, 100, 200, 400, 1000, 2000, 4000, 10000):
        if value <= step:
            return step
    return value + (-value) % 1000


def column_chart(values: Sequence[int], labels: Sequence[str], width: float, height: float,
                 caption: str, unsure: Sequence[int] = ()) -> Drawing:
    """Vertical bars with a label under each; used for "inside by hour" and "per day".
    ``unsure`` is stacked on top in a light tint: people whose exit is not on record."""
    regular, _ = register_fonts()
    notes = shaping.lines(caption, width - 30, 6.5)
    below = 8 * (len(notes) - 1)
    drawing = Drawing(width, height + below)
    chart = VerticalBarChart()
    chart.x, chart.y = 24, 22 + below
    chart.width, chart.height = width - 30, height - 34
    chart.data = [list(values)]
    if any(unsure):
        chart.data.append(list(unsure))
        chart.categoryAxis.style = "stacked"
        chart.bars[1].fillColor = UNSURE
        chart.bars[1].strokeColor = PRIMARY
        chart.bars[1].strokeWidth = 0.4
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 6.3
    chart.categoryAxis.labels.fillColor = MUTED
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.visibleTicks = 0
    chart.valueAxis.valueMin = 0
    tallest = [v + u for v, u in zip(values, unsure, strict=True)] if any(unsure) else values
    chart.valueAxis.valueMax = _nice_max(max([*tallest, 1]))
    chart.valueAxis.valueStep = max(1, chart.valueAxis.valueMax // 4)
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = None
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.bars[0].fillColor = PRIMARY
    chart.bars[0].strokeColor = None
    chart.groupSpacing = 3
    drawing.add(chart)
    for n, note in enumerate(notes):
        drawing.add(String(chart.x, 4 + below - 8 * n, note, fontName=regular, fontSize=6.5,
                           fillColor=MUTED))
    return drawing


def timings(fig: ReportFigures, st: Styles, language: str) -> list[Flowable]:
    """SOP step durations against the standard times ("Mutu Baku")."""
    head = [translate("SOP step", language), translate("Standard", language),
            translate("Measured", language), translate("Median", language),
            translate("Longest (visit)", language), translate("Over standard", language),
            translate("Not measured", language)]
    rows = []
    emphasis = []
    for r, step in enumerate(fig.timings, start=1):
        worst = "–" if step.worst is None else translate(
            "{minutes} min (No. {number})", language,
            minutes=minutes_text(step.worst, language), number=step.worst_visit)
        rows.append([
            wrap(translate(step.label, language), 40 * mm),
            translate("{minutes} min", language, minutes=step.standard),
            number_text(step.measured, language),
            "–" if step.median is None else translate(
                "{minutes} min", language, minutes=minutes_text(step.median, language)),
            worst, number_text(step.over, language), number_text(step.not_measured, language),
        ])
        if step.over:
            emphasis.append((5, r, WARNING))
    widths = [42 * mm, 18 * mm, 18 * mm, 18 * mm, 32 * mm, 22 * mm]
    widths.append(WIDTH - sum(widths))
    table = plain_table(head, rows, widths, right=(1, 2, 3, 5, 6), emphasis=emphasis)
    note = para(translate(
        "Form to decision: submitted until approved or refused. Visit: entered until left. "
        "Check-out: the visitor's exit request at the kiosk until the operator closed the "
        "visit; not measured when the visitor did not scan the badge to leave.", language),
        st.tiny)
    return [KeepTogether([section(translate("SOP step times", language), st), table]), note]


ANOMALY_COLOURS: dict[AnomalyKind, Any] = {
    AnomalyKind.DENY_LIST: DANGER, AnomalyKind.LEFT_UNRECORDED: DANGER,
    AnomalyKind.DEVICE: DANGER, AnomalyKind.STILL_INSIDE: WARNING, AnomalyKind.BADGE: DANGER,
    AnomalyKind.OVERDUE: WARNING, AnomalyKind.UNDECIDED: WARNING, AnomalyKind.REFUSED: TEXT,
}


def anomalies(fig: ReportFigures, st: Styles, language: str, limit: int | None = None
              ) -> list[Flowable]:
    """The kinds table (visits counted once, under their primary kind) and the visits."""
    title = section(translate("Anomalies", language), st)
    found = fig.anomalies
    if not found:
        return [title, para(translate("No anomalies.", language), st.body)]
    story: list[Flowable] = [KeepTogether([title, kinds_table(fig, language)]),
                             para(translate(
                                 "Each visit is counted once, under the first of its kinds in "
                                 "the order of this table; “also” counts the visits that show "
                                 "a kind too but are counted above it.", language), st.tiny),
                             Spacer(1, 2 * mm)]
    shown = found if limit is None else found[:limit]
    head = [translate("Kind", language), translate("No.", language),
            translate("Name", language), translate("What happened", language)]
    widths = [27 * mm, 11 * mm, 36 * mm]
    widths.append(WIDTH - sum(widths))
    rows = [[wrap(ptranslate(*ANOMALY_LABELS[a.kind], language), widths[0] - 6, bold=True),
             a.visit_number, wrap(a.visit.full_name, widths[2] - 6),
             _findings_cell(a, widths[3] - 6, language)]
            for a in shown]
    emphasis = [(0, r, ANOMALY_COLOURS[a.kind]) for r, a in enumerate(shown, start=1)]
    story.append(plain_table(head, rows, widths, emphasis=emphasis, long=True))
    if limit is not None and len(found) > limit:
        story.append(para(ntranslate("{count} more is in the daily reports.",
                                     "{count} more are in the daily reports.",
                                     len(found) - limit, language), st.tiny))
    return story


def kinds_table(fig: ReportFigures, language: str) -> Flowable:
    head = [translate("Kind", language), translate("What it means", language),
            translate("Visits", language), translate("Also", language)]
    widths = [34 * mm, WIDTH - 34 * mm - 34 * mm, 17 * mm, 17 * mm]
    rows = []
    emphasis = []
    for r, count in enumerate(anomaly_table(fig.anomalies), start=1):
        rows.append([wrap(ptranslate(*ANOMALY_LABELS[count.kind], language), widths[0] - 6,
                          bold=bool(count.visits)),
                     wrap(translate(ANOMALY_MEANINGS[count.kind], language), widths[1] - 6),
                     number_text(count.visits, language),
                     number_text(count.also, language) if count.also else "–"])
        if count.visits and ANOMALY_COLOURS[count.kind] is not TEXT:
            emphasis.append((0, r, ANOMALY_COLOURS[count.kind]))
    rows.append([translate("Visits with anomalies", language), "",
                 number_text(fig.anomaly_visits, language), ""])
    table = plain_table(head, rows, widths, right=(2, 3), emphasis=emphasis)
    _, bold = register_fonts()
    assert isinstance(table, Table)
    table.setStyle(TableStyle([("FONTNAME", (0, -1), (-1, -1), bold),
                               ("LINEABOVE", (0, -1), (-1, -1), 0.8, TEXT)]))
    return table


def _findings_cell(anomaly: Anomaly, width: float, language: str) -> str:
    """Every finding of the visit, one per paragraph; those of another kind than the
    primary one say their kind."""
    lines = []
    for finding in anomaly.findings:
        text = finding_text(finding, anomaly.visit, language)
        if finding.kind is not anomaly.kind:
            text = f"{ptranslate(*ANOMALY_LABELS[finding.kind], language)}: {text}"
        lines.append(wrap(text, width, max_lines=4))
    return "\n".join(lines)


def finding_text(finding: Finding, visit: ReportVisit, language: str) -> str:
    params = {key: when(value, local_day(visit.submitted_at), language)
              if isinstance(value, dt.datetime) else value
              for key, value in finding.params.items()}
    return translate(finding.message, language, **params)


def when(moment: dt.datetime | None, day: dt.date, language: str) -> str:
    """A time of day ("18.05"), with its date when it is not on ``day``."""
    if moment is None:
        return "–"
    if local_day(moment) == day:
        return time_text(moment, language)
    return datetime_text(moment, language, zone=False)


# --- the cut-off, and what was left open ------------------------------------------------------

def cutoff_text(data: PeriodData, language: str) -> str:
    """"per 23.59 WIB" for a day; with the date for a longer period."""
    if data.first == data.last and local_day(data.cutoff) == data.first:
        moment = zoned_time_text(data.cutoff, language)
    else:
        moment = datetime_text(data.cutoff, language)
    return translate("as of {moment}", language, moment=moment)


def cutoff_note(data: PeriodData, st: Styles, language: str) -> Flowable:
    moment = datetime_text(data.cutoff, language)
    if data.over:
        text = translate(
            "What was on record at {moment}, the end of the period: made again later, this "
            "report stays the same. Anything recorded after it (a late check-out, say) is "
            "in the report of the day it was recorded.", language, moment=moment)
    else:
        text = translate(
            "What was on record at {moment}, when this report was made: the period is not "
            "over, so a report made later will say more.", language, moment=moment)
    return para(text, st.tiny)


def not_closed(fig: ReportFigures, st: Styles, language: str) -> list[Flowable]:
    """Visits still open at their day's end, and how each was closed by the cut-off."""
    end = time_text(day_end_at(fig.data.last, fig.day_end), language)
    title = section(translate("Not closed at day end ({time})", language, time=end), st)
    if not fig.unclosed:
        if not day_end_reached(fig.data, fig.day_end):
            return [title, para(translate("The day end ({time}) had not come at the "
                                          "cut-off.", language, time=end), st.body)]
        return [title, para(translate("Every visit was closed by the day end.", language),
                            st.body)]
    head = [translate("No.", language), translate("Name", language),
            translate("At day end", language), translate("How it was closed", language)]
    widths = [13 * mm, 40 * mm, 30 * mm]
    widths.append(WIDTH - sum(widths))
    rows, emphasis = [], []
    for r, item in enumerate(fig.unclosed, start=1):
        alarming = item.resolution in {Resolution.STILL_OPEN, Resolution.LEFT_UNRECORDED}
        rows.append([item.visit.number, wrap(item.visit.full_name, widths[1] - 6),
                     wrap(state_label(item.state_at_day_end, language), widths[2] - 6),
                     wrap(resolution_text(item.visit, language), widths[3] - 6, bold=alarming,
                          max_lines=4)])
        if alarming:
            emphasis.append((3, r, DANGER))
    return [title, plain_table(head, rows, widths, emphasis=emphasis, long=True)]


_RESOLUTIONS: dict[Resolution, str] = {
    Resolution.CHECKED_OUT: N_("Checked out at {left} by {who}."),
    Resolution.LATE: N_("Checked out late: left at {left}, recorded at {recorded} by {who}: "
                        "{reason}"),
    Resolution.LEFT_UNRECORDED: N_("Left without check-out, recorded at {recorded} by {who}: "
                                   "{reason}"),
    Resolution.UNVISITED: N_("{state} at {recorded} by {who}: {reason}"),
    Resolution.DECIDED: N_("{state} at {recorded} by {who}."),
    Resolution.STILL_OPEN: N_("Still open at the cut-off ({state})."),
}


def resolution_text(visit: ReportVisit, language: str) -> str:
    day = local_day(visit.submitted_at)
    return translate(
        _RESOLUTIONS[resolution(visit)], language, left=when(visit.left_at, day, language),
        recorded=when(visit.closed_at, day, language), who=visit.closed_by or "–",
        reason=visit.closed_reason or "–", state=state_label(visit.state, language))


def closed_later(fig: ReportFigures, st: Styles, language: str) -> list[Flowable]:
    """Visits of earlier days whose closing was recorded in this period: where a late
    check-out is told, since the report of the visit's own day holds still."""
    visits = fig.data.closed_later
    if not visits:
        return []
    head = [translate("No.", language), translate("Submitted", language),
            translate("Name", language), translate("How it was closed", language)]
    widths = [13 * mm, 20 * mm, 40 * mm]
    widths.append(WIDTH - sum(widths))
    rows = [[v.number, short_date(local_day(v.submitted_at), language),
             wrap(v.full_name, widths[2] - 6),
             wrap(resolution_text(v, language), widths[3] - 6, max_lines=4)]
            for v in visits]
    return [section(translate("Visits of earlier days closed in this period", language), st),
            plain_table(head, rows, widths, long=True)]


def purged_note(fig: ReportFigures, st: Styles, language: str) -> list[Flowable]:
    if not fig.totals.purged:
        return []
    return [para(ntranslate(
        "{count} visit of this period is counted above, but its personal data were "
        "deleted at the end of the retention period, so it is not listed.",
        "{count} visits of this period are counted above, but their personal data were "
        "deleted at the end of the retention period, so they are not listed.",
        fig.totals.purged, language, count=number_text(fig.totals.purged, language)),
        st.tiny)]


def sign_off(st: Styles, language: str, place_date: str) -> list[Flowable]:
    block = signature_block(st, language, place_date, [
        (translate("Prepared by,\nServer room operator", language), ""),
        (translate("Acknowledged by,\nHead of Network and Data Center Section", language), ""),
    ], WIDTH)
    return [KeepTogether([section(translate("Approval", language), st), block])]


TILE_LABELS = (N_("Visits"), N_("Entered the room"), N_("Refused"),
               N_("Still inside at cut-off"), N_("Devices brought in"),
               N_("Visits with anomalies"))


def tile_values(fig: ReportFigures, language: str) -> list[tuple[str, int]]:
    t = fig.totals
    values = (t.visits, t.entered, t.refused, t.inside, t.devices, fig.anomaly_visits)
    return [(translate(label, language), v) for label, v in zip(TILE_LABELS, values,
                                                                 strict=True)]
