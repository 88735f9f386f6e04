"""Scanning figures on this machine: decoders side by side, code-to-signal, UI stalls, OCR.

Run from the repository root: ``QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python
benchmarks/scan.py`` (about a minute and a half on 2 cores). Frames come from
``tests.support.synthetic`` with fixed seeds, so two runs see the same pictures.

Targets: decode p95 under 11 ms at 1280x720; code-to-signal p95 under 100 ms; no stall of
the Qt event loop over 50 ms while scanning; OCR of one KTP still under 1.5 s.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.scan.decoders import DEVICE_LABELS, QR_ONLY, Decoder, Symbology, make_decoder
from kiosk.scan.ktp import read_card
from kiosk.scan.payloads import ScanMode
from kiosk.scan.sources import Frame
from tests.support.synthetic import (
    HD,
    VGA,
    Conditions,
    ScriptedSource,
    Size,
    code_frame,
    empty_frame,
    fake_person,
    ktp_card,
    ktp_frame,
    random_conditions,
)

TEXTS = ("PNT1.B.42.1767225600.K7QX2M4A.ABCDEFGHIJKLMNOPQRSTUVWXYZ",
         "NIK: 6171054509900012", "6171054509900012")
LABELS = (("SN-ABC12345", Symbology.CODE128), ("SN12345X", Symbology.CODE39),
          ("8992761002015", Symbology.EAN13), ("96385074", Symbology.EAN8),
          ("SN:ZX-9981", Symbology.QR))
CODE_FRAMES = 80
EMPTY_FRAMES = 30
#: Frames decoded before timing starts: the first calls load and size the decoder's own
#: buffers, which a camera feeding frames all day pays once.
WARM_UP = 5


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    rate: float | None  # share of frames whose code was read; None for empty frames


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def time_decoder(decode: Callable[[Frame], list[str]], frames: Sequence[tuple[str | None, Frame]],
                 ) -> Timing:
    for _, gray in frames[:WARM_UP]:
        decode(gray)
    times, hits = [], 0
    for text, gray in frames:
        started = time.perf_counter()
        found = decode(gray)
        times.append((time.perf_counter() - started) * 1000)
        hits += text is not None and text in found
    with_code = sum(text is not None for text, _ in frames)
    return Timing(statistics.median(times), percentile(times, 95),
                  hits / with_code if with_code else None)


def qr_frames(size: Size, seed: int) -> tuple[list[tuple[str | None, Frame]],
                                                list[tuple[str | None, Frame]]]:
    rng = np.random.default_rng(seed)
    coded: list[tuple[str | None, Frame]] = []
    for i in range(CODE_FRAMES):
        text = TEXTS[i % len(TEXTS)]
        coded.append((text, _gray(code_frame(text, random_conditions(rng, size), rng))))
    empty: list[tuple[str | None, Frame]] = [
        (None, _gray(empty_frame(random_conditions(rng, size), rng)))
        for _ in range(EMPTY_FRAMES)
    ]
    return coded, empty


def label_frames(seed: int) -> list[tuple[str | None, Frame]]:
    rng = np.random.default_rng(seed)
    frames: list[tuple[str | None, Frame]] = []
    for i in range(50):
        text, symbology = LABELS[i % len(LABELS)]
        conditions = random_conditions(rng, HD, one_d=symbology is not Symbology.QR)
        frames.append((text, _gray(code_frame(text, conditions, rng, symbology))))
    return frames


def _gray(frame: Frame) -> Frame:
    return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)


def decoders_side_by_side() -> None:
    print("== Decode time per frame (ms, median / p95) and read rate, QR only ==")
    print(f"{'decoder':8} {'size':9} {'with code':>12} {'read':>6} {'empty':>12} "
          f"{'p95 vs zxing':>13}")
    for size in (VGA, HD):
        coded, empty = qr_frames(size, seed=size[0])
        p95s: dict[str, float] = {}
        for name in ("zxing", "pyzbar", "opencv"):
            qr = make_decoder(name, QR_ONLY)

            def decode(gray: Frame, decoder: Decoder = qr) -> list[str]:
                return [d.text for d in decoder.decode(gray)]

            hit = time_decoder(decode, coded)
            miss = time_decoder(decode, empty)
            p95s[name] = hit.p95_ms
            ratio = hit.p95_ms / p95s["zxing"]
            print(f"{name:8} {size[0]}x{size[1]:<4} {hit.median_ms:5.1f} / {hit.p95_ms:5.1f} "
                  f"{hit.rate or 0:6.1%} {miss.median_ms:5.1f} / {miss.p95_ms:5.1f} "
                  f"{ratio:12.1f}x")
    print("\n== Device screen (Code 128, Code 39, EAN-13, EAN-8, QR), 1280x720 ==")
    frames = label_frames(seed=3)
    for name in ("zxing", "pyzbar"):
        labels = make_decoder(name, DEVICE_LABELS)

        def read_labels(gray: Frame, decoder: Decoder = labels) -> list[str]:
            return [c.text for c in decoder.decode(gray)]

        timing = time_decoder(read_labels, frames)
        print(f"{name:8} {timing.median_ms:5.1f} / {timing.p95_ms:5.1f} ms, "
              f"read {timing.rate or 0:.1%}")
    print("\n== pyzbar on the guide frame only (centre 60 % crop), 1280x720 ==")
    coded, _ = qr_frames(HD, seed=HD[0])
    decoder = make_decoder("pyzbar", QR_ONLY)

    def centre(gray: Frame) -> list[str]:
        h, w = gray.shape[:2]
        crop = gray[int(h * 0.2):int(h * 0.8), int(w * 0.2):int(w * 0.8)]
        return [d.text for d in decoder.decode(crop)]

    timing = time_decoder(centre, coded)
    print(f"pyzbar   {timing.median_ms:5.1f} / {timing.p95_ms:5.1f} ms, read {timing.rate or 0:.1%}"
          " (codes held off-centre are lost)")


def worker_latency_and_stalls() -> None:
    from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Slot
    from PySide6.QtWidgets import QApplication

    from kiosk.scan.scanner import ScanEvent
    from kiosk.ui.scan_worker import CameraScanner, ScanWorker
    from kiosk.ui.widgets.camera_view import CameraView

    app = QApplication.instance() or QApplication(sys.argv)
    rng = np.random.default_rng(77)
    room = empty_frame(Conditions(size=HD), rng)
    frames: list[Frame] = []
    labels: list[str | None] = []
    for i in range(12):
        text = f"NIK: 61710545099{i + 1:05d}"
        shown = code_frame(text, random_conditions(rng, HD), rng)
        frames += [room] * 12 + [shown] * 12
        labels += [None] * 12 + [text] * 12
    source = ScriptedSource(frames, fps=30, labels=labels)
    worker = ScanWorker(source, b"\0" * 32, mode=ScanMode.IDENTITY)
    scanner = CameraScanner(worker)
    view = CameraView()
    view.resize(1024, 640)
    view.show()
    view.connect_worker(worker)

    class Recorder(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen: dict[str, float] = {}
            self.ended = False

        @Slot(object)
        def found(self, event: ScanEvent) -> None:
            self.seen.setdefault(event.text, time.monotonic())

        @Slot(str)
        def lost(self, _reason: str) -> None:
            self.ended = True
            app.quit()

    recorder = Recorder()
    worker.code_found.connect(recorder.found)
    worker.camera_lost.connect(recorder.lost)
    clock = QElapsedTimer()
    gaps: list[int] = []
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    ticker = QTimer()
    ticker.timeout.connect(tick)
    clock.start()
    ticker.start(5)
    scanner.start()
    QTimer.singleShot(30_000, app.quit)
    app.exec()
    ticker.stop()
    scanner.stop()
    latencies = [(recorder.seen[t] - source.first_shown[t]) * 1000
                 for t in source.first_shown if t in recorder.seen]
    print("\n== Camera worker at 1280x720, 30 fps, default decoder ==")
    print(f"code to signal: median {statistics.median(latencies):.0f} ms, "
          f"p95 {percentile(latencies, 95):.0f} ms, max {max(latencies):.0f} ms "
          f"({len(latencies)} of {len(source.first_shown)} codes signalled)")
    print(f"longest Qt event-loop stall while scanning with the preview shown: {max(gaps)} ms "
          f"(timer every 5 ms, {len(gaps)} ticks)")


def ocr() -> None:
    rng = np.random.default_rng(2024)
    seconds, hits = [], 0
    cards = 12
    for _ in range(cards):
        person = fake_person(rng)
        result = read_card(ktp_frame(ktp_card(person, rng), rng))
        seconds.append(result.seconds)
        hits += result.nik is not None and result.nik.nik == person.nik
    print("\n== KTP still: card detection + OCR of the NIK and name ==")
    print(f"NIK read on {hits}/{cards}; time median {statistics.median(seconds):.2f} s, "
          f"p95 {percentile(seconds, 95):.2f} s, max {max(seconds):.2f} s")


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    started = time.monotonic()
    decoders_side_by_side()
    worker_latency_and_stalls()
    ocr()
    print(f"\n(benchmark took {time.monotonic() - started:.0f} s; "
          f"load average {os.getloadavg()[0]:.1f} at the end)")


if __name__ == "__main__":
    main()
