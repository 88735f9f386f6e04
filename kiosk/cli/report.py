"""``pintu report``: the supervisor's daily, monthly and period reports, as PDF and CSV.

The PDF is sealed, and its SHA-256 is recorded like an export's, so ``pintu verify-pdf``
recognises it.

``pintu report daily [--date 2026-11-23] [--out report.pdf] [--csv report.csv] [--lang en]``
``pintu report monthly --month 2026-11 [--out monthly.pdf] [--csv monthly.csv]``
``pintu report range --from 2026-11-01 --to 2026-11-15 [--out period.pdf] [--csv period.csv]``
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from kiosk.config import Settings
from kiosk.domain.clock import today
from kiosk.domain.figures import Period
from kiosk.errors import ValidationError
from kiosk.formats import datetime_text
from kiosk.i18n import current_language, ntr, tr
from kiosk.services.actors import SYSTEM
from kiosk.services.reports import record_report, write_report
from kiosk.services.store import open_database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("report", help="daily, monthly and period visit reports")
    kinds = parser.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    daily = kinds.add_parser("daily", help="one day's report (default: today)")
    daily.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    monthly = kinds.add_parser("monthly", help="one month's summary")
    monthly.add_argument("--month", required=True, help="YYYY-MM")
    between = kinds.add_parser("range", help="a summary of the days FROM to TO")
    between.add_argument("--from", dest="first", required=True, help="YYYY-MM-DD")
    between.add_argument("--to", dest="last", required=True, help="YYYY-MM-DD")
    for sub in (daily, monthly, between):
        sub.add_argument("--out", type=Path, default=None,
                         help="PDF file to write (default: named after the period)")
        sub.add_argument("--csv", type=Path, default=None, help="CSV file of the visits")
        sub.set_defaults(handler=_report)


def _period(args: argparse.Namespace) -> Period:
    if args.report_kind == "daily":
        return Period.day(_parse_date(args.date) if args.date else today())
    if args.report_kind == "monthly":
        first = _parse_month(args.month)
        return Period.month(first.year, first.month)
    return Period.between(_parse_date(args.first), _parse_date(args.last))


def _report(args: argparse.Namespace, settings: Settings) -> int:
    period = _period(args)
    out = args.out or Path(f"{period.stem}.pdf")
    db = open_database(settings)
    files = write_report(db, settings, SYSTEM, period, current_language(), out, args.csv)
    record_report(db, SYSTEM, files)
    print(tr("Report written to {path}: {visits}, {anomalies}, as of {moment}.",
             path=str(out),
             visits=ntr("{count} visit", "{count} visits", files.figures.totals.visits),
             anomalies=ntr("{count} with anomalies", "{count} with anomalies",
                           files.figures.anomaly_visits),
             moment=datetime_text(files.figures.data.cutoff)))
    if files.csv is not None:
        print(tr("Visit list written to {path}.", path=str(files.csv)))
    return 0


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError("date", "Write the date as YYYY-MM-DD, for example 2026-11-23."
                              ) from None


def _parse_month(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise ValidationError("month", "Write the month as YYYY-MM, for example 2026-11."
                              ) from None
