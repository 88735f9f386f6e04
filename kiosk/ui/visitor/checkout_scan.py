"""Leaving: the visitor scans the visitor badge (or types its number) and goes to the desk.

Nothing is checked out here: the request only tells the operator, who checks the devices
and gives the ID card back (SOP step 6). A scanned badge card or visit sticker thanks the
visitor by name; a typed number shows no name at all, whatever it is, because anyone can
type any number: the desk confirms it by seeing the badge (see ``kiosk.services.exits``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.records import VisitSummary
from kiosk.errors import KnownError, PintuError
from kiosk.i18n import N_, tr
from kiosk.scan.payloads import Rejected, TokenScan
from kiosk.scan.scanner import ScanEvent
from kiosk.services.exits import request_exit, request_exit_by_number
from kiosk.ui.context import AppContext
from kiosk.ui.ops import run_op
from kiosk.ui.visitor.draft import VisitDraft
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.widgets.field import NUMERIC, Field
from kiosk.ui.widgets.plain import PlainLabel

log = logging.getLogger(__name__)

GO_TO_DESK = N_("Please go to the operator's desk; the operator will check your devices "
                "and give your ID card back.")
GO_TO_DESK_WITH_BADGE = N_("Please go to the operator's desk with badge {number}; the operator "
                           "will check the badge and your devices and give your ID card "
                           "back.")
NOT_A_NUMBER = N_("Type the number printed on your visitor badge, for example 7.")


class CheckoutScreen(VisitorScreen):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "checkout", N_("Check out"),
                         N_("Hold your visitor badge up to the camera, or type its number."),
                         primary=N_("Send"), parent=parent)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.camera_panel = QWidget()
        self.camera_panel.setObjectName("checkout-camera")
        self.camera_layout = QVBoxLayout(self.camera_panel)
        self.camera_layout.setContentsMargins(0, 0, 0, 0)
        self.camera_panel.hide()
        row.addWidget(self.camera_panel, 1)
        form = QVBoxLayout()
        self.badge = Field(N_("Visitor badge number"), name="badge-number", keyboard=NUMERIC)
        self.badge.editor.setMaxLength(6)
        form.addWidget(self.badge)
        form.addStretch(1)
        row.addLayout(form, 1)
        self.ask = QWidget()
        self.ask.setLayout(row)
        self.body.addWidget(self.ask)
        self.done_card = QFrame()
        self.done_card.setObjectName("checkout-done")
        self.done_card.setProperty("role", "card")
        done = QVBoxLayout(self.done_card)
        done.setContentsMargins(40, 32, 40, 32)
        done.setSpacing(16)
        self._done_title = PlainLabel()
        self._done_title.setObjectName("checkout-done-title")
        self._done_title.setProperty("role", "success")
        self._done_title.setStyleSheet("font-size: 28pt;")
        self._done_text = PlainLabel()
        self._done_text.setObjectName("checkout-done-text")
        self._done_text.setWordWrap(True)
        self._done_text.setStyleSheet("font-size: 24pt;")
        self.done_button = QPushButton()
        self.done_button.setObjectName("checkout-finish")
        self.done_button.setProperty("role", "primary")
        self.done_button.setMinimumWidth(320)
        self.done_button.clicked.connect(self.finished)
        done.addWidget(self._done_title)
        done.addWidget(self._done_text)
        done.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)
        self.body.addWidget(self.done_card)
        self.body.addStretch(1)
        self.summary: VisitSummary | None = None  # the visit of a scanned badge or sticker
        self.typed: int | None = None  # a typed badge number: the desk confirms it
        self._busy = False

    def load(self, draft: VisitDraft) -> None:
        super().load(draft)
        self.summary, self.typed = None, None
        self.badge.set_text("")
        self.badge.clear_message()
        self._show_done(False)

    @property
    def done(self) -> bool:
        return self.summary is not None or self.typed is not None

    def first_editor(self) -> QWidget | None:
        return None if self.done else self.badge.editor

    def submit(self) -> None:
        text = self.badge.text().strip()
        if not text.isdigit() or int(text) <= 0:
            self.badge.show_error(NOT_A_NUMBER)
            return
        number = int(text)
        db = self._ctx.db

        def work() -> int:
            request_exit_by_number(db, number)
            return number

        self._request(work)

    def code_scanned(self, event: ScanEvent) -> None:
        """The camera read a code: a badge asks to leave; anything else is explained."""
        result = event.result
        if isinstance(result, TokenScan):
            db, secret, payload = self._ctx.db, self._ctx.token_secret, event.text
            self._request(lambda: request_exit(db, secret, payload))
        elif isinstance(result, Rejected):
            self.badge.show_error(result.error)
        else:
            self.badge.show_error(N_("This is not a visitor badge. Please scan the badge you "
                                     "were given, or type its number."))

    def _request(self, work: Callable[[], VisitSummary | int]) -> None:
        if self._busy or self.done:
            return
        self._busy = True
        if self.footer is not None:
            self.footer.primary.setEnabled(False)
        run_op(self, work, self._done, self._failed)

    def _done(self, result: VisitSummary | int) -> None:
        self._busy = False
        if isinstance(result, VisitSummary):
            self.summary = result
            log.info("exit requested for visit %s", result.number)
        else:
            self.typed = result
            log.info("exit typed for badge %s", result)
        self._show_done(True)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        if self.footer is not None:
            self.footer.primary.setEnabled(True)
        if isinstance(exc, PintuError) and not isinstance(exc, KnownError):
            self.badge.show_error(exc)
        else:
            self.badge.show_error(N_("The request could not be sent. Please try again, or go "
                                     "to the operator's desk."))

    def _show_done(self, done: bool) -> None:
        self.ask.setVisible(not done)
        self.lead.setVisible(not done)
        self.done_card.setVisible(done)
        if self.footer is not None:
            self.footer.setVisible(not done)
            self.footer.primary.setEnabled(True)
        self._render_done()

    def _render_done(self) -> None:
        if self.summary is not None:
            self._done_title.setText("✓ " + tr("Thank you, {name}.",
                                               name=self.summary.full_name))
            self._done_text.setText(tr(GO_TO_DESK))
        elif self.typed is not None:
            self._done_title.setText("✓ " + tr("Thank you."))
            self._done_text.setText(tr(GO_TO_DESK_WITH_BADGE, number=self.typed))

    def retranslate(self) -> None:
        super().retranslate()
        self.badge.retranslate()
        self.done_button.setText(tr("Done"))
        self._render_done()
