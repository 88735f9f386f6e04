"""Keeping the door terminal's screen on while the kiosk runs full screen.

A blank screen at the door looks like a broken kiosk, and the visitor's touch that wakes
it is lost. The systemd unit switches X11 blanking off, but desktop sessions (GNOME, KDE,
Xfce) run their own idle timers; they all honour the freedesktop idle-inhibition call
``org.freedesktop.ScreenSaver.Inhibit`` on the session bus. Without a session bus or that
service (a bare X server, a Windows PC) the kiosk logs it and carries on: the session's
own power settings then decide, as ``deploy/README.md`` explains.

The inhibition is held on a private bus connection. By the specification it ends when
its connection closes, so releasing it is closing that connection; this also means a
crashed kiosk can never leave the screen inhibited for good.
"""

from __future__ import annotations

import logging

from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"
CONNECTION_NAME = "pintu-keep-awake"
REASON = "Pintu kiosk is running full screen at the door"


class ScreenKeeper:
    """``inhibit()`` keeps the screen on until ``release()`` (or the process ends)."""

    def __init__(self) -> None:
        self.cookie: int | None = None
        self.unique_name: str | None = None

    @property
    def active(self) -> bool:
        return self.cookie is not None

    def inhibit(self, reason: str = REASON) -> bool:
        """Ask the session to keep the screen on; False (logged) when nobody can."""
        if self.active:
            return True
        bus = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, CONNECTION_NAME)
        if not bus.isConnected():
            log.info("no session bus (%s); the session's power settings decide blanking",
                     bus.lastError().message())
            QDBusConnection.disconnectFromBus(CONNECTION_NAME)
            return False
        reply = QDBusInterface(SERVICE, PATH, INTERFACE, bus).call("Inhibit", "Pintu", reason)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            log.info("the session does not offer %s (%s); the session's power settings "
                     "decide blanking", SERVICE, reply.errorMessage())
            QDBusConnection.disconnectFromBus(CONNECTION_NAME)
            return False
        self.cookie = int(reply.arguments()[0])
        self.unique_name = bus.baseService()
        log.info("screen blanking inhibited while the kiosk runs (cookie %s)", self.cookie)
        return True

    def release(self) -> None:
        """End the inhibition by closing its connection; harmless when none is held."""
        if not self.active:
            return
        QDBusConnection.disconnectFromBus(CONNECTION_NAME)
        log.info("screen blanking allowed again (cookie %s)", self.cookie)
        self.cookie = None
