"""The record of an emergency roll call, filed when it ends.

It answers what the emergency team and, later, the supervisor ask: who started the count
and when, who was still missing when it ended (first, in red, because that is what
matters), and who was accounted for, at what time, how long after the start, by whom and
at which terminal. Each visitor's escort is printed beside them. Like every filed
document it is deterministic: its date is the moment the roll call ended, so the same
record always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from kiosk.config import Settings
from kiosk.documents.layout import (
    A4,
    DANGER,
    MARGIN,
    SUCCESS,
    DocMeta,
    Styles,
    grid_style,
    para,
    render_bytes,
    section,
    signature_block,
    styles,
)
from kiosk.domain.records import RollCallLine, RollCallRecord
from kiosk.formats import datetime_text, elapsed_text, number_text, seconds_text
from kiosk.i18n import N_, ntranslate, translate

WIDTH = A4[0] - 2 * MARGIN


def roll_call_pdf(record: RollCallRecord, settings: Settings, language: str = "id") -> bytes:
    """The PDF of an ended roll call (an open one is printed as it stands, dated now by the
    caller's record: its end is blank)."""
    made_at = record.ended_at or record.started_at
    meta = DocMeta(
        title=translate("Emergency Roll Call", language),
        reference=translate("Roll call No. {number}", language, number=f"{record.id:04d}"),
        language=language, made_at=made_at)
    return render_bytes(_story(record, language), meta, settings)


def _story(record: RollCallRecord, language: str) -> list[Flowable]:
    st = styles()
    total, missing = len(record.lines), record.missing
    story: list[Flowable] = [
        para(translate("Emergency Roll Call", language), st.title),
        para(_timing(record, language), st.subtitle),
        para(ntranslate("{accounted} of {count} person accounted for",
                        "{accounted} of {count} people accounted for", total, language,
                        accounted=number_text(len(record.accounted), language),
                        count=number_text(total, language)),
             _tinted(st.title, SUCCESS if not missing else DANGER)),
    ]
    if missing:
        story += [para(ntranslate("Missing: {count} person not accounted for",
                                  "Missing: {count} people not accounted for",
                                  len(missing), language,
                                  count=number_text(len(missing), language)),
                       _tinted(st.section, DANGER)),
                  _missing_table(missing, language, st)]
    else:
        story.append(para(translate("Everyone was accounted for.", language),
                          _tinted(st.section, SUCCESS)))
    story.append(section(translate("Accounted for", language), st))
    if record.accounted:
        story.append(_accounted_table(record, language, st))
    else:
        story.append(para(translate("Nobody was marked as accounted for.", language),
                          st.body))
    story += [
        Spacer(1, 4 * mm),
        para(translate("Visitors listed are everyone holding a visitor badge when the roll "
                       "call started. Escorts are staff: they are listed beside their "
                       "visitor and counted by the office's own staff roll call.", language),
             st.small),
        Spacer(1, 8 * mm),
        signature_block(st, language, "", [
            (translate("Roll call ended by", language), record.ended_by or ""),
            (translate("Emergency team", language), "")], WIDTH),
    ]
    return story


def _timing(record: RollCallRecord, language: str) -> str:
    started = translate("Started {moment} by {name} ({terminal}).", language,
                        moment=_moment(record.started_at, language),
                        name=record.started_by, terminal=record.started_terminal)
    if record.ended_at is None:
        return started + " " + translate("Still open.", language)
    return started + " " + translate(
        "Ended {moment} by {name} ({terminal}), after {elapsed}.", language,
        moment=_moment(record.ended_at, language), name=record.ended_by or "–",
        terminal=record.ended_terminal or "–",
        elapsed=elapsed_text(record.ended_at - record.started_at, language))


def _moment(moment: dt.datetime, language: str) -> str:
    """The date and the time to the second: "23 November 2026, 14.02.11 WIB"."""
    return datetime_text(moment, language, seconds=True)


def _tinted(style: ParagraphStyle, colour: Color) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-{colour.hexval()}", parent=style, textColor=colour)


def _person_cells(n: int, line: RollCallLine, st: Styles) -> list[Any]:
    return [para(str(n), st.cell), para(line.full_name, st.cell_bold),
            para(line.organisation, st.cell),
            para(str(line.badge_number) if line.badge_number is not None else "–",
                 st.cell_bold),
            para(line.escort_name or "–", st.cell)]


def _head(language: str, st: Styles, *extra: str) -> list[Any]:
    names = (N_("No."), N_("Name"), N_("Organisation"), N_("Badge"), N_("Escort"), *extra)
    return [para(translate(h, language), st.head_cell) for h in names]


def _missing_table(lines: Sequence[RollCallLine], language: str, st: Styles) -> Table:
    data = [_head(language, st, N_("Visit"))]
    data += [[*_person_cells(n, line, st), para(line.number, st.cell)]
             for n, line in enumerate(lines, start=1)]
    widths = [9 * mm, 48 * mm, 45 * mm, 14 * mm, 36 * mm]
    widths.append(WIDTH - sum(widths))
    return _table(data, widths, DANGER)


def _accounted_table(record: RollCallRecord, language: str, st: Styles) -> Table:
    data = [_head(language, st, N_("Accounted for at"), N_("By"))]
    for n, line in enumerate(record.accounted, start=1):
        at = line.accounted_at
        when = "–" if at is None else translate(
            "{time} (after {elapsed})", language, time=seconds_text(at, language),
            elapsed=elapsed_text(at - record.started_at, language))
        by = line.accounted_by or "–"
        if line.accounted_terminal:
            by = f"{by} · {line.accounted_terminal}"
        data.append([*_person_cells(n, line, st), para(when, st.cell), para(by, st.cell)])
    widths = [8 * mm, 34 * mm, 30 * mm, 12 * mm, 26 * mm, 33 * mm]
    widths.append(WIDTH - sum(widths))
    return _table(data, widths, SUCCESS)


def _table(data: list[list[Any]], widths: list[float], rule: Color) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1)
    style = grid_style(rows=len(data))
    style += [("LINEABOVE", (0, 0), (-1, 0), 1.5, rule),
              ("TOPPADDING", (0, 1), (-1, -1), 4), ("BOTTOMPADDING", (0, 1), (-1, -1), 4)]
    table.setStyle(TableStyle(style))
    return table
