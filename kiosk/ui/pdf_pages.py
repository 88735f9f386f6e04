"""PDF pages as pictures, drawn by Qt's own PDF renderer (QtPdf, PDFium inside).

The reports screen previews pages and printing paints them on a ``QPrinter``: Qt prints
only what it paints, and the kiosk's documents are PDFs written by ReportLab. QtPdf comes
with the pinned PySide6 wheels (``PySide6.QtPdf`` in PySide6-Addons 6.11; see the pin in
pyproject.toml), so the frozen bundle draws pages the same way on Linux and on Windows,
with no external program to install. It renders without a window or a QApplication and
from any thread (QtPdf serialises its PDFium calls), which ``run_op`` relies on.

Pages come back opaque (PDFium leaves the paper transparent; printers and the preview
want white paper) and stamped with their resolution. A missing, damaged or encrypted
file raises ``PdfUnreadable``, an environment fault the screen shows calmly: the PDF
itself can still be exported or opened elsewhere.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from kiosk.errors import KnownError

POINTS_PER_INCH = 72
METRES_PER_INCH = 0.0254
#: An A4 page at 600 dpi is 35 million pixels; anything far bigger is not one of ours.
MAX_PIXELS = 120_000_000


class PdfUnreadable(KnownError):
    """The PDF is missing, damaged or locked, or a page cannot be drawn."""


class PdfPages:
    """An open PDF whose pages can be drawn at any resolution; use it as a context manager."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._document = QPdfDocument()
        error = self._document.load(str(path))
        if error != QPdfDocument.Error.None_ or self._document.pageCount() < 1:
            self.close()
            raise PdfUnreadable("The pages of {name} cannot be drawn: the file is missing, "
                                "damaged or locked.", name=path.name)

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._document.close()

    def __len__(self) -> int:
        return self._document.pageCount()

    def point_size(self, index: int) -> QSizeF:
        """The size of page ``index`` in points (1/72 inch), as the PDF declares it."""
        return self._document.pagePointSize(index)

    def render(self, index: int, dpi: int) -> QImage:
        """Page ``index`` on white paper at ``dpi``."""
        points = self.point_size(index)
        size = QSize(round(points.width() * dpi / POINTS_PER_INCH),
                     round(points.height() * dpi / POINTS_PER_INCH))
        if size.isEmpty() or size.width() * size.height() > MAX_PIXELS:
            raise PdfUnreadable("Page {page} of {name} has a size that cannot be drawn.",
                                page=index + 1, name=self._path.name)
        drawn = self._document.render(index, size)
        if drawn.isNull():
            raise PdfUnreadable("Page {page} of {name} cannot be drawn.", page=index + 1,
                                name=self._path.name)
        return _on_white(drawn, dpi)


def page_images(path: Path, dpi: int) -> list[QImage]:
    """Every page of ``path`` at ``dpi`` (the reports preview: a few pages, small)."""
    with PdfPages(path) as pages:
        return [pages.render(index, dpi) for index in range(len(pages))]


def _on_white(drawn: QImage, dpi: int) -> QImage:
    page = QImage(drawn.size(), QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    painter = QPainter(page)
    painter.drawImage(0, 0, drawn)
    painter.end()
    dots_per_metre = round(dpi / METRES_PER_INCH)
    page.setDotsPerMeterX(dots_per_metre)
    page.setDotsPerMeterY(dots_per_metre)
    return page
