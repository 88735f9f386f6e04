"""The supervisor's reports screen: pick a day or a month, look at the pages, export, print.

Everything slow (reading the period, writing the PDF, drawing its pages) runs through
``run_op``; the screen only shows results. Export writes the PDF and the CSV side by side
into a folder the supervisor picks (usually the USB stick); printing goes through the
shared ``PrintQueue``, which keeps a failed job for "Try printing again".
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.clock import today
from kiosk.config import Settings
from kiosk.documents.csv_export import write_csv
from kiosk.documents.daily_report import daily_figures, daily_report_pdf
from kiosk.documents.monthly_report import monthly_figures, monthly_report_pdf
from kiosk.documents.raster import page_images
from kiosk.errors import PintuError
from kiosk.i18n import N_, ntr, tr
from kiosk.reports import ReportFigures
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.ops import run_op
from kiosk.ui.printing import PrintJob, PrintQueue, spool_dir

PREVIEW_DPI = 72
DAY, MONTH = "day", "month"


@dataclass(frozen=True)
class Report:
    kind: str
    first: dt.date
    language: str
    pdf: Path
    figures: ReportFigures
    pages: list[bytes]
    settings: Settings

    @property
    def stem(self) -> str:
        if self.kind == DAY:
            return f"laporan-harian-{self.first.isoformat()}"
        return f"laporan-bulanan-{self.first:%Y-%m}"


def make_report(ctx: AppContext, kind: str, first: dt.date, lang: str) -> Report:
    """Read the period, write its PDF into the spool folder and draw its pages."""
    folder = spool_dir(ctx)
    if kind == DAY:
        fig = daily_figures(ctx.db, ctx.settings, first)
        pdf = daily_report_pdf(fig, ctx.settings, folder / f"laporan-{first}.pdf", lang)
    else:
        fig = monthly_figures(ctx.db, ctx.settings, first.year, first.month)
        pdf = monthly_report_pdf(fig, ctx.settings, folder / f"laporan-{first:%Y-%m}.pdf",
                                 lang)
    return Report(kind, first, lang, pdf, fig, page_images(pdf, PREVIEW_DPI), ctx.settings)


def export_report(report: Report, folder: Path) -> list[Path]:
    """The PDF and the CSV of ``report`` side by side in ``folder``."""
    pdf = folder / f"{report.stem}.pdf"
    shutil.copyfile(report.pdf, pdf)
    csv = write_csv(report.figures.data, report.settings, folder / f"{report.stem}.csv",
                    report.language)
    return [pdf, csv]


class ReportsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 print_queue: PrintQueue | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._queue = print_queue or PrintQueue(self)
        self._sent: set[Path] = set()  # the shared queue also carries the desk's jobs
        self._report: Report | None = None
        self._busy = False

        self._title = QLabel()
        self._title.setProperty("role", "heading")
        self._kind = QComboBox()
        self._kind.currentIndexChanged.connect(self._on_kind_changed)
        self._date = QDateEdit()
        self._date.setCalendarPopup(True)
        now = today()
        self._date.setDate(QDate(now.year, now.month, now.day))
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
        self._status = QLabel()
        self._status.setWordWrap(True)
        self._pages = QVBoxLayout()
        self._pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget()
        holder.setLayout(self._pages)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(holder)

        controls = QHBoxLayout()
        for widget in (self._kind, self._date, self._lang, self._show):
            controls.addWidget(widget)
        controls.addStretch(1)
        for widget in (self._export, self._print, self._retry):
            controls.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addLayout(controls)
        layout.addWidget(self._status)
        layout.addWidget(self._scroll, 1)

        self._queue.failed.connect(self._on_print_failed)
        self._queue.printed.connect(self._on_printed)
        self._queue.changed.connect(self._update_buttons)
        language().changed.connect(self.retranslate)
        self.retranslate()
        self._update_buttons()

    # --- texts -------------------------------------------------------------------------

    def retranslate(self, _language: str = "") -> None:
        self._title.setText(tr("Visit reports"))
        index = self._kind.currentIndex()
        self._kind.blockSignals(True)
        self._kind.clear()
        self._kind.addItem(tr("Daily report"), DAY)
        self._kind.addItem(tr("Monthly report"), MONTH)
        self._kind.setCurrentIndex(max(index, 0))
        self._kind.blockSignals(False)
        self._on_kind_changed()
        self._show.setText(tr("Show"))
        self._export.setText(tr("Export to folder…"))
        self._print.setText(tr("Print"))
        self._retry.setText(tr("Try printing again"))

    def _on_kind_changed(self, _index: int = 0) -> None:
        self._date.setDisplayFormat("MM/yyyy" if self.kind() == MONTH else "dd/MM/yyyy")

    # --- choices -----------------------------------------------------------------------

    def kind(self) -> str:
        return str(self._kind.currentData() or DAY)

    def set_period(self, kind: str, day: dt.date, lang: str = "id") -> None:
        self._kind.setCurrentIndex(0 if kind == DAY else 1)
        self._date.setDate(QDate(day.year, day.month, day.day))
        self._lang.setCurrentIndex(0 if lang == "id" else 1)

    def _first_day(self) -> dt.date:
        picked = self._date.date().toPython()
        assert isinstance(picked, dt.date)
        return picked if self.kind() == DAY else picked.replace(day=1)

    # --- actions -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Make the report for the chosen period and show its pages."""
        if self._busy:
            return
        self._busy = True
        self._update_buttons()
        self._status.setProperty("role", "muted")
        self._status.setText(tr("Preparing the report…"))
        kind, first, lang = self.kind(), self._first_day(), str(self._lang.currentData())
        ctx = self._ctx

        run_op(self, lambda: make_report(ctx, kind, first, lang), self._on_report,
               self._on_failure)

    def _on_report(self, report: Report) -> None:
        self._busy = False
        self._report = report
        while self._pages.count():
            item = self._pages.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        for png in report.pages:
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(QImage.fromData(png)))
            page.setStyleSheet("border: 1px solid #C9D1DB; background: white;")
            self._pages.addWidget(page)
        totals = report.figures.totals
        self._status.setProperty("role", "muted")
        self._status.setText(" · ".join((
            ntr("{count} page", "{count} pages", len(report.pages)),
            ntr("{count} visit", "{count} visits", totals.visits),
            ntr("{count} anomaly", "{count} anomalies", len(report.figures.anomalies)))))
        self._restyle(self._status)
        self._update_buttons()

    def _on_failure(self, exc: Exception) -> None:
        self._busy = False
        self._show_error(exc)
        self._update_buttons()

    def _choose_folder(self) -> None:
        # Qt's own dialog, not the desktop's: it speaks the kiosk's language (qt_translation).
        folder = QFileDialog.getExistingDirectory(
            self, tr("Choose the folder to export to (for example the USB stick)"),
            options=QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.DontUseNativeDialog)
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        report = self._report
        if report is None:
            return
        run_op(self, lambda: export_report(report, folder), self._on_exported,
               self._on_failure)

    def _on_exported(self, paths: list[Path]) -> None:
        self._status.setProperty("role", "muted")
        self._status.setText(tr("Saved {files} in {folder}.",
                                files=", ".join(p.name for p in paths),
                                folder=str(paths[0].parent)))
        self._restyle(self._status)

    def print_report(self) -> None:
        if self._report is None:
            return
        self._status.setProperty("role", "muted")
        self._status.setText(tr("Sending the report to the printer…"))
        self._restyle(self._status)
        self._sent.add(self._report.pdf)
        self._queue.submit(self._report.pdf, self._ctx.settings.printer, N_("Visit report"))

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
