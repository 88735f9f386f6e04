"""A realistic week at the door, in Indonesian, for trying the kiosk and for screenshots.

Visits go through the real services with the clock set back, so the demo data obey
every rule and the audit chain verifies. Names, numbers and devices are invented; the NIKs
are structurally valid but belong to nobody known. The demo accounts share the published
``DEMO_PIN`` and are marked to choose their own PIN at the first sign-in, unless the
installation is configured as a demo (``demo = true``).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw
from sqlalchemy import func, select

from kiosk.config import NotifySettings, Settings
from kiosk.db.database import Database
from kiosk.db.models import Staff, Visit
from kiosk.domain.clock import at_site, today, travel_to, utcnow
from kiosk.domain.pins import DEMO_PIN
from kiosk.domain.records import VisitForm, VisitSummary
from kiosk.domain.types import DeviceExit, Role
from kiosk.domain.validation import DeviceInput
from kiosk.services import badges, checkout, staff, visits
from kiosk.services.actors import SYSTEM, Actor
from kiosk.services.archive import archive_visit
from kiosk.services.queries import get_visit

DEMO_STAFF = (
    ("admin", "Administrator Pintu", Role.ADMIN),
    ("sari", "Sari Wulandari, S.Kom.", Role.SUPERVISOR),
    ("budi", "Budi Santoso", Role.OPERATOR),
    ("rina", "Rina Marlina", Role.OPERATOR),
    ("agus", "Agus Setiawan", Role.OPERATOR),
)
DEMO_BADGES = 20

FIRST_NAMES = ("Ahmad", "Dewi", "Rizky", "Siti", "Hendra", "Nurul", "Fajar", "Putri", "Yusuf",
               "Maya", "Teguh", "Intan", "Bayu", "Ṣafiyyah", "Rahmat", "Lestari", "Andi",
               "Wahyuni", "Gilang", "Kartika", "Joko", "Melati", "Dimas", "Ayu")
LAST_NAMES = ("Pratama", "Saputra", "Hidayat", "Kurniawan", "Lestari", "Wijaya", "Siregar",
              "Nasution", "Harahap", "Syahputra", "Rahmawati", "Hasibuan", "Tan", "O'Neil",
              "Nugroho", "Permana", "Simanjuntak", "Utami")
FEMALE = {"Dewi", "Siti", "Nurul", "Putri", "Maya", "Intan", "Ṣafiyyah", "Lestari", "Wahyuni",
          "Kartika", "Melati", "Ayu"}
ORGANISATIONS = (
    "Dinas Kependudukan dan Pencatatan Sipil", "Badan Pengelola Keuangan dan Aset Daerah",
    "Bappeda Kota Pontianak", "Dinas Kesehatan", "RSUD Sultan Syarif Mohamad Alkadrie",
    "PT Telkom Indonesia (Persero) Tbk", "PT Aplikanusa Lintasarta", "PLN Icon Plus",
    "CV Borneo Data Teknik", "Inspektorat Kota Pontianak", "BSSN", "PT Khatulistiwa Net",
)
PURPOSES = (
    ("server_maintenance", "Pemeliharaan rutin server aplikasi SIMPEG"),
    ("server_maintenance", "Pengecekan suhu dan kipas rak B"),
    ("repair", "Penggantian power supply server database"),
    ("repair", "Perbaikan kabel fiber ke switch inti"),
    ("installation", "Pemasangan server baru untuk aplikasi e-Kinerja"),
    ("inspection", "Audit keamanan ruang server oleh Inspektorat"),
    ("delivery", "Pengantaran UPS 6 kVA"),
    ("genset_maintenance", "Pemeliharaan genset bulanan"),
    ("other", "Pengambilan backup tape mingguan"),
)
PICS = ("Seksi Jaringan dan Data Center", "Bidang Aplikasi Informatika", "Pak Hadi (Kasi DC)",
        "Bidang Persandian dan Keamanan Informasi")
DEVICES = (
    ("Laptop", "Lenovo ThinkPad T14"), ("Laptop", "Dell Latitude 5440"),
    ("Laptop", "HP EliteBook 840"), ("Penguji kabel", "Fluke LinkIQ"),
    ("Hard disk eksternal", "WD Elements 2TB"), ("Kabel konsol", "Cisco USB-C"),
    ("Switch", "Cisco C9200L-24T"), ("Power supply server", "Dell 750W"),
)
REFUSALS = ("Surat tugas tidak dibawa", "Tidak ada janji dengan PIC",
            "Identitas tidak sesuai formulir")


@dataclass(frozen=True)
class DemoResult:
    visits: int
    staff: int
    badges: int


def fake_nik(rng: random.Random, female: bool) -> str:
    born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 38))
    day = born.day + (40 if female else 0)
    district = rng.choice(("01", "02", "03", "04", "05", "06"))
    serial = rng.randrange(1, 9999)
    return f"6171{district}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def fill_demo(db: Database, settings: Settings, seed: int = 7) -> DemoResult | None:
    """Fill an empty database; ``None`` if it already holds visits (nothing is changed)."""
    with db.session() as session:
        if session.scalar(select(func.count(Visit.id))):
            return None
        has_staff = bool(session.scalar(select(func.count(Staff.id))))
    if not has_staff:
        for username, full_name, role in DEMO_STAFF:
            staff.add_staff(db, SYSTEM, username, DEMO_PIN, role, full_name,
                            demo_account=True)
    people = staff.list_staff(db)
    operators = [staff.actor_for_record(p) for p in people if p.role is Role.OPERATOR]
    supervisor = next(staff.actor_for_record(p) for p in people if p.role is Role.SUPERVISOR)
    if not badges.list_badges(db):
        badges.add_badges(db, supervisor, DEMO_BADGES)
    rng = random.Random(seed)
    count = 0
    # Invented visitors are never announced to the real addresses in [notify].
    quiet = replace(settings, notify=NotifySettings())
    this_day = today()
    for days_ago in range(6, -1, -1):
        day = this_day - dt.timedelta(days=days_ago)
        per_day = rng.randint(1, 2) if day.weekday() >= 5 else rng.randint(4, 8)
        for index in range(per_day):
            _demo_visit(db, quiet, rng, day, index, days_ago == 0, operators)
            count += 1
    return DemoResult(visits=count, staff=len(people), badges=len(badges.list_badges(db)))


def _form(rng: random.Random, key: str) -> VisitForm:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    purpose, text = rng.choice(PURPOSES)
    devices = tuple(
        DeviceInput(kind, model, f"{model.split()[0][:2].upper()}{rng.randrange(10**7):07d}")
        for kind, model in rng.sample(DEVICES, rng.choice((0, 1, 1, 2, 3)))
    )
    return VisitForm(
        submission_key=key, id_type="ktp", id_number=fake_nik(rng, first in FEMALE),
        full_name=f"{first} {last}", organisation=rng.choice(ORGANISATIONS),
        phone=f"08{rng.randrange(11, 99)} {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}",
        purpose_key=purpose, purpose_text=text, pic=rng.choice(PICS),
        planned_minutes=rng.choice((30, 45, 60, 60, 90, 120)),
        reference_letter=rng.choice(("", f"800/{rng.randrange(100, 999)}/DKI-TKPBET/2026")),
        devices=devices, signature_png=demo_signature(rng), consent=True,
    )


def _demo_visit(db: Database, settings: Settings, rng: random.Random, day: dt.date,
                index: int, is_today: bool, operators: list[Actor]) -> None:
    start = at_site(day, dt.time(8, 0)) + dt.timedelta(
        minutes=index * 55 + rng.randrange(0, 40))
    if is_today and start > utcnow():
        start = utcnow() - dt.timedelta(minutes=rng.randrange(3, 25))
    operator = rng.choice(operators)
    escort = rng.choice(operators)
    with travel_to(start) as advance:
        visit = visits.submit_visit(db, settings, _form(rng, f"demo-{day}-{index}"))
        if is_today and index >= 4:
            return  # still waiting at the desk
        advance(dt.timedelta(minutes=rng.choice((2, 3, 4, 6, 9, 14))))
        if rng.random() < 0.08:
            visits.refuse(db, operator, visit.id, visit.version, rng.choice(REFUSALS))
            return
        free = badges.available_numbers(db)
        visit = visits.approve(db, operator, visit.id, visit.version, visits.Approval(
            escort_id=escort.staff_id or 0, badge_number=rng.choice(free), id_card_type="ktp",
            id_card_number=get_visit(db, visit.id).id_number))
        advance(dt.timedelta(minutes=rng.randrange(1, 4)))
        visit = visits.mark_entered(db, operator, visit.id, visit.version)
        if is_today and index >= 2:
            return  # still inside
        advance(dt.timedelta(minutes=rng.randrange(20, 110)))
        _check_out(db, settings, rng, operator, visit)
        if not is_today:  # today's stay checked out, waiting at the desk to be filed
            advance(dt.timedelta(minutes=3))
            archive_visit(db, settings, operator, visit.id)


def _check_out(db: Database, settings: Settings, rng: random.Random, operator: Actor,
               visit: VisitSummary) -> None:
    detail = get_visit(db, visit.id)
    checks = []
    for device in detail.devices:
        if rng.random() < 0.1:
            checks.append(checkout.DeviceCheck(device.id, DeviceExit.LEFT_INSIDE,
                                               note="Terpasang di rak A3 sesuai surat tugas"))
        else:
            checks.append(checkout.DeviceCheck(device.id, DeviceExit.CARRIED_OUT))
    purpose = settings.purpose(visit.purpose_key)
    checklist: dict[str, object] | None = None
    if purpose is not None and purpose.checklist:
        checklist = {"indicators": True, "cleanliness_fans": True, "cpu_temperature": "41 °C",
                     "disk": "ok", "memory": "ok", "network": True}
    checkout.check_out(db, settings, operator, visit.id, visit.version, checkout.CheckOut(
        devices=tuple(checks), badge_returned=True, id_card_returned=True,
        checklist=checklist, note=""))


def demo_signature(rng: random.Random) -> bytes:
    """A pen-like scribble as a PNG, so demo visits carry a signature like real ones."""
    image = Image.new("L", (360, 120), 255)
    pen = ImageDraw.Draw(image)
    x, y = 20.0, 70.0
    points = [(x, y)]
    for _ in range(28):
        x += rng.uniform(6, 14)
        y = min(105.0, max(15.0, y + rng.uniform(-22, 22)))
        points.append((x, y))
    pen.line(points, fill=20, width=4, joint="curve")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
