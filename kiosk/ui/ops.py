"""Running work off the UI thread and getting its result back by signal.

Four queues, so one kind of work never waits behind another (as Anki runs collection work
on one serial worker):

* ``run_op``: what a person at the door or the desk just asked for (submit, approve, check
  out, a refresh of the queue). One thread, in order: two taps on the same visit reach the
  database one after the other, and nothing slow shares the line.
* ``run_render``: drawing and printing PDFs (reports, badges, the archived form). Two
  threads; a slow printer or a 40-page report never delays an approval.
* ``run_background``: the kiosk's own upkeep (audit-chain check, purge, backup), which can
  take minutes on years of data. One thread of its own.
* ``run_notify``: sending the messages of the outbox. One thread of its own, because a mail
  server that is away makes each try wait for its time-out, and that must delay neither
  the door nor the upkeep.

Each calls ``on_success`` or ``on_failure`` on the thread of ``parent`` (the UI thread), in
the manner of Anki's ``QueryOp``. A failure is logged with its traceback unless it is a
``PintuError`` (a rule or the environment), which the screen shows calmly. The database
itself serialises writers, so work on the other queues may still read and write it.
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


DATABASE, RENDER, BACKGROUND, NOTIFY = "database", "render", "background", "notify"
THREADS = {DATABASE: 1, RENDER: 2, BACKGROUND: 1, NOTIFY: 1}

_POOLS: dict[str, QThreadPool] = {}
_pending: set[_Relay] = set()


def pool(name: str) -> QThreadPool:
    """The named queue, made on first use."""
    if name not in _POOLS:
        queue = QThreadPool()
        queue.setObjectName(name)
        queue.setMaxThreadCount(THREADS[name])
        queue.setExpiryTimeout(60_000)  # idle threads end; the kiosk is idle at night
        _POOLS[name] = queue
    return _POOLS[name]


def _start(queue: str, parent: QObject, work: Callable[[], T],
           on_success: Callable[[T], Any], on_failure: Callable[[Exception], Any]) -> None:
    """The relay lives as long as the job: a screen that closes before the result arrives
    simply drops it (the callbacks are not called on a deleted widget)."""
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
    pool(queue).start(_Job(work, relay))


def run_op(parent: QObject, work: Callable[[], T], on_success: Callable[[T], Any],
           on_failure: Callable[[Exception], Any]) -> None:
    """A person's action on the database: one at a time, in the order asked."""
    _start(DATABASE, parent, work, on_success, on_failure)


def run_render(parent: QObject, work: Callable[[], T], on_success: Callable[[T], Any],
               on_failure: Callable[[Exception], Any]) -> None:
    """Drawing or printing a document, beside the database queue."""
    _start(RENDER, parent, work, on_success, on_failure)


def run_background(parent: QObject, work: Callable[[], T], on_success: Callable[[T], Any],
                   on_failure: Callable[[Exception], Any]) -> None:
    """The kiosk's own long upkeep, which nobody at the door waits for."""
    _start(BACKGROUND, parent, work, on_success, on_failure)


def run_notify(parent: QObject, work: Callable[[], T], on_success: Callable[[T], Any],
               on_failure: Callable[[Exception], Any]) -> None:
    """Sending queued messages over the network, which may wait for a server's time-out."""
    _start(NOTIFY, parent, work, on_success, on_failure)


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True


def wait_for_ops(timeout_ms: int = 10_000) -> bool:
    """Block until every queue is empty (for shutdown and tests)."""
    return all(queue.waitForDone(timeout_ms) for queue in list(_POOLS.values()))
