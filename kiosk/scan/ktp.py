"""Reading the NIK (and the name) off an e-KTP held up to the camera, from any frame.

The e-KTP has no machine-readable code a webcam can use (its data sit in the chip; the
IKD QR is for the government's app), so the kiosk does what a person would: look for the
NIK line and read it with Tesseract. It looks in three places, cheapest first, and stops
at the first that gives a trustworthy number:

1. ``card``: the card's outline was found, so the card is cut out and straightened;
2. ``guide``: no outline (fingers over the corners, a busy desk behind), so the text lines
   inside the on-screen guide frame;
3. ``frame``: the text lines anywhere else in the frame (a card held off the guide).

A text line is a run of dark strokes merged into one rotated rectangle, so a tilted card
needs no deskewing; the lines that look like one unbroken row of glyphs of one height are
read first. Tesseract runs once per batch of lines (stacked into one image) because
starting it costs more than reading a line, and the two batches of a round run side by
side; only the lines whose first reading held a long run of digits are read again.

A wrong NIK is worse than none (the visitor might not notice it), so OCR only proposes.
A number is offered only when all of these hold (``_judge``):

- it passes ``parse_nik``, and was read as one unbroken word (a date next to a phone
  number on a letter behind the card adds up to 16 digits only when joined);
- two passes over the line (different scales and binarisations, and two separately
  trained Tesseract models) read it digit for digit, without taking letters for digits;
- no pass read a different 16-digit number, unless the two differ only in the birth date
  digits and the date printed under the name ("Tempat/Tgl Lahir") settles it;
- the printed date, when two readings of it agree, is the one the NIK encodes (or three
  undisputed passes overrule it: its small print is misread more often); when it cannot
  be read, both passes were sure of every digit (Tesseract's confidence).

The name comes from the line under the NIK and is offered only when two readings agree
and it looks like a name (upper-case words, not one of the card's labels); the visitor
confirms both on screen.

Nothing here keeps the image: ``KtpResult.card_image`` is filled only when the caller asks,
because ``Settings.keep_card_images`` is off by default (UU PDP data minimisation).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal, TypeVar

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
#: Detection works on a small copy: edges of a card that fills the guide frame survive it.
DETECT_WIDTH = 640

Stage = Literal["card", "guide", "frame"]
T = TypeVar("T")

OCR_MISSING = N_("Text recognition is not installed on this kiosk; please type the NIK.")


class OcrUnavailable(KnownError):
    """Tesseract (or its Indonesian data) is not installed; typing still works."""


@dataclass(frozen=True)
class KtpResult:
    """What was read from one still; ``nik`` is None when no reading was trustworthy.

    ``stage`` says where the NIK was found (``card``, ``guide`` or ``frame``, see the
    module docstring), None when it was not; ``birth_date_checked`` whether the date printed
    on the card was read and matched the NIK's.
    """

    card_found: bool
    nik: NikInfo | None
    candidates: tuple[str, ...]  # every 16-digit reading, valid or not, best first
    name: str | None
    seconds: float
    card_image: Frame | None = None  # only when the caller asked to keep it
    stage: Stage | None = None
    birth_date_checked: bool = False

    def __repr__(self) -> str:  # results end up in logs; never print a full NIK there
        nik = mask_nik(self.nik.nik) if self.nik else None
        return (f"KtpResult(card_found={self.card_found}, stage={self.stage}, nik={nik!r}, "
                f"seconds={self.seconds:.2f})")


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
    """The part of the frame inside the on-screen guide, scaled to the straightened card."""
    x0, y0, width, height = _guide_box(frame)
    crop = frame[y0:y0 + height, x0:x0 + width]
    return cv2.resize(crop, (CARD_WIDTH, CARD_HEIGHT), interpolation=cv2.INTER_CUBIC)


def _guide_box(frame: Frame) -> tuple[int, int, int, int]:
    """Left, top, width and height of the guide frame the camera view draws."""
    height, width = frame.shape[:2]
    guide_w = int(min(width * 0.72, height * 0.9 * CARD_ASPECT))
    guide_h = int(guide_w / CARD_ASPECT)
    return (width - guide_w) // 2, (height - guide_h) // 2, guide_w, guide_h


# --- text lines -------------------------------------------------------------------------

#: Line height in pixels of the strips handed to Tesseract in each pass.
STRIP_HEIGHTS = (40, 52, 32, 46)
#: How many lines one stage reads at most, the likeliest first.
MAX_LINES = {"card": 8, "guide": 12, "frame": 16}


@dataclass(frozen=True)
class TextLine:
    """A line of print found as one rotated rectangle of merged strokes.

    ``angle`` is in degrees as OpenCV measures it (y pointing down); ``digit_like`` says the
    line is a row of 12 to 20 glyphs of one height, as the NIK's 16 digits are.
    """

    centre: tuple[float, float]
    length: float
    height: float
    angle: float
    digit_like: bool = False

    def offset(self, along: float, down: float) -> tuple[float, float]:
        """The point ``along`` the line and ``down`` from its centre, in view pixels."""
        theta = math.radians(self.angle)
        return (self.centre[0] + along * math.cos(theta) - down * math.sin(theta),
                self.centre[1] + along * math.sin(theta) + down * math.cos(theta))


def text_lines(gray: Frame) -> list[TextLine]:
    """The lines of print in ``gray`` that could hold a NIK, the likeliest first.

    Ink is what is darker than its surroundings (a black-hat filter, thresholded against
    the local contrast so a glare spot or a shadow does not hide the text under it); the
    glyphs are merged by closings of three sizes, because the gap between digits grows
    with the card's size in the frame. A line must be long and thin like 16 digits.
    """
    blackhat = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT,
                                cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    local = cv2.dilate(blackhat, cv2.getStructuringElement(cv2.MORPH_RECT, (41, 41)))
    threshold = np.maximum(30, local.astype(np.int16) * 3 // 10)
    ink = (blackhat.astype(np.int16) > threshold).astype(np.uint8) * 255
    found: list[TextLine] = []
    for size in (5, 9, 15):
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
        closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel)
        count, labels, stats, _ = cv2.connectedComponentsWithStats(closed)
        for index in range(1, count):
            line = _line_shape(labels, stats[index], index)
            if line is None:
                continue
            # A closing that merged more of the same line wins over the pieces.
            same = [seen for seen in found if _same_line(line, seen) or _same_line(seen, line)]
            if all(line.length > seen.length for seen in same):
                found = [seen for seen in found if seen not in same] + [line]
    ranked = [TextLine(line.centre, line.length, line.height, line.angle,
                       _digit_like(_upright(gray, line, STRIP_HEIGHTS[0] / line.height)))
              for line in found]
    ranked.sort(key=lambda line: (not line.digit_like, -line.height))
    return ranked


def _line_shape(labels: MatLike, stats: npt.NDArray[np.int32], index: int) -> TextLine | None:
    x, y, width, height, area = (int(v) for v in stats[:5])
    if area < 60 or max(width, height) < 50:
        return None
    ys, xs = np.nonzero(labels[y:y + height, x:x + width] == index)
    points = np.column_stack([xs + x, ys + y]).astype(np.float32)
    (cx, cy), (long_side, short_side), angle = cv2.minAreaRect(points)
    if long_side < short_side:
        long_side, short_side, angle = short_side, long_side, angle - 90
    angle = (angle + 90) % 180 - 90
    if (abs(angle) > 35 or not 8 <= short_side <= 90 or not 6 <= long_side / short_side <= 28
            or area < 0.4 * long_side * short_side):
        return None
    return TextLine((float(cx), float(cy)), float(long_side), float(short_side), float(angle))


def _same_line(line: TextLine, other: TextLine) -> bool:
    """Whether two rectangles are the same line (two lines merged by a closing are not)."""
    return (abs(line.centre[0] - other.centre[0]) < 0.2 * other.length
            and abs(line.centre[1] - other.centre[1]) < 0.5 * other.height
            and 0.7 < line.height / other.height < 1.4)


def _digit_like(strip: Frame) -> bool:
    """Whether a line strip looks like the NIK: one unbroken run of glyphs of one height.

    Digits are all as tall as capitals and the card prints the 16 without spaces, so the
    glyphs' heights hardly vary and no gap between them is as wide as a word space; blur
    may join neighbours, so glyphs are not counted, only the run's length (8 to 20 times
    its height, as 16 digits are in every Sans font).
    """
    _, ink = cv2.threshold(strip, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink)
    if count < 4:
        return False
    tallest = float(np.percentile(stats[1:, cv2.CC_STAT_HEIGHT], 90))
    glyphs = stats[1:][stats[1:, cv2.CC_STAT_HEIGHT] >= 0.6 * tallest]
    glyphs = glyphs[np.argsort(glyphs[:, cv2.CC_STAT_LEFT])]
    heights = glyphs[:, cv2.CC_STAT_HEIGHT].astype(np.float32)
    starts = glyphs[:, cv2.CC_STAT_LEFT]
    ends = np.maximum.accumulate(starts + glyphs[:, cv2.CC_STAT_WIDTH])
    gaps = starts[1:] - ends[:-1]
    span = float(ends[-1] - starts[0]) / float(np.median(heights))
    return bool(heights.std() < 0.1 * heights.mean() and 8 <= span <= 20
                and (len(gaps) == 0 or gaps.max() < 0.45 * np.median(heights)))


def _upright(gray: Frame, line: TextLine, scale: float, *, pad: float = 0.35) -> Frame:
    """The line cut out level and magnified by ``scale``, ``pad`` heights of margin round it.

    The margin is twice as wide at the ends: a closing can fall short of a line's first or
    last glyph when the card's tilt spreads them.
    """
    width = round((line.length + 4 * pad * line.height) * scale)
    height = round(line.height * (1 + 2 * pad) * scale)
    matrix = cv2.getRotationMatrix2D(line.centre, line.angle, scale)
    matrix[0, 2] += width / 2 - line.centre[0]
    matrix[1, 2] += height / 2 - line.centre[1]
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_REPLICATE)


def _below(line: TextLine) -> TextLine:
    """The area under the NIK line holding the name and the birth place and date values.

    On the e-KTP the values start under the NIK digits (right of the labels' colons), the
    name one line below the NIK and the birth date one further; the field print is about
    0.7 times the NIK's height.
    """
    left, right = -line.length / 2 - 2.5 * line.height, line.length * 0.95
    top, bottom = 0.8 * line.height, 4.2 * line.height
    return TextLine(line.offset((left + right) / 2, (top + bottom) / 2), right - left,
                    bottom - top, line.angle)


# --- binarisations ----------------------------------------------------------------------


def _flattened(strip: Frame) -> Frame:
    """Otsu after removing uneven light (a shadow across the card, a glare spot)."""
    background = cv2.morphologyEx(strip, cv2.MORPH_CLOSE, np.ones((25, 25), np.uint8))
    flat = cv2.divide(strip, background, scale=255)
    _, binary = cv2.threshold(cv2.GaussianBlur(flat, (3, 3), 0), 0, 255,
                              cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def _stretched(strip: Frame) -> Frame:
    """Grey levels stretched to full range; Tesseract binarises it its own way."""
    low, high = np.percentile(strip, (1, 99))
    stretched = (strip.astype(np.float32) - low) * (255 / max(float(high - low), 1.0))
    return np.clip(stretched, 0, 255).astype(np.uint8)


def _despeckled(binarise: Callable[[Frame], Frame]) -> Callable[[Frame], Frame]:
    """``binarise`` followed by whitening every blot shorter than the line's glyphs.

    A NIK's glyphs are all digits of one height, so anything much shorter is the colon
    before it, a speck of the guilloche or noise, which Tesseract would read as 1 or ``:``.
    """

    def clean(strip: Frame) -> Frame:
        image = binarise(strip)
        _, ink = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        count, labels, stats, _ = cv2.connectedComponentsWithStats(ink)
        if count < 2:
            return image
        heights = stats[1:, cv2.CC_STAT_HEIGHT]
        short = np.flatnonzero(heights < 0.75 * np.percentile(heights, 90)) + 1
        # Grown a little, so that no grey rim of a blot is left for Tesseract to read.
        blots = cv2.dilate(np.isin(labels, short).astype(np.uint8), np.ones((5, 5), np.uint8))
        image = image.copy()
        image[blots > 0] = 255
        return image

    return clean


@dataclass(frozen=True)
class Pass:
    """One way of reading a line: its print's height in the strip, the binarisation, and
    Tesseract's model."""

    height: int
    binarise: Callable[[Frame], Frame]
    language: str = "ind"
    digits_only: bool = False  # Tesseract may output nothing but digits


#: The passes over a NIK line. Each differs from the others in scale or binarisation, and
#: the second and fourth use Tesseract's English model, a separately trained network: the same
#: model on the same blurred pixels can make the same mistake twice (a 8 read as 3), a
#: different one rarely makes it too. Digits are the same in both languages, but the
#: English model, left free, takes a blurred digit for $, % or S, so it may output only
#: digits; it reads only lines whose first (free) reading had a long run of digits.
PASSES = (Pass(STRIP_HEIGHTS[0], _despeckled(_stretched)),
          Pass(STRIP_HEIGHTS[1], _despeckled(_flattened), "eng", digits_only=True),
          Pass(STRIP_HEIGHTS[2], _despeckled(_flattened)),
          Pass(STRIP_HEIGHTS[3], _despeckled(_stretched), "eng", digits_only=True))


#: The readings of the text under the NIK: the scale is the NIK's height in the strip (the
#: field print is about 0.7 times as tall). Grey strips read small print best.
BELOW_PASSES = (Pass(44, _stretched), Pass(44, _flattened), Pass(34, _stretched))


# --- Tesseract --------------------------------------------------------------------------

#: Page segmentation "one uniform block of text": Tesseract's layout analysis (modes 3 and
#: 4) sometimes takes a stack of strips for a picture and reads nothing at all.
PSM = 6


#: A word Tesseract read and its confidence (0 to 100; for its LSTM engine, how sure it is
#: of the word's least certain character).
Word = tuple[str, float]


def _ocr_strips(strips: Sequence[Frame], language: str = "ind", *,
                digits_only: bool = False) -> list[list[list[Word]]]:
    """The lines of words Tesseract reads in each strip, from one run over all of them.

    The strips are stacked with white between them; each word goes to the strip its
    middle falls in, and the words of one strip to the lines Tesseract put them on.
    """
    if not strips:
        return []
    gap = 24
    width = max(strip.shape[1] for strip in strips)
    parts, bounds, top = [], [], 0
    for strip in strips:
        parts.append(cv2.copyMakeBorder(strip, 0, gap, 0, width - strip.shape[1],
                                        cv2.BORDER_CONSTANT, value=255))
        bounds.append(top + strip.shape[0] + gap // 2)
        top += strip.shape[0] + gap
    lines: list[dict[tuple[int, int, int], list[Word]]] = [{} for _ in strips]
    for word, middle, key in _tesseract_words(np.vstack(parts), language, digits_only):
        strip_index = min(int(np.searchsorted(bounds, middle)), len(strips) - 1)
        lines[strip_index].setdefault(key, []).append(word)
    return [[words for _, words in sorted(found.items())] for found in lines]


def _texts(lines: Sequence[Sequence[Word]]) -> list[str]:
    return [" ".join(text for text, _ in words) for words in lines]


def _tesseract_words(image: Frame, language: str, digits_only: bool,
                     ) -> list[tuple[Word, float, tuple[int, int, int]]]:
    """Each word Tesseract reads, the height of its middle, and its line's key."""
    try:
        config = f"--psm {PSM} -c tessedit_do_invert=0"
        if digits_only:
            config += " -c tessedit_char_whitelist=0123456789"
        data = pytesseract.image_to_data(image, lang=language, config=config,
                                         output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable(OCR_MISSING) from exc
    except SystemExit as exc:  # pytesseract's answer to a version line it cannot parse
        log.error("Tesseract cannot be used: %s", exc)
        raise OcrUnavailable(OCR_MISSING) from exc
    except pytesseract.TesseractError:
        log.warning("Tesseract failed on a card image", exc_info=True)
        return []
    words = []
    for i, text in enumerate(data["text"]):
        if str(text).strip():
            middle = int(data["top"][i]) + int(data["height"][i]) / 2
            key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
            words.append(((str(text), float(data["conf"][i])), middle, key))
    return words


# --- deciding ---------------------------------------------------------------------------

_DIGIT_LOOKALIKES = str.maketrans({
    "O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "i": "1", "|": "1", "!": "1",
    "Z": "2", "z": "2", "A": "4", "S": "5", "s": "5", "G": "6", "b": "6", "T": "7", "?": "7",
    "B": "8",
})
_DIGITISH = re.compile(r"[0-9OoDQIli|!ZzSsBGAbT?]+")
_LONG_RUN = re.compile(r"\d{13,}")
_DATE = re.compile(r"(\d{2})\s?[-./]\s?(\d{2})\s?[-./]\s?(\d{4})")
_NAME = re.compile(r"[A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*){0,5}")
#: Words of the card's own print that a misplaced name reading could pick up.
_CARD_WORDS = frozenset({"NIK", "NAMA", "TEMPAT", "TGL", "LAHIR", "JENIS", "KELAMIN",
                         "LAKI-LAKI", "PEREMPUAN", "ALAMAT", "PROVINSI", "KABUPATEN", "KOTA"})
#: Tesseract's word confidence from which a reading counts as sure of every digit: a
#: blurred 8 read as 3 scores far below it even when two passes make the same mistake.
CONFIDENT = 50.0
#: At most this many lines whose first reading held a valid NIK are checked further.
MAX_PROMISING = 3


@dataclass(frozen=True)
class Reading:
    """A 16-digit run in OCR text; ``mended`` when letters had to be taken for digits,
    ``joined`` when it was put together from several words; ``confidence`` is that of its
    least certain word."""

    digits: str
    mended: bool
    joined: bool
    confidence: float = field(default=100.0, compare=False)


def _digit_runs(lines: Sequence[Sequence[Word]]) -> set[Reading]:
    """16-digit readings in OCR lines, after mending the usual letter-for-digit mistakes.

    Tesseract sometimes splits the number in two, or reads the colon before it as a 1,
    so every run of neighbouring words adding up to exactly 16 digits is a reading.
    """
    runs = set()
    for line in lines:
        words = [(part, confidence) for text, confidence in line
                 for part in _digit_groups(text)]
        for first in range(len(words)):
            joined, parts, confidence = "", 0, 100.0
            for word, word_confidence in words[first:]:
                joined += word
                parts += 1
                confidence = min(confidence, word_confidence)
                if len(joined) >= 16:
                    break
            if len(joined) == 16:
                digits = joined.translate(_DIGIT_LOOKALIKES)
                runs.add(Reading(digits, digits != joined, parts > 1, confidence))
    return runs


def _digit_groups(word: str) -> list[str]:
    """The digit-like groups in one OCR word, without the "NIK" label and punctuation.

    A dash, dot or slash inside a group marks a date or a phone number, never a NIK (the
    card prints its 16 digits unbroken), so such a group is dropped; at a group's ends it
    is only a speck.
    """
    word = re.sub(r"N[I1l|]K", " ", word)  # the label, so its I is not read as 1
    groups = [g.strip(".-/") for g in re.sub(r"[,:;'`\"”“]", " ", word).split()]
    return [g for g in groups if _DIGITISH.fullmatch(g)]


def _valid(digits: str) -> NikInfo | None:
    try:
        return parse_nik(digits)
    except ValidationError:
        return None


@dataclass
class _Line:
    """One candidate line's readings so far: a set of runs per pass, the text under it."""

    line: TextLine
    passes: list[set[Reading]] = field(default_factory=list)
    below: list[list[str]] = field(default_factory=list)
    near: bool = False  # the first pass read a long run of digits, 16 or not

    def tally(self, confidence: float = 0.0) -> tuple[str | None, int]:
        """The number most passes read alike without mending, and how many did.

        One of them must have read it as one word, as the card prints it: numbers that add
        up to 16 digits only when joined (a date and a phone number on a letter behind the
        card) are not a NIK. Only valid readings at least as sure as ``confidence`` vote;
        a tie is no answer.
        """
        votes: Counter[str] = Counter()
        whole: set[str] = set()
        for runs in self.passes:
            clean = {run for run in runs if not run.mended and _valid(run.digits)
                     and run.confidence >= confidence}
            votes.update({run.digits for run in clean})
            whole |= {run.digits for run in clean if not run.joined}
        if not votes:
            return None, 0
        (best, count), *rest = votes.most_common(2)
        if best not in whole or (rest and rest[0][1] == count):
            return None, 0
        return best, count

    def dissent(self, digits: str) -> set[str]:
        """The other 16-digit numbers read on the line, valid or not, without mending (a
        reading that took letters for digits is a guess and neither votes nor objects)."""
        return {run.digits for runs in self.passes for run in runs if not run.mended} - {digits}


@dataclass(frozen=True)
class _Verdict:
    nik: NikInfo
    name: str | None
    birth_date_checked: bool


class _Reader:
    """The Tesseract work for one still: two runs at a time, every reading remembered."""

    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self._pool = pool
        self.readings: Counter[str] = Counter()

    def read(self, gray: Frame, lines: Sequence[TextLine]) -> _Verdict | None:
        """The NIK on one of ``lines`` that every safeguard accepts, or None.

        Round one reads every line once; only the few whose reading is a valid NIK (or
        nearly) are read again (second pass, and the text under them); further passes are
        made only on lines the passes so far do not settle.
        """
        if not lines:
            return None
        candidates = [_Line(line) for line in lines]
        # Tesseract reads a stack of strips as one block and can lose a line among others
        # of a different look, so the digit-like lines go together, the rest apart.
        batches = [[c for c in candidates if c.line.digit_like],
                   [c for c in candidates if not c.line.digit_like]]
        if not batches[0] or not batches[1]:
            half = (len(candidates) + 1) // 2
            batches = [candidates[:half], candidates[half:]]
        for batch, done in zip(batches, [self._pool.submit(self._pass, gray, b, 0)
                                         for b in batches], strict=True):
            for candidate, (runs, near) in zip(batch, done.result(), strict=True):
                candidate.passes.append(runs)
                candidate.near = near
        promising = sorted((c for c in candidates if c.near),
                           key=lambda c: not any(_valid(run.digits) for run in c.passes[0]),
                           )[:MAX_PROMISING]
        if not promising:
            return None
        second = self._pool.submit(self._pass, gray, promising, 1)
        below = self._pool.submit(self._below, gray, promising)
        for candidate, (runs, _), text in zip(promising, second.result(), below.result(),
                                              strict=True):
            candidate.passes.append(runs)
            candidate.below = text
        for index in range(2, len(PASSES)):
            unsettled = [c for c in promising if _judge(c) is None
                         and any(_valid(run.digits) for runs in c.passes for run in runs)]
            if not unsettled:
                break
            for candidate, (runs, _) in zip(unsettled, self._pass(gray, unsettled, index),
                                            strict=True):
                candidate.passes.append(runs)
        for candidate in promising:
            verdict = _judge(candidate)
            if verdict is not None:
                return verdict
        return None

    def _pass(self, gray: Frame, candidates: Sequence[_Line], index: int,
              ) -> list[tuple[set[Reading], bool]]:
        """Each line's 16-digit readings in pass ``index``, and whether it read 13 or more
        digits in a row (a NIK with a digit too many or too few is worth a second look)."""
        way = PASSES[index]
        strips = [way.binarise(_upright(gray, c.line, way.height / c.line.height))
                  for c in candidates]
        found = []
        for lines in _ocr_strips(strips, way.language, digits_only=way.digits_only):
            runs = _digit_runs(lines)
            self.readings.update({run.digits for run in runs})
            near = bool(runs) or any(_LONG_RUN.search(line) for line in _texts(lines))
            found.append((runs, near))
        return found

    def _below(self, gray: Frame, candidates: Sequence[_Line]) -> list[list[list[str]]]:
        """The text under each line, read in each of ``BELOW_PASSES`` (one Tesseract run)."""
        strips = []
        for candidate in candidates:
            area = _below(candidate.line)
            for way in BELOW_PASSES:
                band = _upright(gray, area, way.height / candidate.line.height, pad=0)
                strips.append(way.binarise(band))
        text = [_texts(lines) for lines in _ocr_strips(strips)]
        step = len(BELOW_PASSES)
        return [text[i:i + step] for i in range(0, len(text), step)]


def _judge(candidate: _Line) -> _Verdict | None:
    """The line's NIK if the passes agree and nothing on the card objects.

    - Two passes must agree, and when the birth date printed under the name cannot be
      read to confirm it, both must be sure of every digit (Tesseract's confidence).
    - No pass may have read another number, unless the two differ only in the birth date
      digits and the printed date settles which is right. Being outvoted is not enough:
      a blurred 8 can be read as 2 by three passes and correctly by one.
    - A printed date that two readings agree on and that is not the NIK's is overruled
      only by three passes and no dissent (the date's small print is misread more often).

    The name is the one two readings of the text under the NIK agree on.
    """
    best, votes = candidate.tally()
    nik = _valid(best) if best is not None and votes >= 2 else None
    if nik is None:
        return None
    checked, contradicted = _birth_date(nik, candidate.below)
    others = candidate.dissent(nik.nik)
    if contradicted and (votes < 3 or others):
        return None
    if others and not (checked and all(_only_date_differs(nik.nik, o) for o in others)):
        return None
    sure, sure_votes = candidate.tally(CONFIDENT)
    if not checked and (sure != nik.nik or sure_votes < 2):
        return None
    names = _agreed({name} for text in candidate.below if (name := _name_in(text)))
    return _Verdict(nik, names.pop() if len(names) == 1 else None, checked)


def _only_date_differs(nik: str, other: str) -> bool:
    """Whether ``other`` differs from ``nik`` only in the birth date digits (7 to 12)."""
    return len(other) == len(nik) and nik[:6] == other[:6] and nik[12:] == other[12:]


def _birth_date(nik: NikInfo, below: Sequence[Sequence[str]]) -> tuple[bool, bool]:
    """Whether a reading of the card's birth date matches the NIK's, and whether two
    readings agree on a date that does not."""
    wanted = (nik.birth_date.day, nik.birth_date.month, nik.birth_date.year % 100)
    read = [set(_dates_in(text)) for text in below]
    checked = any((d.day, d.month, d.year % 100) == wanted for dates in read for d in dates)
    return checked, bool(_agreed(read)) and not checked


def _agreed(readings: Iterable[set[T]]) -> set[T]:
    """What at least two of the readings found; one reading alone may be the misread."""
    counts: Counter[T] = Counter()
    for found in readings:
        counts.update(found)
    return {value for value, count in counts.items() if count >= 2}


def _dates_in(lines: Sequence[str]) -> list[dt.date]:
    dates = []
    for line in lines:
        for day, month, year in _DATE.findall(line):
            try:
                dates.append(dt.date(int(year), int(month), int(day)))
            except ValueError:
                continue
    return dates


def _name_in(lines: Sequence[str]) -> str | None:
    """The name in the text under the NIK: the line above the birth date, or the first.

    Only an upper-case run of one to six words that are not the card's own labels counts
    as a name; the colon and specks before it are dropped.
    """
    dated = next((i for i, line in enumerate(lines) if _DATE.search(line)), None)
    rows = lines[:dated] if dated is not None else lines[:1]
    if not rows:
        return None
    text = re.sub(r"^[^A-Za-z]+", "", rows[-1]).strip()
    if not _NAME.fullmatch(text) or len(text) > 60:
        return None
    words = text.split()
    if any(len(word) < 2 or word in _CARD_WORDS for word in words):
        return None
    return text if sum(ch.isalpha() for ch in text) >= 3 else None


# --- reading a still --------------------------------------------------------------------


def read_card(frame: Frame, *, keep_image: bool = False) -> KtpResult:
    """Read the NIK and name from ``frame``: on the card, in the guide, then anywhere.

    See the module docstring for the three places and the safeguards. The Tesseract runs
    are separate processes, two at a time on the two cores.
    """
    started = time.monotonic()
    corners = find_card(frame)
    card = straighten(frame, corners) if corners is not None else None
    verdict: _Verdict | None = None
    stage: Stage | None = None
    with ThreadPoolExecutor(max_workers=2) as pool:
        reader = _Reader(pool)
        for where, gray, lines in _views(frame, card):
            verdict = reader.read(gray, lines[:MAX_LINES[where]])
            if verdict is not None:
                stage = where
                break
    ordered = sorted(reader.readings,
                     key=lambda r: (_valid(r) is None, -reader.readings[r]))
    image = None
    if keep_image:
        image = card if card is not None else guide_region(frame)
    result = KtpResult(
        card_found=corners is not None,
        nik=verdict.nik if verdict else None,
        candidates=tuple(ordered),
        name=verdict.name if verdict else None,
        seconds=time.monotonic() - started,
        card_image=image,
        stage=stage,
        birth_date_checked=verdict.birth_date_checked if verdict else False,
    )
    log.info("KTP read: card %s, NIK %s (%s), %.2f s",
             "found" if result.card_found else "not found",
             mask_nik(result.nik.nik) if result.nik else "not read", stage, result.seconds)
    return result


def _views(frame: Frame, card: Frame | None,
           ) -> Iterator[tuple[Stage, Frame, list[TextLine]]]:
    """The places to look, in order, each with its candidate lines (found when needed)."""
    if card is not None:
        gray = cv2.cvtColor(card, cv2.COLOR_BGR2GRAY)
        # The NIK line sits in the card's upper part; lower lines are the other fields.
        yield "card", gray, [line for line in text_lines(gray)
                             if line.centre[1] < 0.45 * CARD_HEIGHT]
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    lines = text_lines(gray)
    x0, y0, width, height = _guide_box(frame)

    def inside(line: TextLine) -> bool:
        return x0 <= line.centre[0] <= x0 + width and y0 <= line.centre[1] <= y0 + height

    yield "guide", gray, [line for line in lines if inside(line)]
    yield "frame", gray, [line for line in lines if not inside(line)]
