"""Power-loss drill: SIGKILL the kiosk's service layer at random moments, check nothing
acknowledged is lost. Prints the counts; exits 1 if anything was lost or damaged.

    python -m benchmarks.powerloss [--kills 200] [--seed 1]

See ``tests.support.powerloss`` for what is checked after each kill.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.support.powerloss import Tally, run_drill


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.monotonic()

    def progress(tally: Tally) -> None:
        if tally.kills % 20 == 0:
            print(f"  {tally.kills} kills, {tally.visits_verified} visits verified",
                  file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="pintu-powerloss-") as folder:
        tally = run_drill(Path(folder), args.kills, seed=args.seed, progress=progress)
    print(f"power-loss drill (SIGKILL, SQLite WAL synchronous=FULL), seed {args.seed}, "
          f"{time.monotonic() - started:.0f} s")
    for line in tally.lines():
        print(f"  {line}")
    for problem in tally.problems[:20]:
        print(f"  PROBLEM {problem}")
    print("RESULT: " + ("nothing acknowledged was lost" if tally.ok else "FAILED"))
    return 0 if tally.ok else 1


if __name__ == "__main__":
    sys.exit(main())
