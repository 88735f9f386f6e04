"""The visitor benchmarks' cores on a tiny scale: every walkthrough path really reaches the
"submitted" screen with something counted, and the memory run completes and reports.
Speed and memory figures are the benchmarks' to print, never asserted here."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from benchmarks.walkthrough import ROUTES, Route, walk


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_each_walkthrough_path_reaches_submitted(route: Route, qapp: object) -> None:
    counts = walk(route)  # asserts the waiting ("submitted") screen holds the new visit
    assert counts.screens == 7 + (route.camera != "none"), \
        "welcome, the five steps, the photo where a camera takes one, the submitted screen"
    assert counts.taps > 0
    assert counts.strokes == 1, "one signature"
    if route.camera == "none":
        assert counts.keys >= 16, "at least the NIK is typed"
        assert counts.shows == 0
    else:
        assert counts.shows == 1, "a card or a phone was shown to the camera"
    assert counts.seconds() > counts.motor_seconds() > 0


def test_memory_run_completes_and_reports() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PINTU_CONFIG="/nonexistent.toml")
    done = subprocess.run([sys.executable, "-m", "benchmarks.memory", "--visits", "20"],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("20 visits in one process")
    assert any(line.startswith("RSS at start") for line in lines)
    assert [line.split()[2] for line in lines if line.startswith("RSS after")] == [
        "5", "10", "15"]
    assert any(line.startswith("RSS at the end (20 visits)") for line in lines)
    assert any(line.startswith("growth from visit 5 to the end:") for line in lines)
    assert any(line.startswith("largest RSS") for line in lines)
