"""The desk's live picture: polled every 1.5 s and refreshed at once on a local event.

Polling is what lets terminals sharing a PostgreSQL server see each other's visits; the
event path (``kiosk.services.events``) makes this terminal's own changes appear without waiting.
A poll never overlaps the previous one: a slow database delays the next, it does not
pile up queries.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.services import review
from kiosk.services.events import VisitEvent, subscribe, unsubscribe
from kiosk.services.store import Store
from kiosk.ui.ops import run_op

log = logging.getLogger(__name__)

POLL_MS = 1500


class LiveFeed(QObject):
    updated = Signal(object)  # review.Snapshot
    failed = Signal(object)  # the exception of a failed poll
    visit_event = Signal(object)  # a VisitEvent, delivered on the UI thread

    def __init__(self, db: Store, parent: QObject | None = None,
                 interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._db = db
        self._busy = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self.visit_event.connect(lambda _event: self.refresh())

    def start(self) -> None:
        subscribe(self._heard)
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        unsubscribe(self._heard)
        self._timer.stop()

    def _heard(self, event: VisitEvent) -> None:
        # Called on whatever thread committed the change; the signal hops to the UI thread.
        self.visit_event.emit(event)

    def refresh(self) -> None:
        if self._busy:
            self._again = True
            return
        self._busy = True
        run_op(self, lambda: review.snapshot(self._db), self._done, self._fail)

    def _done(self, snapshot: review.Snapshot) -> None:
        self._finish()
        self.updated.emit(snapshot)

    def _fail(self, exc: Exception) -> None:
        self._finish()
        self.failed.emit(exc)

    def _finish(self) -> None:
        self._busy = False
        if self._again and self._timer.isActive():
            self._again = False
            QTimer.singleShot(0, self.refresh)
