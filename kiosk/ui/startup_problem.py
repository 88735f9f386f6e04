"""The screen the kiosk shows when it cannot start: what is wrong and what to do.

After a power cut the first person in front of the terminal may be a visitor, and the
next one an operator with no shell open; neither is helped by a traceback or a generic
dialog. The screen names the cause in plain words (the file and why), tells visitors to
ask at the desk, and gives staff the steps: for a damaged database, the exact restore
command and the folder the backups are in. A database that is merely out of reach (the
server is still booting) is tried again by itself every ``AUTO_RETRY_MS``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.config import Settings
from kiosk.errors import (
    DatabaseDamaged,
    DatabaseFileError,
    DatabaseUnavailable,
    FileAccessError,
    KnownError,
)
from kiosk.i18n import tr
from kiosk.services import backup
from kiosk.ui import theme
from kiosk.ui.language import language
from kiosk.ui.widgets.header import Header
from kiosk.ui.widgets.plain import PlainLabel

AUTO_RETRY_MS = 30_000


def _steps(error: KnownError, settings: Settings) -> tuple[list[str], str]:
    """What staff should do for each kind of start-up failure, and the command to type
    (empty when there is none)."""
    if isinstance(error, DatabaseDamaged):
        folder = settings.backup_folder
        found = backup.list_copies(folder)
        if not found:
            return [tr("No backup copies were found in {folder}. Tell the supervisor; do "
                       "not delete anything.", folder=str(folder))], ""
        return [
            tr("Stop the kiosk (Close below, or systemctl --user stop pintu)."),
            tr("Restore the newest backup copy from {folder} with this command:",
               folder=str(folder)),
            tr("The damaged file is kept, renamed, for the supervisor. Then start the kiosk "
               "again."),
        ], f"pintu restore {found[-1]}"
    if isinstance(error, DatabaseFileError | FileAccessError):
        return [tr("Give the kiosk's user account write access to the file and its folder, "
                   "or free space on the disk, then press Try again.")], ""
    if _out_of_reach(error):
        return [tr("Check the network cable and that the database server is running. The "
                   "kiosk tries again by itself every 30 seconds.")], ""
    return [tr("Tell the technician what the message above says; once it is fixed, press "
               "Try again.")], ""


def _out_of_reach(error: KnownError) -> bool:
    """A database server that is away (still booting after a power cut, say) comes back
    by itself; a file that is damaged or read-only does not."""
    return isinstance(error, DatabaseUnavailable) and not isinstance(error, DatabaseFileError)


def _cause(error: KnownError) -> str:
    """The cause alone: the restore advice the command line adds is in the steps here."""
    if isinstance(error, DatabaseDamaged) and {"path", "reason"} <= set(error.params):
        return tr("The database {path} cannot be used: {reason}. Nothing was changed.",
                  path=error.params["path"], reason=tr(str(error.params["reason"])))
    return error.text()


class StartupProblem(QWidget):
    """Shown in place of the kiosk until the problem is fixed and start-up succeeds."""

    retry_requested = Signal()
    close_requested = Signal()

    def __init__(self, error: KnownError, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startup-problem")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"QWidget#startup-problem {{ background: {theme.BACKGROUND}; }}")
        self._error = error
        self._settings = settings
        header = Header(settings.site_name)
        header.staff_button.setVisible(False)
        self.title = PlainLabel()
        self.title.setProperty("role", "heading")
        self.visitors = PlainLabel()
        self.visitors.setProperty("role", "lead")
        self.visitors.setWordWrap(True)
        card = QFrame()
        card.setProperty("role", "card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(24, 20, 24, 20)
        card_layout.setSpacing(12)
        self.cause = PlainLabel()
        self.cause.setObjectName("startup-cause")
        self.cause.setProperty("role", "error")
        self.cause.setWordWrap(True)
        self.cause.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.todo_title = PlainLabel()
        self.todo_title.setProperty("role", "section")
        self.todo = PlainLabel()
        self.todo.setObjectName("startup-steps")
        self.todo.setProperty("role", "label")
        self.todo.setWordWrap(True)
        self.command = PlainLabel()
        self.command.setObjectName("startup-command")
        self.command.setStyleSheet("font-family: monospace; font-size: 18pt; padding: 8px; "
                                   "background: #EEF2F7; border-radius: 6px;")
        self.command.setWordWrap(True)
        self.command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.after = PlainLabel()
        self.after.setProperty("role", "label")
        self.after.setWordWrap(True)
        for widget in (self.cause, self.todo_title, self.todo, self.command, self.after):
            card_layout.addWidget(widget)
        self.retry = QPushButton()
        self.retry.setObjectName("startup-retry")
        self.retry.setProperty("role", "primary")
        self.retry.clicked.connect(self.retry_requested)
        self.close_button = QPushButton()
        self.close_button.setObjectName("startup-close")
        self.close_button.setProperty("role", "secondary")
        self.close_button.clicked.connect(self.close_requested)
        footer = QHBoxLayout()
        footer.addWidget(self.close_button)
        footer.addStretch(1)
        footer.addWidget(self.retry)
        body = QVBoxLayout()
        body.setContentsMargins(48, 24, 48, 24)
        body.setSpacing(16)
        body.addWidget(self.title)
        body.addWidget(self.visitors)
        body.addWidget(card)
        body.addStretch(1)
        body.addLayout(footer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addLayout(body, 1)
        self.auto_retry = QTimer(self)
        self.auto_retry.setInterval(AUTO_RETRY_MS)
        self.auto_retry.timeout.connect(self.retry_requested)
        if _out_of_reach(error):
            self.auto_retry.start()
        language().changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self, _language: str = "") -> None:
        self.setWindowTitle(tr("Pintu cannot start"))
        self.title.setText(tr("Pintu cannot start"))
        self.visitors.setText(tr("Visitors: please ask the staff at the desk."))
        self.cause.setText(_cause(self._error))
        self.todo_title.setText(tr("What to do"))
        steps, command = _steps(self._error, self._settings)
        numbered = [f"{n}. {step}" for n, step in enumerate(steps, 1)] if len(steps) > 1 \
            else steps
        # The command belongs after the step that announces it (the second, when there).
        split = 2 if command and len(numbered) > 2 else len(numbered)
        self.todo.setText("\n".join(numbered[:split]))
        self.command.setText(command)
        self.command.setVisible(bool(command))
        self.after.setText("\n".join(numbered[split:]))
        self.after.setVisible(split < len(numbered))
        self.retry.setText(tr("Try again"))
        self.close_button.setText(tr("Close"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.auto_retry.stop()
        self.close_requested.emit()
        super().closeEvent(event)

