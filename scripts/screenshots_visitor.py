"""Screenshots of every visitor screen, in both languages, at the two screen sizes we support.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m scripts.screenshots_visitor``
Writes ``docs/screenshots/visitor-<screen>-<lang>-<width>x<height>.png``. The kiosk runs
on a temporary database; the form is filled through the screens' own widgets.
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF
from PySide6.QtTest import QTest

from kiosk.config import Settings
from kiosk.ui.app import build_context, make_application
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.main_window import MainWindow
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.visitor.flow import VisitorFlow
from tests.support.factories import approved, make_team
from tests.support.synthetic import write_samples

SIZES = ((1920, 1080), (1280, 800))
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
NIK = "6171014506900001"


def settle() -> None:
    wait_for_ops()
    QTest.qWait(80)


def signature_strokes(width: int) -> list[list[QPointF]]:
    """A handwriting-like scribble that fills the pad's left half."""
    first = [QPointF(80 + t * 3.2, 120 - 40 * math.sin(t / 9) + 10 * math.sin(t / 2.5))
             for t in range(min(140, width // 5))]
    second = [QPointF(110 + t * 2.4, 150 + 6 * math.sin(t / 3)) for t in range(90)]
    return [first, second]


def fill_identity(flow: VisitorFlow) -> None:
    flow.identity.number.set_text(NIK)


def fill_details(flow: VisitorFlow) -> None:
    d = flow.details
    d.full_name.set_text("Dewi Lestari")
    d.organisation.set_text("Dinas Komunikasi dan Informatika")
    d.phone.set_text("0812 3456 7890")
    d.pic.set_text("Seksi Jaringan dan Data Center")
    d.reference.set_text("800/123/DKI/2026")
    d.purpose.set_value("repair")
    d.purpose.chosen.emit("repair")
    d.purpose_text.set_text("Penggantian power supply server")
    d.duration.set_text("120")


def fill_devices(flow: VisitorFlow) -> None:
    dv = flow.devices
    dv.choice.button("some").click()
    for kind, brand, serial in (("Laptop", "Lenovo ThinkPad T14", "PF3ABC12"),
                                ("Power supply", "HPE 800W Flex Slot", "5XZLA0B4D8")):
        dv.kind.set_text(kind)
        dv.brand.set_text(brand)
        dv.serial.set_text(serial)
        dv.add_device()


def sign(flow: VisitorFlow) -> None:
    for stroke in signature_strokes(flow.signature.pad.width()):
        flow.signature.pad.add_stroke(stroke)


def capture(window: MainWindow, name: str, lang: str, size: tuple[int, int]) -> Path:
    settle()
    path = OUT / f"visitor-{name}-{lang}-{size[0]}x{size[1]}.png"
    window.grab().save(str(path))
    return path


def walk(window: MainWindow, lang: str, size: tuple[int, int], badge: int) -> list[Path]:
    flow = window.visitor
    flow.reset()
    shots: list[Path] = []

    def shot(name: str) -> None:
        shots.append(capture(window, name, lang, size))

    shot("welcome")
    flow.welcome.check_in_button.click()
    settle()
    fill_identity(flow)
    shot("identity")
    flow.identity.number.set_text("6171013206900001")
    shot("identity-error")
    fill_identity(flow)
    flow.identity.submit()
    settle()
    fill_details(flow)
    flow.details.full_name.editor.setFocus()
    shot("details")
    flow.details.submit()
    settle()
    fill_devices(flow)
    flow.setFocus()
    shot("devices")
    flow.devices.submit()
    settle()
    sign(flow)
    shot("signature")
    flow.signature.submit()
    settle()
    flow.review.consent.setChecked(True)
    shot("review")
    flow.review.submit()
    settle()
    shot("waiting")
    flow.reset()
    flow.welcome.check_in_button.click()
    settle()
    flow.prompt.open()
    shot("idle")
    flow.reset()
    flow.welcome.check_out_button.click()
    settle()
    flow.checkout.badge.set_text(str(badge))
    shot("checkout")
    flow.checkout.submit()
    settle()
    shot("checkout-done")
    flow.reset()
    return shots


def camera_shots(ctx: AppContext) -> list[Path]:
    """The identity screen with a camera showing a QR code that holds a NIK."""
    window = MainWindow(ctx)
    window.pages.setMinimumSize(1, 1)
    window.show()
    shots: list[Path] = []
    for size in SIZES:
        window.resize(*size)
        for lang in ("id", "en"):
            language().switch(lang)
            flow = window.visitor
            flow.reset()
            flow.welcome.check_in_button.click()
            QTest.qWait(2500)  # the camera opens, a frame is decoded, the NIK is filled in
            shots.append(capture(window, "identity-camera", lang, size))
    window.visitor.shutdown()
    window.hide()
    return shots


def main() -> int:
    app = make_application([])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), camera="none")
        ctx = build_context(settings, camera="none")
        team = make_team(ctx.db)
        window = MainWindow(ctx)
        # The staff console's page may ask for more height than a 1280x800 screen has;
        # these pictures are about the visitor side, so the stack may not grow for it.
        window.pages.setMinimumSize(1, 1)
        window.show()
        shots: list[Path] = []
        for size in SIZES:
            window.resize(*size)
            for lang in ("id", "en"):
                language().switch(lang)
                badge = approved(ctx.db, settings, team, id_number="6171014506900002").badge_number
                shots += walk(window, lang, size, badge or 0)
        window.visitor.shutdown()
        window.hide()
        shots += camera_shots(dataclasses.replace(
            ctx, camera=str(write_samples(Path(tmp) / "samples")[0])))
        language().switch("id")
        wait_for_ops()
        ctx.db.dispose()
    for path in shots:
        print(path.relative_to(OUT.parent.parent))
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
