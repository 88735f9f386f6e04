"""The kiosk keeps the screen on through the session's ScreenSaver service, and lets go.

A private D-Bus daemon and a stand-in ScreenSaver service (a child process, as the real
one is) make the calls real; the release is checked on the bus itself: the kiosk's
connection is gone, which is what ends an inhibition by the freedesktop specification.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

FAKE_SERVICE = textwrap.dedent('''
    import sys
    from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
    from PySide6.QtDBus import QDBusConnection

    @ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
    class ScreenSaver(QObject):
        @Slot(str, str, result="uint")
        def Inhibit(self, application, reason):
            print("Inhibit", application, reason, flush=True)
            return 7

    app = QCoreApplication([])
    bus = QDBusConnection.sessionBus()
    saver = ScreenSaver()
    bus.registerObject("/org/freedesktop/ScreenSaver", saver,
                       QDBusConnection.RegisterOption.ExportAllSlots)
    assert bus.registerService("org.freedesktop.ScreenSaver")
    print("ready", flush=True)
    app.exec()
''')

#: The kiosk's side, in its own process: libdbus reads the session bus address once per
#: process, so each scenario gets a fresh one.
KIOSK_SIDE = textwrap.dedent('''
    import logging, sys
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtDBus import QDBusConnection
    from kiosk.ui.keep_awake import ScreenKeeper

    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="log: %(message)s")
    app = QCoreApplication([])
    keeper = ScreenKeeper()
    print("inhibit", keeper.inhibit("kiosk test"), keeper.cookie, flush=True)
    name = keeper.unique_name
    observer = QDBusConnection.sessionBus()
    def connected():
        return bool(observer.interface().isServiceRegistered(name).value())
    if name:
        print("connected while held", connected())
    keeper.release()
    keeper.release()
    print("active after release", keeper.active)
    if name:
        print("connected after release", connected())
''')

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None,
                                reason="dbus-daemon is not installed")


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[str]:
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1",
         f"--address=unix:path={tmp_path / 'bus'}"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert daemon.stdout is not None
    try:
        yield daemon.stdout.readline().strip()
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)


def child_env(address: str) -> dict[str, str]:
    return {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address, "QT_QPA_PLATFORM": "offscreen"}


@pytest.fixture
def screensaver(session_bus: str) -> Iterator[subprocess.Popen[str]]:
    service = subprocess.Popen([sys.executable, "-c", FAKE_SERVICE], stdout=subprocess.PIPE,
                               text=True, env=child_env(session_bus))
    assert service.stdout is not None
    assert service.stdout.readline().strip() == "ready"
    try:
        yield service
    finally:
        service.terminate()
        service.wait(timeout=10)


def kiosk_side(address: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", KIOSK_SIDE], env=child_env(address),
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.splitlines()


def test_inhibits_then_releases(session_bus: str,
                                screensaver: subprocess.Popen[str]) -> None:
    lines = kiosk_side(session_bus)
    assert "inhibit True 7" in lines
    assert "connected while held True" in lines
    assert "active after release False" in lines
    # The inhibition ends with the connection that holds it (freedesktop specification).
    assert "connected after release False" in lines
    assert screensaver.stdout is not None
    assert screensaver.stdout.readline().strip() == "Inhibit Pintu kiosk test"


def test_session_without_screensaver_carries_on(session_bus: str) -> None:
    lines = kiosk_side(session_bus)
    assert "inhibit False None" in lines
    assert any("does not offer org.freedesktop.ScreenSaver" in line for line in lines)
    assert "active after release False" in lines


def test_no_session_bus_carries_on(tmp_path: Path) -> None:
    lines = kiosk_side(f"unix:path={tmp_path / 'nothing'}")
    assert "inhibit False None" in lines
    assert any(line.startswith("log: no session bus") for line in lines)
