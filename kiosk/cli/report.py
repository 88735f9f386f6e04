"""``pintu report``: the supervisor's daily and monthly reports, as PDF and CSV.

``pintu report daily --date 2026-11-23 --out report.pdf [--csv report.csv] [--lang en]``
``pintu report monthly --month 2026-11 --out monthly.pdf [--csv monthly.csv]``
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from kiosk.bootstrap import open_database
from kiosk.clock import today
from kiosk.config import Settings
from kiosk.documents.csv_export import write_csv
from kiosk.documents.daily_report import daily_figures, daily_report_pdf
from kiosk.documents.monthly_report import monthly_figures, monthly_report_pdf
from kiosk.errors import ValidationError
from kiosk.i18n import current_language, ntr, tr


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("report", help="daily and monthly visit reports")
    kinds = parser.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    daily = kinds.add_parser("daily", help="one day's report (default: today)")
    daily.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    monthly = kinds.add_parser("monthly", help="one month's summary")
    monthly.add_argument("--month", required=True, help="YYYY-MM")
    for sub in (daily, monthly):
        sub.add_argument("--out", type=Path, default=None, help="PDF file to write")
        sub.add_argument("--csv", type=Path, default=None, help="CSV file of the visits")
        sub.set_defaults(handler=_report)


def _report(args: argparse.Namespace, settings: Settings) -> int:
    language = current_language()
    db = open_database(settings)
    if args.report_kind == "daily":
        day = _parse_date(args.date) if args.date else today()
        fig = daily_figures(db, settings, day)
        out = args.out or Path(f"laporan-harian-{day.isoformat()}.pdf")
        daily_report_pdf(fig, settings, out, language)
    else:
        year, month = _parse_month(args.month)
        fig = monthly_figures(db, settings, year, month)
        out = args.out or Path(f"laporan-bulanan-{year:04d}-{month:02d}.pdf")
        monthly_report_pdf(fig, settings, out, language)
    print(tr("Report written to {path}: {visits}, {anomalies}.", path=str(out),
             visits=ntr("{count} visit", "{count} visits", fig.totals.visits),
             anomalies=ntr("{count} anomaly", "{count} anomalies", len(fig.anomalies))))
    if args.csv:
        write_csv(fig.data, settings, args.csv, language)
        print(tr("Visit list written to {path}.", path=str(args.csv)))
    return 0


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError("date", "Write the date as YYYY-MM-DD, for example 2026-11-23."
                              ) from None


def _parse_month(text: str) -> tuple[int, int]:
    try:
        first = dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise ValidationError("month", "Write the month as YYYY-MM, for example 2026-11."
                              ) from None
    return first.year, first.month
