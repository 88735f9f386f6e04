"""Real Tesseract on synthetic KTP-like cards; rates and times are printed (run with -s)."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.scan.ktp import find_card, read_card
from tests.support.synthetic import VGA, Conditions, empty_frame, fake_person, ktp_card, ktp_frame

CARDS = 20


def test_nik_is_read_from_at_least_95_percent_of_cards() -> None:
    rng = np.random.default_rng(1234)
    niks = names = found = 0
    seconds = []
    for _ in range(CARDS):
        person = fake_person(rng)
        result = read_card(ktp_frame(ktp_card(person, rng), rng))
        seconds.append(result.seconds)
        found += result.card_found
        if result.nik is not None:
            assert result.nik.nik == person.nik  # a wrong but valid NIK is the worst outcome
            niks += 1
        names += result.name == person.name
        assert result.card_image is None  # nothing kept unless asked
    print(f"\nKTP OCR on {CARDS} synthetic cards: NIK {niks / CARDS:.0%}, "
          f"name {names / CARDS:.0%}, card edges found {found / CARDS:.0%}; "
          f"time median {np.median(seconds):.2f} s, max {max(seconds):.2f} s")
    assert niks / CARDS >= 0.95
    # The target is 1.5 s on an idle terminal (see benchmarks/scan.py); this only catches
    # a change that makes reading several times slower.
    assert np.median(seconds) < 3.0


def test_card_image_is_kept_only_when_asked() -> None:
    rng = np.random.default_rng(7)
    frame = ktp_frame(ktp_card(fake_person(rng), rng), rng)
    result = read_card(frame, keep_image=True)
    assert result.card_image is not None and result.card_image.shape == (638, 1012, 3)
    assert result.nik is not None and result.nik.nik not in repr(result)


def test_no_card_in_an_empty_room() -> None:
    rng = np.random.default_rng(3)
    for _ in range(10):
        assert find_card(empty_frame(Conditions(size=VGA, clutter=25), rng)) is None
    result = read_card(empty_frame(Conditions(), rng))
    assert result.nik is None and not result.card_found


def test_card_edges_are_found() -> None:
    rng = np.random.default_rng(3)
    frame = ktp_frame(ktp_card(fake_person(rng), rng), rng)
    corners = find_card(frame)
    assert corners is not None and corners.shape == (4, 2)
    assert cv2.contourArea(corners) > 0.2 * frame.shape[0] * frame.shape[1]
