"""Making a report: the one place a period is read, its figures computed, and its PDF and
CSV named and written, for the supervisor's screen, the command line and the self-test.

The PDF is sealed (``kiosk.services.signing``) at the report's own moment, the moment its
data were read, never the clock's: rendering and sealing are deterministic, so the same
data give the same sealed file. The CSV cannot carry a seal.

A report that leaves the kiosk (exported to a folder, written by ``pintu report``) has its
PDF's SHA-256 recorded in the audit chain, so ``pintu verify-pdf`` recognises the file
wherever it turns up; the previews and printouts that stay at the desk are not recorded.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.documents.csv_export import write_csv
from kiosk.documents.daily_report import daily_report_pdf
from kiosk.documents.monthly_report import monthly_report_pdf
from kiosk.domain.figures import Period, PeriodKind, ReportFigures, figures
from kiosk.domain.types import Role
from kiosk.errors import KnownError
from kiosk.files import write_atomic
from kiosk.i18n import N_, translate
from kiosk.services import audit, signing
from kiosk.services.actors import Actor
from kiosk.services.report_data import period_data

log = logging.getLogger(__name__)

#: The reason a PDF reader shows beside the seal.
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
    return figures(period_data(db, period.first, period.last), settings)


def write_report(db: Database, settings: Settings, actor: Actor, period: Period,
                 language: str, pdf: Path, csv: Path | None = None) -> ReportFiles:
    """Write the report of ``period`` to ``pdf`` (and its visit list to ``csv``)."""
    fig = report_figures(db, settings, actor, period)
    render = daily_report_pdf if period.kind is PeriodKind.DAY else monthly_report_pdf
    render(fig, settings, pdf, language)
    rendered = pdf.read_bytes()
    sealed = signing.seal(settings, rendered, fig.data.as_of, translate(SEAL_REASON, language))
    if sealed != rendered:  # not when sealing is off
        write_atomic(pdf, sealed)
    if csv is not None:
        write_csv(fig.data, settings, csv, language)
    log.info("report %s written (%d visits)", period.stem, fig.totals.visits)
    return ReportFiles(period, language, fig, pdf, csv)


def prepare_report(db: Database, settings: Settings, actor: Actor, period: Period,
                   language: str, folder: Path) -> ReportFiles:
    """The PDF and the CSV of ``period`` side by side in ``folder``, named after it."""
    return write_report(db, settings, actor, period, language,
                        folder / f"{period.stem}.pdf", folder / f"{period.stem}.csv")


class ExportFailed(KnownError):
    """The export folder is missing, read-only or full (a USB stick pulled out, say)."""


def export_report(db: Database, actor: Actor, files: ReportFiles, folder: Path
                  ) -> list[Path]:
    """Copy a prepared report (the pages the supervisor looked at) into ``folder`` and
    record it; if it cannot be recorded, the copies are taken back."""
    actor.require(Role.SUPERVISOR)
    sources = [path for path in (files.pdf, files.csv) if path is not None]
    copied = []
    try:
        if not folder.is_dir():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(folder))
        for source in sources:
            copied.append(write_atomic(folder / source.name, source.read_bytes()))
        record_report(db, actor, files)
    except OSError as exc:
        _remove(copied)
        raise ExportFailed("The report cannot be saved in {folder}: {reason}",
                           folder=str(folder), reason=exc.strerror or str(exc)) from exc
    except BaseException:
        _remove(copied)
        raise
    return copied


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def record_report(db: Database, actor: Actor, files: ReportFiles) -> str:
    """The report's PDF leaves the kiosk: its SHA-256 goes into the audit chain (with the
    period and language, never personal data)."""
    actor.require(Role.SUPERVISOR)
    digest = hashlib.sha256(files.pdf.read_bytes()).hexdigest()
    with db.session() as session:
        audit.append(session, actor, "report_exported", period=files.period.stem,
                     language=files.language, sha256=digest)
    log.info("report %s recorded as %s", files.period.stem, digest[:16])
    return digest
