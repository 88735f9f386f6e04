"""Seeded, realistic-looking camera frames for tests, the benchmark and the self-test.

No real person's card or badge may sit in the repository, and a webcam cannot be plugged
into CI, so the frames are made here: codes printed on a sheet held up at an angle in a
cluttered room, with blur, sensor noise, dim light and webcam JPEG compression; KTP-like
cards drawn on the real card's layout with fake names and NIKs that pass validation. The
same seed always gives the same frame, so a failing case can be looked at again.

QR codes are drawn with segno; 1D barcodes with zxing-cpp's encoder (an independent
decoder, pyzbar, reads them back in the tests, so the encoder is not grading itself).

``assets/samples/`` was made with ``write_samples(Path("assets/samples"))``.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import segno
from PIL import Image, ImageDraw, ImageFont

from kiosk.domain.nik import parse_nik
from kiosk.resources import asset_path
from kiosk.scan.decoders import Symbology
from kiosk.scan.sources import ENDED, CameraUnavailable, Frame

Size = tuple[int, int]  # width, height
VGA: Size = (640, 480)
HD: Size = (1280, 720)

SYSTEM_FONTS = Path("/usr/share/fonts/truetype/noto")
#: The card's printed size (ID-1, 85.60 x 53.98 mm) drawn at about 300 dpi.
CARD_SIZE: Size = (1012, 638)
CARD_ASPECT = 85.60 / 53.98


def font_path(bold: bool = False) -> Path:
    """Noto Sans from the app's own fonts, else from Debian's fonts-noto-core."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    shipped = asset_path("fonts", name)
    return shipped if shipped.is_file() else SYSTEM_FONTS / name


# --- codes -----------------------------------------------------------------------------


def qr_modules(text: str) -> npt.NDArray[np.uint8]:
    """The QR code for ``text``, one pixel per module, with its 4-module quiet zone."""
    qr = segno.make_qr(text, error="m")
    dark = np.array(list(qr.matrix_iter(scale=1, border=4)), dtype=bool)
    return np.where(dark, 0, 255).astype(np.uint8)


