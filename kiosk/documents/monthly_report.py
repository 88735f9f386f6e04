"""The monthly summary, and the summary of any period: the daily report's model over days.

Totals, visitors by purpose, visits per day (per week or per month for a long period), SOP
step times and anomalies, then the head of section's signature. The visit-by-visit list
stays in the daily reports (and in the CSV export), which keeps the summary a few pages
long. A calendar month is titled as one ("November 2026"); any other period by its first
and last day. Like the daily report, it shows what was on record at its cut-off.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether

from kiosk.config import Settings
from kiosk.documents import report_parts as parts
from kiosk.documents.daily_report import REPORT_STAMP
from kiosk.documents.layout import DocMeta, build_pdf, para, render_bytes, section, styles
from kiosk.domain.figures import (
    Bucket,
    BucketUnit,
    PeriodData,
    PeriodKind,
    ReportFigures,
    visits_by_bucket,
)
from kiosk.formats import date_text, day_month, month_text, number_text, short_date, short_month
from kiosk.i18n import N_, ntranslate, translate

#: Anomalies listed in full; beyond this the daily reports hold the rest.
ANOMALY_LIMIT = 150

_CHARTS = {
    BucketUnit.DAY: (N_("Visits per day"), N_("Visits submitted each day of the period.")),
    BucketUnit.WEEK: (N_("Visits per week"), N_("Visits submitted each week of the period "
                                                 "(weeks from its first day).")),
    BucketUnit.MONTH: (N_("Visits per month"),
                       N_("Visits submitted each month of the period.")),
}


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
    title, period = titles(fig.data, language)
    unit, buckets = visits_by_bucket(fig.data)
    heading, caption = _CHARTS[unit]
    story: list[Flowable] = [
        para(title, st.title),
        para(f"{period} · {parts.cutoff_text(fig.data, language)}", st.subtitle),
        parts.tiles(parts.tile_values(fig, language), st, language),
        parts.cutoff_note(fig.data, st, language),
        *parts.purposes(fig, settings, st, language),
        KeepTogether([
            section(translate(heading, language), st),
            parts.column_chart([b.visits for b in buckets],
                               [bucket_label(b, unit, language) for b in buckets],
                               parts.WIDTH, 110, translate(caption, language)),
        ]),
        *parts.timings(fig, st, language),
        *parts.anomalies(fig, st, language, limit=ANOMALY_LIMIT),
        *_unclosed_count(fig, language),
        *parts.closed_later(fig, st, language),
        *parts.purged_note(fig, st, language),
        *parts.sign_off(st, language, date_text(last, language)),
    ]
    span = f"{short_date(first, language)} – {short_date(last, language)}"
    meta = DocMeta(title, period if fig.data.period.kind is PeriodKind.MONTH else span,
                   language, fig.data.cutoff, stamp=REPORT_STAMP)
    return story, meta


def titles(data: PeriodData, language: str) -> tuple[str, str]:
    """The title and the period line under it."""
    first, last = data.first, data.last
    if data.period.kind is PeriodKind.MONTH:
        return (translate("Monthly Server Room Visit Report", language),
                translate("{month} ({first} to {last})", language,
                          month=month_text(first.year, first.month, language),
                          first=date_text(first, language), last=date_text(last, language)))
    return (translate("Server Room Visit Report for a Period", language),
            translate("{first} to {last} ({days} days)", language,
                      first=date_text(first, language), last=date_text(last, language),
                      days=number_text(data.period.days, language)))


def bucket_label(bucket: Bucket, unit: BucketUnit, language: str) -> str:
    """"23" for a day, "23/11" for the week starting then, "Nov 2026" for a month."""
    if unit is BucketUnit.DAY:
        return number_text(bucket.first.day, language)
    if unit is BucketUnit.WEEK:
        return day_month(bucket.first, language)
    return short_month(bucket.first.year, bucket.first.month, language)


def _unclosed_count(fig: ReportFigures, language: str) -> list[Flowable]:
    if not fig.unclosed:
        return []
    return [para(ntranslate(
        "{count} visit was still open at its day's end; the daily report says how it was "
        "closed.",
        "{count} visits were still open at their day's end; the daily reports say how each "
        "was closed.", len(fig.unclosed), language), styles().small)]
