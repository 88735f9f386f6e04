"""Screenshots of the operator console, in both languages, on demo data.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m scripts.screenshots_operator``
Writes ``docs/screenshots/operator-<screen>-<lang>[-<width>x<height>].png``: every page at
1920x1080, the main ones (the supervisor's overview, queue, board, check-out, emergency
roll call) at 1280x800 too. The data are ``kiosk.services.demo``'s week plus a server
maintenance visit that is overdue and waiting to leave (with a photo taken at the kiosk);
the roll call, shot last, has a few people marked from two terminals.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image, ImageDraw
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QWidget

from kiosk.config import Settings
from kiosk.domain.clock import today, travel_to, utcnow
from kiosk.domain.pins import DEMO_PIN
from kiosk.domain.types import IdType
from kiosk.domain.validation import DeviceInput
from kiosk.services import denylist, exits, invitations, passes, rollcall, signin, staff, visits
from kiosk.services.badges import available_numbers
from kiosk.services.demo import fill_demo
from kiosk.services.invitations import InvitationInput
from kiosk.services.passes import PassInput
from kiosk.services.queries import get_visit
from kiosk.ui.app import build_context, make_application
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.main_window import MainWindow
from kiosk.ui.ops import wait_for_ops
from tests.support.factories import make_form

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
BIG, SMALL = (1920, 1080), (1280, 800)


def settle() -> None:
    for _ in range(3):
        wait_for_ops()
        QTest.qWait(120)


def add_scenery(ctx: AppContext) -> None:
    """An overdue maintenance visit at the kiosk to leave, invitations, a deny entry."""
    db, settings = ctx.db, ctx.settings
    sari = signin.authenticate(db, settings, "sari", DEMO_PIN)
    budi = signin.authenticate(db, settings, "budi", DEMO_PIN)
    escort = next(p for p in staff.escorts_on_duty(db) if p.username == "agus")
    with travel_to(utcnow() - dt.timedelta(minutes=84)):
        form = make_form(full_name="Hendra Siregar", id_number="6171030507850011",
                         organisation="CV Borneo Data Teknik", purpose_key="server_maintenance",
                         purpose_text="Pemeliharaan rutin server SIMPEG", planned_minutes=60,
                         photo_jpeg=portrait(),
                         devices=(DeviceInput("Laptop", "Dell Latitude 5440", "DL5440-88231"),
                                  DeviceInput("Penguji kabel", "Fluke LinkIQ", "FL-2291A7")))
        visit = visits.submit_visit(db, settings, form)
        approved = visits.approve(db, budi, visit.id, visit.version, visits.Approval(
            escort.id, available_numbers(db)[-1], "ktp", get_visit(db, visit.id).id_number))
        inside = visits.mark_entered(db, budi, approved.id, approved.version)
    assert inside.badge_number is not None
    exits.request_exit_by_number(db, inside.badge_number)
    for name, nik, org, purpose, days in (
            ("Maya Utami", "6171024906920003", "PLN Icon Plus", "installation", 0),
            ("Joko Permana", "6171011203880002", "PT Khatulistiwa Net", "repair", 1),
            ("Siti Nasution", "6171055511900004", "Inspektorat Kota Pontianak", "inspection",
             2)):
        invitations.create_invitation(db, settings, sari, InvitationInput(
            full_name=name, id_number=nik, organisation=org, purpose_key=purpose,
            pic="Seksi Jaringan dan Data Center", valid_on=today() + dt.timedelta(days=days)))
    invitations.create_invitation(db, settings, sari, InvitationInput(
        full_name="Andi Saputra", id_number="6171012004870005", organisation="PT Telkom Indonesia",
        purpose_key="installation", pic="Seksi Jaringan dan Data Center", valid_on="",
        work_order="WO/TLK/2026/0143",
        window_start=f"{today() + dt.timedelta(days=1):%d/%m/%Y} 08:00",
        window_end=f"{today() + dt.timedelta(days=3):%d/%m/%Y} 17:00"))
    denylist.add_entry(db, sari, IdType.KTP, "6171010101800009", "Rudi Hartono",
                       "Merusak kabel rak B pada kunjungan Oktober", None)
    for name, nik, org, purposes, days in (
            ("Bayu Pratama", "6171011506880006", "PT Lintas Data Borneo",
             "server_maintenance,repair", 90),
            ("Yohanes Lim", "6171012807910007", "CV Genset Khatulistiwa",
             "genset_maintenance", 180),
            ("Wahyu Hidayat", "6171010309850008", "PT Sinar Teknik", "installation", 30)):
        holder = passes.issue_pass(db, settings, sari, PassInput(
            full_name=name, id_number=nik, organisation=org, purposes=purposes, days=days,
            pic="Seksi Jaringan dan Data Center"))
    passes.revoke_pass(db, sari, holder.id, "Teknisi vendor berganti")


def portrait() -> bytes:
    """A drawn head and shoulders standing in for the photo the kiosk camera takes."""
    image = Image.new("RGB", (240, 300), "#C9D6E3")
    draw = ImageDraw.Draw(image)
    draw.ellipse((70, 40, 170, 150), fill="#8C6A4F")
    draw.ellipse((30, 170, 210, 360), fill="#1F3B5C")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def save(widget: QWidget, name: str) -> None:
    path = OUT / f"operator-{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="pintu-shots-"))
    settings = Settings(data_dir=folder, demo=True)  # the demo accounts keep the demo PIN
    make_application([])
    ctx = build_context(settings, camera="none")
    fill_demo(ctx.db, settings)
    add_scenery(ctx)
    window = MainWindow(ctx)
    window.show()
    console = window.console
    console.start(signin.authenticate(ctx.db, settings, "sari", DEMO_PIN))
    window.show_console()
    for lang in ("id", "en"):
        language().switch(lang)
        for size in (BIG, SMALL):
            window.resize(*size)
            suffix = f"{lang}" if size == BIG else f"{lang}-{size[0]}x{size[1]}"
            shoot_main(window, suffix)
            if size == BIG:
                shoot_others(window, lang)
    start_roll_call(ctx)
    console.sign_out()  # the desk's operator runs the roll call, without the supervisor tabs
    console.start(signin.authenticate(ctx.db, settings, "budi", DEMO_PIN))
    window.show_console()
    for lang in ("id", "en"):
        language().switch(lang)
        for size in (BIG, SMALL):
            window.resize(*size)
            suffix = f"{lang}" if size == BIG else f"{lang}-{size[0]}x{size[1]}"
            shoot_roll_call(window, suffix)
    console.shutdown()
    wait_for_ops()


def shoot_main(window: MainWindow, suffix: str) -> None:
    console = window.console
    assert console.overview is not None
    console.tabs.setCurrentWidget(console.overview)
    settle()
    save(window, f"overview-{suffix}")
    console.tabs.setCurrentWidget(console.queue)
    settle()
    console.queue.table.selectRow(0)
    settle()
    save(window, f"queue-{suffix}")
    console.tabs.setCurrentWidget(console.inside)
    settle()
    console.inside.table.selectRow(0)
    settle()
    save(window, f"inside-{suffix}")
    console.inside.open_checkout(console._exit_visit or 0)
    settle()
    dialog = console.inside.active_dialog
    if isinstance(dialog, QDialog):
        dialog.resize(min(1200, window.width() - 40), window.height() - 40)
        settle()
        save(dialog, f"checkout-{suffix}")
        dialog.reject()


def start_roll_call(ctx: AppContext) -> None:
    """Three more visitors inside, then a roll call started at another terminal ten
    minutes ago, with three people marked from two terminals."""
    db, settings = ctx.db, ctx.settings
    budi = signin.authenticate(db, settings, "budi", DEMO_PIN)
    sari = signin.authenticate(db, settings, "sari", DEMO_PIN)
    escort = next(p for p in staff.escorts_on_duty(db) if p.username == "agus")
    started = utcnow() - dt.timedelta(minutes=10)
    with travel_to(started - dt.timedelta(minutes=40)):
        for name, nik, org in (("Nguyễn Thị Ṣafiyyah", "6171054203910007", "PT Khatulistiwa Net"),
                               ("Rudi Setiawan", "6171011708870005", "Telkom Witel Kalbar"),
                               ("Yohanes Kristianto", "6171022212790006", "BPKAD Kota Pontianak")):
            form = make_form(full_name=name, id_number=nik, organisation=org)
            visit = visits.submit_visit(db, settings, form)
            visits.approve(db, budi, visit.id, visit.version, visits.Approval(
                escort.id, available_numbers(db)[0], "ktp", nik,
                enter_now=nik != "6171022212790006"))
    with travel_to(started) as advance:
        call, _ = rollcall.start(db, budi, "Pintu 2")
        for line, who, terminal in zip(call.lines[1:4], (budi, sari, budi),
                                       ("Pintu 2", "Pintu 1", "Pintu 2"), strict=False):
            advance(dt.timedelta(minutes=2, seconds=17))
            rollcall.mark(db, who, call.id, line.visit_id, terminal)


def shoot_roll_call(window: MainWindow, suffix: str) -> None:
    console = window.console
    console.tabs.setCurrentWidget(console.inside)
    settle()
    console.open_roll_call()
    settle()
    save(window, f"roll-call-{suffix}")
    console.show_tabs()


def shoot_others(window: MainWindow, lang: str) -> None:
    console = window.console
    console.tabs.setCurrentWidget(console.queue)
    settle()
    console.queue.table.selectRow(0)
    settle()
    console.queue.approve_button.click()
    settle()
    dialog = console.queue.active_dialog
    if isinstance(dialog, QDialog):
        save(dialog, f"approve-{lang}")
        dialog.reject()
    for index in range(console.tabs.count()):
        page = console.tabs.widget(index)
        if page in (console.overview, console.queue, console.inside):
            continue  # shot at both sizes by shoot_main
        console.tabs.setCurrentIndex(index)
        settle()
        table = getattr(page, "table", None)
        if table is not None:
            table.selectRow(0)
            settle()
        name = type(page).__name__.removesuffix("Page").removesuffix("Screen").lower()
        save(window, f"{name}-{lang}")


if __name__ == "__main__":
    main()
