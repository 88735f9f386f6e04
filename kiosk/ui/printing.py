"""Printing PDFs through Qt's print support, without ever holding up the door.

``print_pdf`` draws each page of a PDF with QtPdf (``kiosk.ui.pdf_pages``) at print
resolution and paints it on a ``QPrinter``: the terminal's printer (``chosen_printer``),
the system default, or (``printer = "pdf:/path/file.pdf"``) a PDF file, which is how an
office without a printer "prints". A missing, stopped or failing printer raises
``PrinterUnavailable`` with a message saying what to check; an unreadable PDF raises
``PdfUnreadable``.

``PrintQueue`` runs jobs off the UI thread and keeps failed ones for a retry, so an
approval or a check-out never waits for paper; ``auto_print_visit_badge`` is what the
console calls after an approval when ``auto_print_badge`` is set.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.config import chosen_printer
from kiosk.documents.cards import visit_badge_pdf
from kiosk.domain.clock import utcnow
from kiosk.domain.tokens import TokenKind, issue_token
from kiosk.errors import KnownError, PintuError
from kiosk.files import make_private_dir
from kiosk.i18n import N_, tr
from kiosk.services.queries import get_visit
from kiosk.ui.context import AppContext
from kiosk.ui.ops import run_render
from kiosk.ui.pdf_pages import PdfPages

log = logging.getLogger(__name__)

FILE_PREFIX = "pdf:"
PRINT_DPI = 300


class PrinterUnavailable(KnownError):
    """The printer is missing, off, out of paper or refused the job; the job can be retried."""


def print_pdf(path: Path, printer: str | None) -> None:
    """Print every page of ``path`` on ``printer`` (``None``: the system default)."""
    device = _printer(printer)
    with PdfPages(path) as pages:
        device.setPageSize(QPageSize(pages.point_size(0), QPageSize.Unit.Point, "",
                                     QPageSize.SizeMatchPolicy.FuzzyMatch))
        device.setFullPage(True)
        device.setDocName(path.stem)
        _paint(pages, device, printer)


def _printer(name: str | None) -> QPrinter:
    if name and name.startswith(FILE_PREFIX):
        device = QPrinter(QPrinter.PrinterMode.HighResolution)
        device.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        device.setOutputFileName(name[len(FILE_PREFIX):])
        return device
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
    if info.isNull():
        if name:
            raise PrinterUnavailable(
                "Printer {name} is not available. Check that it is switched on and "
                "connected, or choose another printer in the settings.", name=name)
        raise PrinterUnavailable("No printer is set up on this computer. Connect a printer "
                                 "or name one in the settings.")
    if info.state() == QPrinter.PrinterState.Error:
        # A CUPS queue stops by itself when its printer fails (unplugged, jammed); a job
        # sent now would wait there unseen, so it waits here, in sight, instead.
        raise PrinterUnavailable(
            "Printer {name} is stopped. Check paper, toner and cable, resume the printer "
            "in the computer's printer settings, then try again.", name=info.printerName())
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def _paint(pages: PdfPages, device: QPrinter, name: str | None) -> None:
    """Each page drawn at the printer's resolution (at most ``PRINT_DPI``), one at a time.

    Qt reports 1200 dpi for CUPS and PDF output (its PDF engine's grid, not the
    printer's); a page drawn that fine would be 140 million pixels for no visible gain.
    """
    dpi = min(device.resolution(), PRINT_DPI)
    painter = QPainter()
    if not painter.begin(device):
        raise PrinterUnavailable("Printer {name} refused the job. Check paper and toner, "
                                 "then try again.", name=name or tr("(default printer)"))
    try:
        for index in range(len(pages)):
            if index and not device.newPage():
                raise PrinterUnavailable("Printer {name} stopped in the middle of the job. "
                                         "Check paper and toner, then try again.",
                                         name=name or tr("(default printer)"))
            image = pages.render(index, dpi)
            target = device.pageLayout().fullRectPixels(device.resolution())
            scale = min(target.width() / image.width(), target.height() / image.height())
            painter.drawImage(QRectF(0, 0, image.width() * scale, image.height() * scale),
                              image)
    finally:
        painter.end()


@dataclass(frozen=True)
class Printers:
    """What the print system offers: its printers' names and its default ("" if none)."""

    names: tuple[str, ...]
    default: str


def available_printers() -> Printers:
    """The printers installed on this computer (CUPS on Linux, the spooler on Windows)."""
    return Printers(tuple(QPrinterInfo.availablePrinterNames()),
                    QPrinterInfo.defaultPrinterName())


@dataclass(frozen=True)
class PrintJob:
    """``title`` is an English source string (``N_``) and ``problem`` the last failure,
    both kept untranslated so a waiting job speaks the language chosen since."""

    path: Path
    printer: str | None
    title: str
    attempts: int = 0
    problem: PintuError | None = None

    def message(self) -> str:
        """Why the last try failed, in the current language."""
        if self.problem is not None:
            return self.problem.text()
        return tr("Printing failed unexpectedly; the job is kept for another try.")


class PrintQueue(QObject):
    """Print jobs run in the background; failed ones wait here until ``retry``."""

    printed = Signal(object)  # PrintJob
    failed = Signal(object, str)  # PrintJob, message for the screen
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting: list[PrintJob] = []

    def pending(self) -> list[PrintJob]:
        return list(self._waiting)

    def submit(self, path: Path, printer: str | None, title: str) -> None:
        self._run(PrintJob(path, printer, title))

    def retry(self) -> None:
        jobs, self._waiting = self._waiting, []
        self.changed.emit()
        for job in jobs:
            self._run(job)

    def discard(self, job: PrintJob) -> None:
        self._waiting = [j for j in self._waiting if j != job]
        self.changed.emit()

    def _run(self, job: PrintJob) -> None:
        attempt = replace(job, attempts=job.attempts + 1)
        run_render(self, lambda: print_pdf(attempt.path, attempt.printer),
               lambda _result: self._done(attempt), lambda exc: self._fail(attempt, exc))

    def _done(self, job: PrintJob) -> None:
        log.info("printed %s", job.path.name)
        self.printed.emit(job)

    def _fail(self, job: PrintJob, exc: Exception) -> None:
        log.warning("print job %s failed: %s", job.path.name, exc)
        kept = replace(job, problem=exc if isinstance(exc, PintuError) else None)
        self._waiting.append(kept)
        self.changed.emit()
        self.failed.emit(kept, kept.message())


def spool_dir(ctx: AppContext) -> Path:
    return make_private_dir(ctx.settings.data_dir / "print-spool")


def auto_print_visit_badge(ctx: AppContext, queue: PrintQueue, visit_id: int) -> None:
    """After an approval: print the visit's badge if the installation asks for it.

    Returns at once; rendering and printing happen in the background and a failure only
    leaves a job in ``queue`` (and a ``failed`` signal), never an error in the approval.
    """
    if not ctx.settings.auto_print_badge:
        return

    def render() -> Path:
        detail = get_visit(ctx.db, visit_id)
        expires = utcnow() + dt.timedelta(hours=ctx.settings.token_ttl_hours)
        token = issue_token(ctx.token_secret, TokenKind.VISIT, visit_id, expires)
        out = spool_dir(ctx) / f"badge-{detail.summary.number}.pdf"
        return visit_badge_pdf(detail, token, ctx.settings, out)

    def rendered(path: Path) -> None:
        queue.submit(path, chosen_printer(ctx.settings), N_("Visitor badge"))

    def not_rendered(exc: Exception) -> None:
        log.warning("badge for visit %s could not be made: %s", visit_id, exc)
        message = exc.text() if isinstance(exc, PintuError) else tr(
            "The badge could not be made; print it again from the visit.")
        queue.failed.emit(PrintJob(Path(), chosen_printer(ctx.settings), N_("Visitor badge")),
                          message)

    run_render(queue, render, rendered, not_rendered)
