"""Approving entry (SOP step 4): escort, badge out, ID card in.

The badge can be scanned (its card QR, by camera-less desk scanner) or picked by number;
the ID card number is typed from the card in hand so the service can compare it with
the form, with the visitor's photo beside it to compare with the face at the desk. A
deny-list match by number needs a supervisor's reason; a possible match by name and birth
date needs the operator to tick that they compared the card and the face (the reason it
fired is shown here too). A visit on a contractor pass needs the holder's own card.
The desk records the work order it was given and, when the work order says so, the window
outside which the visitor may not go in (a supervisor may let them in with a reason).
The service enforces all of it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.records import StaffRecord, VisitSummary, masked_id
from kiosk.domain.types import ID_TYPE_LABELS, IdType, Role
from kiosk.domain.windows import AccessWindow
from kiosk.errors import ValidationError
from kiosk.i18n import tr
from kiosk.services import badges, exits, staff, visits
from kiosk.services.actors import Actor
from kiosk.services.review import Review
from kiosk.ui.context import AppContext
from kiosk.ui.operator.common import (
    error_label,
    moment_editor,
    moment_value,
    set_message,
    show_error,
)
from kiosk.ui.operator.scan_field import ScanField
from kiosk.ui.operator.visit_panel import photo_label, possible_match_text
from kiosk.ui.ops import run_op
from kiosk.ui.printing import PrintQueue, auto_print_visit_badge
from kiosk.ui.widgets.plain import PlainLabel

log = logging.getLogger(__name__)


class ApproveDialog(QDialog):
    def __init__(self, ctx: AppContext, actor: Actor, review: Review,
                 print_queue: PrintQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._actor, self._review = ctx, actor, review
        self._print_queue = print_queue
        self.result_summary: VisitSummary | None = None
        summary = review.detail.summary
        self.setWindowTitle(tr("Approve entry"))
        self.setMinimumWidth(760)
        layout = QVBoxLayout(self)
        heading = PlainLabel(tr("Approve entry: {name}", name=summary.full_name))
        heading.setProperty("role", "heading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.escort = QComboBox()
        self.escort.setObjectName("escort")
        form.addRow(PlainLabel(tr("Escort")), self.escort)
        self.badge_scan = ScanField()
        self.badge_scan.setObjectName("badge-scan")
        self.badge_scan.setPlaceholderText(tr("Scan the badge card, or type its number + Enter"))
        self.badge_scan.scanned.connect(self._badge_scanned)
        form.addRow(PlainLabel(tr("Badge")), self.badge_scan)
        self.badge = QComboBox()
        self.badge.setObjectName("badge")
        form.addRow(PlainLabel(), self.badge)
        self.id_type = QComboBox()
        self.id_type.setObjectName("id-type")
        for kind in IdType:
            self.id_type.addItem(tr(ID_TYPE_LABELS[kind]), kind.value)
        self.id_type.setCurrentIndex(self.id_type.findData(summary.id_type.value))
        form.addRow(PlainLabel(tr("ID card taken")), self.id_type)
        self.id_number = QLineEdit()
        self.id_number.setObjectName("id-number")
        self.id_number.setPlaceholderText(tr("Number on the card in hand (form: {masked})",
                                             masked=summary.masked_id))
        form.addRow(PlainLabel(tr("Card number")), self.id_number)
        self.id_note = QLineEdit()
        self.id_note.setObjectName("id-note")
        self.id_note.setPlaceholderText(tr("Only if the card differs from the form: why"))
        form.addRow(PlainLabel(tr("Note")), self.id_note)
        detail = review.detail
        self.work_order = QLineEdit(detail.work_order)
        self.work_order.setObjectName("work-order")
        self.work_order.setMaxLength(120)
        self.work_order.setPlaceholderText(
            tr("Visitor's letter: {letter}", letter=detail.reference_letter)
            if detail.reference_letter else tr("Work-order or letter number given to the desk"))
        form.addRow(PlainLabel(tr("Work order")), self.work_order)
        self.has_window = QCheckBox(tr("Entry only within a window"))
        self.has_window.setObjectName("has-window")
        self.window_from = moment_editor("window-from")
        self.window_to = moment_editor("window-to", hours_ahead=9)
        if detail.window is not None:  # from the invitation or the pass: shown, not changed
            window_label = PlainLabel(detail.window.text())  # digits only
            window_label.setObjectName("visit-window")
            form.addRow(PlainLabel(tr("Window")), window_label)
        else:
            window_row = QHBoxLayout()
            window_row.addWidget(self.window_from)
            window_row.addWidget(PlainLabel("–"))
            window_row.addWidget(self.window_to)
            window_row.addStretch(1)
            self.has_window.toggled.connect(self._window_toggled)
            form.addRow(PlainLabel(tr("Window")), self.has_window)
            form.addRow(PlainLabel(""), window_row)
            self._window_toggled(False)
        self.window_override = QLineEdit()
        self.window_override.setObjectName("window-override")
        self.window_override.setEnabled(actor.role in (Role.SUPERVISOR, Role.ADMIN))
        self.window_override.setPlaceholderText(
            tr("Supervisor: why the visitor may go in outside the window")
            if self.window_override.isEnabled()
            else tr("Only a supervisor can let a visitor in outside the window."))
        form.addRow(PlainLabel(tr("Outside the window")), self.window_override)
        self.override: QPlainTextEdit | None = None
        if review.deny is not None:
            self.override = QPlainTextEdit()
            self.override.setObjectName("override-reason")
            self.override.setFixedHeight(80)
            may = actor.role in (Role.SUPERVISOR, Role.ADMIN)
            self.override.setEnabled(may)
            self.override.setPlaceholderText(
                tr("Supervisor: why this person may enter despite the deny list")
                if may else tr("Only a supervisor can override the deny list."))
            form.addRow(PlainLabel(tr("Override")), self.override)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addLayout(form, 1)
        top.addWidget(photo_label(review.detail), 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        if review.holder is not None:
            holder = review.holder
            self.id_type.setCurrentIndex(self.id_type.findData(holder.id_type.value))
            pass_note = PlainLabel()
            pass_note.setObjectName("pass-note")
            pass_note.setWordWrap(True)
            set_message(pass_note, tr("Pass {number} of {name}: take their own ID card "
                                      "({masked}); no other card is accepted.",
                                      number=holder.number, name=holder.full_name,
                                      masked=masked_id(holder.id_type, holder.id_number)),
                        "ok")
            layout.addWidget(pass_note)
        self.possible_checked: QCheckBox | None = None
        if review.possible and review.deny is None:
            warning = PlainLabel()
            warning.setObjectName("possible-deny-warning")
            warning.setWordWrap(True)
            set_message(warning, "\n".join(possible_match_text(m) for m in review.possible),
                        "error")
            layout.addWidget(warning)
            self.possible_checked = QCheckBox(tr("Card and face checked: not the person on "
                                                 "the deny list"))
            self.possible_checked.setObjectName("possible-match-checked")
            layout.addWidget(self.possible_checked)
        self.goes_in = QCheckBox(tr("The visitor goes in with the escort now"))
        self.goes_in.setObjectName("goes-in-now")
        self.goes_in.setChecked(True)
        layout.addWidget(self.goes_in)
        self.message = PlainLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.error = error_label()
        self.error.setObjectName("approve-error")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        back = QPushButton(tr("Back"))
        back.clicked.connect(self.reject)
        self.confirm = QPushButton(tr("Approve and hand out badge"))
        self.confirm.setObjectName("approve")
        self.confirm.setProperty("role", "primary")
        self.confirm.clicked.connect(self._approve)
        self.confirm.setEnabled(False)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        layout.addLayout(buttons)
        run_op(self, lambda: (staff.escorts_on_duty(ctx.db), badges.available_numbers(ctx.db)),
               self._loaded, lambda exc: show_error(self.error, exc))

    def _loaded(self, loaded: tuple[list[StaffRecord], list[int]]) -> None:
        escorts, numbers = loaded
        for person in escorts:
            self.escort.addItem(person.full_name, person.id)
        for number in numbers:
            self.badge.addItem(str(number), number)
        if not numbers:
            set_message(self.message, tr("No badge is free. Retire lost ones or add badges "
                                         "in the badge pool."), "error")
        if not escorts:
            set_message(self.message, tr("Nobody is on duty to escort. A supervisor can set "
                                         "staff on duty."), "error")
        self.confirm.setEnabled(bool(escorts and numbers))

    def _window_toggled(self, on: bool) -> None:
        self.window_from.setEnabled(on)
        self.window_to.setEnabled(on)

    def _window(self) -> AccessWindow | None:
        if self._review.detail.window is not None or not self.has_window.isChecked():
            return None
        return AccessWindow.typed(moment_value(self.window_from),
                                  moment_value(self.window_to))

    def _badge_scanned(self, text: str) -> None:
        if text.isdigit():
            self._pick_badge(int(text))
            return
        run_op(self, lambda: exits.badge_from_payload(self._ctx.db, self._ctx.token_secret,
                                                      text),
               lambda record: self._pick_badge(record.number),
               lambda exc: show_error(self.error, exc))

    def _pick_badge(self, number: int) -> None:
        index = self.badge.findData(number)
        if index < 0:
            set_message(self.error, tr("Badge {number} is not free.", number=number))
            return
        show_error(self.error, None)
        self.badge.setCurrentIndex(index)

    def _approve(self) -> None:
        review, ctx = self._review, self._ctx
        summary = review.detail.summary
        try:
            window = self._window()
        except ValidationError as exc:
            show_error(self.error, exc)
            return
        approval = visits.Approval(
            escort_id=int(self.escort.currentData() or 0),
            badge_number=int(self.badge.currentData() or 0),
            id_card_type=str(self.id_type.currentData()),
            id_card_number=self.id_number.text(),
            id_card_note=self.id_note.text(),
            deny_override_reason=self.override.toPlainText() if self.override else "",
            possible_match_checked=bool(self.possible_checked
                                        and self.possible_checked.isChecked()),
            enter_now=self.goes_in.isChecked(),
            work_order=self.work_order.text(),
            window=window,
            window_override_reason=self.window_override.text())
        actor = self._actor

        def work() -> VisitSummary:
            return visits.approve(ctx.db, actor, summary.id, summary.version, approval,
                                  settings=ctx.settings)

        self.confirm.setEnabled(False)
        show_error(self.error, None)
        run_op(self, work, self._done, self._failed)

    def _done(self, summary: VisitSummary) -> None:
        """The approval is committed; the badge prints in the background, if at all."""
        self.result_summary = summary
        auto_print_visit_badge(self._ctx, self._print_queue, summary.id)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.confirm.setEnabled(True)
        show_error(self.error, exc)
