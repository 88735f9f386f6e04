"""The evacuation list: everyone holding a visitor badge right now, to count at the
assembly point. Printed in a hurry, read outdoors: large type, one line per person, a box
to tick, and the moment it was printed so nobody trusts an old copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from kiosk.config import Settings
from kiosk.documents.layout import (
    A4,
    DANGER,
    MARGIN,
    RULE,
    DocMeta,
    build_pdf,
    grid_style,
    para,
    signature_block,
    styles,
)
from kiosk.domain.records import VisitSummary
from kiosk.formats import datetime_text, number_text, time_text
from kiosk.i18n import ntranslate, translate

WIDTH = A4[0] - 2 * MARGIN


def evacuation_pdf(visits: Sequence[VisitSummary], as_of: dt.datetime, settings: Settings,
                   out: Path, language: str = "id") -> Path:
    """``as_of`` is when ``visits`` were read, which is printed: a list from the screen's
    last refresh (the database unreachable) must say how old it is."""
    st = styles()
    now = as_of
    title = translate("Evacuation List: Visitors Inside", language)
    count = ntranslate("{count} person holds a visitor badge",
                       "{count} people hold a visitor badge", len(visits), language,
                       count=number_text(len(visits), language))
    story: list[Flowable] = [
        para(title, st.title),
        para(translate("As of {moment}. {count}.", language,
                       moment=datetime_text(now, language), count=count), st.subtitle),
    ]
    if visits:
        story.append(_table(visits, language))
    else:
        story.append(para(translate("Nobody is inside the server room.", language), st.body))
    story += [
        Spacer(1, 6 * mm),
        para(translate("Tick each person at the assembly point. Report anyone missing to "
                       "the emergency team at once.", language), st.body, bold=True),
        Spacer(1, 8 * mm),
        signature_block(st, language, "", [(translate("Checked by", language), "")],
                        WIDTH / 2),
    ]
    meta = DocMeta(title, translate("As of {moment}", language,
                                    moment=datetime_text(now, language)), language, now)
    build_pdf(out, story, meta, settings)
    return out


def _table(visits: Sequence[VisitSummary], language: str) -> Table:
    st = styles()
    head = [translate("No.", language), translate("Name", language),
            translate("Organisation", language), translate("Badge", language),
            translate("Escort", language), translate("Entered", language),
            translate("Present", language)]
    data: list[list[object]] = [[para(h, st.head_cell) for h in head]]
    big = st.body
    for n, visit in enumerate(visits, start=1):
        data.append([para(str(n), big), para(visit.full_name, big, bold=True),
                     para(visit.organisation, st.small),
                     para(str(visit.badge_number or "–"), big, bold=True),
                     para(visit.escort_name or "–", st.small),
                     para(time_text(visit.entered_at or visit.decided_at, language), big),
                     ""])
    widths = [10 * mm, 46 * mm, 44 * mm, 14 * mm, 32 * mm, 16 * mm]
    widths.append(WIDTH - sum(widths))
    table = Table(data, colWidths=widths, repeatRows=1)
    style = grid_style(rows=len(data), zebra=False)
    style += [("TOPPADDING", (0, 1), (-1, -1), 5), ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
              ("LINEABOVE", (0, 0), (-1, 0), 1.5, DANGER)]
    for row in range(1, len(data)):
        style.append(("BOX", (-1, row), (-1, row), 0.8, RULE))
    table.setStyle(TableStyle(style))
    return table
