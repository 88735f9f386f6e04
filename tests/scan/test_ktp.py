"""Real Tesseract on synthetic KTP-like cards; rates and times are printed (run with -s).

The first tests use ``tests.support.synthetic``; the later ones frames drawn by
``tests/support/ktp_frames.py``, which knows nothing of how the reader works. Figures on
200 such frames come from ``benchmarks/ktp.py``.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.domain.nik import parse_nik
from kiosk.errors import ValidationError
from kiosk.scan.ktp import find_card, read_card
from tests.support.ktp_frames import BACKGROUNDS, empty_scene, ktp_scene, make_holder
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


# --- frames drawn independently of the reader (tests/support/ktp_frames.py) -------------

INDEPENDENT = 24


def test_independent_frames_are_read_and_never_wrongly() -> None:
    rng = np.random.default_rng(20260601)
    niks = names = 0
    for _ in range(INDEPENDENT):
        scene = ktp_scene(rng)
        result = read_card(scene.frame)
        if result.nik is not None:
            assert result.nik.nik == scene.holder.nik  # a wrong NIK is worse than none
            niks += 1
        names += result.name == scene.holder.name
    assert niks >= 20
    assert names >= 12


def test_a_card_whose_outline_is_lost_is_read_in_the_guide_or_the_frame() -> None:
    rng = np.random.default_rng(99)
    read_by_fallback = set()
    for _ in range(40):
        scene = ktp_scene(rng, background=str(rng.choice(["paper", "desk"])), occluded=True)
        if not scene.occluded or find_card(scene.frame) is not None:
            continue
        result = read_card(scene.frame)
        assert not result.card_found
        if result.nik is not None:
            assert result.nik.nik == scene.holder.nik
            assert result.stage in {"guide", "frame"}
            read_by_fallback.add(scene.background)
        if read_by_fallback == {"paper", "desk"}:
            break
    assert read_by_fallback == {"paper", "desk"}  # fingers on the card, clutter behind it


def test_the_name_is_read_from_a_clear_card() -> None:
    rng = np.random.default_rng(5)
    for _ in range(6):
        scene = ktp_scene(rng, occluded=False)
        result = read_card(scene.frame)
        if result.name is not None:
            assert result.name == scene.holder.name
            assert result.nik is not None and result.nik.nik == scene.holder.nik
            return
    raise AssertionError("no name read from six clear cards")


def test_nothing_is_offered_without_a_card() -> None:
    rng = np.random.default_rng(11)
    for background in BACKGROUNDS:  # a printed page full of dates and phone numbers too
        result = read_card(empty_scene(rng, background))
        assert result.nik is None and result.name is None and result.stage is None


def test_a_card_with_an_impossible_nik_offers_nothing() -> None:
    rng = np.random.default_rng(21)
    for _ in range(4):
        holder = make_holder(rng, tampered=True)
        with pytest.raises(ValidationError):
            parse_nik(holder.nik)
        result = read_card(ktp_scene(rng, holder=holder, occluded=False).frame)
        assert result.nik is None and result.name is None
