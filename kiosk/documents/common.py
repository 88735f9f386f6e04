"""Labels and small values several documents print the same way."""

from __future__ import annotations

import datetime as dt
import io
import logging

from PIL import Image, UnidentifiedImageError
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Image as PdfImage

from kiosk.config import Settings
from kiosk.domain.types import ID_TYPE_LABELS, STATE_LABELS, IdType, VisitState
from kiosk.formats import minutes_text
from kiosk.i18n import translate

log = logging.getLogger(__name__)

def purpose_label(settings: Settings, key: str, language: str) -> str:
    purpose = settings.purpose(key)
    return translate(purpose.label, language) if purpose else key


def state_label(state: VisitState, language: str) -> str:
    return translate(STATE_LABELS[state], language)


def id_type_label(id_type: IdType, language: str) -> str:
    return translate(ID_TYPE_LABELS[id_type], language)


def duration_text(minutes: float | None, language: str) -> str:
    if minutes is None:
        return "–"
    return translate("{minutes} min", language, minutes=minutes_text(minutes, language))


def yes_no(value: bool, language: str) -> str:
    return translate("Yes", language) if value else translate("No", language)


def image_flowable(data: bytes | None, max_width: float, max_height: float) -> PdfImage | None:
    """A picture from stored bytes, scaled to fit; ``None`` when there is none or it is
    unreadable (a damaged signature must not stop the form from being archived)."""
    if not data:
        return None
    try:
        with Image.open(io.BytesIO(data)) as raw:
            image = raw.convert("RGB") if raw.mode not in {"L", "RGB"} else raw.copy()
    except (UnidentifiedImageError, OSError, ValueError):
        log.warning("stored image could not be read; printed as missing")
        return None
    png = io.BytesIO()
    image.save(png, format="PNG")
    png.seek(0)
    scale = min(max_width / image.width, max_height / image.height)
    return PdfImage(png, width=image.width * scale, height=image.height * scale)


def token_expiry(token: str) -> dt.datetime | None:
    """The expiry written in a signed code (``PNT1.<kind>.<id>.<expiry>...``), for printing
    "valid until"; the code itself is only trusted after ``verify_token``."""
    parts = token.split(".")
    if len(parts) < 4 or not parts[3].isdigit():
        return None
    return dt.datetime.fromtimestamp(int(parts[3]), dt.UTC)


def qr_drawing(value: str, size: float, level: str = "M") -> Drawing:
    """A QR code exactly ``size`` points wide, quiet zone included (4 modules, as the
    standard asks, so a webcam finds its edge)."""
    widget = QrCodeWidget(value, barLevel=level, barBorder=4)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing
