"""What the seal costs: rendering a daily report against sealing it and checking the seal.

The report is the demo Monday's (``kiosk.services.demo``), rendered by the code the kiosk
runs. Sealing uses the site certificate (RSA 3072), made once up front (its key generation
is printed too: the kiosk pays it once, at installation or at the first seal); the figures
are medians over the rounds after one untimed warm-up, which also reads the key. Sealing is
printed as a share of the rendering, and the size the seal adds.

    PYTHONPATH=. .venv/bin/python -m benchmarks.sealing
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.config import Settings
from kiosk.documents.daily_report import daily_report_pdf
from kiosk.domain.clock import at_site, travel_to
from kiosk.domain.figures import Period
from kiosk.services import signing
from kiosk.services.actors import SYSTEM
from kiosk.services.demo import fill_demo
from kiosk.services.reports import report_figures
from kiosk.services.store import open_database
from kiosk.services.verification import check_pdf_seal

MOMENT = at_site(dt.date(2026, 11, 23), dt.time(15, 0))


def median_ms(action: Callable[[], object], rounds: int) -> float:
    action()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder) / "data")
        db = open_database(settings)
        try:
            with travel_to(MOMENT):
                fill_demo(db, settings)
                fig = report_figures(db, settings, SYSTEM, Period.day(MOMENT.date()))
        finally:
            db.dispose()
        out = Path(folder) / "daily.pdf"
        render = median_ms(lambda: daily_report_pdf(fig, settings, out, "id"), args.rounds)
        rendered = out.read_bytes()
        started = time.perf_counter()
        signing.create_site_certificate(settings, "Diskominfo Kota Pontianak")
        keygen = (time.perf_counter() - started) * 1000
        sealed = signing.seal(settings, rendered, fig.data.cutoff, "Laporan")
        seal = median_ms(lambda: signing.seal(settings, rendered, fig.data.cutoff, "Laporan"),
                         args.rounds)
        check = median_ms(lambda: check_pdf_seal(settings, sealed), args.rounds)
    print(f"daily report, {len(rendered) // 1024} KiB, {args.rounds} rounds (median)")
    print(f"render            {render:8.1f} ms")
    print(f"seal              {seal:8.1f} ms  ({seal / render:.2f} x the rendering)")
    print(f"check the seal    {check:8.1f} ms")
    print(f"site key (once)   {keygen:8.1f} ms  RSA {signing.KEY_BITS}")
    print(f"seal adds         {(len(sealed) - len(rendered)) / 1024:8.1f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
