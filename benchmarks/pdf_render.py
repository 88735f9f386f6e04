"""How long drawing a PDF page takes: QtPdf (what the kiosk uses) against poppler's pdftoppm.

The documents are real: a day of the demo week (``kiosk.services.demo``) gives a daily report and an
archived visit form, written by the same code the kiosk runs. Each renderer draws every
page at the preview's resolution (72 dpi) and at the printer's (300 dpi) after one
untimed warm-up; the figure is the median over the rounds, per page, and includes opening
the file. For pdftoppm it also includes starting the program and writing PNG files, which
is what the kiosk used to pay per document; QtPdf's includes laying the page on white.
pdftoppm (Debian package poppler-utils) is only compared when it is installed.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python benchmarks/pdf_render.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.config import Settings
from kiosk.domain.clock import at_site, travel_to
from kiosk.domain.figures import Period
from kiosk.domain.types import VisitState
from kiosk.services import queries
from kiosk.services.actors import SYSTEM
from kiosk.services.demo import fill_demo
from kiosk.services.reports import write_report
from kiosk.services.store import open_database
from kiosk.ui.pdf_pages import PdfPages
from kiosk.ui.printing import PRINT_DPI
from kiosk.ui.supervisor.reports_page import PREVIEW_DPI

MOMENT = at_site(dt.date(2026, 11, 23), dt.time(15, 0))


def documents(folder: Path) -> dict[str, Path]:
    """The daily report of the demo Monday and the fullest archived visit form."""
    settings = Settings(data_dir=folder / "data")
    db = open_database(settings)
    try:
        with travel_to(MOMENT):
            fill_demo(db, settings)
            week = queries.visits_between(db, MOMENT - dt.timedelta(days=8), MOMENT)
            archived = [v for v in week if v.state is VisitState.ARCHIVED]
            form = max(archived, key=lambda v: v.device_count)
            write_report(db, settings, SYSTEM, Period.day(MOMENT.date()), "id",
                         folder / "daily.pdf")
            visit_form = Path(queries.get_visit(db, form.id).archive_path or "")
    finally:
        db.dispose()
    return {"daily report": folder / "daily.pdf", "visit form": visit_form}


def qtpdf(pdf: Path, dpi: int) -> int:
    with PdfPages(pdf) as pages:
        for index in range(len(pages)):
            pages.render(index, dpi)
        return len(pages)


def pdftoppm(tool: str) -> Callable[[Path, int], int]:
    def render(pdf: Path, dpi: int) -> int:
        with tempfile.TemporaryDirectory(prefix="pintu-bench-") as out:
            subprocess.run([tool, "-png", "-r", str(dpi), str(pdf), f"{out}/page"],
                           check=True, capture_output=True)
            return len(list(Path(out).glob("page-*.png")))
    return render


def per_page_ms(render: Callable[[Path, int], int], pdf: Path, dpi: int, rounds: int
                ) -> tuple[float, int]:
    """Median milliseconds per page over ``rounds``, after one untimed warm-up."""
    pages = render(pdf, dpi)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        render(pdf, dpi)
        times.append((time.perf_counter() - started) * 1000 / pages)
    return statistics.median(times), pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    tool = shutil.which("pdftoppm")
    renderers: dict[str, Callable[[Path, int], int]] = {"QtPdf": qtpdf}
    if tool is None:
        print("pdftoppm: absent (package poppler-utils not installed), QtPdf only")
    else:
        renderers["pdftoppm"] = pdftoppm(tool)
    with tempfile.TemporaryDirectory(prefix="pintu-bench-") as tmp:
        for name, pdf in documents(Path(tmp)).items():
            for dpi in (PREVIEW_DPI, PRINT_DPI):
                figures = {label: per_page_ms(render, pdf, dpi, args.rounds)
                           for label, render in renderers.items()}
                pages = figures["QtPdf"][1]
                line = ", ".join(f"{label} {ms:7.1f} ms" for label, (ms, _) in figures.items())
                if "pdftoppm" in figures:
                    line += f"; pdftoppm/QtPdf {figures['pdftoppm'][0] / figures['QtPdf'][0]:.0f}x"
                print(f"{name:<12} {pages} p. at {dpi:>3} dpi, per page: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
