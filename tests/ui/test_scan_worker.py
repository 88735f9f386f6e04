"""The camera worker with real OpenCV reading real video files, real decoders and OCR."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Slot
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.domain.tokens import TokenKind, issue_token
from kiosk.scan.decoders import Decoded, Gray, Symbology, ZxingDecoder
from kiosk.scan.ktp import KtpResult
from kiosk.scan.payloads import NikScan, ScanMode, SerialScan, TokenScan
from kiosk.scan.scanner import ScanEvent
from kiosk.scan.sources import open_source
from kiosk.ui.scan_worker import CameraScanner, ScanWorker
from tests.support.synthetic import (
    VGA,
    Conditions,
    code_frame,
    empty_frame,
    fake_person,
    ktp_card,
    ktp_frame,
    write_video,
)

SECRET = bytes(range(32))
FAST_RETRY = (0.1, 0.2)


def clip(path: Path, code: str | None, *, seconds: float = 1.0, fps: int = 15,
         symbology: Symbology = Symbology.QR) -> Path:
    """Half a second of room, then the code held up until the clip ends."""
    rng = np.random.default_rng(11)
    room = empty_frame(Conditions(size=VGA), rng)
    module = 5.0 if symbology is Symbology.QR else 2.5
    conditions = Conditions(size=VGA, module_px=module, angle=10)
    shown = room if code is None else code_frame(code, conditions, rng, symbology)
    count = int(seconds * fps)
    return write_video(path, [room] * (count // 3) + [shown] * (count - count // 3), fps)


class Recorder(QObject):
    """Receives the worker's signals in the UI thread, as a screen would."""

    def __init__(self, worker: ScanWorker) -> None:
        super().__init__()
        self.found: list[ScanEvent] = []
        self.lost: list[str] = []
        self.back = 0
        self.previews = 0
        self.reading = 0
        self.ktp: list[KtpResult] = []
        self.threads: set[str] = set()
        worker.code_found.connect(self._found)
        worker.camera_lost.connect(self._lost)
        worker.camera_back.connect(self._back)
        worker.preview.connect(self._preview)
        worker.ktp_reading.connect(self._reading)
        worker.ktp_result.connect(self._ktp)

    def _here(self) -> None:
        self.threads.add(QThread.currentThread().objectName())

    @Slot(object)
    def _found(self, event: ScanEvent) -> None:
        self._here()
        self.found.append(event)

    @Slot(str)
    def _lost(self, reason: str) -> None:
        self._here()
        self.lost.append(reason)

    @Slot()
    def _back(self) -> None:
        self.back += 1

    @Slot(QImage)
    def _preview(self, image: QImage) -> None:
        self._here()
        self.previews += 1

    @Slot()
    def _reading(self) -> None:
        self.reading += 1

    @Slot(object)
    def _ktp(self, result: KtpResult) -> None:
        self._here()
        self.ktp.append(result)


@pytest.fixture
def scanners() -> Iterator[list[CameraScanner]]:
    made: list[CameraScanner] = []
    yield made
    for scanner in made:
        assert scanner.stop()
        scanner.deleteLater()
    QCoreApplication.processEvents()


def start(scanners: list[CameraScanner], spec: str, **options: object) -> Recorder:
    worker = ScanWorker(open_source(spec), SECRET, retry_delays=FAST_RETRY,
                        **options)  # type: ignore[arg-type]
    scanner = CameraScanner(worker)
    scanners.append(scanner)
    recorder = Recorder(worker)
    scanner.start()
    return recorder


def only_ui_thread(recorder: Recorder) -> bool:
    return "camera" not in recorder.threads  # the worker's thread is named "camera"


def test_badge_is_reported_once_from_a_video(qtbot: QtBot, tmp_path: Path,
                                             scanners: list[CameraScanner]) -> None:
    payload = issue_token(SECRET, TokenKind.BADGE, 12, datetime.now(UTC) + timedelta(days=1))
    seen = start(scanners, str(clip(tmp_path / "badge.avi", payload, seconds=2.0)),
                 mode=ScanMode.BADGE_RETURN)
    qtbot.waitUntil(lambda: bool(seen.lost), timeout=8000)  # the clip ends
    assert len(seen.found) == 1, "a code held up for a second is reported once"
    result = seen.found[0].result
    assert isinstance(result, TokenScan) and result.token.id == 12
    assert only_ui_thread(seen)


