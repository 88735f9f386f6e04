"""Changing the escort while the visitor is inside (SOP step 5); the change is audited."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.records import StaffRecord, VisitSummary
from kiosk.i18n import tr
from kiosk.services import staff, visits
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.operator.common import error_label, show_error
from kiosk.ui.ops import run_op
from kiosk.ui.widgets.plain import PlainLabel


class EscortDialog(QDialog):
    def __init__(self, ctx: AppContext, actor: Actor, visit: VisitSummary,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._actor, self._visit = ctx, actor, visit
        self.result_summary: VisitSummary | None = None
        self.setWindowTitle(tr("Change escort"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        heading = PlainLabel(tr("Who accompanies {name} now?", name=visit.full_name))
        heading.setProperty("role", "heading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.escort = QComboBox()
        self.escort.setObjectName("escort")
        layout.addWidget(self.escort)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        back = QPushButton(tr("Back"))
        back.clicked.connect(self.reject)
        self.confirm = QPushButton(tr("Change escort"))
        self.confirm.setObjectName("confirm")
        self.confirm.setProperty("role", "primary")
        self.confirm.setEnabled(False)
        self.confirm.clicked.connect(self._change)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        layout.addLayout(buttons)
        run_op(self, lambda: staff.escorts_on_duty(ctx.db), self._loaded,
               lambda exc: show_error(self.error, exc))

    def _loaded(self, people: list[StaffRecord]) -> None:
        for person in people:
            if person.full_name != self._visit.escort_name:
                self.escort.addItem(person.full_name, person.id)
        self.confirm.setEnabled(self.escort.count() > 0)

    def _change(self) -> None:
        ctx, actor, visit = self._ctx, self._actor, self._visit
        escort_id = int(self.escort.currentData())
        self.confirm.setEnabled(False)
        run_op(self, lambda: visits.change_escort(ctx.db, actor, visit.id, visit.version,
                                                  escort_id, settings=ctx.settings),
               self._done, self._failed)

    def _done(self, summary: VisitSummary) -> None:
        self.result_summary = summary
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.confirm.setEnabled(True)
        show_error(self.error, exc)
