"""After submitting: the visit number, big, and what happens next.

The visitor walks to the desk; nothing else is asked of them here. The screen returns to
the welcome screen by itself (the idle timeout) or with "Done".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import N_, tr
from kiosk.services.records import VisitSummary
from kiosk.ui.context import AppContext
from kiosk.ui.visitor.screen import VisitorScreen

STEPS = (
    N_("Go to the operator's desk and show the ID you entered."),
    N_("The operator checks your form and your ID."),
    N_("You leave your ID card at the desk and receive a visitor badge."),
    N_("A staff escort takes you into the server room."),
)


class WaitingScreen(VisitorScreen):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "waiting", N_("Thank you, your form has been sent"),
                         primary=None, scroll=False, parent=parent)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame()
        card.setProperty("role", "card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 16, 32, 16)
        self._number_label = QLabel()
        self._number_label.setProperty("role", "label")
        self._number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = QLabel()
        self.number.setObjectName("visit-number")
        self.number.setProperty("role", "big-number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(self._number_label)
        inner.addWidget(self.number)
        self.body.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        self._next_title = QLabel()
        self._next_title.setProperty("role", "section")
        self.body.addWidget(self._next_title)
        self._steps: list[QLabel] = []
        for _step in STEPS:
            label = QLabel()
            label.setWordWrap(True)
            self.body.addWidget(label)
            self._steps.append(label)
        self.body.addStretch(1)
        self.done_button = QPushButton()
        self.done_button.setObjectName("waiting-done")
        self.done_button.setProperty("role", "primary")
        self.done_button.setMinimumWidth(320)
        self.done_button.clicked.connect(self.finished)
        self.body.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)
        self.summary: VisitSummary | None = None

    def show_visit(self, summary: VisitSummary) -> None:
        self.summary = summary
        self.number.setText(summary.number)

    def clear(self) -> None:
        self.summary = None
        self.number.clear()

    def retranslate(self) -> None:
        super().retranslate()
        self._number_label.setText(tr("Your visit number"))
        self._next_title.setText(tr("What happens next"))
        for index, (label, step) in enumerate(zip(self._steps, STEPS, strict=True)):
            label.setText(f"{index + 1}.  {tr(step)}")
        self.done_button.setText(tr("Done"))
