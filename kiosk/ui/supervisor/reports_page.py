"""The supervisor's reports screen: pick a day, a month or any period, look at the pages,
export, print. Today's report is shown as soon as the screen first opens.

Every kind of period goes through the same ``prepare_report``: the same PDF and CSV, and
the same cut-off (the end of the last day, or now if the period includes today).

Everything slow (reading the period, writing the PDF, drawing its pages with QtPdf,
asking the print system for its printers) runs off the UI thread; the screen only shows
results. Export writes the PDF and the CSV side by side into a folder the supervisor
picks (usually the USB stick); printing goes through the shared ``PrintQueue``, which
keeps a failed job for "Try printing again".

The printer list beside "Print" is this terminal's printer for every document (badges,
forms, lists, reports): the pick is kept in the data folder (``kiosk.config``), and the
first entry goes back to the configured or system default printer.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import chosen_printer, pick_printer, picked_printer
from kiosk.domain.clock import today
from kiosk.domain.figures import Period, PeriodKind
from kiosk.errors import PintuError
from kiosk.formats import datetime_text
from kiosk.i18n import N_, ntr, tr
from kiosk.services.actors import Actor
from kiosk.services.reports import ReportFiles, export_report, prepare_report
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.ops import run_render
from kiosk.ui.pdf_pages import page_images
from kiosk.ui.printing import Printers, PrintJob, PrintQueue, available_printers, spool_dir
from kiosk.ui.widgets.file_picker import StaffFileDialog
from kiosk.ui.widgets.plain import PlainLabel

log = logging.getLogger(__name__)

PREVIEW_DPI = 72
PRINTER_LIST_WIDTH = 460
DAY, MONTH, RANGE = PeriodKind.DAY, PeriodKind.MONTH, PeriodKind.RANGE


@dataclass(frozen=True)
class Report:
    """A prepared report and its pages drawn for the preview."""

    files: ReportFiles
    pages: list[QImage]


def make_report(ctx: AppContext, actor: Actor, period: Period, lang: str) -> Report:
    """Prepare the period's report in the spool folder and draw its pages."""
    files = prepare_report(ctx.db, ctx.settings, actor, period, lang, spool_dir(ctx))
    return Report(files, page_images(files.pdf, PREVIEW_DPI))


