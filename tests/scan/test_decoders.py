"""Real decoders on generated webcam frames; the rates are printed (run with -s)."""

from __future__ import annotations

import logging
import sys

import cv2
import numpy as np
import pytest

from kiosk.scan import decoders
from kiosk.scan.decoders import (
    DEFAULT_DECODER,
    DEVICE_LABELS,
    QR_ONLY,
    OpenCvQrDecoder,
    Symbology,
    make_decoder,
)
from tests.support.synthetic import HD, VGA, Conditions, code_frame, empty_frame, random_conditions

TEXTS = ("PNT1.B.42.1767225600.K7QX2M4A.ABCDEFGHIJKLMNOPQRSTUVWXYZ",
         "NIK: 6171054509900012", "6171054509900012")
LABELS = (("SN-ABC12345", Symbology.CODE128), ("SN12345X", Symbology.CODE39),
          ("8992761002015", Symbology.EAN13), ("96385074", Symbology.EAN8),
          ("SN:ZX-9981", Symbology.QR))


def gray(frame: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)


@pytest.fixture(scope="module")
def qr_frames() -> list[tuple[str, np.ndarray]]:
    rng = np.random.default_rng(99)
    frames = []
    for i in range(100):
        size = HD if i % 2 else VGA
        text = TEXTS[i % len(TEXTS)]
        frames.append((text, gray(code_frame(text, random_conditions(rng, size), rng))))
    return frames


def rate(name: str, symbologies: frozenset[Symbology],
         frames: list[tuple[str, np.ndarray]]) -> float:
    decoder = make_decoder(name, symbologies)
    hits = sum(any(d.text == text for d in decoder.decode(image)) for text, image in frames)
    return hits / len(frames)


def test_default_decoder_reads_at_least_99_percent_of_qr_frames(
    qr_frames: list[tuple[str, np.ndarray]],
) -> None:
    rates = {name: rate(name, QR_ONLY, qr_frames) for name in ("zxing", "pyzbar", "opencv")}
    print(f"\nQR decode rate on {len(qr_frames)} generated frames (VGA and 720p): "
          + ", ".join(f"{name} {value:.1%}" for name, value in rates.items()))
    assert rates[DEFAULT_DECODER] >= 0.99


def test_device_labels_are_read() -> None:
    rng = np.random.default_rng(5)
    frames = []
    for i in range(30):
        text, symbology = LABELS[i % len(LABELS)]
        conditions = random_conditions(rng, HD, one_d=symbology is not Symbology.QR)
        frames.append((text, symbology, gray(code_frame(text, conditions, rng, symbology))))
    for name in ("zxing", "pyzbar"):
        decoder = make_decoder(name, DEVICE_LABELS)
        hits = sum(any(d.text == text and d.symbology is sym for d in decoder.decode(image))
                   for text, sym, image in frames)
        print(f"\n{name}: device labels (Code 128, Code 39, EAN-13, EAN-8, QR) "
              f"{hits / len(frames):.1%} of {len(frames)}")
        if name == DEFAULT_DECODER:
            assert hits / len(frames) >= 0.95


@pytest.mark.parametrize("name", ["zxing", "pyzbar"])
def test_restriction_to_qr_ignores_barcodes(name: str) -> None:
    rng = np.random.default_rng(3)
    frame = gray(code_frame("SN-ABC12345", Conditions(module_px=3.5), rng, Symbology.CODE128))
    assert make_decoder(name, QR_ONLY).decode(frame) == []
    found = make_decoder(name, DEVICE_LABELS).decode(frame)
    assert [(d.text, d.symbology) for d in found] == [("SN-ABC12345", Symbology.CODE128)]


@pytest.mark.parametrize("name", ["zxing", "pyzbar", "opencv"])
def test_empty_frames_give_nothing(name: str) -> None:
    rng = np.random.default_rng(8)
    decoder = make_decoder(name, DEVICE_LABELS if name != "opencv" else QR_ONLY)
    for _ in range(10):
        assert decoder.decode(gray(empty_frame(random_conditions(rng), rng))) == []


def test_missing_libzbar_falls_back_to_opencv_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # What a missing libzbar0 does: importing pyzbar raises ImportError.
    monkeypatch.setitem(sys.modules, "pyzbar", None)
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)
    decoders._pyzbar.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="kiosk.scan.decoders"):
            decoder = make_decoder("pyzbar", DEVICE_LABELS)
        assert isinstance(decoder, OpenCvQrDecoder)
        assert decoder.symbologies == QR_ONLY
        assert "libzbar cannot be loaded" in caplog.text
        assert "QR codes only" in caplog.text
        rng = np.random.default_rng(4)
        frame = gray(code_frame(TEXTS[1], Conditions(module_px=6), rng))
        assert [d.text for d in decoder.decode(frame)] == [TEXTS[1]]
    finally:
        decoders._pyzbar.cache_clear()


def test_unknown_decoder_name_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        make_decoder("quirc", QR_ONLY)
