"""Making a report: the one place a period is read, its figures computed, and its PDF and
CSV named and written, for the supervisor's screen, the command line and the self-test.

A report shows what was on record at its cut-off (``figures.cutoff``), and the PDF carries
the cut-off as its creation date: a report of a day that is over comes out byte for byte
the same whenever it is made, so a filed copy can be checked against a new one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.documents.csv_export import csv_bytes
from kiosk.documents.daily_report import daily_report_bytes
from kiosk.documents.monthly_report import monthly_report_bytes
from kiosk.domain.figures import Period, PeriodKind, ReportFigures, figures
from kiosk.domain.types import Role
from kiosk.files import read_bytes, write_all
from kiosk.services.actors import Actor
from kiosk.services.report_data import period_data

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportFiles:
    period: Period
    language: str
    figures: ReportFigures
    pdf: Path
    csv: Path | None


def report_figures(db: Database, settings: Settings, actor: Actor,
                   period: Period) -> ReportFigures:
    """The figures of ``period``, as every report of it prints them."""
    actor.require(Role.SUPERVISOR)
    return figures(period_data(db, period), settings)


def write_report(db: Database, settings: Settings, actor: Actor, period: Period,
                 language: str, pdf: Path, csv: Path | None = None) -> ReportFiles:
    """Write the report of ``period`` to ``pdf`` (and its visit list to ``csv``).

    Both files are rendered first and written together: a folder that is missing,
    read-only or full raises ``FileAccessError`` and neither file appears.
    """
    fig = report_figures(db, settings, actor, period)
    render = daily_report_bytes if period.kind is PeriodKind.DAY else monthly_report_bytes
    files = {pdf: render(fig, settings, language)}
    if csv is not None:
        files[csv] = csv_bytes(fig, settings, language)
    write_all(files)
    log.info("report %s written (%d visits, cut-off %s)", period.stem, fig.totals.visits,
             fig.data.cutoff.isoformat())
    return ReportFiles(period, language, fig, pdf, csv)


def prepare_report(db: Database, settings: Settings, actor: Actor, period: Period,
                   language: str, folder: Path) -> ReportFiles:
    """The PDF and the CSV of ``period`` side by side in ``folder``, named after it."""
    return write_report(db, settings, actor, period, language,
                        folder / f"{period.stem}.pdf", folder / f"{period.stem}.csv")


def export_report(files: ReportFiles, folder: Path) -> list[Path]:
    """Copy a prepared report (the pages the supervisor looked at) into ``folder``.

    A folder that is missing, read-only or full (a USB stick pulled out, say) raises
    ``FileAccessError``; then neither file is left there.
    """
    sources = [path for path in (files.pdf, files.csv) if path is not None]
    return write_all({folder / source.name: read_bytes(source) for source in sources})
