"""Memory over a long day: thousands of visits in one process, with both windows open and
the camera running.

The real visitor window (``VisitorFlow``) and the real operator console
(``OperatorConsole``, signed in, its live feed polling every 1.5 s) stay open the whole
run; the camera is OpenCV's ``VideoCapture`` on an MJPEG video of empty camera frames
(``tests.support.synthetic``), which the visitor screens start and stop as a kiosk does
(identity and devices screens), decoding every frame they get and playing the file again
when it ends.

Each visit is submitted at the kiosk through the visitor screens' widgets: the check-in
tap, the fields filled (``set_text``, not key by key: the keyboard is the walkthrough
benchmark's subject), the purpose, duration and device choices tapped, every other visitor
adding a device, a signature drawn on the pad, the consent box and "Submit" tapped, and
"Done" on the waiting screen. The operator's side goes through the service calls the
console's dialogs make (``visits.approve``, ``visits.mark_entered``,
``exits.finish_visit``, ``archive.archive_visit``, which renders and seals the form), and
the console refreshes after each visit as it does after each of its own actions. Driving
the console's dialogs 2,000 times would take hours on two cores; what they hold is made
and dropped per dialog, while what lives all day, the console and its feed, is here.

RSS is the process's resident set (``VmRSS`` in /proc/self/status). Targets (issue 16
section 7): under 300 MB, and under 10% growth from visit 500 to the end.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.memory [--visits 2000]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

import numpy as np

from kiosk.config import Settings
from kiosk.domain.types import DeviceExit
from kiosk.i18n import set_language
from kiosk.services import badges, checkout, exits, visits
from kiosk.services.archive import archive_visit
from kiosk.services.queries import get_visit
from kiosk.ui.app import build_context, make_application
from kiosk.ui.context import AppContext
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.visitor.photo import PhotoScreen
from tests.support.factories import Team, make_team
from tests.support.synthetic import VGA, Conditions, empty_frame, fake_person, write_video
from tests.support.visitor_driver import Driver, PlainBot, show_flow

TARGET_MB = 300.0
TARGET_GROWTH = 10.0
CHECKPOINT = 500
VIDEO_FRAMES = 150  # ten seconds at 15 fps, played again when it ends


def rss_mb() -> float:
    """The resident set of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def camera_video(folder: Path) -> Path:
    rng = np.random.default_rng(17)
    conditions = Conditions(size=VGA, noise=2, clutter=3)
    return write_video(folder / "camera.avi",
                       [empty_frame(conditions, rng) for _ in range(VIDEO_FRAMES)])


def submit_at_kiosk(driver: Driver, n: int, rng: np.random.Generator) -> int:
    """One visitor through the visitor screens; the new visit's id."""
    flow = driver.flow
    person = fake_person(rng)
    driver.tap(flow.welcome.check_in_button)
    driver.on(flow.identity)
    flow.identity.number.set_text(person.nik)
    driver.next()
    driver.on(flow.details)
    d = flow.details
    d.full_name.set_text(person.name.title())
    d.organisation.set_text("Dinas Komunikasi dan Informatika Kota Pontianak")
    d.phone.set_text(f"0812{n:08d}")
    d.pic.set_text("Seksi Infrastruktur Jaringan")
    driver.tap(d.purpose.button("repair"))
    d.purpose_text.set_text("Penggantian modul daya")
    driver.tap_named("duration-60")
    driver.next()
    driver.on(flow.devices)
    if n % 2:
        driver.tap(flow.devices.choice.button("some"))
        driver.tap_named("device-kind-0")
        flow.devices.brand.set_text("Lenovo ThinkPad T14")
        flow.devices.serial.set_text(f"PF{n:08d}")
        driver.tap(flow.devices.add_button)
    else:
        driver.tap(flow.devices.choice.button("none"))
    driver.next()
    if flow.photo in flow.form_steps:
        driver.pass_photo()
    driver.on(flow.signature)
    driver.sign()
    driver.next()
    driver.on(flow.review)
    driver.tap(flow.review.consent)
    driver.next()
    driver.on(flow.waiting)
    summary = flow.waiting.summary
    assert summary is not None
    driver.tap_named("waiting-done")
    driver.on(flow.welcome)
    return summary.id


