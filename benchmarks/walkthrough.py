"""The visitor's time at the screen: the real visitor screens driven along four paths,
counting what the visitor has to do, converted to seconds with the keystroke-level model.

The paths (each on its own fresh database in a temporary folder, the real ``VisitorFlow``
offscreen, taps and the on-screen keyboard through ``tests.support.visitor_driver``):

- a first-time walk-in without devices, typing everything (no camera);
- a first-time walk-in with two devices, typing the serial numbers (no camera);
- a returning visitor whose KTP is read by the camera: the camera is an image file of a
  generated KTP held up (``tests.support.synthetic``), read through the real camera path
  (``VisitorCamera``, ``ScanWorker``, the KTP reader) after the visitor taps "Read my
  KTP"; the earlier visit fills the form;
- an invitation QR: the camera is an image file of the invitation's QR on a phone-sized
  sheet, decoded by the real camera path, which fills the form.

The database holds 40 earlier visits by other people from six organisations, as a door
that has been in use for a while: a first-time visitor from one of them picks it from the
suggestion chips after the first letters. The typed values are what real visitors type:
an Indonesian name, a 12-digit mobile number, the unit visited, a short description of the
work; the optional reference letter is left empty. PIC units are not configured (the
default), so the PIC is typed.

Counted while driving: screens shown (welcome to "submitted" inclusive), taps on
controls, keys on the on-screen keyboard (Shift is a key of its own), cards or phones shown
to the camera, signatures, and the time the kiosk itself made the visitor wait (camera
reads, saving), measured in this run.

The model (keystroke-level model, Card, Moran & Newell 1980, "The keystroke-level model
for user performance time with interactive systems", CACM 23(7) 396-410):

- M 1.35 s, mental act (CMN 1980), one before every tap, every card shown and the
  signature (their heuristic rule 0); none between the keys of one typed value (rule 2);
- P 1.10 s, one tap on a control: CMN's pointing time; the touch is its own click, so no
  button press is added. Abdulin 2011 ("Using the keystroke-level model for designing user
  interface on middle-sized touch screens", CHI EA 2011, 673-686) found KLM predictions
  with the standard operators within 5% of measured times on 7-17 inch touch screens;
- K 0.60 s, one key on the on-screen keyboard: 20 words per minute (5 characters a word,
  so 100 keys a minute), the rate of novices on the largest touchscreen keyboard in Sears,
  Revis, Swatski, Crittenden & Shneiderman 1993 ("Investigating touchscreen typing: the
  effect of keyboard size on typing speed", Behaviour & Information Technology 12(1)
  17-22). A visitor at the door is a novice on this keyboard;
- H 0.40 s, homing (CMN 1980): the hand to the camera with the card or phone, and back;
- D(n, l) = 0.9 n + 0.16 l s, drawing n strokes of l cm in all (CMN 1980): the signature,
  measured on the driver's stroke at 38 px/cm (a 1280x800 panel of 15.6 inches);
- R, the kiosk's own waits, as measured in this run.

Targets (issue 16 section 6): 45 s, 75 s, 20 s and 10 s.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.walkthrough
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QRegularExpression
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.config import Settings
from kiosk.domain.clock import today
from kiosk.i18n import set_language
from kiosk.services.invitations import InvitationInput, create_invitation, invitation_token
from kiosk.ui.app import build_context, make_application
from kiosk.ui.context import AppContext
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.visitor.flow import VisitorFlow
from kiosk.ui.visitor.screen import VisitorScreen
from tests.support.factories import make_team, submitted
from tests.support.synthetic import VGA, Conditions, code_frame, fake_person, ktp_card, ktp_frame
from tests.support.visitor_driver import SIGNATURE_STROKE, Driver, PlainBot, show_flow

M, P, K, H = 1.35, 1.10, 0.60, 0.40
D_STROKE, D_CM = 0.9, 0.16
PX_PER_CM = 38.0
MODEL = f"""Keystroke-level model (Card, Moran & Newell 1980), a walk-up visitor at a touchscreen:
  M {M:.2f} s  mental act, before every tap, card shown and signature (CMN 1980, rule 0)
  P {P:.2f} s  tap on a control: pointing, the touch is the click (CMN 1980; Abdulin 2011:
              KLM within 5% of measured times on 7-17 inch touch screens)
  K {K:.2f} s  key on the on-screen keyboard: 20 wpm, novices on the largest touchscreen
              keyboard (Sears, Revis, Swatski, Crittenden & Shneiderman 1993)
  H {H:.2f} s  homing: the hand to the camera with the card or phone, and back (CMN 1980)
  D {D_STROKE} n + {D_CM} l s  the signature, n strokes, l cm at {PX_PER_CM:.0f} px/cm (CMN 1980)
  R measured   the kiosk's own waits in this run (camera read, saving)
