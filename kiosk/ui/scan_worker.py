"""The camera loop, in its own thread so the screen never waits for the camera or a decoder.

``ScanWorker`` lives in a ``QThread`` and is driven by a zero-delay timer there: one frame
per turn, so between frames its thread's event loop delivers the screen's requests (mode
changes, a KTP capture, a photo still, stop) in order, without locks. A blocking ``read``
costs at most one frame interval. ``CameraScanner`` owns the thread and is what screens
talk to.

Decoding is capped at ``decode_hz`` and the preview at ``preview_hz``: a camera sending
30 frames a second would otherwise keep a core busy and flood the UI thread with images.
When the camera goes away, or a turn fails on a bug, the worker says so once
(``camera_lost``), retries with growing delays, and says ``camera_back`` when frames flow
again; the screen keeps manual entry open.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import cv2
import numpy as np
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from kiosk.i18n import N_, tr
from kiosk.scan.ktp import KtpResult, OcrUnavailable, find_card, read_card
from kiosk.scan.payloads import ScanMode
from kiosk.scan.photo import encode_photo
from kiosk.scan.scanner import DEDUPE_SECONDS, CodeScanner
from kiosk.scan.sources import CameraUnavailable, Frame, FrameSource

log = logging.getLogger(__name__)

NO_CAMERA = N_("No camera is set up on this kiosk.")
CAMERA_PROBLEM = N_("The camera has a problem; it is being restarted. You can type instead.")
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)
PREVIEW_WIDTH = 960
#: How long to wait for a card's edges before reading whatever is inside the guide frame.
CARD_WAIT_SECONDS = 4.0


class ScanWorker(QObject):
    """Pulls frames, decodes, reports; see the module docstring for the threading rules."""

    code_found = Signal(object)  # kiosk.scan.scanner.ScanEvent
    preview = Signal(QImage)
    camera_lost = Signal(str)  # why, in the current language
    camera_back = Signal()
    ktp_reading = Signal()  # a still was taken; OCR is running
    ktp_result = Signal(object)  # kiosk.scan.ktp.KtpResult
    ktp_failed = Signal(str)
    #: The visitor's photo: the next frame after ``capture_still``, as a small JPEG.
    still_taken = Signal(bytes)
    finished = Signal()

    def __init__(
        self,
        source: FrameSource | None,
        secret: bytes,
        *,
        decoder: str | None = None,
        mode: ScanMode = ScanMode.IDENTITY,
        decode_hz: float = 20.0,
        preview_hz: float = 15.0,
        dedupe_seconds: float = DEDUPE_SECONDS,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        keep_card_images: bool = False,
    ) -> None:
        super().__init__()
        self._source = source
        self._scanner = CodeScanner(secret, decoder=decoder, mode=mode,
                                    dedupe_seconds=dedupe_seconds)
        self._decode_every = 1.0 / decode_hz
        self._preview_every = 1.0 / preview_hz
        self._retry_delays = tuple(retry_delays)
        self._keep_card_images = keep_card_images
        self._timer: QTimer | None = None
        self._open = False
        self._lost = False
        self._failures = 0
        self._next_decode = 0.0
        self._next_preview = 0.0
        self._card_deadline: float | None = None
        self._card_seen = False
        self._still_wanted = False
        self._ocr: ThreadPoolExecutor | None = None
        self._reading: Future[KtpResult] | None = None

    @property
    def decoder_name(self) -> str:
        return self._scanner.decoder.name

    @Slot()
    def start(self) -> None:
        """Runs in the worker thread (connected to ``QThread.started``)."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._turn)
        self._ocr = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ktp-ocr")
        if self._source is None:
            self._lost = True
            self.camera_lost.emit(tr(NO_CAMERA))
            return
        self._timer.start(0)

    @Slot(object)
    def set_mode(self, mode: ScanMode) -> None:
        self._scanner.set_mode(mode)
        log.info("scanning for %s with %s", mode.value, self._scanner.decoder.name)

    @Slot()
    def capture_ktp(self) -> None:
        self._card_deadline = time.monotonic() + CARD_WAIT_SECONDS
        self._card_seen = False

    @Slot()
    def cancel_ktp(self) -> None:
        self._card_deadline = None

    @Slot()
    def capture_still(self) -> None:
        """Take the next frame as the visitor's photo (``still_taken``)."""
        self._still_wanted = True

    @Slot()
    def cancel_still(self) -> None:
        self._still_wanted = False

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._ocr is not None:
            self._ocr.shutdown(wait=True, cancel_futures=True)
        if self._source is not None:
            self._source.close()
        self._open = False
        self.finished.emit()

    def _turn(self) -> None:
        """One frame. Whatever fails inside a turn is logged and the loop goes on: one bad
        frame or a decoder's bug must never stop the door's camera for good."""
        assert self._timer is not None
        try:
            delay_ms = self._step()
        except Exception:
            delay_ms = self._turn_failed()
        self._timer.start(delay_ms)

    def _step(self) -> int:
        """Read, decode and preview one frame; returns the delay before the next turn."""
        assert self._source is not None
        try:
            if not self._open:
                self._source.open()
                self._open = True
            frame = self._source.read()
        except CameraUnavailable as exc:
            return self._camera_failed(exc)
        if self._still_wanted:
            self._still_wanted = False  # one still per request, even if encoding fails
            self.still_taken.emit(encode_photo(frame))
        now = time.monotonic()
        if now >= self._next_decode:
            self._next_decode = now + self._decode_every
            for event in self._scanner.scan(frame):
                self.code_found.emit(event)
            self._watch_for_card(frame, now)
        self._collect_card()
        if now >= self._next_preview:
            self._next_preview = now + self._preview_every
            self.preview.emit(_to_qimage(frame))
        self._recovered()
        return 0

    def _recovered(self) -> None:
        if self._lost:
            self._lost = False
            log.info("camera %s is back", self._source.name if self._source else "?")
            self.camera_back.emit()
        self._failures = 0

    def _turn_failed(self) -> int:
        """A bug in a turn: said once per run of failures, retried after a pause so a
        failure on every frame neither fills the log nor keeps a core busy."""
        delay = self._retry_delays[min(self._failures, len(self._retry_delays) - 1)]
        self._failures += 1
        if not self._lost:
            self._lost = True
            log.exception("scanning failed on a frame; it goes on")
            self.camera_lost.emit(tr(CAMERA_PROBLEM))
        return int(delay * 1000)

    def _camera_failed(self, exc: CameraUnavailable) -> int:
        assert self._source is not None
        self._source.close()
        self._open = False
        delay = self._retry_delays[min(self._failures, len(self._retry_delays) - 1)]
        self._failures += 1
        if not self._lost:
            self._lost = True
            log.warning("camera %s unavailable: %s; retrying", self._source.name, exc)
            self.camera_lost.emit(exc.text())
        return int(delay * 1000)

    def _watch_for_card(self, frame: Frame, now: float) -> None:
        """Take the still once the card is seen twice in a row, or when the wait is over."""
        if self._card_deadline is None or self._reading is not None or self._ocr is None:
            return
        seen = find_card(frame) is not None
        if (seen and self._card_seen) or now >= self._card_deadline:
            self._card_deadline = None
            self._reading = self._ocr.submit(read_card, frame.copy(),
                                             keep_image=self._keep_card_images)
            self.ktp_reading.emit()
        self._card_seen = seen

    def _collect_card(self) -> None:
        if self._reading is None or not self._reading.done():
            return
        reading, self._reading = self._reading, None
        try:
            self.ktp_result.emit(reading.result())
        except OcrUnavailable as exc:
            self.ktp_failed.emit(exc.text())