def test_worker_recovers_when_the_source_comes_back(qtbot: QtBot, tmp_path: Path,
                                                    scanners: list[CameraScanner]) -> None:
    path = tmp_path / "camera.avi"
    seen = start(scanners, str(path))  # not there yet: like an unplugged camera
    qtbot.waitUntil(lambda: len(seen.lost) == 1, timeout=3000)
    assert "camera.avi" in seen.lost[0]
    qtbot.wait(500)  # several retries happen meanwhile; the banner is not repeated
    assert len(seen.lost) == 1 and not seen.back
    clip(path, "NIK: 6171054509900012")  # plugged in
    qtbot.waitUntil(lambda: seen.back == 1 and bool(seen.found), timeout=5000)
    assert isinstance(seen.found[0].result, NikScan)
    qtbot.waitUntil(lambda: len(seen.lost) == 2, timeout=5000)  # the clip ends: lost again...
    qtbot.waitUntil(lambda: seen.back == 2, timeout=5000)  # ...and comes back on its own


def test_mode_switch_changes_what_is_read(qtbot: QtBot, tmp_path: Path,
                                          scanners: list[CameraScanner]) -> None:
    path = clip(tmp_path / "label.avi", "SN-ABC12345", symbology=Symbology.CODE128, seconds=1.0)
    seen = start(scanners, str(path))
    qtbot.waitUntil(lambda: bool(seen.lost), timeout=8000)
    assert seen.found == [], "the identity screen reads QR codes only"
    scanners[-1].set_mode(ScanMode.DEVICES)
    qtbot.waitUntil(lambda: bool(seen.found), timeout=5000)  # next loop of the clip
    assert seen.found[0].result == SerialScan("SN-ABC12345", Symbology.CODE128)


def test_ktp_capture_reads_the_nik_in_the_worker(qtbot: QtBot, tmp_path: Path,
                                                 scanners: list[CameraScanner]) -> None:
    rng = np.random.default_rng(42)
    person = fake_person(rng)
    frame = ktp_frame(ktp_card(person, rng), rng)
    seen = start(scanners, str(write_video(tmp_path / "card.avi", [frame] * 45, fps=15)))
    qtbot.waitUntil(lambda: seen.previews > 0, timeout=5000)
    scanners[-1].capture_ktp()
    qtbot.waitUntil(lambda: bool(seen.ktp), timeout=8000)
    assert seen.reading == 1
    [result] = seen.ktp
    assert result.card_found
    assert result.nik is not None and result.nik.nik == person.nik
    assert result.card_image is None
    assert only_ui_thread(seen)


def test_no_camera_configured(qtbot: QtBot, scanners: list[CameraScanner]) -> None:
    scanner = CameraScanner(ScanWorker(None, SECRET))
    scanners.append(scanner)
    seen = Recorder(scanner.worker)
    scanner.start()
    qtbot.waitUntil(lambda: bool(seen.lost), timeout=3000)
    assert seen.lost == ["Kios ini tidak memiliki kamera."]


def test_scanning_goes_on_while_the_ui_thread_runs(qtbot: QtBot, tmp_path: Path,
                                                   scanners: list[CameraScanner]) -> None:
    """The UI thread keeps its timers while 720p frames are decoded; how long its longest
    pause is, ``benchmarks/scan.py`` measures."""
    rng = np.random.default_rng(5)
    frames = [code_frame(f"NIK: 61710545099000{i:02d}", Conditions(), rng) for i in range(1, 4)]
    seen = start(scanners, str(write_video(tmp_path / "hd.avi",
                                           [f for f in frames for _ in range(10)], fps=30)))
    ticks = [0]
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start(5)
    qtbot.waitUntil(lambda: len(seen.found) >= 3, timeout=20_000)
    timer.stop()
    assert seen.previews and ticks[0] > 0
    assert only_ui_thread(seen)


def test_a_decoder_error_does_not_stop_scanning(qtbot: QtBot, tmp_path: Path,
                                                scanners: list[CameraScanner],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in one turn (here the decoder raises on its first frames) is logged, the
    screen hears of a camera problem, and the next turns read the code."""
    calls = [0]
    real = ZxingDecoder.decode

    def flaky(self: ZxingDecoder, gray: Gray) -> list[Decoded]:
        calls[0] += 1
        if calls[0] <= 3:
            raise RuntimeError("decoder crashed")
        return real(self, gray)

    monkeypatch.setattr(ZxingDecoder, "decode", flaky)
    seen = start(scanners, str(clip(tmp_path / "nik.avi", "NIK: 6171054509900012",
                                    seconds=3.0)))
    qtbot.waitUntil(lambda: bool(seen.found), timeout=15_000)
    assert seen.lost[0] == "Kamera bermasalah dan sedang dimulai ulang. Anda dapat mengetik saja."
    assert seen.back >= 1 and calls[0] > 3
    assert isinstance(seen.found[0].result, NikScan)
