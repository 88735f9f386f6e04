"""One line on the console about the messages to the people inside.

"Notifications: 3 waiting, last sent 10.42, 1 failed (Connection error …)": enough for an
operator to notice that the mail server is away and tell someone, without a dialog. The
line reads the shared outbox, so on several terminals it shows what every terminal sent.
It stays hidden at a door where nothing is configured and nothing was ever queued.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from kiosk.config import NotifySettings
from kiosk.domain.clock import local, today
from kiosk.domain.records import OutboxState
from kiosk.formats import short_datetime_text, time_text
from kiosk.i18n import tr
from kiosk.services import outbox
from kiosk.services.store import Store
from kiosk.ui.operator.common import set_message
from kiosk.ui.ops import run_op
from kiosk.ui.widgets.plain import PlainLabel

POLL_MS = 15_000


def describe(state: OutboxState) -> tuple[str, str]:
    """The line and its role (muted when all is well, warn when something waits on an
    error, error when a message was given up)."""
    parts = [tr("{count} waiting", count=state.waiting) if state.waiting
             else tr("nothing waiting")]
    if state.last_sent_at is not None:
        sent = state.last_sent_at
        when = time_text(sent) if local(sent).date() == today() else short_datetime_text(sent)
        parts.append(tr("last sent {time}", time=when))
    if state.failed:
        parts.append(tr("{count} failed", count=state.failed))
    text = tr("Notifications: {parts}", parts=", ".join(parts))
    troubled = bool(state.failed or state.waiting) and state.last_error
    if troubled:
        text += f" ({state.last_error})"
    role = "error" if state.failed else "warn" if troubled else "muted"
    return text, role


class NotifyLine(PlainLabel):
    def __init__(self, db: Store, notify: NotifySettings, parent: QWidget | None = None,
                 interval_ms: int = POLL_MS) -> None:
        super().__init__(parent=parent)
        self.setObjectName("notify-status")
        self.setWordWrap(True)
        self.setVisible(False)
        self._db, self._notify = db, notify
        self._state: OutboxState | None = None
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        run_op(self, lambda: outbox.outbox_state(self._db), self._show, self._failed)

    def _show(self, state: OutboxState) -> None:
        self._busy = False
        self._state = state
        self.retranslate()

    def _failed(self, _exc: Exception) -> None:
        # The console's own status line already says the database is away.
        self._busy = False

    def retranslate(self) -> None:
        state = self._state
        if state is None or (state.empty and not self._notify.configured):
            self.setVisible(False)
            return
        text, role = describe(state)
        set_message(self, text, role)