class ReportsScreen(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None,
                 print_queue: PrintQueue | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._actor = actor
        self._queue = print_queue or PrintQueue(self)
        self._sent: set[Path] = set()  # the shared queue also carries the desk's jobs
        self._report: Report | None = None
        self._busy = False
        self._again = False  # asked for another period while one was being prepared
        self._opened = False

        self._title = PlainLabel()
        self._title.setProperty("role", "heading")
        self._kind = QComboBox()
        self._kind.currentIndexChanged.connect(self._on_kind_changed)
        now = today()
        self._date = QDateEdit()
        self._date.setCalendarPopup(True)
        self._date.setDate(QDate(now.year, now.month, now.day))
        self._until_label = PlainLabel()
        self._until = QDateEdit()
        self._until.setCalendarPopup(True)
        self._until.setDisplayFormat("dd/MM/yyyy")
        self._until.setDate(QDate(now.year, now.month, now.day))
        self._lang = QComboBox()
        self._lang.addItem("Bahasa Indonesia", "id")
        self._lang.addItem("English", "en")
        self._show = QPushButton()
        self._show.setProperty("role", "primary")
        self._show.clicked.connect(self.refresh)
        self._export = QPushButton()
        self._export.clicked.connect(self._choose_folder)
        self._print = QPushButton()
        self._print.clicked.connect(self.print_report)
        self._retry = QPushButton()
        self._retry.clicked.connect(self._queue.retry)
        self._printer_label = PlainLabel()
        self._printer = QComboBox()
        self._printer.setObjectName("printer-choice")
        self._printer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._printer.setMaximumWidth(PRINTER_LIST_WIDTH)  # a long name is elided, not a wall
        self._printer.activated.connect(self._on_printer_picked)
        self._printers = Printers((), "")
        self._status = PlainLabel()
        self._status.setWordWrap(True)
        self._pages = QVBoxLayout()
        self._pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget()
        holder.setLayout(self._pages)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(holder)

        controls = QHBoxLayout()
        for widget in (self._kind, self._date, self._until_label, self._until, self._lang,
                       self._show):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self._export)
        printing = QHBoxLayout()
        printing.addStretch(1)
        for item in (self._printer_label, self._printer, self._print, self._retry):
            printing.addWidget(item)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addLayout(controls)
        layout.addLayout(printing)
        layout.addWidget(self._status)
        layout.addWidget(self._scroll, 1)

        self._queue.failed.connect(self._on_print_failed)
        self._queue.printed.connect(self._on_printed)
        self._queue.changed.connect(self._update_buttons)
        language().changed.connect(self.retranslate)
        self.retranslate()
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Each time the tab opens the printer list is asked again (a printer added
        meanwhile shows); the first time, today's report is prepared without a click."""
        super().showEvent(event)
        self.load_printers()
        if not self._opened:
            self._opened = True
            if self._report is None:
                self.refresh()

    # --- texts -------------------------------------------------------------------------

    def retranslate(self, _language: str = "") -> None:
        self._title.setText(tr("Visit reports"))
        index = self._kind.currentIndex()
        self._kind.blockSignals(True)
        self._kind.clear()
        self._kind.addItem(tr("Daily report"), DAY)
        self._kind.addItem(tr("Monthly report"), MONTH)
        self._kind.addItem(tr("Report for a period"), RANGE)
        self._kind.setCurrentIndex(max(index, 0))
        self._kind.blockSignals(False)
        self._on_kind_changed()
        self._until_label.setText(tr("to"))
        self._show.setText(tr("Show"))
        self._export.setText(tr("Export to folder…"))
        self._print.setText(tr("Print"))
        self._retry.setText(tr("Try printing again"))
        self._printer_label.setText(tr("Printer"))
        self._fill_printers()

    def _on_kind_changed(self, _index: int = 0) -> None:
        kind = self.kind()
        self._date.setDisplayFormat("MM/yyyy" if kind is MONTH else "dd/MM/yyyy")
        self._until_label.setVisible(kind is RANGE)
        self._until.setVisible(kind is RANGE)

    # --- choices -----------------------------------------------------------------------

    def kind(self) -> PeriodKind:
        return PeriodKind(self._kind.currentData() or DAY)

    def set_period(self, period: Period, lang: str | None = None) -> None:
        """Choose ``period`` (and the report's language; ``None`` keeps the one chosen)."""
        self._kind.setCurrentIndex(self._kind.findData(period.kind))
        self._date.setDate(QDate(period.first.year, period.first.month, period.first.day))
        self._until.setDate(QDate(period.last.year, period.last.month, period.last.day))
        if lang is not None:
            self._lang.setCurrentIndex(0 if lang == "id" else 1)

    def period(self) -> Period:
        """The chosen period; a range whose end comes first is refused by ``Period``."""
        first, last = _picked(self._date), _picked(self._until)
        if self.kind() is MONTH:
            return Period.month(first.year, first.month)
        if self.kind() is RANGE:
            return Period.between(first, last)
        return Period.day(first)

    # --- actions -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Make the report for the chosen period and show its pages."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._update_buttons()
        self._status.setProperty("role", "muted")
        self._status.setText(tr("Preparing the report…"))
        ctx, actor, lang = self._ctx, self._actor, str(self._lang.currentData())
        try:
            period = self.period()
        except PintuError as exc:
            self._on_failure(exc)
            return
        run_render(self, lambda: make_report(ctx, actor, period, lang), self._on_report,
               self._on_failure)

    def _on_report(self, report: Report) -> None:
        self._busy = False
        self._report = report
        while self._pages.count():
            item = self._pages.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        for image in report.pages:
            page = PlainLabel()
            page.setPixmap(QPixmap.fromImage(image))
            # Whole pages, scrolled: a squeezed label would show only the middle of one.
            page.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            page.setStyleSheet("border: 1px solid #C9D1DB; background: white;")
            self._pages.addWidget(page)
        totals = report.files.figures.totals
        self._status.setProperty("role", "muted")
        figures = report.files.figures
        self._status.setText(" · ".join((
            ntr("{count} page", "{count} pages", len(report.pages)),
            ntr("{count} visit", "{count} visits", totals.visits),
            ntr("{count} with anomalies", "{count} with anomalies", figures.anomaly_visits),
            tr("as of {moment}", moment=datetime_text(figures.data.cutoff)))))
        self._restyle(self._status)
        self._update_buttons()
        self._next()

    def _on_failure(self, exc: Exception) -> None:
        self._busy = False
        self._show_error(exc)
        self._update_buttons()
        self._next()

    def _next(self) -> None:
        """The period chosen while the last one was prepared (a day tapped on the
        overview meanwhile) is prepared now."""
        if self._again:
            self._again = False
            self.refresh()

    def _choose_folder(self) -> None:
        folder = StaffFileDialog(
            self, tr("Choose the folder to export to (for example the USB stick)"),
            folder=True).chosen()
        if folder is not None:
            self.export_to(folder)

    def export_to(self, folder: Path) -> None:
        report = self._report
        if report is None:
            return
        ctx, actor = self._ctx, self._actor
        run_render(self, lambda: export_report(ctx.db, actor, report.files, folder),
                   self._on_exported, self._on_failure)

    def _on_exported(self, paths: list[Path]) -> None:
        self._status.setProperty("role", "muted")
        self._status.setText(tr("Saved {files} in {folder}.",
                                files=", ".join(p.name for p in paths),
                                folder=str(paths[0].parent)))
        self._restyle(self._status)

    # --- the terminal's printer ------------------------------------------------------------

    def load_printers(self) -> None:
        run_render(self, available_printers, self._on_printers, self._on_printers_failed)

    def _on_printers(self, printers: Printers) -> None:
        self._printers = printers
        self._fill_printers()

    def _on_printers_failed(self, exc: Exception) -> None:
        self._printers = Printers((), "")
        self._fill_printers()

    def _fill_printers(self) -> None:
        settings = self._ctx.settings
        picked = picked_printer(settings)
        if settings.printer:
            default = tr("As configured: {name}", name=settings.printer)
        elif self._printers.default:
            default = tr("System default: {name}", name=self._printers.default)
        else:
            default = tr("System default printer (none set up)")
        self._printer.clear()
        self._printer.addItem(default, None)
        for name in self._printers.names:
            self._printer.addItem(name, name)
        if picked is not None and picked not in self._printers.names:
            self._printer.addItem(tr("{name} (not available)", name=picked), picked)
        self._printer.setCurrentIndex(max(self._printer.findData(picked), 0))

    def _on_printer_picked(self, index: int) -> None:
        name = self._printer.itemData(index)
        settings = self._ctx.settings
        if name == picked_printer(settings):
            return
        try:
            pick_printer(settings, name)
        except PintuError as exc:
            self._show_error(exc)
            self._fill_printers()
            return
        now = chosen_printer(settings) or tr("(default printer)")
        log.info("printer of this terminal: %s", now)
        self._status.setProperty("role", "muted")
        self._status.setText(tr("This terminal prints on {name} from now on.", name=now))
        self._restyle(self._status)

    def printer_choices(self) -> list[str]:
        return [self._printer.itemText(i) for i in range(self._printer.count())]

    def choose_printer(self, name: str | None) -> None:
        """As if the supervisor chose ``name`` in the list (``None``: the first entry)."""
        index = self._printer.findData(name)
        self._printer.setCurrentIndex(index)
        self._on_printer_picked(index)

    # --- printing ----------------------------------------------------------------------------

    def print_report(self) -> None:
        if self._report is None:
            return
        self._status.setProperty("role", "muted")
        self._status.setText(tr("Sending the report to the printer…"))
        self._restyle(self._status)
        self._sent.add(self._report.files.pdf)
        self._queue.submit(self._report.files.pdf, chosen_printer(self._ctx.settings),
                           N_("Visit report"))

    def _on_printed(self, job: PrintJob) -> None:
        if job.path in self._sent:
            self._status.setText(tr("The report was sent to the printer."))

    def _on_print_failed(self, job: PrintJob, message: str) -> None:
        if job.path not in self._sent:
            return
        self._status.setProperty("role", "error")
        self._status.setText(tr("{message} The job is kept: touch \"Try printing again\".",
                                message=message))
        self._restyle(self._status)

    def _show_error(self, exc: Exception) -> None:
        text = exc.text() if isinstance(exc, PintuError) else tr(
            "The report could not be made. Please try again; if it keeps failing, tell the "
            "administrator.")
        self._status.setProperty("role", "error")
        self._status.setText(text)
        self._restyle(self._status)

    def _update_buttons(self) -> None:
        ready = self._report is not None and not self._busy
        self._show.setEnabled(not self._busy)
        self._export.setEnabled(ready)
        self._print.setEnabled(ready)
        self._retry.setVisible(any(job.path in self._sent for job in self._queue.pending()))

    @staticmethod
    def _restyle(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def status_text(self) -> str:
        return self._status.text()

    def page_count(self) -> int:
        return self._pages.count()


def _picked(edit: QDateEdit) -> dt.date:
    picked = edit.date().toPython()
    assert isinstance(picked, dt.date)
    return picked