def barcode_modules(text: str, symbology: Symbology) -> npt.NDArray[np.uint8]:
    """A 1D barcode, one pixel per narrow bar, bars as tall as a printed label's."""
    import zxingcpp

    fmt = {
        Symbology.CODE128: zxingcpp.BarcodeFormat.Code128,
        Symbology.CODE39: zxingcpp.BarcodeFormat.Code39,
        Symbology.EAN13: zxingcpp.BarcodeFormat.EAN13,
        Symbology.EAN8: zxingcpp.BarcodeFormat.EAN8,
    }[symbology]
    image = np.asarray(zxingcpp.write_barcode_to_image(zxingcpp.create_barcode(text, fmt)))
    row = image[image.shape[0] // 2]
    return np.repeat(row[np.newaxis, :], max(20, row.shape[0] // 4), axis=0)


def code_modules(text: str, symbology: Symbology = Symbology.QR) -> npt.NDArray[np.uint8]:
    return qr_modules(text) if symbology is Symbology.QR else barcode_modules(text, symbology)


# --- frames ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Conditions:
    """How one frame was shot; ``module_px`` is the width of one module (or narrow bar)."""

    size: Size = HD
    module_px: float = 6.0
    angle: float = 0.0  # degrees, in the image plane
    tilt: float = 0.0  # perspective, 0 = facing the camera, 0.15 = clearly tilted
    blur: float = 0.0  # Gaussian sigma in pixels (focus and motion)
    noise: float = 2.0  # sensor noise, grey levels
    light: float = 1.0  # exposure: 1 = a lit room, 0.35 = a dim corridor
    clutter: int = 12  # objects in the background


def random_conditions(
    rng: np.random.Generator, size: Size = HD, *, one_d: bool = False
) -> Conditions:
    """Conditions a door camera meets: small to large codes, tilted, soft, dim or noisy.

    The ranges stop where a person would see the code is unreadable on the preview and
    move closer; the smallest QR module is 3 px (a NIK QR on a card at arm's length).
    """
    scale = size[0] / HD[0]
    module = rng.uniform(2.2, 4.0) if one_d else rng.uniform(3.0, 8.0)
    return Conditions(
        size=size,
        module_px=module * max(scale, 0.75),
        angle=rng.uniform(-15, 15) if one_d else rng.uniform(-180, 180),
        tilt=rng.uniform(0.0, 0.12),
        blur=rng.uniform(0.0, 1.1),
        noise=rng.uniform(1.0, 7.0),
        light=rng.uniform(0.35, 1.0),
        clutter=int(rng.integers(4, 30)),
    )


def background(rng: np.random.Generator, size: Size, clutter: int) -> Frame:
    """A room: a lit wall gradient, furniture, posters, cables and stray printed text."""
    width, height = size
    corners = rng.uniform(70, 200, 3) + rng.uniform(-35, 35, (2, 2, 1))
    image = cv2.resize(np.clip(corners, 0, 255).astype(np.uint8), (width, height),
                       interpolation=cv2.INTER_LINEAR)
    for _ in range(clutter):
        color = tuple(int(c) for c in rng.integers(0, 255, 3))
        kind = rng.integers(0, 4)
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        if kind == 0:
            x1, y1 = x0 + int(rng.integers(20, width // 3)), y0 + int(rng.integers(20, height // 3))
            cv2.rectangle(image, (x0, y0), (x1, y1), color, -1)
        elif kind == 1:
            cv2.circle(image, (x0, y0), int(rng.integers(8, height // 6)), color, -1)
        elif kind == 2:
            x1, y1 = int(rng.integers(0, width)), int(rng.integers(0, height))
            cv2.line(image, (x0, y0), (x1, y1), color, int(rng.integers(1, 6)))
        else:
            text = "".join(rng.choice(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :-"), 14))
            cv2.putText(image, text, (x0, y0), cv2.FONT_HERSHEY_SIMPLEX,
                        float(rng.uniform(0.4, 1.4)), color, int(rng.integers(1, 3)))
    return image


def place(
    frame: Frame,
    item: Frame,
    rng: np.random.Generator,
    *,
    width_px: float,
    angle: float,
    tilt: float,
    centre: tuple[float, float] | None = None,
) -> npt.NDArray[np.float32]:
    """Draw ``item`` into ``frame`` as if held up in front of the camera; returns its corners."""
    height_px = width_px * item.shape[0] / item.shape[1]
    fh, fw = frame.shape[:2]
    reach = math.hypot(width_px, height_px) / 2
    if centre is None:
        cx = rng.uniform(min(reach, fw / 2), max(fw - reach, fw / 2))
        cy = rng.uniform(min(reach, fh / 2), max(fh - reach, fh / 2))
    else:
        cx, cy = centre
    half = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], np.float32)
    half *= [width_px / 2, height_px / 2]
    # Perspective: one side of the sheet is further from the camera than the other.
    squeeze = 1 - tilt * rng.uniform(0.5, 1.0)
    if rng.random() < 0.5:
        half[[1, 2], 1] *= squeeze
    else:
        half[[0, 3], 1] *= squeeze
    theta = math.radians(angle)
    rotation = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]],
                        np.float32)
    corners = (half @ rotation.T + [cx, cy]).astype(np.float32)
    ih, iw = item.shape[:2]
    source = np.array([[0, 0], [iw - 1, 0], [iw - 1, ih - 1], [0, ih - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners)
    warped = cv2.warpPerspective(item, matrix, (fw, fh), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((ih, iw), 255, np.uint8), matrix, (fw, fh),
                               flags=cv2.INTER_NEAREST)
    np.copyto(frame, warped, where=mask[:, :, None] > 0)
    return corners


def expose(frame: Frame, rng: np.random.Generator, conditions: Conditions) -> Frame:
    """What the webcam does to the scene: exposure, vignette, blur, noise, MJPEG."""
    h, w = frame.shape[:2]
    y, x = np.ogrid[-1:1:9j, -1:1:16j]
    vignette = conditions.light * (1 - 0.125 * (x**2 + y**2))
    gain = cv2.resize(vignette.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    image = cv2.multiply(frame.astype(np.float32), cv2.merge([gain, gain, gain]))
    if conditions.blur > 0.05:
        image = cv2.GaussianBlur(image, (0, 0), conditions.blur)
    # Dim scenes get gain, and gain brings noise.
    sigma = conditions.noise / max(conditions.light, 0.3) ** 0.5
    noise = np.empty_like(image)
    cv2.setRNGSeed(int(rng.integers(2**31)))
    cv2.randn(noise, np.zeros(1), np.full(1, sigma))
    image = np.clip(cv2.add(image, noise), 0, 255).astype(np.uint8)
    _, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(70, 92))])
    decoded = cv2.imdecode(jpeg, cv2.IMREAD_COLOR)
    return image if decoded is None else decoded


def printed(modules: npt.NDArray[np.uint8], rng: np.random.Generator, px: int) -> Frame:
    """The code printed on off-white paper (a quiet-zone margin around it), ``px`` per module."""
    paper = int(rng.integers(225, 250))
    ink = int(rng.integers(15, 55))
    image = cv2.resize(modules, None, fx=px, fy=px, interpolation=cv2.INTER_NEAREST)
    image = np.where(image > 127, paper, ink).astype(np.uint8)
    margin = 2 * px
    image = cv2.copyMakeBorder(image, margin, margin, margin, margin, cv2.BORDER_CONSTANT,
                               value=paper)
    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)


def code_frame(
    text: str,
    conditions: Conditions,
    rng: np.random.Generator,
    symbology: Symbology = Symbology.QR,
) -> Frame:
    """A camera frame showing one code under ``conditions``."""
    modules = code_modules(text, symbology)
    frame = background(rng, conditions.size, conditions.clutter)
    # Print at about twice the final size so the warp only ever shrinks, like a lens does.
    px = max(2, math.ceil(conditions.module_px * 2))
    sheet = printed(modules, rng, px)
    width = conditions.module_px * sheet.shape[1] / px
    place(frame, sheet, rng, width_px=width, angle=conditions.angle, tilt=conditions.tilt)
    return expose(frame, rng, conditions)


def empty_frame(conditions: Conditions, rng: np.random.Generator) -> Frame:
    """A frame with no code in it: the kiosk sees this most of the day."""
    return expose(background(rng, conditions.size, conditions.clutter), rng, conditions)


# --- KTP-like cards --------------------------------------------------------------------

_FIRST = ("AGUS", "SITI", "BUDI", "DEWI", "RINA", "ANDI", "NURUL", "EKO", "FITRI", "HENDRA",
          "YULIANA", "RIZKY", "PUTRI", "IWAN", "MEGA", "DANIEL", "LISA", "FAJAR")
_LAST = ("SANTOSO", "RAHMAWATI", "WIJAYA", "SETIAWAN", "LESTARI", "HIDAYAT", "PRATAMA",
         "KURNIAWAN", "SARI", "NAINGGOLAN", "TAN", "SIREGAR", "HARAHAP", "PURNAMA")
#: Province, regency and district names that go together (the first two NIK pairs).
_PLACES = (
    ("61", "71", "KALIMANTAN BARAT", "KOTA PONTIANAK", "PONTIANAK"),
    ("61", "04", "KALIMANTAN BARAT", "KABUPATEN MEMPAWAH", "MEMPAWAH"),
    ("31", "74", "DKI JAKARTA", "JAKARTA SELATAN", "JAKARTA"),
    ("32", "73", "JAWA BARAT", "KOTA BANDUNG", "BANDUNG"),
    ("33", "74", "JAWA TENGAH", "KOTA SEMARANG", "SEMARANG"),
    ("35", "78", "JAWA TIMUR", "KOTA SURABAYA", "SURABAYA"),
    ("12", "71", "SUMATERA UTARA", "KOTA MEDAN", "MEDAN"),
    ("73", "71", "SULAWESI SELATAN", "KOTA MAKASSAR", "MAKASSAR"),
)
_JOBS = ("PEGAWAI NEGERI SIPIL", "KARYAWAN SWASTA", "WIRASWASTA", "MAHASISWA", "TEKNISI")
_RELIGIONS = ("ISLAM", "KRISTEN", "KATOLIK", "HINDU", "BUDDHA", "KONGHUCU")


@dataclass(frozen=True)
class FakePerson:
    nik: str
    name: str
    birth_place: str
    birth_date: dt.date
    female: bool
    province: str
    regency: str
    address: str
    job: str
    religion: str


def fake_person(rng: np.random.Generator) -> FakePerson:
    """Someone who does not exist, with a NIK that passes ``parse_nik``."""
    province, regency, province_name, regency_name, city = _PLACES[rng.integers(len(_PLACES))]
    born = dt.date(1960, 1, 1) + dt.timedelta(days=int(rng.integers(0, 16000)))
    female = bool(rng.random() < 0.5)
    day = born.day + (40 if female else 0)
    district = f"{int(rng.integers(1, 20)):02d}"
    nik = (f"{province}{regency}{district}{day:02d}{born.month:02d}{born.year % 100:02d}"
           f"{int(rng.integers(1, 3000)):04d}")
    parse_nik(nik)
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    address = f"JL. {rng.choice(_LAST)} NO. {int(rng.integers(1, 200))}"
    return FakePerson(nik, name, city, born, female, province_name, regency_name, address,
                      str(rng.choice(_JOBS)), str(rng.choice(_RELIGIONS)))


def ktp_card(person: FakePerson, rng: np.random.Generator) -> Frame:
    """A card on the e-KTP's layout (header, NIK line, fields, photo on the right)."""
    width, height = CARD_SIZE
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    # Pale blue-green security print with fine guilloche waves.
    waves = 8 * np.sin(x / 23.0 + 3 * np.sin(y / 41.0)) + 6 * np.sin(y / 17.0 - x / 61.0)
    blue = np.stack([238 + waves * 0.6, 232 + waves, 205 + waves * 0.8], axis=2)
    card = Image.fromarray(np.clip(blue, 0, 255).astype(np.uint8)[:, :, ::-1].copy())
    draw = ImageDraw.Draw(card)
    bold = ImageFont.truetype(str(font_path(bold=True)), 30)
    nik_font = ImageFont.truetype(str(font_path(bold=True)), 40)
    label = ImageFont.truetype(str(font_path()), 23)
    ink = (25, 25, 30)
    for row, text in enumerate((f"PROVINSI {person.province}", person.regency)):
        left = (width - draw.textlength(text, font=bold)) / 2
        draw.text((left, 18 + row * 38), text, font=bold, fill=ink)
    draw.text((32, 108), "NIK", font=nik_font, fill=ink)
    draw.text((200, 108), ":", font=nik_font, fill=ink)
    draw.text((228, 108), person.nik, font=nik_font, fill=ink)
    fields = (
        ("Nama", person.name),
        ("Tempat/Tgl Lahir", f"{person.birth_place}, {person.birth_date:%d-%m-%Y}"),
        ("Jenis Kelamin", "PEREMPUAN" if person.female else "LAKI-LAKI"),
        ("Alamat", person.address),
        ("    RT/RW", f"{int(rng.integers(1, 20)):03d}/{int(rng.integers(1, 15)):03d}"),
        ("    Kel/Desa", "SUNGAI BANGKONG"),
        ("    Kecamatan", "PONTIANAK KOTA"),
        ("Agama", person.religion),
        ("Status Perkawinan", "KAWIN" if rng.random() < 0.6 else "BELUM KAWIN"),
        ("Pekerjaan", person.job),
        ("Kewarganegaraan", "WNI"),
        ("Berlaku Hingga", "SEUMUR HIDUP"),
    )
    for row, (name, value) in enumerate(fields):
        top = 170 + row * 35
        draw.text((32, top), name, font=label, fill=ink)
        draw.text((255, top), ":", font=label, fill=ink)
        draw.text((275, top), value, font=label, fill=ink)
    draw.text((500, 240), f"Gol. Darah : {rng.choice(['A', 'B', 'AB', 'O', '-'])}",
              font=label, fill=ink)
    photo = Image.new("RGB", (215, 280), (190, 40, 40) if rng.random() < 0.5 else (40, 70, 170))
    sketch = ImageDraw.Draw(photo)
    sketch.ellipse((58, 35, 158, 155), fill=(150, 115, 90))
    sketch.ellipse((18, 160, 198, 330), fill=(60, 60, 70))
    card.paste(photo, (760, 130))
    small = ImageFont.truetype(str(font_path()), 20)
    issued = dt.date(2012, 1, 1) + dt.timedelta(days=int(rng.integers(0, 4000)))
    for row, text in enumerate((person.birth_place, f"{issued:%d-%m-%Y}")):
        left = 867 - draw.textlength(text, font=small) / 2
        draw.text((left, 470 + row * 26), text, font=small, fill=ink)
    points = [(800 + i * 12, 560 + int(12 * math.sin(i * 1.3 + rng.random()))) for i in range(12)]
    draw.line(points, fill=(30, 30, 90), width=3)
    return np.asarray(card)[:, :, ::-1].copy()


def ktp_frame(
    card: Frame, rng: np.random.Generator, size: Size = HD, *, light: float | None = None
) -> Frame:
    """The card held up to the guide frame: large, a little rotated and tilted, a thumb on it."""
    conditions = Conditions(
        size=size,
        tilt=rng.uniform(0.0, 0.08),
        blur=rng.uniform(0.0, 0.8),
        noise=rng.uniform(1.0, 5.0),
        light=light if light is not None else rng.uniform(0.55, 1.0),
        clutter=int(rng.integers(4, 20)),
    )
    frame = background(rng, size, conditions.clutter)
    width = size[0] * rng.uniform(0.55, 0.72)
    centre = (size[0] / 2 + rng.uniform(-0.05, 0.05) * size[0],
              size[1] / 2 + rng.uniform(-0.04, 0.04) * size[1])
    corners = place(frame, card, rng, width_px=width, angle=rng.uniform(-6, 6),
                    tilt=conditions.tilt, centre=centre)
    # A thumb holding the bottom edge, away from the text.
    bottom = (corners[2] + corners[3]) / 2
    thumb_x = int(bottom[0] + rng.uniform(-0.1, 0.25) * width)
    cv2.ellipse(frame, (thumb_x, int(bottom[1])), (int(width * 0.05), int(width * 0.08)),
                float(rng.uniform(-20, 20)), 0, 360, (120, 150, 200), -1)
    return expose(frame, rng, conditions)


# --- sources and files -----------------------------------------------------------------


class ScriptedSource:
    """A FrameSource playing prepared frames at ``fps``, noting when each code first shows.

    ``labels[i]`` names the code visible in frame ``i`` (or None); ``first_shown[label]``
    is the ``time.monotonic()`` at which the frame carrying it was handed out, the moment a
    real camera would have delivered it. The end of the frames counts as the camera ending.
    """

    def __init__(self, frames: Sequence[Frame], fps: float = 30.0,
                 labels: Sequence[str | None] | None = None) -> None:
        self._frames = frames
        self._labels = labels or [None] * len(frames)
        self._interval = 1.0 / fps
        self._index = 0
        self._next_due = 0.0
        self._open = False
        self.first_shown: dict[str, float] = {}

    @property
    def name(self) -> str:
        return "synthetic"

    def open(self) -> None:
        self._index = 0
        self._next_due = time.monotonic()
        self._open = True

    def read(self) -> Frame:
        if not self._open or self._index >= len(self._frames):
            self._open = False
            raise CameraUnavailable(ENDED, name=self.name)
        delay = self._next_due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next_due += self._interval
        frame, label = self._frames[self._index], self._labels[self._index]
        self._index += 1
        if label is not None and label not in self.first_shown:
            self.first_shown[label] = time.monotonic()
        return frame

    def close(self) -> None:
        self._open = False


# --- the visitor's face ------------------------------------------------------------------


def face_frame(rng: np.random.Generator, size: Size = HD, light: float = 0.9) -> Frame:
    """A visitor in front of the kiosk: a wall, shoulders, and a drawn face (an oval with
    hair, brows, eyes, nose and mouth) in the middle of the picture, where the guide oval
    is, shot by the same webcam as the codes."""
    width, height = size
    image = background(rng, size, clutter=0)
    unit = height / 10
    cx = width // 2 + int(rng.integers(-width // 40, width // 40 + 1))
    cy = int(height * 0.42)
    skin = tuple(int(c) for c in rng.choice([(120, 160, 205), (95, 135, 180), (70, 105, 150)]))
    shirt = tuple(int(c) for c in rng.integers(30, 200, 3))
    hair = (int(rng.integers(10, 50)),) * 3

    def ellipse(centre: tuple[int, int], axes: tuple[float, float], colour: tuple[int, ...],
                start: int = 0, end: int = 360, thickness: int = -1) -> None:
        cv2.ellipse(image, centre, (int(axes[0]), int(axes[1])), 0, start, end, colour,
                    thickness, cv2.LINE_AA)

    ellipse((cx, height + int(unit)), (unit * 4.2, unit * 3.2), shirt)  # shoulders
    cv2.rectangle(image, (cx - int(unit * 0.7), cy + int(unit * 2)),
                  (cx + int(unit * 0.7), cy + int(unit * 3.6)), skin, -1)  # neck
    ellipse((cx, cy - int(unit * 0.5)), (unit * 1.85, unit * 2.3), hair)  # hair behind
    ellipse((cx, cy), (unit * 1.6, unit * 2.2), skin)  # the face
    ellipse((cx, cy - int(unit * 1.2)), (unit * 1.7, unit * 1.1), hair, 180, 360)  # fringe
    for side in (-1, 1):
        eye = (cx + side * int(unit * 0.65), cy - int(unit * 0.25))
        ellipse(eye, (unit * 0.32, unit * 0.17), (235, 235, 235))
        ellipse(eye, (unit * 0.13, unit * 0.13), (40, 30, 25))
        cv2.line(image, (eye[0] - int(unit * 0.35), eye[1] - int(unit * 0.4)),
                 (eye[0] + int(unit * 0.35), eye[1] - int(unit * 0.45)), hair,
                 max(2, int(unit * 0.1)), cv2.LINE_AA)  # brow
    shade = tuple(max(0, c - 35) for c in skin)
    cv2.line(image, (cx, cy - int(unit * 0.1)), (cx - int(unit * 0.15), cy + int(unit * 0.6)),
             shade, max(2, int(unit * 0.08)), cv2.LINE_AA)  # nose
    ellipse((cx, cy + int(unit * 1.05)), (unit * 0.55, unit * 0.25), (60, 60, 150), 0, 180,
            max(2, int(unit * 0.1)))  # mouth
    return expose(image, rng, Conditions(size=size, noise=2.0, light=light, blur=0.6))


def write_video(path: Path, frames: Sequence[Frame], fps: float = 15.0) -> Path:
    """An MJPEG .avi, the format USB webcams send, readable by OpenCV's FFmpeg backend."""
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (width, height))
    if not writer.isOpened():
        raise OSError(f"cannot write a video to {path}")
    try:
        for frame in frames:
            writer.write(frame)
    finally:
        writer.release()
    return path


SAMPLE_NIK_TEXT = "NIK: 6171054509900012"


def write_samples(folder: Path, seed: int = 7) -> list[Path]:
    """The self-test's inputs: a NIK QR in a VGA frame, and a KTP-like card held up in 720p."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    qr = code_frame(SAMPLE_NIK_TEXT, Conditions(size=VGA, module_px=5, angle=8, tilt=0.05,
                                                blur=0.5, noise=3, light=0.8), rng)
    card = ktp_frame(ktp_card(fake_person(rng), rng), rng)
    paths = [folder / "qr-nik.jpg", folder / "ktp.jpg"]
    for path, image in zip(paths, (qr, card), strict=True):
        cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    return paths
