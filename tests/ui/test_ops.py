"""The work queues: results come back on the UI thread, database work runs one job at a
time in order, and rendering never waits behind it."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.errors import DomainError
from kiosk.ui.ops import run_background, run_op, run_render, wait_for_ops


def test_results_and_failures_arrive_on_the_ui_thread(qtbot: QtBot) -> None:
    owner = QObject()
    seen: list[tuple[str, object, bool]] = []
    ui = QThread.currentThread()

    def record(kind: str) -> object:
        return lambda value: seen.append((kind, value, QThread.currentThread() is ui))

    run_op(owner, lambda: threading.current_thread() is threading.main_thread(),
           record("ok"), record("failed"))
    run_op(owner, lambda: (_ for _ in ()).throw(DomainError("refused")), record("ok"),
           record("failed"))
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[0] == ("ok", False, True)  # the work ran off the UI thread
    kind, error, on_ui = seen[1]
    assert kind == "failed" and isinstance(error, DomainError) and on_ui


def test_database_work_is_serial_and_in_order(qtbot: QtBot) -> None:
    owner = QObject()
    running, most, order = [0], [0], []
    lock = threading.Lock()

    def job(n: int) -> int:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        return n

    for n in range(6):
        run_op(owner, lambda n=n: job(n), order.append, lambda exc: None)
    qtbot.waitUntil(lambda: len(order) == 6, timeout=5000)
    assert order == list(range(6)) and most[0] == 1


def test_rendering_and_upkeep_do_not_wait_behind_the_database(qtbot: QtBot) -> None:
    owner = QObject()
    release = threading.Event()
    done: list[str] = []
    run_op(owner, lambda: release.wait(10), lambda _r: done.append("database"),
           lambda exc: None)
    run_render(owner, lambda: "page", lambda _r: done.append("render"), lambda exc: None)
    run_background(owner, lambda: "check", lambda _r: done.append("upkeep"), lambda exc: None)
    qtbot.waitUntil(lambda: {"render", "upkeep"} <= set(done), timeout=5000)
    assert "database" not in done
    release.set()
    qtbot.waitUntil(lambda: "database" in done, timeout=5000)


def test_a_closed_screen_is_not_called_back(qtbot: QtBot) -> None:
    screen = QWidget()
    called: list[object] = []
    release = threading.Event()
    run_op(screen, lambda: release.wait(10), called.append, called.append)
    screen.deleteLater()
    qtbot.wait(50)
    release.set()
    assert wait_for_ops()
    qtbot.wait(50)
    assert called == []
