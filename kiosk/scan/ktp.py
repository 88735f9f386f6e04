"""Reading the NIK (and the name, when it can) off an e-KTP held up to the camera.

The e-KTP has no machine-readable code a webcam can use (its data sit in the chip; the
IKD QR is for the government's app), so the kiosk does what a person would: find the
card in the frame, straighten it, and read the printed NIK line with Tesseract. OCR only
proposes: a number is offered only if it passes ``parse_nik``, and the visitor confirms or
corrects it on screen.

Speed comes from reading as little as possible: the card is cut out and straightened,
then only the NIK band (and the name band) is binarised and passed to Tesseract as a
single text line with a digit-friendly whitelist, instead of the whole frame.

Nothing here keeps the image: ``KtpResult.card_image`` is filled only when the caller asks,
because ``Settings.keep_card_images`` is off by default (UU PDP data minimisation).
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
import pytesseract
from cv2.typing import MatLike

from kiosk.domain.nik import NikInfo, mask_nik, parse_nik
from kiosk.errors import KnownError, ValidationError
from kiosk.i18n import N_
from kiosk.scan.sources import Frame

log = logging.getLogger(__name__)

# Tesseract's OpenMP threads fight over two cores on a single text line: one thread per
# process is about 40 % faster here, and lets two processes run side by side.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

CARD_ASPECT = 85.60 / 53.98
#: The straightened card, about 300 dpi: large enough for Tesseract's favourite x-height.
CARD_WIDTH, CARD_HEIGHT = 1012, 638
#: Where the NIK and name lines sit on the card (fractions of its height and width),
#: with room for a card found a little too large or too small.
NIK_BAND = (0.13, 0.30, 0.0, 0.75)
NAME_BAND = (0.25, 0.33, 0.0, 0.75)
#: Detection works on a small copy: edges of a card that fills the guide frame survive it.
DETECT_WIDTH = 640

OCR_MISSING = N_("Text recognition is not installed on this kiosk; please type the NIK.")

_DIGIT_LOOKALIKES = str.maketrans({
    "O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "i": "1", "|": "1", "!": "1",
    "Z": "2", "z": "2", "A": "4", "S": "5", "s": "5", "G": "6", "b": "6", "T": "7", "?": "7",
    "B": "8",
})
_DIGITISH = re.compile(r"[0-9OoDQIli|!ZzSsBGAbT?]+")
_NAME = re.compile(r"[A-Z][A-Z.,' -]{1,60}")


class OcrUnavailable(KnownError):
    """Tesseract (or its Indonesian data) is not installed; typing still works."""


@dataclass(frozen=True)
class KtpResult:
    """What was read from one still; ``nik`` is None when no candidate passed validation."""

    card_found: bool
    nik: NikInfo | None
    candidates: tuple[str, ...]  # every 16-digit reading, valid or not, best first
    name: str | None
    seconds: float
    card_image: Frame | None = None  # only when the caller asked to keep it

    def __repr__(self) -> str:  # results end up in logs; never print a full NIK there
        nik = mask_nik(self.nik.nik) if self.nik else None
        return f"KtpResult(card_found={self.card_found}, nik={nik!r}, seconds={self.seconds:.2f})"


def find_card(frame: Frame) -> npt.NDArray[np.float32] | None:
    """The corners of the largest card-shaped quadrilateral (TL, TR, BR, BL), or None.

    Cheap enough (a few ms on a 640-wide copy) for the worker to run on every frame while
    it waits for the visitor to hold the card steady.
    """
    scale = DETECT_WIDTH / frame.shape[1]
    small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    # Edges in each colour channel: a yellow folder behind the pale card is as bright as
    # the card, so a grey image would show no edge between them.
    edges = np.zeros(small.shape[:2], np.uint8)
    for channel in cv2.split(small):
        edges |= cv2.Canny(channel, 30, 90)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    # Every closed outline, not only the outermost: clutter touching the card merges with
    # its outer edge, but the inner side of that edge still outlines the card alone.
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    frame_area = small.shape[0] * small.shape[1]
    best: npt.NDArray[np.float32] | None = None
    best_area = 0.12 * frame_area  # a card too small to read is not worth straightening
    for contour in contours:
        area = cv2.contourArea(cv2.convexHull(contour))
        if area < best_area or area > 0.95 * frame_area:
            continue
        quad = _quadrilateral(contour)
        if quad is None or not _card_shaped(quad):
            continue
        best, best_area = quad, area
    return None if best is None else (best / scale).astype(np.float32)


def _quadrilateral(contour: MatLike) -> npt.NDArray[np.float32] | None:
    """Four corners from the outline's four longest straight runs, or None.

    A thumb over the edge cuts a notch into the outline, and something of the card's
    brightness behind it leaves a gap that adds a bump; both only shorten a side's
    straight run, so the sides are the four longest runs and the corners where they meet.
    """
    perimeter = cv2.arcLength(contour, True)
    poly = cv2.approxPolyDP(contour, 0.01 * perimeter, True).reshape(-1, 2).astype(np.float64)
    if len(poly) < 4:
        return None
    ends = np.roll(poly, -1, axis=0)
    lengths = np.linalg.norm(ends - poly, axis=1)
    sides = sorted(np.argsort(lengths)[-4:])
    if lengths[sides].min() < 0.1 * perimeter:
        return None
    corners = []
    for previous, current in zip(np.roll(sides, 1), sides, strict=True):
        p1, d1 = poly[previous], ends[previous] - poly[previous]
        p2, d2 = poly[current], ends[current] - poly[current]
        matrix = np.array([d1, -d2]).T
        if abs(np.linalg.det(matrix)) < 1e-6 * np.linalg.norm(d1) * np.linalg.norm(d2):
            return None
        t = np.linalg.solve(matrix, p2 - p1)
        corners.append(p1 + t[0] * d1)
    quad = np.array(corners, np.float32)
    hull_area = cv2.contourArea(cv2.convexHull(contour))
    if not cv2.isContourConvex(quad) or not 0.8 < cv2.contourArea(quad) / hull_area < 1.2:
        return None
    if min(_support(quad, contour.reshape(-1, 2))) < 0.6:
        return None  # a side borrowed from something touching the card, not the card's own
    return _order(quad)


def _support(quad: npt.NDArray[np.float32], points: MatLike) -> list[float]:
    """For each side, the share of its length that outline points actually lie along."""
    shares = []
    for start, end in zip(quad, np.roll(quad, -1, axis=0), strict=True):
        length = float(np.linalg.norm(end - start))
        direction = (end - start) / max(length, 1e-6)
        offsets = points - start
        along = offsets @ direction
        across = np.abs(offsets @ np.array([-direction[1], direction[0]]))
        near = along[(across < 3) & (along >= 0) & (along <= length)]
        bins = max(1, int(length // 4))
        shares.append(len(np.unique((near / length * bins).astype(int))) / bins)
    return shares


def _order(points: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    total = points.sum(axis=1)
    diff = np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(total)], points[np.argmin(diff)],
                     points[np.argmax(total)], points[np.argmax(diff)]], np.float32)


def _card_shaped(quad: npt.NDArray[np.float32]) -> bool:
    top, right = np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[1])
    bottom, left = np.linalg.norm(quad[3] - quad[2]), np.linalg.norm(quad[0] - quad[3])
    width, height = (top + bottom) / 2, (left + right) / 2
    if min(width, height) == 0:
        return False
    return bool(1.3 < max(width, height) / min(width, height) < 1.9)


def straighten(frame: Frame, corners: npt.NDArray[np.float32]) -> Frame:
    """The card seen face-on, landscape, at ``CARD_WIDTH`` x ``CARD_HEIGHT``."""
    if np.linalg.norm(corners[1] - corners[0]) < np.linalg.norm(corners[3] - corners[0]):
        corners = np.roll(corners, -1, axis=0)  # held in portrait: turn it to landscape
    target = np.array([[0, 0], [CARD_WIDTH - 1, 0], [CARD_WIDTH - 1, CARD_HEIGHT - 1],
                       [0, CARD_HEIGHT - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(frame, matrix, (CARD_WIDTH, CARD_HEIGHT), flags=cv2.INTER_CUBIC)


def guide_region(frame: Frame) -> Frame:
    """The part of the frame inside the on-screen guide, for when no card edge was found."""
    height, width = frame.shape[:2]
    guide_w = int(min(width * 0.72, height * 0.9 * CARD_ASPECT))
    guide_h = int(guide_w / CARD_ASPECT)
    x0, y0 = (width - guide_w) // 2, (height - guide_h) // 2
    crop = frame[y0:y0 + guide_h, x0:x0 + guide_w]
    return cv2.resize(crop, (CARD_WIDTH, CARD_HEIGHT), interpolation=cv2.INTER_CUBIC)


def read_card(frame: Frame, *, keep_image: bool = False) -> KtpResult:
    """Find the card in ``frame`` and read its NIK and name.

    The NIK band is read after two different binarisations (a third when they disagree);
    a number is believed once two readings agree, because one reading alone can turn a
    blurred 8 into a 3 and still pass validation. The Tesseract runs are separate
    processes, so the first two and the name run side by side on the two cores.
    """
    started = time.monotonic()
    corners = find_card(frame)
    if corners is not None:
        card = straighten(frame, corners)
        gray = cv2.cvtColor(card, cv2.COLOR_BGR2GRAY)
    else:
        card = guide_region(frame)
        gray = _deskew(cv2.cvtColor(card, cv2.COLOR_BGR2GRAY))
    band = _band(gray, NIK_BAND)
    readings: Counter[str] = Counter()
    valid: Counter[str] = Counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        passes = [pool.submit(_ocr, binarise(band), "--psm 6")
                  for binarise in (_otsu_flattened, _adaptive)]
        name_text = pool.submit(_ocr, _otsu_flattened(_band(gray, NAME_BAND)), "--psm 6")
        for done in passes:
            _count(done.result(), readings, valid)
        if not valid or valid.most_common(1)[0][1] < 2:
            _count(_ocr(_otsu(band), "--psm 6"), readings, valid)
        nik = _valid(valid.most_common(1)[0][0]) if valid else None
        name = _name_in(name_text.result()) if nik else None
    ordered = sorted(readings, key=lambda r: (-valid[r], -readings[r]))
    result = KtpResult(corners is not None, nik, tuple(ordered), name,
                       time.monotonic() - started, card if keep_image else None)
    log.info("KTP read: card %s, NIK %s, %.2f s", "found" if result.card_found else "not found",
             mask_nik(nik.nik) if nik else "not read", result.seconds)
    return result


def _count(text: str, readings: Counter[str], valid: Counter[str]) -> None:
    for reading in set(_digit_runs(text)):
        readings[reading] += 1
        if _valid(reading) is not None:
            valid[reading] += 1


def _deskew(gray: Frame) -> Frame:
    """Level the text lines of a card cut from the guide frame rather than from its edges.

    Tesseract reads a few degrees of slant as 8 -> 3 or 5 -> 6. The angle is the one whose
    rows of ink are most sharply separated (the variance of the row sums peaks when the
    lines are level), searched coarse then fine on a quarter-size copy.
    """
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                15, 10)
    centre = (small.shape[1] / 2, small.shape[0] / 2)

    def levelness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, matrix, (small.shape[1], small.shape[0]),
                                flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1, dtype=np.int32)))

    coarse = max(np.arange(-8.0, 8.5, 2.0), key=levelness)
    angle = max(np.arange(coarse - 1.5, coarse + 1.75, 0.5), key=levelness)
    if abs(angle) < 0.5:
        return gray
    matrix = cv2.getRotationMatrix2D((gray.shape[1] / 2, gray.shape[0] / 2), float(angle), 1.0)
    return cv2.warpAffine(gray, matrix, (gray.shape[1], gray.shape[0]), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_REPLICATE)


def _band(gray: Frame, band: tuple[float, float, float, float]) -> Frame:
    top, bottom, left, right = band
    h, w = gray.shape[:2]
    return gray[int(top * h):int(bottom * h), int(left * w):int(right * w)]


def _otsu(band: Frame) -> Frame:
    blurred = cv2.GaussianBlur(band, (3, 3), 0)
    _, binary = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def _adaptive(band: Frame) -> Frame:
    return cv2.adaptiveThreshold(band, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY,
                                 31, 12)


def _otsu_flattened(band: Frame) -> Frame:
    """Otsu after removing uneven light (a shadow across the card, a lamp's reflection)."""
    background = cv2.morphologyEx(band, cv2.MORPH_CLOSE, np.ones((25, 25), np.uint8))
    flat = cv2.divide(band, background, scale=255)
    return _otsu(flat)


def _ocr(image: Frame, config: str) -> str:
    try:
        text: str = pytesseract.image_to_string(image, lang="ind", config=config)
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable(OCR_MISSING) from exc
    except pytesseract.TesseractError:
        log.warning("Tesseract failed on a card image", exc_info=True)
        return ""
    return text


def _digit_runs(text: str) -> list[str]:
    """16-digit readings in OCR text, after mending the usual letter-for-digit mistakes.

    Tesseract sometimes splits the number in two, or reads the colon before it as a 1,
    so every run of neighbouring words adding up to exactly 16 digits is a reading.
    """
    runs = []
    for line in text.splitlines():
        line = re.sub(r"N\s*[I1l|]\s*K", " ", line)  # the label, so its I is not read as 1
        words = [w for w in re.sub(r"[.,:;'`-]", " ", line).split() if _DIGITISH.fullmatch(w)]
        for first in range(len(words)):
            joined = ""
            for word in words[first:]:
                joined += word
                if len(joined) >= 16:
                    break
            if len(joined) == 16:
                runs.append(joined.translate(_DIGIT_LOOKALIKES))
    return runs


def _valid(digits: str) -> NikInfo | None:
    try:
        return parse_nik(digits)
    except ValidationError:
        return None


def _name_in(text: str) -> str | None:
    """The value on the line labelled "Nama", if it looks like a name."""
    for line in text.splitlines():
        label = re.match(r"\W*N[a-zA-Z]{2,3}a\b\s*[:;.\-_=~]*", line)
        if label is None:
            continue
        match = _NAME.search(line[label.end():].upper())
        if match is not None:
            name = " ".join(match.group().replace(",", " ").split())
            if len(name) >= 3:
                return name
    return None
