"""How long the supervisor's overview takes on a year of a busy site.

The year of ``benchmarks.dataset`` (200,000 visits over 2025, about 550 a day, with a
million audit events), looked at on its last afternoon: the service call that reads
everything the page draws (today's tiles through the report's code, then one grouped
query per chart), the refresh a minute later (which reads only the current week again),
each chart's query alone, and the widget's work on the UI thread: filling the charts from
the records and painting the page, at the console's page size on a 1920x1080 and a
1280x800 screen.

The service runs off the UI thread (``run_op``), once a minute while the page is shown;
the UI thread only fills and paints.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.overview [--runs 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.clock import at_site, travel_to
from kiosk.domain.figures import Period, figures
from kiosk.domain.overview import Window
from kiosk.services import overview
from kiosk.services.actors import SYSTEM
from kiosk.services.report_data import period_data

FIRST = dt.date(2025, 1, 1)
DAYS = 365
LOOKED_AT = at_site(dt.date(2025, 12, 31), dt.time(15, 0))
#: The overview page's size inside the console (header, bar and tabs taken off).
PAGE_SIZES = {"1920x1080": (1904, 850), "1280x800": (1264, 520)}


def timed(work: Callable[[], Any], runs: int) -> list[float]:
    work()  # the first run warms the page cache and the statement cache
    laps = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        laps.append(time.perf_counter() - start)
    return laps


def report(name: str, laps: list[float]) -> None:
    print(f"  {name:34} median {statistics.median(laps) * 1000:7.1f} ms "
          f"(min {min(laps) * 1000:6.1f}, max {max(laps) * 1000:6.1f}, {len(laps)} runs)")


def service(db: Database, settings: Settings, runs: int) -> overview.Overview:
    days = Window(LOOKED_AT.date()).all_days

    def chart(query: Callable[[Any], object]) -> Callable[[], object]:
        def run() -> object:
            with db.session() as session:
                return query(session)
        return run

    print(f"service, as of {LOOKED_AT:%Y-%m-%d %H:%M} WIB ({len(days)} days read):")
    report("whole overview (load_overview)",
           timed(lambda: overview.load_overview(db, settings, SYSTEM), runs))
    shown = overview.load_overview(db, settings, SYSTEM)
    report("a refresh (this week read again)", timed(
        lambda: overview.load_overview(db, settings, SYSTEM, earlier=shown), runs))
    report("today's tiles (the daily report)", timed(
        lambda: figures(period_data(db, Period.day(LOOKED_AT.date())), settings), runs))
    report("visits per day and purpose", timed(chart(
        lambda s: overview.visits_per_day(s, days)), runs))
    report("SOP step medians per week", timed(chart(
        lambda s: overview.step_times(s, days, settings.sop)), runs))
    report("anomalies per day", timed(chart(
        lambda s: overview.anomalies_per_day(s, days[:-1], settings.sop.visit)), runs))
    report("badges out", timed(chart(overview.out_badges), runs))
    return overview.load_overview(db, settings, SYSTEM)


def widget(seen: overview.Overview, settings: Settings, db: Database, runs: int) -> None:
    from kiosk.ui.app import make_application
    from kiosk.ui.context import AppContext
    from kiosk.ui.operator.style import console_style_sheet
    from kiosk.ui.supervisor.overview_page import OverviewPage

    app = make_application([])
    ctx = AppContext(settings=settings, db=db, token_secret=b"b" * 32, camera="none")
    page = OverviewPage(ctx, SYSTEM)
    page.setStyleSheet(console_style_sheet())
    print(f"widget ({seen.tiles.visits} visits today, "
          f"{sum(v.visits for v in seen.visits):,} in the chart's 30 days):")
    for name, size in PAGE_SIZES.items():
        page.resize(*size)
        report(f"fill the charts, {name}", timed(lambda: page.show_overview(seen), runs))
        app.processEvents()
        report(f"paint the page, {name}", timed(page.grab, runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=200_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from benchmarks.dataset import Year, built, copy_into

    year = Year(options.visits, options.events, FIRST, DAYS)
    source = built(year)
    with tempfile.TemporaryDirectory(prefix="pintu-overview-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", camera="none")
        copy_into(source, settings)
        db = Database(settings.effective_database_url())
        print(f"database: {year.visits:,} visits over {DAYS} days, {year.events:,} audit "
              f"events, {source.stat().st_size / 1e6:.0f} MB")
        try:
            with travel_to(LOOKED_AT):
                seen = service(db, settings, options.runs)
            widget(seen, settings, db, options.runs)
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
