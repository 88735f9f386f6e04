"""Step 1: who is visiting. The NIK is checked digit by digit as it is typed.

The visitor may instead scan an invitation QR or a contractor pass (either fills the form)
or a QR that carries a NIK, when the kiosk has a camera; typing always works.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain import validation
from kiosk.domain.nik import NIK_LENGTH, normalise_nik, parse_nik
from kiosk.domain.records import InvitationRecord, PassRecord
from kiosk.domain.tokens import TokenKind
from kiosk.domain.types import ID_TYPE_LABELS, IdType
from kiosk.errors import PintuError, ValidationError
from kiosk.i18n import N_, tr
from kiosk.scan.ktp import KtpResult
from kiosk.scan.payloads import NikScan, Rejected, TokenScan, Unknown
from kiosk.scan.scanner import ScanEvent
from kiosk.services.invitations import invitation_from_payload
from kiosk.services.passes import pass_from_payload
from kiosk.services.queries import ReturningVisitor, returning_visitor_for_card
from kiosk.ui.context import AppContext
from kiosk.ui.ops import run_op
from kiosk.ui.visitor.draft import VisitDraft
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.widgets.choice_group import ChoiceGroup
from kiosk.ui.widgets.field import NUMERIC, TEXT, Field
from kiosk.ui.widgets.plain import PlainLabel
from kiosk.ui.widgets.restyle import set_style_property

log = logging.getLogger(__name__)

ID_TYPES = tuple((kind.value, label) for kind, label in ID_TYPE_LABELS.items())
NIK_LABEL = N_("NIK (16 digits, on your KTP)")
NUMBER_LABEL = N_("Number on the ID document")


class IdentityScreen(VisitorScreen):
    step_name = N_("Identity")

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
        self.read_ktp = QPushButton()
        self.read_ktp.setObjectName("read-ktp")
        self.read_ktp.setProperty("role", "secondary")
        self.camera_panel.hide()
        row.addWidget(self.camera_panel, 1)
        form = QVBoxLayout()
        form.setSpacing(16)
        self._type_label = PlainLabel()
        self._type_label.setProperty("role", "label")
        form.addWidget(self._type_label)
        self.id_type = ChoiceGroup("id-type", ID_TYPES, columns=3)
        self.id_type.chosen.connect(self._on_type)
        form.addWidget(self.id_type)
        self.number = Field(NIK_LABEL, name="id-number", keyboard=NUMERIC)
        self.number.editor.setMaxLength(40)
        self.number.editor.textChanged.connect(self._check_live)
        form.addWidget(self.number)
        self.notice = PlainLabel()
        self.notice.setObjectName("identity-notice")
        self.notice.setWordWrap(True)
        self.notice.setProperty("role", "success")
        self.notice.hide()
        form.addWidget(self.notice)
        form.addStretch(1)
        row.addLayout(form, 1)
        self.body.addLayout(row)
        self._busy = False
        #: The NIK the camera read off the visitor's own KTP: only that may pre-fill.
        self._card_nik: str | None = None

    def load(self, draft: VisitDraft) -> None:
        super().load(draft)
        self._card_nik = None
        self.id_type.set_value(draft.id_type)
        self._apply_type(draft.id_type)
        self.number.set_text(draft.id_number)
        self.notice.hide()
        self._check_live()

    def keep(self) -> None:
        self._draft.id_type = self.id_type.value() or IdType.KTP.value
        self._draft.id_number = self.number.text()

    def first_editor(self) -> QWidget | None:
        """With a camera, the screen opens on the camera; the keyboard waits for a tap."""
        return None if not self.camera_panel.isHidden() else self.number.editor

    def show_notice(self, source: str | PintuError, *, ok: bool = True) -> None:
        """What the camera read, next to the form, in words and not only colour."""
        text = source.text() if isinstance(source, PintuError) else tr(source)
        self.notice.setText(("✓ " if ok else "⚠ ") + text)
        set_style_property(self.notice, "role", "success" if ok else "error")
        self.notice.show()

    # -- the camera ------------------------------------------------------------------------

    def code_scanned(self, event: ScanEvent) -> None:
        result = event.result
        if isinstance(result, TokenScan) and result.token.kind is TokenKind.INVITATION:
            db, secret, payload = self._ctx.db, self._ctx.token_secret, event.text
            self._busy = True
            run_op(self, lambda: invitation_from_payload(db, secret, payload),
                   self._invited, self._invitation_refused)
        elif isinstance(result, TokenScan) and result.token.kind is TokenKind.PASS:
            db, secret, payload = self._ctx.db, self._ctx.token_secret, event.text
            self._busy = True
            run_op(self, lambda: pass_from_payload(db, secret, payload),
                   self._pass_shown, self._invitation_refused)
        elif isinstance(result, TokenScan):
            self.show_notice(N_("This is a visitor badge: use it at “Check out” "
                                "when you leave. Here, show your invitation or type your "
                                "ID number."), ok=False)
        elif isinstance(result, NikScan):
            self._use_nik(result.info.nik, N_("NIK read from the QR code. Please check it."))
        elif isinstance(result, Rejected):
            self.show_notice(result.error, ok=False)
        elif isinstance(result, Unknown):
            self.show_notice(result.message, ok=False)

    def ktp_read(self, result: KtpResult) -> None:
        if result.nik is not None:
            self._use_nik(result.nik.nik, N_("NIK read from your KTP. Please check it."))
            self._card_nik = result.nik.nik
            if result.name and not self._draft.full_name:
                self._draft.full_name = result.name
        else:
            self.show_notice(N_("The NIK could not be read from the card. Please type it."),
                             ok=False)

    def _use_nik(self, nik: str, notice: str) -> None:
        self.id_type.set_value(IdType.KTP.value)
        self._apply_type(IdType.KTP.value)
        self.number.set_text(nik)
        self.show_notice(notice)

    def _invited(self, invitation: InvitationRecord) -> None:
        self._busy = False
        self._draft.fill_from_invitation(invitation)
        self.id_type.set_value(self._draft.id_type)
        self.number.set_text(self._draft.id_number)
        self.finished.emit()

    def _pass_shown(self, holder: PassRecord) -> None:
        self._busy = False
        self._draft.fill_from_pass(holder)
        self.id_type.set_value(self._draft.id_type)
        self.number.set_text(self._draft.id_number)
        self.finished.emit()

    def _invitation_refused(self, exc: Exception) -> None:
        self._busy = False
        if isinstance(exc, PintuError):
            self.show_notice(exc, ok=False)
        else:
            self.show_notice(N_("The invitation could not be checked. Please type your "
                                "details or ask the operator."), ok=False)

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
        self._draft.id_type, self._draft.id_number = id_type, number
        if id_type != IdType.KTP.value or number != self._card_nik:
            self.finished.emit()  # typed: nothing is looked up, nothing is revealed
            return
        self._busy = True
        db = self._ctx.db
        run_op(self, lambda: returning_visitor_for_card(db, id_type, number), self._found,
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
        self.read_ktp.setText(tr("Read my KTP with the camera"))
        self.id_type.retranslate()
        self.number.retranslate()
