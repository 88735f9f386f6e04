"""Webcam frames of e-KTP-like cards, drawn without looking at how the reader works.

The reader's own tests and benchmark need cards it was not written against: this module
lays out a card the way the real e-KTP is printed (the two header lines, "NIK : ...", the
fields from Nama down to Berlaku Hingga, the photo on the right, a pale blue guilloche),
but with each card's own offsets, sizes and fonts (every Sans family installed), then
holds it up to a 1280x720 webcam over wood, fabric, a cluttered desk or printed paper,
tilted in 3D, gripped by fingers over its edges and corners, with blur, glare, uneven
light, sensor noise and MJPEG compression.

Nothing here is chosen to suit the reader; the only constraint is the one a visitor at
the door would respect: the fingers hold the card's edges and leave the NIK digits in view.
The holders do not exist, but their NIKs follow the real rules (a province code in use,
DDMMYY with 40 added to the day for women, a non-zero serial) and pass ``parse_nik``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from kiosk.domain.nik import PROVINCE_CODES, parse_nik

Frame = npt.NDArray[np.uint8]
FRAME_SIZE = (1280, 720)
#: ID-1 card proportions (85.60 x 53.98 mm).
CARD_ASPECT = 85.60 / 53.98
FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts/opentype"))
#: Sans families a card printer could plausibly use, as (regular, bold) file names.
_FAMILIES = (
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("FreeSans.ttf", "FreeSansBold.ttf"),
    ("Arimo-Regular.ttf", "Arimo-Bold.ttf"),
)
_BUNDLED = Path(__file__).resolve().parents[2] / "assets" / "fonts"

_PROVINCES = {
    "11": "ACEH", "12": "SUMATERA UTARA", "13": "SUMATERA BARAT", "14": "RIAU", "15": "JAMBI",
    "16": "SUMATERA SELATAN", "17": "BENGKULU", "18": "LAMPUNG",
    "19": "KEPULAUAN BANGKA BELITUNG", "21": "KEPULAUAN RIAU", "31": "DKI JAKARTA",
    "32": "JAWA BARAT", "33": "JAWA TENGAH", "34": "DAERAH ISTIMEWA YOGYAKARTA",
    "35": "JAWA TIMUR", "36": "BANTEN", "51": "BALI", "52": "NUSA TENGGARA BARAT",
    "53": "NUSA TENGGARA TIMUR", "61": "KALIMANTAN BARAT", "62": "KALIMANTAN TENGAH",
    "63": "KALIMANTAN SELATAN", "64": "KALIMANTAN TIMUR", "65": "KALIMANTAN UTARA",
    "71": "SULAWESI UTARA", "72": "SULAWESI TENGAH", "73": "SULAWESI SELATAN",
    "74": "SULAWESI TENGGARA", "75": "GORONTALO", "76": "SULAWESI BARAT", "81": "MALUKU",
    "82": "MALUKU UTARA", "91": "PAPUA", "92": "PAPUA BARAT", "93": "PAPUA SELATAN",
    "94": "PAPUA TENGAH", "95": "PAPUA PEGUNUNGAN", "96": "PAPUA BARAT DAYA",
}
_TOWNS = ("PONTIANAK", "SINGKAWANG", "SAMBAS", "BANDUNG", "BOGOR", "SEMARANG", "SOLO",
          "SURABAYA", "MALANG", "MEDAN", "PADANG", "PEKANBARU", "PALEMBANG", "MAKASSAR",
          "MANADO", "KUPANG", "MATARAM", "DENPASAR", "BANJARMASIN", "SAMARINDA", "JAYAPURA",
          "AMBON", "KENDARI", "PALU", "KETAPANG", "SANGGAU", "SINTANG", "KUBU RAYA", "GARUT")
_GIVEN = ("AGUS", "SITI", "BUDI", "DEWI", "RINA", "ANDI", "NURUL", "EKO", "FITRI", "HENDRA",
          "YULIANA", "RIZKY", "PUTRI", "IWAN", "MEGA", "DANIEL", "LISA", "FAJAR", "AHMAD",
          "MUHAMMAD", "SRI", "WAHYU", "INDAH", "BAMBANG", "KARTIKA", "YOHANES", "MARIA",
          "GEDE", "KETUT", "NYOMAN", "LUH", "HERU", "OKTAVIA", "RAHMAT", "DIAN", "TAUFIK",
          "FELIX", "VERONIKA", "SUPARMAN", "WULANDARI", "ZULKIFLI", "ABDUL", "AISYAH")
_FAMILY_NAMES = ("SANTOSO", "RAHMAWATI", "WIJAYA", "SETIAWAN", "LESTARI", "HIDAYAT",
                 "PRATAMA", "KURNIAWAN", "SARI", "NAINGGOLAN", "TAN", "SIREGAR", "HARAHAP",
                 "PURNAMA", "SIMANJUNTAK", "GUNAWAN", "SUSANTO", "HALIM", "LUBIS", "PANJAITAN",
                 "WIBOWO", "NUGROHO", "SAPUTRA", "MANURUNG", "PANGARIBUAN", "MAHENDRA")
_STREETS = ("JL. AHMAD YANI", "JL. GAJAH MADA", "JL. SUTOYO", "JL. TANJUNGPURA", "GG. MAWAR",
            "JL. SUDIRMAN", "KOMP. PERMATA INDAH", "JL. DIPONEGORO", "JL. MERDEKA")
_VILLAGES = ("SUNGAI BANGKONG", "AKCAYA", "BENUA MELAYU DARAT", "SUKAJADI", "MEKARSARI",
             "KEBON JERUK", "TANJUNG HULU", "SIANTAN HILIR", "PARIT TOKAYA")
_RELIGIONS = ("ISLAM", "KRISTEN", "KATOLIK", "HINDU", "BUDDHA", "KONGHUCU")
_JOBS = ("PEGAWAI NEGERI SIPIL (PNS)", "KARYAWAN SWASTA", "WIRASWASTA", "PELAJAR/MAHASISWA",
         "MENGURUS RUMAH TANGGA", "BURUH HARIAN LEPAS", "GURU", "PERDAGANGAN")
_WORDS = ("surat", "keputusan", "nomor", "tentang", "pelaksanaan", "kegiatan", "data",
          "center", "laporan", "bulanan", "ruang", "server", "akses", "pengunjung", "tanggal",
          "jadwal", "pemeliharaan", "invoice", "total", "Rp", "telp", "Jl.", "Kota", "No.")


@dataclass(frozen=True)
class Holder:
    """The person a generated card belongs to; ``nik`` is what is printed on the card."""

    nik: str
    name: str
    birth_place: str
    birth_date: dt.date
    female: bool
    province: str
    regency: str


@dataclass(frozen=True)
class KtpScene:
    """One frame and what it shows, for judging a reading of it."""

    frame: Frame
    holder: Holder
    occluded: bool  # fingers cover part of the card's outline
    background: str
    card_corners: npt.NDArray[np.float32]  # TL, TR, BR, BL in the frame
    nik_corners: npt.NDArray[np.float32]  # the box around the NIK digits, in the frame


def make_holder(rng: np.random.Generator, *, tampered: bool = False) -> Holder:
    """Someone who does not exist; their NIK passes ``parse_nik`` unless ``tampered``.

    A tampered NIK carries a birth date no calendar has (day 32 to 39, or month 13 to 19),
    as an altered card would, while the printed date stays plausible.
    """
    province = str(rng.choice(sorted(PROVINCE_CODES)))
    regency, district = int(rng.integers(1, 80)), int(rng.integers(1, 45))
    born = dt.date(1948, 1, 1) + dt.timedelta(days=int(rng.integers(0, 21000)))
    female = bool(rng.random() < 0.5)
    day, month = born.day + (40 if female else 0), born.month
    if tampered:
        if rng.random() < 0.5:
            day = int(rng.integers(32, 40))
        else:
            month = int(rng.integers(13, 20))
    serial = int(rng.integers(1, 10000))
    nik = (f"{province}{regency:02d}{district:02d}{day:02d}{month:02d}{born.year % 100:02d}"
           f"{serial:04d}")
    if not tampered:
        parse_nik(nik)
    words = int(rng.choice([1, 2, 2, 2, 3, 3]))
    parts = [str(rng.choice(_GIVEN)) for _ in range(max(1, words - 1))]
    if words > 1:
        parts.append(str(rng.choice(_FAMILY_NAMES)))
    if parts[0] == "MUHAMMAD" and len(parts) > 1 and rng.random() < 0.5:
        parts[0] = "M."
    kind = "KOTA" if rng.random() < 0.4 else "KABUPATEN"
    return Holder(nik, " ".join(parts), str(rng.choice(_TOWNS)), born, female,
                  _PROVINCES[province], f"{kind} {rng.choice(_TOWNS)}")


# --- the card ---------------------------------------------------------------------------


@cache
def installed_families() -> tuple[tuple[Path, Path], ...]:
    """The (regular, bold) Sans fonts found on this machine, or the app's own Noto Sans."""
    found: dict[str, Path] = {}
    for folder in FONT_DIRS:
        if folder.is_dir():
            for path in folder.rglob("*.ttf"):
                found.setdefault(path.name, path)
    families = tuple((found[regular], found[bold]) for regular, bold in _FAMILIES
                     if regular in found and bold in found)
    if families:
        return families
    return ((_BUNDLED / "NotoSans-Regular.ttf", _BUNDLED / "NotoSans-Bold.ttf"),)


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def guilloche(rng: np.random.Generator, size: tuple[int, int]) -> Frame:
    """Pale blue-green security print: a soft gradient crossed by fine wavy line families."""
    width, height = size
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    tint = rng.uniform(-12, 12, 3)
    base = np.array([236, 226, 200], np.float32) + tint  # BGR: pale cyan-blue
    gradient = 10 * (x / width) - 8 * (y / height)
    image = base[None, None, :] + gradient[:, :, None]
    line_colour = np.array([200, 175, 140], np.float32) + rng.uniform(-15, 15, 3)
    cx, cy = rng.uniform(0.3, 0.7) * width, rng.uniform(0.3, 0.7) * height
    radius = np.hypot(x - cx, y - cy)
    angle = np.arctan2(y - cy, x - cx)
    for _ in range(int(rng.integers(2, 4))):
        period = rng.uniform(9, 22)
        petals, depth = int(rng.integers(5, 14)), rng.uniform(4, 18)
        field = (radius + depth * np.sin(petals * angle + rng.uniform(0, 6.3))) / period
        field += 0.4 * np.sin(x / rng.uniform(40, 90) + y / rng.uniform(60, 120))
        line = np.clip(1 - np.abs(field - np.round(field)) * rng.uniform(5, 9), 0, 1)
        strength = rng.uniform(0.25, 0.55)
        image = image * (1 - strength * line[:, :, None]) + (
            line_colour * strength * line[:, :, None])
    return np.clip(image, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class _Layout:
    """Where one card's printer put things, as fractions of the card's width and height."""

    label_x: float
    colon_x: float
    value_x: float
    nik_top: float
    fields_top: float
    pitch: float
    header_size: float
    nik_size: float
    field_size: float
    photo: tuple[float, float, float, float]  # left, top, right, bottom


def _layout(rng: np.random.Generator) -> _Layout:
    label_x = rng.uniform(0.025, 0.05)
    colon_x = label_x + rng.uniform(0.215, 0.24)
    nik_top = rng.uniform(0.15, 0.19)
    field_size = rng.uniform(0.035, 0.042)
    photo_left = rng.uniform(0.72, 0.76)
    photo_top = rng.uniform(0.22, 0.27)
    return _Layout(
        label_x=label_x,
        colon_x=colon_x,
        value_x=colon_x + rng.uniform(0.015, 0.025),
        nik_top=nik_top,
        fields_top=nik_top + rng.uniform(0.085, 0.1),
        pitch=field_size * rng.uniform(1.22, 1.35),
        header_size=rng.uniform(0.042, 0.05),
        nik_size=rng.uniform(0.05, 0.062),
        field_size=field_size,
        photo=(photo_left, photo_top, photo_left + rng.uniform(0.2, 0.22),
               photo_top + rng.uniform(0.4, 0.44)),
    )


def draw_card(holder: Holder, rng: np.random.Generator, width: int = 1000,
              ) -> tuple[Frame, tuple[float, float, float, float]]:
    """The card face at ``width`` px, and the box around its NIK digits (x0, y0, x1, y1)."""
    height = round(width / CARD_ASPECT)
    card = Image.fromarray(guilloche(rng, (width, height))[:, :, ::-1].copy())
    draw = ImageDraw.Draw(card)
    layout = _layout(rng)
    families = installed_families()
    regular, bold = families[int(rng.integers(len(families)))]
    nik_bold = families[int(rng.integers(len(families)))][1]
    ink = tuple(int(v) for v in rng.integers(10, 45, 3))

    header = _font(bold, round(layout.header_size * height))
    top = rng.uniform(0.025, 0.04) * height
    for text in (f"PROVINSI {holder.province}", holder.regency):
        centre = width * (0.44 + rng.uniform(-0.02, 0.02))
        draw.text((centre - draw.textlength(text, font=header) / 2, top), text, font=header,
                  fill=ink)
        top += layout.header_size * height * 1.3

    nik_font = _font(nik_bold, round(layout.nik_size * height))
    nik_y = layout.nik_top * height
    draw.text((layout.label_x * width, nik_y), "NIK", font=nik_font, fill=ink)
    draw.text((layout.colon_x * width, nik_y), ":", font=nik_font, fill=ink)
    digits_x = (layout.colon_x + rng.uniform(0.02, 0.035)) * width
    draw.text((digits_x, nik_y), holder.nik, font=nik_font, fill=ink)
    nik_box = draw.textbbox((digits_x, nik_y), holder.nik, font=nik_font)

    field_font = _font(regular, round(layout.field_size * height))
    for row, (label, value) in enumerate(_fields(holder, rng)):
        y = (layout.fields_top + row * layout.pitch) * height
        indent = 0.02 * width if label in {"RT/RW", "Kel/Desa", "Kecamatan"} else 0.0
        draw.text((layout.label_x * width + indent, y), label, font=field_font, fill=ink)
        draw.text((layout.colon_x * width, y), ":", font=field_font, fill=ink)
        draw.text((layout.value_x * width, y), value, font=field_font, fill=ink)
        if label == "Jenis Kelamin":
            blood = f"Gol. Darah : {rng.choice(['A', 'B', 'AB', 'O', '-'])}"
            draw.text((0.5 * width, y), blood, font=field_font, fill=ink)

    _photo(card, draw, rng, layout.photo, ink, field_font, holder)
    x0, y0, x1, y1 = (float(v) for v in nik_box)
    return np.asarray(card)[:, :, ::-1].copy(), (x0, y0, x1, y1)


def _fields(holder: Holder, rng: np.random.Generator) -> list[tuple[str, str]]:
    married = str(rng.choice(["KAWIN", "BELUM KAWIN", "CERAI HIDUP", "CERAI MATI"]))
    return [
        ("Nama", holder.name),
        ("Tempat/Tgl Lahir", f"{holder.birth_place}, {holder.birth_date:%d-%m-%Y}"),
        ("Jenis Kelamin", "PEREMPUAN" if holder.female else "LAKI-LAKI"),
        ("Alamat", f"{rng.choice(_STREETS)} NO. {int(rng.integers(1, 250))}"),
        ("RT/RW", f"{int(rng.integers(1, 30)):03d}/{int(rng.integers(1, 20)):03d}"),
        ("Kel/Desa", str(rng.choice(_VILLAGES))),
        ("Kecamatan", str(rng.choice(_TOWNS))),
        ("Agama", str(rng.choice(_RELIGIONS))),
        ("Status Perkawinan", married),
        ("Pekerjaan", str(rng.choice(_JOBS))),
        ("Kewarganegaraan", "WNI"),
        ("Berlaku Hingga", "SEUMUR HIDUP"),
    ]


def _photo(card: Image.Image, draw: ImageDraw.ImageDraw, rng: np.random.Generator,
           box: tuple[float, float, float, float], ink: tuple[int, ...],
           font: ImageFont.FreeTypeFont, holder: Holder) -> None:
    """The photo (red or blue backdrop, head and shoulders), issue place and date, signature."""
    width, height = card.size
    left, top, right, bottom = (round(box[0] * width), round(box[1] * height),
                                round(box[2] * width), round(box[3] * height))
    backdrop = (200, 40, 45) if rng.random() < 0.5 else (35, 75, 170)
    draw.rectangle((left, top, right, bottom), fill=backdrop)
    w, h = right - left, bottom - top
    tone = float(rng.uniform(120, 220))
    skin = (int(tone), int(tone * 0.8), int(tone * 0.65))
    draw.ellipse((left + 0.28 * w, top + 0.12 * h, left + 0.72 * w, top + 0.58 * h), fill=skin)
    draw.ellipse((left + 0.05 * w, top + 0.62 * h, left + 0.95 * w, bottom + 0.4 * h),
                 fill=(40, 40, 48))
    issued = dt.date(2012, 1, 1) + dt.timedelta(days=int(rng.integers(0, 4500)))
    line_y = bottom + 0.02 * height
    for text in (holder.regency.split(" ", 1)[1], f"{issued:%d-%m-%Y}"):
        draw.text(((left + right) / 2 - draw.textlength(text, font=font) / 2, line_y), text,
                  font=font, fill=ink)
        line_y += font.size * 1.25
    points = [(left + w * (0.1 + 0.07 * i),
               line_y + font.size * (1.2 + 0.6 * math.sin(i * 1.7 + rng.uniform(0, 6))))
              for i in range(12)]
    draw.line(points, fill=(30, 30, 100), width=max(2, width // 400))


# --- the scene --------------------------------------------------------------------------

BACKGROUNDS = ("wood", "fabric", "desk", "paper")


def backdrop(rng: np.random.Generator, kind: str, size: tuple[int, int] = FRAME_SIZE) -> Frame:
    """What is behind the card: a wooden desk, cloth, a cluttered desk or a printed page."""
    width, height = size
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    if kind == "wood":
        turn = rng.uniform(-0.4, 0.4)
        u = x * math.cos(turn) + y * math.sin(turn)
        v = -x * math.sin(turn) + y * math.cos(turn)
        grain = np.sin(v / rng.uniform(6, 14) + 3 * np.sin(u / rng.uniform(150, 400))
                       + 1.5 * np.sin(u / rng.uniform(30, 70) + v / 90))
        tone = np.array([50, 95, 150], np.float32) * rng.uniform(0.6, 1.3)
        image = tone[None, None, :] * (0.8 + 0.2 * grain[:, :, None])
    elif kind == "fabric":
        period = rng.uniform(3, 7)
        weave = np.sin(x / period) * np.sin(y / period)
        folds = np.sin(x / rng.uniform(80, 200) + np.sin(y / rng.uniform(60, 160)))
        tone = rng.uniform(40, 200, 3).astype(np.float32)
        image = tone[None, None, :] * (0.85 + 0.08 * weave[:, :, None] + 0.1 * folds[:, :, None])
    elif kind == "paper":
        image = _printed_page(rng, size)
    else:
        image = _desk(rng, size)
    image = image.astype(np.float32) + rng.normal(0, 4, (height, width, 1)).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def _desk(rng: np.random.Generator, size: tuple[int, int]) -> npt.NDArray[np.float32]:
    width, height = size
    image = np.empty((height, width, 3), np.uint8)
    image[:] = tuple(int(v) for v in rng.integers(60, 190, 3))
    for _ in range(int(rng.integers(8, 25))):
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        x0, y0 = int(rng.integers(-100, width)), int(rng.integers(-100, height))
        kind = rng.integers(0, 5)
        if kind == 0:  # a sheet of paper or a folder, at an angle
            rect = ((x0, y0), (float(rng.uniform(80, 420)), float(rng.uniform(60, 320))),
                    float(rng.uniform(0, 180)))
            points = cv2.boxPoints(rect).astype(np.int32)
            cv2.fillConvexPoly(image, points, colour)
        elif kind == 1:  # a mug seen from above
            radius = int(rng.integers(25, 70))
            cv2.circle(image, (x0, y0), radius, colour, -1)
            cv2.circle(image, (x0, y0), int(radius * 0.8), (30, 30, 30), 3)
        elif kind == 2:  # a pen or a cable
            x1, y1 = x0 + int(rng.integers(-300, 300)), y0 + int(rng.integers(-300, 300))
            cv2.line(image, (x0, y0), (x1, y1), colour, int(rng.integers(3, 12)))
        elif kind == 3:  # a phone or a keyboard edge
            cv2.rectangle(image, (x0, y0), (x0 + int(rng.integers(60, 300)),
                                             y0 + int(rng.integers(100, 200))), colour, -1)
        else:  # a sticky note with writing
            cv2.rectangle(image, (x0, y0), (x0 + 90, y0 + 90), (120, 230, 250), -1)
            cv2.putText(image, str(rng.choice(_WORDS)), (x0 + 5, y0 + 50),
                        cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 0.7, (90, 40, 20), 2)
    return image.astype(np.float32)


def _printed_page(rng: np.random.Generator, size: tuple[int, int]) -> npt.NDArray[np.float32]:
    """A printed letter lying behind the card: lines of words, dates and phone numbers."""
    width, height = size
    paper = Image.new("RGB", (width, height), tuple(int(v) for v in rng.integers(215, 250, 3)))
    draw = ImageDraw.Draw(paper)
    families = installed_families()
    font = _font(families[int(rng.integers(len(families)))][0], int(rng.integers(14, 34)))
    y = float(rng.uniform(-10, 30))
    while y < height:
        x = float(rng.uniform(10, 80))
        words = []
        for _ in range(int(rng.integers(3, 16))):
            pick = rng.random()
            if pick < 0.12:
                words.append(f"{int(rng.integers(1, 29)):02d}-{int(rng.integers(1, 13)):02d}-20"
                             f"{int(rng.integers(10, 26))}")
            elif pick < 0.2:
                words.append(f"08{int(rng.integers(10, 99))}-{int(rng.integers(1000, 9999))}-"
                             f"{int(rng.integers(1000, 9999))}")
            else:
                words.append(str(rng.choice(_WORDS)))
        draw.text((x, y), " ".join(words), font=font, fill=(30, 30, 35))
        y += font.size * float(rng.uniform(1.3, 1.9))
    return np.asarray(paper)[:, :, ::-1].astype(np.float32)


def _card_quad(rng: np.random.Generator, card_width: float, size: tuple[int, int],
               ) -> npt.NDArray[np.float32]:
    """Where the card's corners land: turned, tilted in 3D and seen through a webcam lens."""
    width, height = size
    card_height = card_width / CARD_ASPECT
    half = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], np.float64)
    half *= [card_width / 2, card_height / 2, 0]
    yaw, pitch = np.radians(rng.uniform(-22, 22)), np.radians(rng.uniform(-22, 22))
    roll = np.radians(rng.uniform(-12, 12))
    rotation, _ = cv2.Rodrigues(np.array([pitch, yaw, roll], np.float64))
    focal = width * rng.uniform(0.9, 1.3)  # a webcam's wide-ish lens
    points = half @ rotation.T + [0, 0, focal]
    projected = points[:, :2] * (focal / points[:, 2:3])
    centre = [width / 2 + rng.uniform(-0.1, 0.1) * width,
              height / 2 + rng.uniform(-0.1, 0.1) * height]
    quad = projected + centre
    # Keep the whole card in the picture: a person holding it up sees it on the preview.
    low, high = quad.min(axis=0), quad.max(axis=0)
    shift = np.maximum(0, 8 - low) - np.maximum(0, high - [width - 8, height - 8])
    return (quad + shift).astype(np.float32)


def _paste(frame: Frame, card: Frame, quad: npt.NDArray[np.float32], rng: np.random.Generator,
           ) -> npt.NDArray[np.float64]:
    """Warp the card into the frame with a soft shadow under it; returns the warp."""
    h, w = card.shape[:2]
    source = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, quad)
    size = (frame.shape[1], frame.shape[0])
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, size)
    offset = rng.uniform(4, 14, 2)
    shadow = cv2.warpAffine(mask, np.array([[1, 0, offset[0]], [0, 1, offset[1]]]), size)
    shadow = cv2.GaussianBlur(shadow, (0, 0), 6).astype(np.float32) / 255 * 0.45
    np.copyto(frame, (frame * (1 - shadow[:, :, None])).astype(np.uint8))
    warped = cv2.warpPerspective(card, matrix, size, flags=cv2.INTER_AREA)
    edge = cv2.GaussianBlur(mask, (3, 3), 0).astype(np.float32)[:, :, None] / 255
    np.copyto(frame, (warped * edge + frame * (1 - edge)).astype(np.uint8))
    return np.asarray(matrix, np.float64)


