"""The one camera the visitor screens share.

It runs only while a screen that uses it is showing (identity, devices, photo, check-out),
so the camera light is off at the welcome screen and no picture of one visitor's card or
face outlives their visit: on stop, every preview is wiped. With ``camera = "none"``
nothing starts and the screens offer typing only.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from kiosk.scan.payloads import ScanMode
from kiosk.scan.sources import open_source
from kiosk.ui.context import AppContext
from kiosk.ui.scan_worker import CameraScanner, ScanWorker
from kiosk.ui.widgets.camera_view import CameraView, Guide

log = logging.getLogger(__name__)


class VisitorCamera(QObject):
    code_found = Signal(object)  # kiosk.scan.scanner.ScanEvent
    ktp_result = Signal(object)  # kiosk.scan.ktp.KtpResult
    ktp_failed = Signal(str)
    still_taken = Signal(bytes)  # the visitor's photo, a small JPEG
    #: False when the camera is unplugged or missing, True when frames flow (again).
    working_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._scanner: CameraScanner | None = None
        self._views: list[CameraView] = []
        self._working: bool | None = None  # unknown until the first frame or failure

    @property
    def available(self) -> bool:
        return self._ctx.camera.strip().lower() not in ("", "none")

    @property
    def running(self) -> bool:
        return self._scanner is not None

    @property
    def working(self) -> bool | None:
        """Whether frames flow; None until the first frame or failure."""
        return self._working

    def make_view(self, guide: Guide) -> CameraView:
        view = CameraView()
        view.set_guide(guide)
        self._views.append(view)
        return view

    def start(self, mode: ScanMode) -> None:
        if not self.available:
            return
        if self._scanner is not None:
            self._scanner.set_mode(mode)
            return
        settings = self._ctx.settings
        worker = ScanWorker(open_source(self._ctx.camera), self._ctx.token_secret, mode=mode,
                            keep_card_images=settings.keep_card_images)
        worker.code_found.connect(self.code_found)
        worker.ktp_result.connect(self.ktp_result)
        worker.ktp_failed.connect(self.ktp_failed)
        worker.still_taken.connect(self.still_taken)
        worker.camera_lost.connect(lambda _why: self._set_working(False))
        worker.preview.connect(lambda _frame: self._set_working(True))
        for view in self._views:
            view.connect_worker(worker)
        self._scanner = CameraScanner(worker, self)
        self._scanner.start()
        log.info("camera started for %s", mode.value)

    def _set_working(self, working: bool) -> None:
        """Said once per change: the first frame after a failure, the first failure."""
        if working != self._working:
            self._working = working
            self.working_changed.emit(working)

    def capture_ktp(self) -> None:
        if self._scanner is not None:
            self._scanner.capture_ktp()

    def capture_still(self) -> None:
        """Ask for the next frame as a photo; ``still_taken`` brings it (off this thread)."""
        if self._scanner is not None:
            self._scanner.capture_still()

    def cancel_still(self) -> None:
        if self._scanner is not None:
            self._scanner.cancel_still()

    def stop(self) -> None:
        scanner, self._scanner = self._scanner, None
        if scanner is not None:
            if not scanner.stop():
                log.warning("the camera thread did not stop in time")
            scanner.deleteLater()
        for view in self._views:
            view.set_frame(QImage())
