"""The monthly summary: the daily report's model over a calendar month.

Totals, visitors by purpose, visits per day, SOP step times and anomalies for the month,
then the head of section's signature. The visit-by-visit list stays in the daily reports
(and in the CSV export), which keeps the monthly report a few pages long.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether

from kiosk.config import Settings
from kiosk.documents import report_parts as parts
from kiosk.documents.dates import date_text, month_text
from kiosk.documents.layout import DocMeta, build_pdf, para, render_bytes, section, styles
from kiosk.domain.figures import ReportFigures, visits_by_day
from kiosk.i18n import translate

#: Anomalies listed in full; beyond this the daily reports hold the rest.
ANOMALY_LIMIT = 150


def monthly_report_pdf(fig: ReportFigures, settings: Settings, out: Path,
                       language: str = "id") -> Path:
    build_pdf(out, *_document(fig, settings, language), settings)
    return out


def monthly_report_bytes(fig: ReportFigures, settings: Settings, language: str = "id") -> bytes:
    """The same report in memory (written later together with its CSV)."""
    return render_bytes(*_document(fig, settings, language), settings)


def _document(fig: ReportFigures, settings: Settings,
              language: str) -> tuple[list[Flowable], DocMeta]:
    first, last = fig.data.first, fig.data.last
    st = styles()
    title = translate("Monthly Server Room Visit Report", language)
    period = month_text(first.year, first.month, language)
    per_day = visits_by_day(fig.data)
    story: list[Flowable] = [
        para(title, st.title),
        para(translate("{month} ({first} to {last})", language, month=period,
                       first=date_text(first, language), last=date_text(last, language)),
             st.subtitle),
        parts.tiles(parts.tile_values(fig, language), st, language),
        *parts.purposes(fig, settings, st, language),
        KeepTogether([
            section(translate("Visits per day", language), st),
            parts.column_chart([d.visits for d in per_day], [str(d.day.day) for d in per_day],
                               parts.WIDTH, 110,
                               translate("Visits submitted each day of the month.", language)),
        ]),
        *parts.timings(fig, st, language),
        *parts.anomalies(fig, st, language, limit=ANOMALY_LIMIT),
        *parts.purged_note(fig, st, language),
        *parts.sign_off(st, language, date_text(last, language)),
    ]
    meta = DocMeta(title, period, language, fig.data.as_of)
    return story, meta
