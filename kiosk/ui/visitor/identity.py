"""Step 1: who is visiting. The NIK is checked digit by digit as it is typed.

The visitor may instead scan an invitation QR (it fills the whole form) or a QR that
carries a NIK, when the kiosk has a camera; typing always works.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk import validation
from kiosk.db.models import IdType
from kiosk.errors import PintuError, ValidationError
from kiosk.i18n import N_, tr
from kiosk.nik import NIK_LENGTH, normalise_nik, parse_nik
from kiosk.services.queries import ReturningVisitor, returning_visitor
from kiosk.ui.context import AppContext
from kiosk.ui.ops import run_op
from kiosk.ui.visitor.draft import VisitDraft
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.widgets.choice_group import ChoiceGroup
from kiosk.ui.widgets.field import NUMERIC, TEXT, Field

log = logging.getLogger(__name__)

ID_TYPES = (
    (IdType.KTP.value, N_("KTP (NIK)")),
    (IdType.PASSPORT.value, N_("Passport")),
    (IdType.SIM.value, N_("Driving licence (SIM)")),
    (IdType.EMPLOYEE.value, N_("Employee card")),
    (IdType.OTHER.value, N_("Other ID")),
)
NIK_LABEL = N_("NIK (16 digits, on your KTP)")
NUMBER_LABEL = N_("Number on the ID document")


class IdentityScreen(VisitorScreen):
    step = 0

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "identity", N_("Your identity"),
                         N_("Choose the ID you will hand to the operator, then type its number."),
                         parent=parent)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.camera_panel = QWidget()
        self.camera_panel.setObjectName("identity-camera")
        self.camera_layout = QVBoxLayout(self.camera_panel)
        self.camera_layout.setContentsMargins(0, 0, 0, 0)
        self.camera_panel.hide()
        row.addWidget(self.camera_panel, 1)
        form = QVBoxLayout()
        form.setSpacing(16)
        self._type_label = QLabel()
        self._type_label.setProperty("role", "label")
        form.addWidget(self._type_label)
        self.id_type = ChoiceGroup("id-type", ID_TYPES, columns=3)
        self.id_type.chosen.connect(self._on_type)
        form.addWidget(self.id_type)
        self.number = Field(NIK_LABEL, name="id-number", keyboard=NUMERIC)
        self.number.editor.setMaxLength(40)
        self.number.editor.textChanged.connect(self._check_live)
        form.addWidget(self.number)
        self.notice = QLabel()
        self.notice.setObjectName("identity-notice")
        self.notice.setWordWrap(True)
        self.notice.setProperty("role", "success")
        self.notice.hide()
        form.addWidget(self.notice)
        form.addStretch(1)
        row.addLayout(form, 1)
        self.body.addLayout(row)
        self._busy = False

    def load(self, draft: VisitDraft) -> None:
        super().load(draft)
        self.id_type.set_value(draft.id_type)
        self._apply_type(draft.id_type)
        self.number.set_text(draft.id_number)
        self.notice.hide()
        self._check_live()

    def keep(self) -> None:
        self._draft.id_type = self.id_type.value() or IdType.KTP.value
        self._draft.id_number = self.number.text()

    def first_editor(self) -> QWidget:
        return self.number.editor

    def show_notice(self, source: str, **params: object) -> None:
        """A confirmation next to the form (a scan was read), in words, not only colour."""
        self.notice.setText("✓ " + tr(source, **params))
        self.notice.show()

    # -- typing ----------------------------------------------------------------------------

    def _on_type(self, key: str) -> None:
        self._apply_type(key)
        self._check_live()
        self.number.editor.setFocus()

    def _apply_type(self, key: str) -> None:
        ktp = key == IdType.KTP.value
        self.number.set_label(NIK_LABEL if ktp else NUMBER_LABEL)
        self.number.editor.setProperty("keyboard", NUMERIC if ktp else TEXT)

    def _check_live(self) -> None:
        """Say what is wrong as soon as it can be known, and how far along the visitor is."""
        text = self.number.text()
        if (self.id_type.value() or IdType.KTP.value) != IdType.KTP.value:
            if text.strip():
                self.number.clear_message()
            else:
                self.number.show_hint(N_("Type the number exactly as printed on the document."))
            return
        digits = normalise_nik(text)
        if not digits:
            self.number.show_hint(N_("Type the 16 digits of the NIK printed on your KTP."))
        elif digits.isdigit() and len(digits) < NIK_LENGTH:
            self.number.show_hint(N_("{count} of 16 digits"), count=len(digits))
        else:
            try:
                parse_nik(digits)
            except ValidationError as exc:
                self.number.show_error(exc)
            else:
                self.number.show_ok(N_("This NIK is valid."))

    # -- next ------------------------------------------------------------------------------

    def submit(self) -> None:
        if self._busy:
            return
        id_type = self.id_type.value()
        if id_type is None:
            self.id_type.show_error(N_("Please choose the kind of ID you are showing."))
            return
        try:
            number = validation.id_number(id_type, self.number.text())
        except ValidationError as exc:
            self.number.show_error(exc)
            self.number.editor.setFocus()
            return
        changed = (id_type, number) != (self._draft.id_type, self._draft.id_number)
        self._draft.id_type, self._draft.id_number = id_type, number
        if not changed and self._draft.full_name:
            self.finished.emit()
            return
        self._busy = True
        db = self._ctx.db
        run_op(self, lambda: returning_visitor(db, id_type, number), self._found,
               self._lookup_failed)

    def _found(self, earlier: ReturningVisitor | None) -> None:
        self._busy = False
        if earlier is not None:
            self._draft.fill_from_returning(earlier)
        self.finished.emit()

    def _lookup_failed(self, exc: Exception) -> None:
        """A pre-fill is a convenience: without it the visitor simply types everything."""
        self._busy = False
        log.warning("returning-visitor lookup failed: %s",
                    exc.message if isinstance(exc, PintuError) else type(exc).__name__)
        self.finished.emit()

    def retranslate(self) -> None:
        super().retranslate()
        self._type_label.setText(tr("Kind of ID"))
        self.id_type.retranslate()
        self.number.retranslate()
