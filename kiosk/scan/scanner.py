"""From a camera frame to the codes worth telling the screen about.

Kept apart from the Qt worker so the same rules (symbologies per screen, classification,
"do not report the same code again while it is still being held up") serve the worker,
the benchmark and the self-test, and are tested without Qt.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import cv2

from kiosk.scan.decoders import Decoder, Symbology, make_decoder
from kiosk.scan.payloads import ScanMode, ScanResult, classify
from kiosk.scan.sources import Frame

log = logging.getLogger(__name__)

#: A code held in front of the camera is seen on every frame; it is reported again only
#: after it has been out of sight this long (so holding a badge up does not repeat it).
DEDUPE_SECONDS = 3.0


@dataclass(frozen=True)
class ScanEvent:
    text: str  # as decoded; may hold a NIK, so never log it
    symbology: Symbology
    result: ScanResult
    mode: ScanMode


class CodeScanner:
    """Decodes frames for the current screen and reports each code once."""

    def __init__(
        self,
        secret: bytes,
        *,
        decoder: str | None = None,
        mode: ScanMode = ScanMode.IDENTITY,
        dedupe_seconds: float = DEDUPE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._secret = secret
        self._decoder_name = decoder
        self._dedupe = dedupe_seconds
        self._clock = clock
        self._last_seen: dict[str, float] = {}
        self._mode = mode
        self._decoder: Decoder = make_decoder(decoder, mode.symbologies)

    @property
    def mode(self) -> ScanMode:
        return self._mode

    @property
    def decoder(self) -> Decoder:
        return self._decoder

    def set_mode(self, mode: ScanMode) -> None:
        """Switch symbologies for a new screen; codes already seen count as new there."""
        if mode is not self._mode:
            self._decoder = make_decoder(self._decoder_name, mode.symbologies)
            self._mode = mode
        self._last_seen.clear()

    def scan(self, frame: Frame) -> list[ScanEvent]:
        if not self._mode.reads_codes:
            return []
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
        now = self._clock()
        events = []
        for code in self._decoder.decode(gray):
            last = self._last_seen.get(code.text)
            self._last_seen[code.text] = now
            if last is not None and now - last <= self._dedupe:
                continue
            result = classify(code.text, self._secret, mode=self._mode, symbology=code.symbology)
            log.info("%s read: %s", code.symbology.value, type(result).__name__)
            events.append(ScanEvent(code.text, code.symbology, result, self._mode))
        if len(self._last_seen) > 64:
            self._last_seen = {t: s for t, s in self._last_seen.items() if now - s <= self._dedupe}
        return events
