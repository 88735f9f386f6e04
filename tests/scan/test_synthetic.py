from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.domain.nik import is_valid_nik
from kiosk.resources import asset_path
from kiosk.scan.decoders import Symbology, make_decoder
from tests.support.synthetic import (
    SAMPLE_NIK_TEXT,
    Conditions,
    code_frame,
    fake_person,
    font_path,
    ktp_card,
    ktp_frame,
    write_samples,
)


def test_frames_are_deterministic() -> None:
    def make(seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        return code_frame("SAME", Conditions(blur=0.7, noise=5), rng)

    assert np.array_equal(make(1), make(1))
    assert not np.array_equal(make(1), make(2))


@pytest.mark.parametrize("symbology", [Symbology.CODE128, Symbology.CODE39, Symbology.EAN13,
                                       Symbology.EAN8])
def test_barcodes_are_readable_by_an_independent_decoder(symbology: Symbology) -> None:
    text = {Symbology.EAN13: "8992761002015", Symbology.EAN8: "96385074"}.get(symbology, "SN42")
    frame = code_frame(text, Conditions(module_px=4, noise=1), np.random.default_rng(1),
                       symbology)
    found = make_decoder("pyzbar", {symbology}).decode(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY))
    assert [d.text for d in found] == [text]


def test_fake_people_have_valid_niks() -> None:
    rng = np.random.default_rng(0)
    assert all(is_valid_nik(fake_person(rng).nik) for _ in range(200))


def test_cards_and_frames_have_the_expected_shape() -> None:
    rng = np.random.default_rng(0)
    card = ktp_card(fake_person(rng), rng)
    assert card.shape == (638, 1012, 3)
    assert ktp_frame(card, rng).shape == (720, 1280, 3)
    assert font_path().is_file() and font_path(bold=True).is_file()


def test_shipped_samples_are_what_the_generator_makes(tmp_path: Path) -> None:
    made = write_samples(tmp_path)
    for path in made:
        shipped = asset_path("samples", path.name)
        assert shipped.is_file(), f"run write_samples(Path('assets/samples')) for {path.name}"
        fresh, kept = cv2.imread(str(path)), cv2.imread(str(shipped))
        assert fresh.shape == kept.shape
        assert np.abs(fresh.astype(int) - kept.astype(int)).mean() < 2
    image = cv2.imread(str(asset_path("samples", "qr-nik.jpg")), cv2.IMREAD_GRAYSCALE)
    assert [d.text for d in make_decoder(None, {Symbology.QR}).decode(image)] == [SAMPLE_NIK_TEXT]