"motor s" is the model without M: the time even a visitor who never hesitates needs."""

CHIPS = QRegularExpression("^organisation-suggestion-")
#: Organisations of earlier visitors, with how many visits each has made.
HISTORY = (("Dinas Komunikasi dan Informatika Kota Pontianak", 12),
           ("PT Telkom Indonesia (Persero) Tbk", 9),
           ("Badan Pusat Statistik Provinsi Kalimantan Barat", 6),
           ("Dinas Kependudukan dan Pencatatan Sipil", 5),
           ("PT Lintasarta", 4),
           ("Inspektorat Kota Pontianak", 4))


@dataclass
class Counts:
    screens: int = 1  # the welcome screen the visitor starts at
    taps: int = 0
    keys: int = 0
    shows: int = 0  # a card or phone held up to the camera
    strokes: int = 0
    stroke_cm: float = 0.0
    waited: float = 0.0  # seconds the kiosk made the visitor wait, measured

    @property
    def mental_acts(self) -> int:
        return self.taps + self.shows + (1 if self.strokes else 0)

    def motor_seconds(self) -> float:
        """Everything but the mental acts: what no amount of familiarity can remove."""
        drawing = D_STROKE * self.strokes + D_CM * self.stroke_cm if self.strokes else 0.0
        return P * self.taps + K * self.keys + 2 * H * self.shows + drawing + self.waited

    def seconds(self) -> float:
        return M * self.mental_acts + self.motor_seconds()


class CountingDriver(Driver):
    """The visitor driver, noting every tap, key, screen, card shown and wait."""

    def __init__(self, flow: VisitorFlow) -> None:
        super().__init__(PlainBot(), flow)
        self.counts = Counts()
        flow.pages.currentChanged.connect(self._screen_shown)

    def _screen_shown(self, _index: int) -> None:
        self.counts.screens += 1

    def tap(self, widget: QWidget) -> None:
        super().tap(widget)
        if self.flow.keyboard.isAncestorOf(widget):
            self.counts.keys += 1
        else:
            self.counts.taps += 1

    def sign(self) -> None:
        super().sign()
        points = SIGNATURE_STROKE
        length = sum(math.dist((a.x(), a.y()), (b.x(), b.y()))
                     for a, b in itertools.pairwise(points))
        self.counts.strokes += 1
        self.counts.stroke_cm += length / PX_PER_CM

    def wait_for(self, done: Callable[[], bool], timeout: int = 60_000) -> None:
        """The kiosk is working (camera, database): the visitor waits, and that is timed."""
        started = time.perf_counter()
        self.qtbot.waitUntil(done, timeout=timeout)
        self.counts.waited += time.perf_counter() - started

    def on_screen(self, screen: VisitorScreen) -> None:
        self.wait_for(lambda: self.flow.current_screen() is screen)
        self.settle()  # what the screen loads for itself (suggestions) shows at once

    def show_to_camera(self, done: Callable[[], bool]) -> None:
        self.counts.shows += 1
        self.wait_for(done)

    def type_or_pick(self, field: QWidget, text: str, chips: list[QPushButton]) -> None:
        """Type letter by letter until a suggestion chip shows the whole value, then tap it."""
        self.tap(field)
        self.qtbot.waitUntil(lambda: self.flow.keyboard.target is field, timeout=2000)
        for ch in text.lower():
            chip = next((c for c in chips if c.isVisible() and c.text() == text), None)
            if chip is not None:
                self.tap(chip)
                return
            self.type_with_keyboard(ch)

    # -- the shared second half of every path ----------------------------------------------

    def devices_none(self) -> None:
        flow = self.flow
        self.on_screen(flow.devices)
        self.tap(flow.devices.choice.button("none"))
        self.next()

    def take_photo(self) -> None:
        """The photo step, where the kiosk takes one: "Take photo", the countdown and the
        still (the kiosk's wait, timed), "Use this photo"."""
        flow = self.flow
        if flow.photo not in flow.form_steps:
            return
        self.on_screen(flow.photo)
        started = time.perf_counter()
        self.pass_photo()
        self.counts.waited += time.perf_counter() - started

    def sign_and_submit(self) -> None:
        flow = self.flow
        self.take_photo()
        self.on_screen(flow.signature)
        self.sign()
        self.next()
        self.on_screen(flow.review)
        self.tap(flow.review.consent)
        self.next()
        self.on_screen(flow.waiting)


@dataclass(frozen=True)
class Visitor:
    nik: str
    name: str  # as typed: the name fields capitalise each word themselves
    organisation: str
    phone: str
    pic: str
    purpose: str
    purpose_text: str
    minutes: int


SITI = Visitor("6171014506900001", "siti rahmawati",
               "Dinas Komunikasi dan Informatika Kota Pontianak", "081256347781",
               "seksi infrastruktur jaringan", "server_maintenance",
               "Pemeliharaan server aplikasi", 60)
AGUS = Visitor("6171012303850004", "agus setiawan", "PT Telkom Indonesia (Persero) Tbk",
               "085245118902", "bidang aplikasi informatika", "installation",
               "Pemasangan switch jaringan baru", 120)
DEVICES = ((0, "lenovo thinkpad t14", "PF3K9ZQ1"), (2, "cisco catalyst 2960", "FOC1932X0AB"))


def identity_and_details(driver: CountingDriver, visitor: Visitor) -> None:
    """Check in, type the NIK, and fill in the details screen."""
    flow = driver.flow
    driver.tap(flow.welcome.check_in_button)
    driver.on_screen(flow.identity)
    driver.qtbot.waitUntil(lambda: flow.keyboard.target is flow.identity.number.editor)
    driver.type_with_keyboard(visitor.nik)
    driver.next()
    driver.on_screen(flow.details)
    d = flow.details
    driver.focus_and_type(d.full_name.editor, visitor.name)
    driver.type_or_pick(d.organisation.editor, visitor.organisation,
                        d.findChildren(QPushButton, CHIPS))
    driver.focus_and_type(d.phone.editor, visitor.phone)
    driver.focus_and_type(d.pic.editor, visitor.pic)
    driver.tap(d.purpose.button(visitor.purpose))
    driver.focus_and_type(d.purpose_text.editor, visitor.purpose_text)
    choose_duration(driver, visitor.minutes)
    driver.next()


def choose_duration(driver: CountingDriver, minutes: int) -> None:
    """Tap a planned duration only when it is not the one already there (the SOP's hour)."""
    if driver.flow.details.duration.text() != str(minutes):
        driver.tap_named(f"duration-{minutes}")


def first_time(driver: CountingDriver, _nik: str) -> None:
    identity_and_details(driver, SITI)
    driver.devices_none()
    driver.sign_and_submit()


def first_time_two_devices(driver: CountingDriver, _nik: str) -> None:
    identity_and_details(driver, AGUS)
    flow = driver.flow
    driver.on_screen(flow.devices)
    devices = flow.devices
    driver.tap(devices.choice.button("some"))
    for kind, brand, serial in DEVICES:
        driver.tap_named(f"device-kind-{kind}")
        driver.focus_and_type(devices.brand.editor, brand)
        driver.focus_and_type(devices.serial.editor, serial.lower())  # typed in capitals
        assert devices.serial.text() == serial
        driver.tap(devices.add_button)
    driver.next()
    driver.sign_and_submit()


def returning_with_ktp(driver: CountingDriver, nik: str) -> None:
    flow = driver.flow
    driver.tap(flow.welcome.check_in_button)
    driver.on_screen(flow.identity)
    driver.tap(flow.identity.read_ktp)
    driver.show_to_camera(lambda: flow.identity.number.text() == nik)
    driver.next()
    driver.on_screen(flow.details)
    d = flow.details
    assert d.returning_note.isVisible(), "the earlier visit filled the form"
    driver.focus_and_type(d.phone.editor, SITI.phone)
    choose_duration(driver, 60)
    driver.next()
    driver.devices_none()
    driver.sign_and_submit()


def invitation(driver: CountingDriver, _nik: str) -> None:
    flow = driver.flow
    driver.tap(flow.welcome.check_in_button)
    driver.on_screen(flow.identity)
    driver.show_to_camera(lambda: flow.current_screen() is flow.details)
    driver.on_screen(flow.details)
    assert flow.draft.invitation_id is not None, "the invitation filled the form"
    choose_duration(driver, 60)
    driver.next()
    driver.devices_none()
    driver.sign_and_submit()


# -- the kiosks the paths run on ---------------------------------------------------------


def seed_history(ctx: AppContext) -> None:
    """Earlier visits by other people, so the organisation chips have something to offer."""
    rng = np.random.default_rng(5)
    for organisation, visits in HISTORY:
        for _ in range(visits):
            person = fake_person(rng)
            submitted(ctx.db, ctx.settings, id_number=person.nik,
                      full_name=person.name.title(), organisation=organisation)


def with_ktp_camera(ctx: AppContext, folder: Path) -> tuple[AppContext, str]:
    """A returning visitor: an earlier visit on record, their KTP in front of the camera."""
    rng = np.random.default_rng(11)
    person = fake_person(rng)
    submitted(ctx.db, ctx.settings, id_number=person.nik, full_name=person.name.title(),
              organisation="Dinas Komunikasi dan Informatika Kota Pontianak",
              pic="Seksi Infrastruktur Jaringan", purpose_key="server_maintenance")
    path = folder / "ktp.png"
    cv2.imwrite(str(path), ktp_frame(ktp_card(person, rng), rng, light=0.95))
    return dataclasses.replace(ctx, camera=str(path)), person.nik


def with_invitation_camera(ctx: AppContext, folder: Path) -> AppContext:
    """An invited visitor: the host registered them, the QR is held up to the camera."""
    team = make_team(ctx.db)
    record = create_invitation(ctx.db, ctx.settings, team.operator, InvitationInput(
        full_name="Rudi Hartono", id_number="6171011203850002",
        organisation="PT Lintasarta", purpose_key="repair", pic="Seksi Infrastruktur Jaringan",
        valid_on=today(), phone="0813 5274 1180",
        purpose_text="Penggantian modul daya router inti"))
    frame = code_frame(invitation_token(ctx.token_secret, record),
                       Conditions(size=VGA, module_px=5, noise=1, clutter=2),
                       np.random.default_rng(3))
    path = folder / "invitation.png"
    cv2.imwrite(str(path), frame)
    return dataclasses.replace(ctx, camera=str(path))


@contextmanager
def kiosk(folder: Path) -> Iterator[AppContext]:
    settings = Settings(data_dir=folder / "data", camera="none")
    ctx = build_context(settings)
    seed_history(ctx)
    try:
        yield ctx
    finally:
        wait_for_ops()
        ctx.db.dispose()


@dataclass(frozen=True)
class Route:
    name: str
    target: float
    #: Drives one visitor; given the NIK on the card the camera shows (or "").
    walk: Callable[[CountingDriver, str], None]
    camera: str = "none"  # "ktp" or "invitation": what the camera shows


ROUTES = (Route("first-time walk-in, no devices", 45, first_time),
          Route("first-time walk-in, two devices", 75, first_time_two_devices),
          Route("returning visitor, KTP read by camera", 20, returning_with_ktp, "ktp"),
          Route("invitation QR", 10, invitation, "invitation"))


def walk(route: Route) -> Counts:
    """One visitor along ``route`` on a kiosk of its own; the counts when "submitted" shows."""
    make_application([])
    set_language("id")
    with tempfile.TemporaryDirectory(prefix="pintu-walk-") as tmp, kiosk(Path(tmp)) as ctx:
        nik = ""
        if route.camera == "ktp":
            ctx, nik = with_ktp_camera(ctx, Path(tmp))
        elif route.camera == "invitation":
            ctx = with_invitation_camera(ctx, Path(tmp))
        flow = show_flow(ctx, PlainBot())
        driver = CountingDriver(flow)
        try:
            route.walk(driver, nik)
            assert flow.waiting.summary is not None, "the visit was submitted"
        finally:
            flow.shutdown()
            flow.close()
            flow.deleteLater()
        return driver.counts


def main() -> None:
    print(MODEL)
    print()
    print(f"{'path':40} {'screens':>7} {'taps':>5} {'keys':>5} {'shown':>5} "
          f"{'R s':>5} {'motor s':>8} {'model s':>8} {'target':>7}")
    for route in ROUTES:
        counts = walk(route)
        seconds = counts.seconds()
        verdict = "PASS" if seconds <= route.target else "MISS"
        print(f"{route.name:40} {counts.screens:7d} {counts.taps:5d} {counts.keys:5d} "
              f"{counts.shows:5d} {counts.waited:5.1f} {counts.motor_seconds():8.1f} "
              f"{seconds:8.1f} {route.target:5.0f} s {verdict}", flush=True)


if __name__ == "__main__":
    main()
