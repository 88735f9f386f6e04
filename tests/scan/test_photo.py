"""The face photo: cut from the frame where the oval is, small, and checked before it is kept."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from kiosk.errors import ValidationError
from kiosk.scan.photo import (
    MAX_PHOTO_BYTES,
    PHOTO_WIDTH,
    check_photo,
    encode_photo,
    portrait_box,
)
from tests.support.synthetic import VGA, face_frame


def _size(jpeg: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(jpeg)) as image:
        assert image.format == "JPEG"
        return image.size


def test_the_photo_is_the_portrait_middle_of_the_frame_and_small() -> None:
    assert portrait_box(1280, 720) == (370, 0, 540, 720)
    assert portrait_box(640, 480) == (140, 0, 360, 480)
    assert portrait_box(300, 800) == (0, 200, 300, 400)
    hd = encode_photo(face_frame(np.random.default_rng(1)))
    assert _size(hd) == (PHOTO_WIDTH, 640)
    assert len(hd) < 60_000
    vga = encode_photo(face_frame(np.random.default_rng(2), VGA))
    assert _size(vga) == (360, 480), "a small camera's photo is not blown up"


def test_a_real_photo_is_kept_as_a_fresh_jpeg() -> None:
    photo = encode_photo(face_frame(np.random.default_rng(3)))
    kept = check_photo(photo)
    assert _size(kept) == _size(photo)
    big = io.BytesIO()
    Image.new("RGB", (1600, 1200), (120, 90, 60)).save(big, format="JPEG", quality=95)
    assert _size(check_photo(big.getvalue())) == (PHOTO_WIDTH, 360), "made small"


def test_what_follows_the_picture_is_not_kept() -> None:
    """A JPEG with a page or an archive glued after it (a polyglot) keeps only pixels."""
    photo = encode_photo(face_frame(np.random.default_rng(3)))
    hostile = photo + b"<script>alert(1)</script>" + b"PK\x03\x04" + b"\x00" * 1000
    kept = check_photo(hostile)
    assert b"<script>" not in kept and b"PK\x03\x04" not in kept


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (480, 640), (200, 180, 160)).save(out, format="PNG")
    return out.getvalue()


def _tiny_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="JPEG")
    return out.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (_png(), "The photo is not a JPEG picture. Please take it again."),
    (b"GIF89a" + b"\x00" * 100, "The photo is not a JPEG picture. Please take it again."),
    (b"\xff\xd8\xff" + b"garbage" * 50, "The photo could not be read. Please take it again."),
    (_tiny_jpeg(), "The photo has an unusual size (8x8). Please take it again."),
    (b"\xff\xd8\xff" + b"\x00" * (MAX_PHOTO_BYTES + 1),
     "The photo is too large (512 kB, at most 512 kB). Please take it again."),
])
def test_anything_else_is_refused_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_photo(data)
    assert caught.value.field == "photo"
    assert caught.value.text("en") == message


def test_a_cut_off_photo_is_refused() -> None:
    photo = encode_photo(face_frame(np.random.default_rng(5)))
    with pytest.raises(ValidationError) as caught:
        check_photo(photo[: len(photo) // 2])
    assert caught.value.text("en") == "The photo could not be read. Please take it again."