def _fingers(frame: Frame, rng: np.random.Generator, quad: npt.NDArray[np.float32],
             keep_clear: npt.NDArray[np.float32]) -> bool:
    """A hand holding the card: a thumb over one edge or corner, fingertips on another.

    Nothing may cover ``keep_clear`` (the NIK digits): a visitor sees them on the preview,
    so a finger that would is placed again. Returns whether any finger was drawn.
    """
    height, width = frame.shape[:2]
    clear = np.zeros((height, width), np.uint8)
    cv2.fillConvexPoly(clear, keep_clear.astype(np.int32), 255)
    clear = np.asarray(cv2.dilate(clear, np.ones((9, 9), np.uint8)), np.uint8)
    card_width = float(np.linalg.norm(quad[1] - quad[0]))
    drawn = 0
    wanted = int(rng.integers(1, 4))
    tone = rng.uniform(0.55, 1.0)
    skin = np.array([120, 155, 215], np.float32) * tone  # BGR
    for _ in range(12):
        if drawn == wanted:
            break
        side = int(rng.integers(4))
        a, b = quad[side], quad[(side + 1) % 4]
        at = a + (b - a) * rng.uniform(0.0, 1.0)  # corners included
        inward = quad.mean(axis=0) - at
        inward /= max(float(np.linalg.norm(inward)), 1e-6)
        # An adult's finger is 15 to 22 mm wide, a quarter of the card's 86 mm.
        length = card_width * rng.uniform(0.12, 0.3)
        thickness = card_width * rng.uniform(0.17, 0.25)
        centre = at + inward * length * rng.uniform(0.0, 0.5)
        # The finger comes from outside the card, so it reaches past the edge.
        reach = centre - inward * length * 1.5
        blob = np.zeros((height, width), np.uint8)
        angle = math.degrees(math.atan2(inward[1], inward[0]))
        cv2.ellipse(blob, ((float(centre[0]), float(centre[1])),
                           (float(length * 2), float(thickness)), angle), 255, -1)
        cv2.line(blob, (int(centre[0]), int(centre[1])), (int(reach[0]), int(reach[1])), 255,
                 int(thickness * 0.9))
        if np.any(blob & clear):
            continue
        soft = cv2.GaussianBlur(blob, (0, 0), 2).astype(np.float32)[:, :, None] / 255
        shade = cv2.GaussianBlur(blob, (0, 0), thickness / 4).astype(np.float32) / 255
        colour = skin[None, None, :] * (0.75 + 0.3 * shade[:, :, None])
        np.copyto(frame, (colour * soft + frame * (1 - soft)).clip(0, 255).astype(np.uint8))
        drawn += 1
    return drawn > 0


