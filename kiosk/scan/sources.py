"""Where camera frames come from: a USB camera, a video or image file, or nothing.

A source is built from the ``camera`` setting without touching the device; the scan
worker opens it in its own thread, because opening a camera can take seconds and must
never hold up the start of the kiosk or its screen. Every way a source can fail (not
plugged in, busy, unplugged mid-scan, the end of a demo file) surfaces as
``CameraUnavailable`` so the worker has one thing to retry.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Protocol

import cv2
from cv2.typing import MatLike

from kiosk.errors import KnownError
from kiosk.i18n import N_

log = logging.getLogger(__name__)

Frame = MatLike  # BGR uint8, height x width x 3

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"})
#: Webcams default to 640x480; 720p keeps small NIK QR codes readable at arm's length.
DEVICE_SIZE = (1280, 720)


class CameraUnavailable(KnownError):
    """The camera (or the file standing in for it) gave no frame; retrying may help."""


NOT_FOUND = N_("The camera {name} was not found or is in use by another program.")
STOPPED = N_("The camera {name} stopped sending pictures.")
ENDED = N_("The video {name} has ended.")


class FrameSource(Protocol):
    """A camera-like supplier of BGR frames; ``read`` blocks until the next frame is due."""

    @property
    def name(self) -> str: ...

    def open(self) -> None: ...

    def read(self) -> Frame: ...

    def close(self) -> None: ...


class VideoCaptureSource:
    """A camera by index or device path, or a video file played at its own frame rate.

    Files are paced to their frame rate so a demo or a test sees the timing a camera
    would give; the end of a file counts as the camera going away, and opening it again
    starts it over.
    """

    def __init__(self, target: int | str, *, paced: bool | None = None) -> None:
        self._target = target
        self._is_file = isinstance(target, str) and not target.startswith("/dev/")
        self._paced = self._is_file if paced is None else paced
        self._capture: cv2.VideoCapture | None = None
        self._interval = 0.0
        self._next_due = 0.0

    @property
    def name(self) -> str:
        return str(self._target)

    def open(self) -> None:
        self.close()
        if self._is_file and not Path(str(self._target)).is_file():
            raise CameraUnavailable(NOT_FOUND, name=self.name)
        backend = cv2.CAP_FFMPEG if self._is_file else cv2.CAP_ANY
        capture = cv2.VideoCapture(self._target, backend)
        if not capture.isOpened():
            capture.release()
            raise CameraUnavailable(NOT_FOUND, name=self.name)
        if not self._is_file:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, DEVICE_SIZE[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, DEVICE_SIZE[1])
            capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a queue of old ones
        fps = capture.get(cv2.CAP_PROP_FPS)
        self._interval = 1.0 / fps if self._paced and 1.0 <= fps <= 120.0 else 0.0
        self._next_due = time.monotonic()
        self._capture = capture
        log.info("camera %s opened", self.name)

    def read(self) -> Frame:
        if self._capture is None:
            raise CameraUnavailable(STOPPED, name=self.name)
        if self._interval:
            delay = self._next_due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_due = max(self._next_due + self._interval, time.monotonic() - 1.0)
        ok, frame = self._capture.read()
        if not ok or frame is None:
            self.close()
            raise CameraUnavailable(ENDED if self._is_file else STOPPED, name=self.name)
        return _as_bgr(frame)

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class ImageSource:
    """One still image offered as a camera, for demos and the self-test."""

    def __init__(self, path: Path, fps: float = 15.0) -> None:
        self._path = path
        self._interval = 1.0 / fps
        self._frame: Frame | None = None
        self._next_due = 0.0

    @property
    def name(self) -> str:
        return str(self._path)

    def open(self) -> None:
        image = cv2.imread(str(self._path), cv2.IMREAD_COLOR)
        if image is None:
            raise CameraUnavailable(NOT_FOUND, name=self.name)
        self._frame = _as_bgr(image)
        self._next_due = time.monotonic()

    def read(self) -> Frame:
        if self._frame is None:
            raise CameraUnavailable(STOPPED, name=self.name)
        delay = self._next_due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next_due = max(self._next_due + self._interval, time.monotonic())
        return self._frame.copy()

    def close(self) -> None:
        self._frame = None


def open_source(spec: str) -> FrameSource | None:
    """The source named by the ``camera`` setting or ``pintu run --camera``.

    ``"0"`` is a device index, ``/dev/video2`` a device path, ``none`` (or nothing) means
    no camera at all (the kiosk then offers typing only), anything else a video or image
    file. The device is not opened here: see the module docstring.
    """
    spec = spec.strip()
    if spec.lower() in ("", "none"):
        return None
    if spec.isdigit():
        return VideoCaptureSource(int(spec))
    if Path(spec).suffix.lower() in IMAGE_SUFFIXES:
        return ImageSource(Path(spec))
    return VideoCaptureSource(spec)


def _as_bgr(frame: MatLike) -> Frame:
    if frame.ndim == 2:
        return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
    if frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR)
    return frame