def handle_at_desk(ctx: AppContext, team: Team, visit_id: int) -> None:
    """Approve, walk in, check out and archive, as the console's dialogs do."""
    db, settings, operator = ctx.db, ctx.settings, team.operator
    detail = get_visit(db, visit_id)
    visit = visits.approve(db, operator, visit_id, detail.summary.version, visits.Approval(
        escort_id=team.second_operator.staff_id or 0,
        badge_number=badges.available_numbers(db)[0],
        id_card_type=detail.summary.id_type.value, id_card_number=detail.id_number),
        settings=settings)
    visit = visits.mark_entered(db, operator, visit.id, visit.version)
    checks = tuple(checkout.DeviceCheck(device.id, DeviceExit.CARRIED_OUT)
                   for device in detail.devices)
    visit = exits.finish_visit(db, settings, operator, visit.id, visit.version,
                               checkout.CheckOut(checks, True, True))
    archive_visit(db, settings, operator, visit.id)


def run(visits_wanted: int) -> None:
    every = max(1, min(CHECKPOINT, visits_wanted // 4))
    # Every visit takes its photo, but memory is measured here, not time: the 3-second
    # countdown runs at 20 ms a step.
    PhotoScreen.tick_ms = 20
    app = make_application([])
    set_language("id")
    with tempfile.TemporaryDirectory(prefix="pintu-memory-") as tmp:
        folder = Path(tmp)
        video = camera_video(folder)
        # The operator is at the desk all day: the console must not lock itself meanwhile.
        settings = Settings(data_dir=folder / "data", camera=str(video),
                            operator_idle_seconds=24 * 3600)
        ctx = build_context(settings)
        team = make_team(ctx.db)
        bot = PlainBot()
        flow = show_flow(ctx, bot)
        console = OperatorConsole(dataclasses.replace(ctx, camera="none"))
        console.resize(1600, 1000)
        console.show()
        console.start(team.operator)
        driver = Driver(bot, flow)
        rng = np.random.default_rng(23)
        try:
            bot.wait(500)
            print(f"{visits_wanted} visits in one process: visitor window, operator console "
                  f"(live feed every 1.5 s), camera on {video.name} "
                  f"({VIDEO_FRAMES} frames, played again when it ends)")
            print(f"RSS at start                    {rss_mb():7.1f} MB", flush=True)
            started = time.perf_counter()
            marks: list[tuple[int, float]] = []
            for n in range(1, visits_wanted + 1):
                handle_at_desk(ctx, team, submit_at_kiosk(driver, n, rng))
                console.feed.refresh()
                driver.settle()
                if n % every == 0 and n < visits_wanted:
                    marks.append((n, rss_mb()))
                    print(f"RSS after {n:5d} visits          {marks[-1][1]:7.1f} MB "
                          f"({time.perf_counter() - started:6.0f} s)", flush=True)
            app.processEvents()
            end = rss_mb()
            print(f"RSS at the end ({visits_wanted} visits)   {end:7.1f} MB "
                  f"({time.perf_counter() - started:6.0f} s)")
            report(marks, end, visits_wanted)
        finally:
            console.shutdown()
            flow.shutdown()
            wait_for_ops()
            ctx.db.dispose()


def report(marks: list[tuple[int, float]], end: float, visits_wanted: int) -> None:
    if marks:
        first, at_first = marks[0]
        growth = (end - at_first) / at_first * 100
        print(f"growth from visit {first} to the end: {growth:+.1f}% (target < "
              f"{TARGET_GROWTH:.0f}%) {'PASS' if growth < TARGET_GROWTH else 'MISS'}")
    else:
        print(f"growth: no checkpoint before the end in {visits_wanted} visits")
    peak = max([end, *(mb for _n, mb in marks)])
    print(f"largest RSS {peak:.1f} MB (target < {TARGET_MB:.0f} MB) "
          f"{'PASS' if peak < TARGET_MB else 'MISS'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--visits", type=int, default=2000)
    run(parser.parse_args().visits)


if __name__ == "__main__":
    main()
