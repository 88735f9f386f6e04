"""Running a service call off the UI thread and getting its result back by signal.

Database calls (to a remote PostgreSQL especially), PDF rendering and printing can take
longer than a frame; the screen must keep answering touches. ``run_op`` runs ``work`` in
Qt's thread pool and calls ``on_success`` or ``on_failure`` on the UI thread, in the
manner of Anki's ``QueryOp``. A failure is logged with its traceback unless it is a
``PintuError`` (a rule or the environment), which the screen shows calmly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kiosk.errors import PintuError

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable, Generic[T]):
    def __init__(self, work: Callable[[], T], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:
            if not isinstance(exc, PintuError):
                log.exception("background operation failed")
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


_pending: set[_Relay] = set()


def run_op(
    parent: QObject,
    work: Callable[[], T],
    on_success: Callable[[T], Any],
    on_failure: Callable[[Exception], Any],
) -> None:
    """Run ``work`` in the pool; the callbacks run on ``parent``'s thread.

    The relay lives as long as the job: a screen that closes before the result arrives
    simply drops it (the callbacks are not called on a deleted widget).
    """
    relay = _Relay()
    relay.moveToThread(parent.thread())
    _pending.add(relay)

    def done(result: object) -> None:
        _pending.discard(relay)
        if _alive(parent):
            on_success(result)  # type: ignore[arg-type]

    def failed(exc: object) -> None:
        _pending.discard(relay)
        if _alive(parent):
            on_failure(exc)  # type: ignore[arg-type]

    relay.succeeded.connect(done)
    relay.failed.connect(failed)
    QThreadPool.globalInstance().start(_Job(work, relay))


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True


def wait_for_ops(timeout_ms: int = 10_000) -> bool:
    """Block until every running operation has finished (for shutdown and tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
