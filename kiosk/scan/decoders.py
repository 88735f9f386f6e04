"""QR and barcode decoders behind one small interface, restricted to what a screen expects.

Default: zxing-cpp. ``benchmarks/scan.py`` times the decoders side by side on this 2-core
terminal (QR only, synthetic webcam frames, p95 per frame at 1280x720) and prints how many
codes each read; its last figures are in the README's table. zxing-cpp is over ten times
faster than pyzbar and OpenCV, and it read more of the small, tilted, dim codes. Only
zxing-cpp meets the 11 ms budget at full resolution, and full resolution is what small NIK
codes need (halving it lost most of them). A fast decoder also leaves the two cores to the
preview, the OCR and the rest of the kiosk.

pyzbar (libzbar0) stays supported, because it is the stack's reference decoder and some
installations already ship it: ``make_decoder("pyzbar", ...)``. If libzbar cannot be
loaded, OpenCV's QR detector takes over (QR only, a warning in the log) so the kiosk still
starts; device labels must then be typed.

Restricting the symbologies to the current screen's (identity and badge screens: QR only)
was the biggest single speed-up for every decoder, and it stops a product barcode on a
visitor's bag from being read as a device serial on the wrong screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Protocol

import cv2
import numpy as np
from cv2.typing import MatLike

log = logging.getLogger(__name__)

Gray = MatLike  # uint8, one channel, height x width


class Symbology(Enum):
    QR = "QR Code"
    CODE128 = "Code 128"
    CODE39 = "Code 39"
    EAN13 = "EAN-13"
    EAN8 = "EAN-8"


QR_ONLY: frozenset[Symbology] = frozenset({Symbology.QR})
DEVICE_LABELS: frozenset[Symbology] = frozenset(Symbology)

DEFAULT_DECODER = "zxing"
DECODER_NAMES = ("zxing", "pyzbar", "opencv")


@dataclass(frozen=True)
class Decoded:
    text: str
    symbology: Symbology


class Decoder(Protocol):
    """Finds codes of ``symbologies`` in a grayscale frame; never raises on a bad frame."""

    @property
    def name(self) -> str: ...

    @property
    def symbologies(self) -> frozenset[Symbology]: ...

    def decode(self, gray: Gray) -> list[Decoded]: ...


class ZxingDecoder:
    def __init__(self, symbologies: Iterable[Symbology]) -> None:
        zxingcpp = _zxing()
        if zxingcpp is None:
            raise ImportError("zxing-cpp is not installed")
        self._zxing: Any = zxingcpp
        self._symbologies = frozenset(symbologies)
        names = {
            Symbology.QR: "QRCode", Symbology.CODE128: "Code128", Symbology.CODE39: "Code39",
            Symbology.EAN13: "EAN13", Symbology.EAN8: "EAN8",
        }
        formats = {getattr(zxingcpp.BarcodeFormat, names[s]): s for s in self._symbologies}
        self._formats = formats
        self._format_list = list(formats)
        # QR finders are rotation invariant; only 1D labels need the rotated passes.
        self._try_rotate = bool(self._symbologies - QR_ONLY)

    @property
    def name(self) -> str:
        return "zxing"

    @property
    def symbologies(self) -> frozenset[Symbology]:
        return self._symbologies

    def decode(self, gray: Gray) -> list[Decoded]:
        if not self._format_list:
            return []
        found = self._zxing.read_barcodes(
            gray, formats=self._format_list, try_rotate=self._try_rotate, try_invert=False
        )
        return [
            Decoded(code.text, self._formats[code.format])
            for code in found
            if code.format in self._formats
        ]


class PyzbarDecoder:
    def __init__(self, symbologies: Iterable[Symbology]) -> None:
        pyzbar = _pyzbar()
        if pyzbar is None:
            raise ImportError("libzbar cannot be loaded")
        self._decode: Callable[..., Any] = pyzbar.decode
        self._symbologies = frozenset(symbologies)
        names = {
            Symbology.QR: "QRCODE", Symbology.CODE128: "CODE128", Symbology.CODE39: "CODE39",
            Symbology.EAN13: "EAN13", Symbology.EAN8: "EAN8",
        }
        self._types = {names[s]: s for s in self._symbologies}
        self._symbols = [pyzbar.ZBarSymbol[names[s]] for s in self._symbologies]

    @property
    def name(self) -> str:
        return "pyzbar"

    @property
    def symbologies(self) -> frozenset[Symbology]:
        return self._symbologies

    def decode(self, gray: Gray) -> list[Decoded]:
        if not self._symbols:
            return []
        found = self._decode(np.ascontiguousarray(gray), symbols=self._symbols)
        return [
            Decoded(code.data.decode("utf-8", errors="replace"), self._types[code.type])
            for code in found
            if code.type in self._types
        ]


class OpenCvQrDecoder:
    """The last resort: QR only, slower, and weaker on small codes, but always there."""

    def __init__(self, symbologies: Iterable[Symbology]) -> None:
        self._symbologies = frozenset(symbologies) & QR_ONLY
        self._detector = cv2.QRCodeDetectorAruco()

    @property
    def name(self) -> str:
        return "opencv"

    @property
    def symbologies(self) -> frozenset[Symbology]:
        return self._symbologies

    def decode(self, gray: Gray) -> list[Decoded]:
        if not self._symbologies:
            return []
        try:
            text, _points, _straight = self._detector.detectAndDecode(gray)
        except cv2.error:
            log.debug("OpenCV QR detector failed on a frame", exc_info=True)
            return []
        return [Decoded(text, Symbology.QR)] if text else []


def make_decoder(name: str | None, symbologies: Iterable[Symbology]) -> Decoder:
    """A decoder for ``symbologies``; ``name`` None means the default (see above).

    Falls back zxing -> pyzbar -> OpenCV when a library is missing, logging a warning
    once, so a broken installation still starts with a working QR reader.
    """
    wanted = frozenset(symbologies)
    name = name or DEFAULT_DECODER
    if name not in DECODER_NAMES:
        raise ValueError(f"unknown decoder {name!r}; choose one of {', '.join(DECODER_NAMES)}")
    if name == "zxing":
        if _zxing() is not None:
            return ZxingDecoder(wanted)
        name = "pyzbar"
    if name == "pyzbar" and _pyzbar() is not None:
        return PyzbarDecoder(wanted)
    if wanted - QR_ONLY:
        log.warning("the OpenCV fallback reads QR codes only; device barcodes must be typed")
    return OpenCvQrDecoder(wanted)


def available_decoders() -> list[str]:
    """Decoder names whose library loads here, in order of preference."""
    names = []
    if _zxing() is not None:
        names.append("zxing")
    if _pyzbar() is not None:
        names.append("pyzbar")
    names.append("opencv")
    return names


@cache
def _zxing() -> Any:
    try:
        import zxingcpp
    except ImportError:
        log.warning("zxing-cpp is not installed; trying pyzbar")
        return None
    return zxingcpp


@cache
def _pyzbar() -> Any:
    try:
        from pyzbar import pyzbar
    except (ImportError, OSError) as exc:
        log.warning("libzbar cannot be loaded (%s); falling back to OpenCV's QR detector, "
                    "which reads QR codes only", exc)
        return None
    return pyzbar