def _camera(frame: Frame, rng: np.random.Generator) -> Frame:
    """Uneven light, a glare spot on the laminate, focus or motion blur, noise and MJPEG."""
    height, width = frame.shape[:2]
    image = frame.astype(np.float32)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    light = rng.uniform(0.6, 1.15) * (1 + rng.uniform(-0.25, 0.25) * (x / width - 0.5)
                                      + rng.uniform(-0.2, 0.2) * (y / height - 0.5))
    image *= light[:, :, None]
    image *= 1 + rng.uniform(-0.06, 0.06, 3)  # white balance
    for _ in range(int(rng.choice([0, 1, 1, 2]))):
        gx, gy = rng.uniform(0.2, 0.8) * width, rng.uniform(0.2, 0.8) * height
        radius = rng.uniform(25, 110)
        glare = np.exp(-((x - gx) ** 2 + (y - gy) ** 2) / (2 * radius**2))
        image += rng.uniform(40, 120) * glare[:, :, None]
    if rng.random() < 0.3:
        length = int(rng.integers(3, 8))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1 / length
        turn = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5),
                                       float(rng.uniform(0, 180)), 1.0)
        kernel = np.asarray(cv2.warpAffine(kernel, turn, (length, length)), np.float32)
        image = np.asarray(cv2.filter2D(image, -1, kernel / max(float(kernel.sum()), 1e-6)),
                           np.float32)
    else:
        image = np.asarray(cv2.GaussianBlur(image, (0, 0), float(rng.uniform(0.3, 1.6))),
                           np.float32)
    image += rng.normal(0, rng.uniform(2, 7), image.shape).astype(np.float32)
    shot: Frame = np.clip(image, 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", shot, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(55, 90))])
    decoded = cv2.imdecode(jpeg, cv2.IMREAD_COLOR) if ok else None
    return shot if decoded is None else np.asarray(decoded, np.uint8)


def ktp_scene(rng: np.random.Generator, *, holder: Holder | None = None,
              background: str | None = None, occluded: bool | None = None) -> KtpScene:
    """A 1280x720 webcam frame of a card held up to the kiosk, everything drawn from ``rng``.

    ``background`` (one of ``BACKGROUNDS``) and ``occluded`` (fingers over the outline)
    are drawn at random unless given.
    """
    holder = holder or make_holder(rng)
    kind = background or str(rng.choice(BACKGROUNDS))
    card_width = FRAME_SIZE[0] * rng.uniform(0.45, 0.8)
    # Printed at about twice the size it appears, so the warp only ever shrinks it.
    card, nik_box = draw_card(holder, rng, width=int(min(1400, card_width * 1.6)))
    frame = backdrop(rng, kind)
    quad = _card_quad(rng, card_width, FRAME_SIZE)
    matrix = _paste(frame, card, quad, rng)
    x0, y0, x1, y1 = nik_box
    digits = np.array([[[x0, y0]], [[x1, y0]], [[x1, y1]], [[x0, y1]]], np.float32)
    digits_in_frame = np.asarray(cv2.perspectiveTransform(digits, matrix), np.float32).reshape(4, 2)
    wants_fingers = bool(rng.random() < 0.6) if occluded is None else occluded
    held = wants_fingers and _fingers(frame, rng, quad, digits_in_frame)
    return KtpScene(_camera(frame, rng), holder, held, kind, quad, digits_in_frame)


def empty_scene(rng: np.random.Generator, background: str | None = None) -> Frame:
    """The kiosk camera with nobody holding anything up."""
    kind = background or str(rng.choice(BACKGROUNDS))
    return _camera(backdrop(rng, kind), rng)
