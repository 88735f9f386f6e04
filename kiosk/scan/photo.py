"""The visitor's face photo: cut from a camera frame, and checked before it is stored.

The camera worker cuts the portrait part of the frame the guide oval sits in and makes a
small JPEG of it (``encode_photo``), so the still that travels to the screen and into the
form is already the size it is kept at. The service trusts none of that: ``check_photo``
refuses anything that is not a JPEG of sensible size and dimensions, decodes it whole,
and stores a fresh encoding of the pixels, so what reaches the database is always a plain
JPEG made here (no metadata, nothing appended after the picture), whatever was sent.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from PIL import Image, ImageOps, UnidentifiedImageError

from kiosk.errors import ValidationError
from kiosk.i18n import N_

if TYPE_CHECKING:  # the service checks photos without loading OpenCV
    from kiosk.scan.sources import Frame

#: Width of the stored photo: enough to recognise a face at the desk and on the printed
#: form (a 480x640 JPEG at quality 80 is about 30 to 60 kB).
PHOTO_WIDTH = 480
PHOTO_QUALITY = 80
#: The photo's width over its height, like a passport photo.
PORTRAIT = 3 / 4
#: A form whose photo is larger than this is refused before it is even decoded.
MAX_PHOTO_BYTES = 512 * 1024
#: Sides outside this range are no camera still of a face (or a decompression bomb).
MIN_SIDE, MAX_SIDE = 64, 4096

TOO_LARGE = N_("The photo is too large ({size} kB, at most {max} kB). Please take it again.")
NOT_JPEG = N_("The photo is not a JPEG picture. Please take it again.")
UNREADABLE = N_("The photo could not be read. Please take it again.")
BAD_SIZE = N_("The photo has an unusual size ({width}x{height}). Please take it again.")


def portrait_box(width: int, height: int) -> tuple[int, int, int, int]:
    """The centred portrait part of a ``width`` x ``height`` frame: x, y, w, h.

    Camera frames are landscape; the photo keeps the full height and the middle of the
    width, which is where the preview draws the guide oval.
    """
    if width / height > PORTRAIT:
        crop = round(height * PORTRAIT)
        return (width - crop) // 2, 0, crop, height
    crop = round(width / PORTRAIT)
    return 0, (height - crop) // 2, width, crop


def encode_photo(frame: Frame) -> bytes:
    """The portrait part of ``frame`` (BGR), at most ``PHOTO_WIDTH`` wide, as a JPEG."""
    x, y, w, h = portrait_box(frame.shape[1], frame.shape[0])
    face = Image.fromarray(frame[y:y + h, x:x + w, ::-1].copy())  # BGR to RGB
    return _jpeg(face)


def check_photo(data: bytes) -> bytes:
    """The photo to store, re-encoded from its pixels; ``ValidationError`` when ``data``
    is not a readable JPEG of sensible size."""
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError("photo", TOO_LARGE, size=len(data) // 1024,
                              max=MAX_PHOTO_BYTES // 1024)
    if not data.startswith(b"\xff\xd8\xff"):
        raise ValidationError("photo", NOT_JPEG)
    try:
        with Image.open(io.BytesIO(data), formats=["JPEG"]) as image:
            width, height = image.size
            if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
                raise ValidationError("photo", BAD_SIZE, width=width, height=height)
            image.load()  # a truncated or damaged picture fails here, not later
            pixels = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError("photo", UNREADABLE) from None
    return _jpeg(pixels)


def _jpeg(image: Image.Image) -> bytes:
    """``image`` at most ``PHOTO_WIDTH`` wide, as a JPEG with no metadata."""
    if image.width > PHOTO_WIDTH:
        image = image.resize((PHOTO_WIDTH, round(image.height * PHOTO_WIDTH / image.width)),
                             Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=PHOTO_QUALITY, optimize=True)
    return out.getvalue()
