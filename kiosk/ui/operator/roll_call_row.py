"""One person on the roll-call screen: photo, name, organisation, badge and escort, and
one big "Accounted for" button.

Read in a hurry, possibly on a laptop carried to the assembly point: the name is large,
the button is 64 px high and the width of a thumb's sweep, and a row that is done turns
green and says when and by whom. A mark made by mistake is taken back with the smaller
"Undo" beside it, never by the same big button, so a second tap cannot undo a mark.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.records import RollCallLine
from kiosk.formats import seconds_text
from kiosk.i18n import tr
from kiosk.ui.widgets.plain import PlainLabel
from kiosk.ui.widgets.restyle import set_style_property

PHOTO = 88


class RollCallRow(QFrame):
    mark_requested = Signal(int)  # visit id
    undo_requested = Signal(int)  # visit id

    def __init__(self, line: RollCallLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"roll-row-{line.visit_id}")
        self.setProperty("role", "roll-row")
        self.line = line
        self.photo = PlainLabel()
        self.photo.setObjectName("roll-photo")
        self.photo.setFixedSize(PHOTO, PHOTO)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setWordWrap(True)
        self.photo.setProperty("role", "roll-photo")
        self._has_photo = False
        self.name = PlainLabel()
        self.name.setObjectName("roll-name")
        self.name.setProperty("role", "roll-name")
        self.name.setWordWrap(True)
        self.details = PlainLabel()
        self.details.setObjectName("roll-details")
        self.details.setWordWrap(True)
        self.state = PlainLabel()
        self.state.setObjectName("roll-state")
        self.state.setWordWrap(True)
        self.account = QPushButton()
        self.account.setObjectName("account")
        self.account.setProperty("role", "account")
        self.account.clicked.connect(lambda: self.mark_requested.emit(self.line.visit_id))
        self.undo = QPushButton()
        self.undo.setObjectName("undo-mark")
        self.undo.clicked.connect(lambda: self.undo_requested.emit(self.line.visit_id))
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.name)
        text.addWidget(self.details)
        text.addWidget(self.state)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 12, 8)
        layout.setSpacing(14)
        layout.addWidget(self.photo)
        layout.addLayout(text, 1)
        layout.addWidget(self.undo)
        layout.addWidget(self.account)
        self.show_line(line, open_call=True)

    def show_line(self, line: RollCallLine, open_call: bool) -> None:
        """The person as the latest read of the roll call has them."""
        self.line = line
        self.name.setText(line.full_name)
        badge = str(line.badge_number) if line.badge_number is not None else "-"
        self.details.setText(tr("{organisation} · Badge {badge} · Escort: {escort}",
                                organisation=line.organisation, badge=badge,
                                escort=line.escort_name or "-"))
        if line.accounted:
            by = line.accounted_by or "-"
            if line.accounted_terminal:
                by = f"{by} · {line.accounted_terminal}"
            self.state.setText(tr("Accounted for at {time} by {name}",
                                  time=seconds_text(line.accounted_at), name=by))
        else:
            self.state.setText(tr("Not accounted for yet"))
        set_style_property(self.state, "role", "ok" if line.accounted else "warn")
        set_style_property(self, "state", "accounted" if line.accounted else "missing")
        self.account.setVisible(open_call and not line.accounted)
        self.undo.setVisible(open_call and line.accounted)
        self.set_busy(False)
        self.retranslate()

    def set_busy(self, busy: bool) -> None:
        """While this row's mark is being recorded: no second tap on it."""
        self.account.setEnabled(not busy)
        self.undo.setEnabled(not busy)

    def set_photo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.photo.setPixmap(pixmap.scaled(
                PHOTO, PHOTO, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
            self._has_photo = True

    def retranslate(self) -> None:
        self.account.setText(tr("Accounted for"))
        self.undo.setText(tr("Undo"))
        if not self._has_photo:
            self.photo.setText(tr("No photo"))
