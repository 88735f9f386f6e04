"""After submitting: the visit number, big, and what happens next.

The visitor walks to the desk; nothing else is asked of them here. While the screen is up
it follows the operator's decision, so a refused visitor reads the reason here instead of
waiting for nothing. The screen returns to the welcome screen by itself (the idle timeout)
or with "Done".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.records import VisitSummary
from kiosk.domain.types import VisitState
from kiosk.i18n import N_, tr
from kiosk.services.queries import VisitStatus, visit_status
from kiosk.ui.context import AppContext
from kiosk.ui.ops import run_op
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.widgets.plain import PlainLabel
from kiosk.ui.widgets.restyle import set_style_property

#: How often the waiting screen asks for the decision.
POLL_MS = 2000

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
        self._number_label = PlainLabel()
        self._number_label.setProperty("role", "label")
        self._number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = PlainLabel()
        self.number.setObjectName("visit-number")
        self.number.setProperty("role", "big-number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(self._number_label)
        inner.addWidget(self.number)
        self.body.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        self.status = PlainLabel()
        self.status.setObjectName("visit-status")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.status)
        self._decision: VisitStatus | None = None
        self._asking = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._ask)
        self._next_title = PlainLabel()
        self._next_title.setProperty("role", "section")
        self.body.addWidget(self._next_title)
        self._steps: list[QLabel] = []
        for _step in STEPS:
            label = PlainLabel()
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
        self._decision = None
        self._show_decision()
        self._poll.start()

    def clear(self) -> None:
        self._poll.stop()
        self.summary = None
        self._decision = None
        self.number.clear()
        self.status.clear()

    def _ask(self) -> None:
        if self.summary is None or self._asking:
            return
        self._asking = True
        visit_id = self.summary.id
        run_op(self, lambda: visit_status(self._ctx.db, visit_id), self._answered,
               self._not_answered)

    def _answered(self, status: VisitStatus) -> None:
        self._asking = False
        if self.summary is None:
            return
        self._decision = status
        if status.state is not VisitState.SUBMITTED:
            self._poll.stop()
        self._show_decision()

    def _not_answered(self, _exc: Exception) -> None:
        self._asking = False  # the next tick asks again; the visitor sees no fault here

    def _show_decision(self) -> None:
        state = self._decision.state if self._decision else VisitState.SUBMITTED
        if state is VisitState.SUBMITTED:
            role, text = "muted", tr("Waiting for the operator's decision…")
        elif state in (VisitState.APPROVED, VisitState.INSIDE):
            role, text = "success", tr("✓ Approved. The operator will hand you your visitor "
                                       "badge.")
        elif state is VisitState.REFUSED and self._decision and self._decision.refusal_reason:
            role, text = "error", tr("Your visit was not approved: {reason}. Please speak to "
                                     "the operator.", reason=self._decision.refusal_reason)
        else:
            role, text = "error", tr("Your visit was closed by the operator. Please speak "
                                     "to the operator.")
        set_style_property(self.status, "role", role)
        self.status.setText(text)

    def retranslate(self) -> None:
        super().retranslate()
        self._number_label.setText(tr("Your visit number"))
        self._next_title.setText(tr("What happens next"))
        for index, (label, step) in enumerate(zip(self._steps, STEPS, strict=True)):
            label.setText(f"{index + 1}.  {tr(step)}")
        self.done_button.setText(tr("Done"))
        self._show_decision()