class CameraScanner(QObject):
    """The screens' handle on the worker: start, stop, switch mode, ask for a KTP still or
    a photo.

    Requests travel as queued signals into the worker's thread; results come back as the
    worker's own signals (``scanner.worker.code_found`` etc.), delivered in the UI thread.
    """

    _mode_requested = Signal(object)
    _ktp_requested = Signal()
    _ktp_cancelled = Signal()
    _still_requested = Signal()
    _still_cancelled = Signal()
    _stop_requested = Signal()

    def __init__(self, worker: ScanWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self._thread = QThread(self)
        self._thread.setObjectName("camera")
        worker.moveToThread(self._thread)
        self._thread.started.connect(worker.start)
        self._mode_requested.connect(worker.set_mode)
        self._ktp_requested.connect(worker.capture_ktp)
        self._ktp_cancelled.connect(worker.cancel_ktp)
        self._still_requested.connect(worker.capture_still)
        self._still_cancelled.connect(worker.cancel_still)
        self._stop_requested.connect(worker.stop)
        # Direct: ``stop`` blocks this thread in ``wait``, so a queued quit would never run.
        worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)

    def start(self) -> None:
        self._thread.start()

    def set_mode(self, mode: ScanMode) -> None:
        self._mode_requested.emit(mode)

    def capture_ktp(self) -> None:
        self._ktp_requested.emit()

    def cancel_ktp(self) -> None:
        self._ktp_cancelled.emit()

    def capture_still(self) -> None:
        self._still_requested.emit()

    def cancel_still(self) -> None:
        self._still_cancelled.emit()

    def stop(self, timeout_ms: int = 5000) -> bool:
        """Stop the camera and wait for the thread; False if it did not end in time."""
        if not self._thread.isRunning():
            return True
        self._stop_requested.emit()
        return self._thread.wait(timeout_ms)


def _to_qimage(frame: Frame) -> QImage:
    if frame.shape[1] > PREVIEW_WIDTH:
        scale = PREVIEW_WIDTH / frame.shape[1]
        frame = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    frame = np.ascontiguousarray(frame)
    height, width = frame.shape[:2]
    return QImage(frame.data, width, height, 3 * width, QImage.Format.Format_BGR888).copy()
