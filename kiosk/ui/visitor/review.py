"""The last step: everything on one screen, the privacy notice and consent, and "Submit".

Submitting is the only moment anything is stored. The button is locked while the request
runs and the draft's submission key makes the service return the same visit if the same
form arrives twice, so a double tap or a retry never creates a second visit. When the
database cannot be reached, everything stays on screen with a retry.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.records import VisitSummary
from kiosk.domain.types import PHOTO_ABSENCE_LABELS, PhotoAbsence
from kiosk.errors import KnownError, PintuError
from kiosk.i18n import N_, current_language, ntr, tr
from kiosk.services.visits import submit_visit
from kiosk.ui.context import AppContext
from kiosk.ui.ops import run_op
from kiosk.ui.visitor.draft import VisitDraft
from kiosk.ui.visitor.identity import ID_TYPES
from kiosk.ui.visitor.photo import photo_notice
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.widgets.plain import PlainLabel

log = logging.getLogger(__name__)

SUBMIT = N_("Submit")
RETRY = N_("Try again")
SENDING = N_("Sending…")
SIGNATURE_HEIGHT = 90
PHOTO_HEIGHT = 120


class ReviewScreen(VisitorScreen):
    step_name = N_("Review")
    #: The visitor wants to change something on the named screen.
    edit_requested = Signal(str)
    submitted = Signal(object)  # VisitSummary

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "review", N_("Check and submit"),
                         N_("Check your details. Tap \u201cEdit\u201d to change something."),
                         primary=SUBMIT, parent=parent)
        # Two columns: who (identity, details) and what (devices, signature), so the
        # whole form fits on a 1280x800 screen with little or no scrolling.
        self._sections = QGridLayout()
        self._sections.setHorizontalSpacing(16)
        self._sections.setVerticalSpacing(12)
        self._sections.setColumnStretch(0, 3)
        self._sections.setColumnStretch(1, 2)
        self.body.addLayout(self._sections)
        self.body.addStretch(1)
        self.privacy = QFrame()
        self.privacy.setObjectName("privacy")
        self.privacy.setProperty("role", "card")
        privacy = QVBoxLayout(self.privacy)
        privacy.setContentsMargins(24, 10, 24, 10)
        privacy.setSpacing(4)
        self._privacy_text = PlainLabel()
        self._privacy_text.setWordWrap(True)
        self._privacy_text.setProperty("role", "label")
        self.consent = QCheckBox()
        self.consent.setObjectName("consent")
        self.consent.toggled.connect(self._on_consent)
        self.consent_error = PlainLabel()
        self.consent_error.setObjectName("consent-error")
        self.consent_error.setProperty("role", "error")
        self.consent_error.hide()
        privacy.addWidget(self._privacy_text)
        privacy.addWidget(self.consent)
        privacy.addWidget(self.consent_error)
        self.banner = QFrame()
        self.banner.setObjectName("submit-error")
        self.banner.setProperty("role", "banner-danger")
        banner = QVBoxLayout(self.banner)
        banner.setContentsMargins(24, 10, 24, 10)
        self.banner_text = PlainLabel()
        self.banner_text.setObjectName("submit-error-text")
        self.banner_text.setWordWrap(True)
        banner.addWidget(self.banner_text)
        self.banner.hide()
        pinned = QWidget()
        pinned_layout = QVBoxLayout(pinned)
        pinned_layout.setContentsMargins(40, 4, 40, 8)
        pinned_layout.setSpacing(8)
        pinned_layout.addWidget(self.banner)
        pinned_layout.addWidget(self.privacy)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.insertWidget(outer.count() - 1, pinned)
        self._error: PintuError | None = None
        self._sending = False
        #: The form has a photo step (the flow decides): its card and notice are shown.
        self.photo_step = False

    @property
    def sending(self) -> bool:
        return self._sending

    def load(self, draft: VisitDraft) -> None:
        super().load(draft)
        self.consent.setChecked(draft.consent)
        self.consent_error.hide()
        self._show_error(None)
        self._set_sending(False)
        self._render()

    def keep(self) -> None:
        self._draft.consent = self.consent.isChecked()

    # -- submitting ------------------------------------------------------------------------

    def submit(self) -> None:
        if self._sending:
            return
        if not self.consent.isChecked():
            self.consent_error.setText(
                "⚠ " + tr("Please agree to the use of your data to continue."))
            self.consent_error.show()
            return
        self._draft.consent = True
        form = self._draft.to_form(current_language())
        db, settings = self._ctx.db, self._ctx.settings
        self._set_sending(True)
        self._show_error(None)
        run_op(self, lambda: submit_visit(db, settings, form), self._done, self._failed)

    def _done(self, summary: VisitSummary) -> None:
        self._set_sending(False)
        log.info("visit %s submitted", summary.number)
        self.submitted.emit(summary)

    def _failed(self, exc: Exception) -> None:
        self._set_sending(False)
        self._show_error(exc if isinstance(exc, PintuError) else None, unexpected=True)
        if self.footer is not None:
            self.footer.set_primary(RETRY)

    def _set_sending(self, sending: bool) -> None:
        self._sending = sending
        if self.footer is None:
            return
        self.footer.primary.setEnabled(not sending)
        self.footer.back.setEnabled(not sending)
        if sending:
            self.footer.set_primary(SENDING)
        elif self.banner.isHidden():
            self.footer.set_primary(SUBMIT)

    def _show_error(self, error: PintuError | None, *, unexpected: bool = False) -> None:
        self._error = error
        self.banner.setVisible(error is not None or unexpected)
        self._render_error()

    def _render_error(self) -> None:
        if self.banner.isHidden():
            return
        error = self._error
        if error is None or isinstance(error, KnownError):
            lines = [tr("Your form has not been sent yet: the system could not save it."),
                     tr("Everything you entered is still here. Tap \u201cTry again\u201d, "
                        "or ask the operator for help.")]
        else:
            lines = [error.text(), tr("Tap \u201cEdit\u201d next to the part to change.")]
        self.banner_text.setText("⚠ " + "\n".join(lines))

    def _on_consent(self, checked: bool) -> None:
        self._draft.consent = checked
        if checked:
            self.consent_error.hide()

    # -- the summary -----------------------------------------------------------------------

    def _render(self) -> None:
        while self._sections.count():
            item = self._sections.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        d = self._draft
        id_label = dict(ID_TYPES).get(d.id_type, "")
        identity = self._section("identity", tr("Identity"), [(tr("Kind of ID"), tr(id_label)),
                                                             (tr("Number"), d.id_number)])
        self._sections.addWidget(self._with_photo(identity) if self.photo_step else identity,
                                 0, 0)
        purpose = self._ctx.settings.purpose(d.purpose_key or "")
        purpose_text = tr(purpose.label) if purpose else ""
        if d.purpose_text:
            purpose_text = f"{purpose_text}: {d.purpose_text}"
        self._sections.addWidget(self._section("details", tr("Your details"), [
            (tr("Full name"), d.full_name),
            (tr("Organisation"), d.organisation),
            (tr("Phone"), d.phone),
            (tr("Purpose"), purpose_text),
            (tr("Person or unit visited (PIC)"), d.pic),
            (tr("Planned duration"), tr("{minutes} min", minutes=d.planned_minutes)),
            (tr("Reference letter"), d.reference_letter or "—"),
        ]), 1, 0)
        if d.brings_devices and d.devices:
            serial_label = tr("S/N")
            rows = [(f"{i + 1}.", f"{dev.kind} · {dev.brand_model} · {serial_label} {dev.serial}")
                    for i, dev in enumerate(d.devices)]
        else:
            rows = [("", tr("I bring no devices"))]
        self._sections.addWidget(self._section("devices", tr("Devices"), rows), 0, 1)
        self._sections.addWidget(self._section("signature", tr("Signature"), [],
                                               picture=(d.signature_png, "PNG")), 1, 1)

    def _with_photo(self, identity: QFrame) -> QWidget:
        """The identity card with the photo beside it, in one widget: ``_render`` deletes
        the grid's widgets, and cards left in a nested layout would stay on screen, a
        previous photo and ID number among them."""
        who = QWidget()
        row = QHBoxLayout(who)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        row.addWidget(identity, 1)
        row.addWidget(self._photo_section())
        return who

    def _photo_section(self) -> QFrame:
        d = self._draft
        if d.photo_jpeg:
            return self._section("photo", tr("Photo"), [], picture=(d.photo_jpeg, "JPEG"))
        reason = PhotoAbsence(d.no_photo_reason) if d.no_photo_reason else None
        missing = tr(PHOTO_ABSENCE_LABELS[reason]) if reason else tr("No photo")
        return self._section("photo", tr("Photo"), [("", missing)])

    def _section(self, target: str, title: str, rows: list[tuple[str, str]],
                 picture: tuple[bytes | None, str] = (None, "")) -> QFrame:
        card = QFrame()
        card.setObjectName(f"review-{target}")
        card.setProperty("role", "card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(24, 12, 16, 12)
        layout.setSpacing(6)
        top = QHBoxLayout()
        heading = PlainLabel(title)
        heading.setProperty("role", "section")
        edit = QPushButton(tr("Edit"))
        edit.setObjectName(f"edit-{target}")
        edit.setProperty("role", "link")
        edit.setMinimumWidth(140)
        edit.clicked.connect(lambda: self.edit_requested.emit(target))
        top.addWidget(heading, 1)
        top.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        for line, (label, value) in enumerate(rows):
            name = PlainLabel(label)
            name.setProperty("role", "muted")
            shown = PlainLabel(value)
            shown.setProperty("role", "value")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            name.setWordWrap(True)
            grid.addWidget(name, line, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(shown, line, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        data, kind = picture
        if data:
            image = PlainLabel()
            image.setObjectName(f"review-{target}-image")
            pixmap = QPixmap()
            pixmap.loadFromData(data, kind)
            image.setPixmap(pixmap.scaledToHeight(
                PHOTO_HEIGHT if target == "photo" else SIGNATURE_HEIGHT,
                Qt.TransformationMode.SmoothTransformation))
            layout.addWidget(image)
        layout.addStretch(1)
        return card

    def retranslate(self) -> None:
        super().retranslate()
        days = self._ctx.settings.retention_days
        notice = ntr(
            "Why we ask: to keep the server room secure. Only data-center staff see your "
            "data; it is kept {count} day, then erased (Personal Data Protection Law "
            "No. 27/2022).",
            "Why we ask: to keep the server room secure. Only data-center staff see your "
            "data; it is kept {count} days, then erased (Personal Data Protection Law "
            "No. 27/2022).", days)
        if self.photo_step:
            notice += " " + photo_notice(days)
        self._privacy_text.setText(notice)
        self.consent.setText(tr("I agree to my data being used for this visit."))
        if not self.consent_error.isHidden():
            self.consent_error.setText(
                "⚠ " + tr("Please agree to the use of your data to continue."))
        if self.footer is not None:
            source = SENDING if self._sending else (RETRY if not self.banner.isHidden() else SUBMIT)
            self.footer.set_primary(source)
        self._render_error()
        self._render()
