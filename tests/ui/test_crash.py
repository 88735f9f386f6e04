"""An error nobody caught is logged with its traceback and the screen shows a calm note,
whether it happened on the UI thread or in a worker thread; the kiosk goes on."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from kiosk.ui import crash


@pytest.fixture
def handler() -> Iterator[None]:
    hooks = sys.excepthook, threading.excepthook
    crash.install_crash_handler()
    yield
    sys.excepthook, threading.excepthook = hooks
    for box in QApplication.topLevelWidgets():
        if box.objectName() == "crash-notice":
            box.close()


def _notices() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "crash-notice" and w.isVisible()]


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_error_is_logged_and_noted_once(qtbot: QtBot, handler: None,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.CRITICAL, logger="kiosk.ui.crash")
    for _ in range(3):
        try:
            raise ValueError("a bug in a slot")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]

    def worker() -> None:
        raise RuntimeError("a bug in a thread")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()

    qtbot.waitUntil(lambda: len(_notices()) == 1)
    qtbot.wait(100)
    [box] = _notices()  # one note, however many errors
    assert "dicatat di log" in box.text()
    assert [b.text() for b in box.buttons()] == ["Tutup"]
    logged = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert len(logged) == 4
    assert logged[0].exc_info and "a bug in a slot" in str(logged[0].exc_info[1])
    assert logged[-1].exc_info and "a bug in a thread" in str(logged[-1].exc_info[1])
