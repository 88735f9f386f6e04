"""What happens to an error nobody caught: it goes to the log with its traceback, and the
person at the screen gets a calm note instead of a frozen or vanished kiosk.

PySide6 hands an exception raised in a slot to ``sys.excepthook`` and carries on, so the
kiosk stays usable; a worker thread's goes to ``threading.excepthook``. Both land here.
The note is shown on the UI thread, one at a time: a bug that fires on every frame must
not bury the screen in dialogs.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kiosk.i18n import N_, tr
from kiosk.ui.widgets.plain import message_box

log = logging.getLogger(__name__)

NOTE = N_("Something went wrong. It has been written to the log and the kiosk goes on; if "
          "it happens again, tell the administrator.")


class _Notice(QObject):
    """Carries the note to the UI thread, whichever thread failed."""

    show = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._box: QMessageBox | None = None
        self.show.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def _show(self) -> None:
        if self._box is not None and self._box.isVisible():
            return
        parent = QApplication.activeWindow()
        box = message_box(QMessageBox.Icon.Warning, tr("Pintu"), tr(NOTE),
                          QMessageBox.StandardButton.NoButton,
                          parent if isinstance(parent, QWidget) else None)
        box.setObjectName("crash-notice")
        box.addButton(tr("Close"), QMessageBox.ButtonRole.AcceptRole)
        box.open()
        self._box = box


_notice: _Notice | None = None


def install_crash_handler() -> None:
    """Route uncaught errors of every thread to the log and the note (call once, after
    the QApplication exists, from the UI thread)."""
    global _notice
    _notice = _Notice()
    sys.excepthook = _uncaught
    threading.excepthook = _uncaught_in_thread


def _uncaught(kind: type[BaseException], error: BaseException,
              traceback: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    log.critical("uncaught error", exc_info=(kind, error, traceback))
    if _notice is not None:
        _notice.show.emit()


def _uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    _uncaught(args.exc_type, args.exc_value, args.exc_traceback)
