"""From process start to the welcome screen, on a database holding a year of ten doors.

A site with ten doors writes about 200,000 visits (each with its signature) and 1,000,000
audit events a year. The kiosk must open its door within 2 s of starting all the same,
after a power cut as on a normal morning: nothing that grows with the data may run before
the first window. The audit chain is checked afterwards, in the background queue, from
this terminal's checkpoint; its full daily walk is timed here too.

Each run starts a fresh interpreter (``python -m benchmarks.startup child DATA``) that
starts the real kiosk (``kiosk.ui.app.run_app``) offscreen and reports the moment the
welcome screen first paints; the parent times it from before ``Popen`` (interpreter,
imports, database, window). Warm runs follow one run that fills the page cache; a cold
figure needs the page cache dropped (root, and a kernel that allows it).

    .venv/bin/python -m benchmarks.startup [--visits 200000] [--events 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kiosk.config import Settings

TARGET_SECONDS = 2.0
SHOWN = "welcome-shown"


def child(data_dir: str) -> int:
    """Run the real kiosk; print when the welcome screen paints, then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.app import make_application, run_app
    from kiosk.ui.visitor.welcome import WelcomeScreen

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and isinstance(watched, WelcomeScreen):
                print(SHOWN, flush=True)
                QTimer.singleShot(0, QApplication.quit)
                QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
            return False

    app = make_application([])
    watcher = FirstPaint()
    app.installEventFilter(watcher)
    return run_app(Settings(data_dir=Path(data_dir), camera="none"))


def time_one_start(data_dir: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PINTU_CONFIG="/nonexistent.toml")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.startup", "child", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    shown = None
    for line in process.stdout:
        if line.strip() == SHOWN:
            shown = time.perf_counter() - started
            break
    process.wait(timeout=120)
    if shown is None:
        raise RuntimeError("the welcome screen never showed")
    return shown


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def time_chain_checks(settings: Settings) -> tuple[float, float, int]:
    """The background check as the kiosk runs it: the full walk, then from the
    checkpoint the full walk left (no new events)."""
    from kiosk.domain.tokens import load_or_create_secret
    from kiosk.services import integrity
    from kiosk.services.store import open_database

    db = open_database(settings)
    secret = load_or_create_secret(settings.secret_path)
    try:
        start = time.perf_counter()
        full = integrity.check_chain(db, settings, secret, full=True)
        full_seconds = time.perf_counter() - start
        start = time.perf_counter()
        integrity.check_chain(db, settings, secret)
        since_seconds = time.perf_counter() - start
    finally:
        db.dispose()
    if not full.ok:
        raise RuntimeError(f"the generated chain does not verify: {full.text('en')}")
    return full_seconds, since_seconds, full.events


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["child"]:
        return child(args[1])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=200_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(args)
    from benchmarks.dataset import Year, built, copy_into  # not in the timed child

    year = Year(options.visits, options.events, dt.date(2025, 1, 1), 365)
    source = built(year)
    size = source.stat().st_size / 1e6
    with tempfile.TemporaryDirectory(prefix="pintu-startup-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", camera="none")
        copy_into(source, settings)
        print(f"database: {year.visits:,} visits with signatures, {year.events:,} audit "
              f"events, {size:.0f} MB")
        cold = time_one_start(settings.data_dir) if drop_page_cache() else None
        time_one_start(settings.data_dir)  # fills the page cache
        warm = [time_one_start(settings.data_dir) for _ in range(options.runs)]
        median = statistics.median(warm)
        print(f"start to welcome screen, warm: median {median:.2f} s, max {max(warm):.2f} s "
              f"over {len(warm)} runs ({median / TARGET_SECONDS:.2f} of the "
              f"{TARGET_SECONDS:.0f} s target)")
        print("start to welcome screen, cold page cache: " + (
            f"{cold:.2f} s" if cold is not None else "not measured (cannot drop the page "
            "cache here)"))
        full, since, events = time_chain_checks(settings)
        print(f"audit chain, in the background after the window: full walk of {events:,} "
              f"events {full:.1f} s; from the checkpoint {since * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
