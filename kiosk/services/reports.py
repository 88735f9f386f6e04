"""Making a report: the one place a period is read, its figures computed, and its PDF and
CSV named and written, for the supervisor's screen, the command line and the self-test.

A report shows what was on record at its cut-off (``figures.cutoff``), and the PDF carries
the cut-off as its creation date. The PDF is sealed (``kiosk.services.signing``) at that
same moment, never the clock's: rendering and sealing are deterministic, so a report of a
day that is over comes out byte for byte the same whenever it is made, and a filed copy
can be checked against a new one. The CSV cannot carry a seal.

A report that leaves the kiosk (exported to a folder, written by ``pintu report``) has its
PDF's SHA-256 recorded in the audit chain, so ``pintu verify-pdf`` recognises the file
wherever it turns up; the previews and printouts that stay at the desk are not recorded.
"""

from __future__ import annotations

import hashlib
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
from kiosk.i18n import N_, translate
from kiosk.services import audit, signing
from kiosk.services.actors import Actor
from kiosk.services.report_data import period_data

log = logging.getLogger(__name__)

SEAL_REASON = N_("Visit report made by Pintu")


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

    Both files are rendered and sealed first and written together: a folder that is
    missing, read-only or full raises ``FileAccessError`` and neither file appears.
    """
    fig = report_figures(db, settings, actor, period)
    render = daily_report_bytes if period.kind is PeriodKind.DAY else monthly_report_bytes
    sealed = signing.seal(settings, render(fig, settings, language), fig.data.cutoff,
                          translate(SEAL_REASON, language))
    files = {pdf: sealed}
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


def export_report(db: Database, actor: Actor, files: ReportFiles, folder: Path
                  ) -> list[Path]:
    """Copy a prepared report (the pages the supervisor looked at) into ``folder``, and
    record it.

    A folder that is missing, read-only or full (a USB stick pulled out, say) raises
    ``FileAccessError``; then neither file is left there. If the report cannot be
    recorded, the copies are taken back.
    """
    actor.require(Role.SUPERVISOR)
    sources = [path for path in (files.pdf, files.csv) if path is not None]
    copied = write_all({folder / source.name: read_bytes(source) for source in sources})
    try:
        record_report(db, actor, files)
    except BaseException:
        for path in copied:
            path.unlink(missing_ok=True)
        raise
    return copied


def record_report(db: Database, actor: Actor, files: ReportFiles) -> str:
    """The report's PDF leaves the kiosk: its SHA-256 goes into the audit chain (with the
    period and language, never personal data)."""
    actor.require(Role.SUPERVISOR)
    digest = hashlib.sha256(read_bytes(files.pdf)).hexdigest()
    with db.session() as session:
        audit.append(session, actor, "report_exported", period=files.period.stem,
                     language=files.language, sha256=digest)
    log.info("report %s recorded as %s", files.period.stem, digest[:16])
    return digest
