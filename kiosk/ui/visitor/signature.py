"""Before the review: the server-room rules, and the visitor's signature under them."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from kiosk.i18n import N_, tr
from kiosk.ui.context import AppContext
from kiosk.ui.visitor.draft import VisitDraft
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.widgets.plain import PlainLabel
from kiosk.ui.widgets.signature_pad import SignaturePad

RULES = (
    N_("A staff escort stays with you at all times inside the server room."),
    N_("Wear the visitor badge where it can be seen."),
    N_("Taking photos or videos is not allowed."),
    N_("Every device is checked against this list when you leave."),
)


class SignatureScreen(VisitorScreen):
    step_name = N_("Signature")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "signature", N_("Server-room rules"), scroll=False, parent=parent)
        rules = QFrame()
        rules.setObjectName("rules")
        rules.setProperty("role", "rules")
        rules_layout = QGridLayout(rules)
        rules_layout.setContentsMargins(24, 12, 24, 12)
        rules_layout.setHorizontalSpacing(32)
        rules_layout.setVerticalSpacing(8)
        self._rule_labels: list[QLabel] = []
        for index, _rule in enumerate(RULES):
            label = PlainLabel()
            label.setWordWrap(True)
            rules_layout.addWidget(label, index // 2, index % 2)
            self._rule_labels.append(label)
        rules_layout.setColumnStretch(0, 1)
        rules_layout.setColumnStretch(1, 1)
        self.body.addWidget(rules)
        self.pad = SignaturePad(N_("Read the rules, then sign here with your finger"))
        self.pad.changed.connect(self._on_pad_changed)
        self.body.addWidget(self.pad, 1)
        self.message = PlainLabel()
        self.message.setObjectName("signature-message")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("signature-clear")
        self.clear_button.setProperty("role", "secondary")
        self.clear_button.clicked.connect(self._clear)
        self.body.addWidget(self.message)
        assert self.footer is not None
        self.footer.add_secondary(self.clear_button)

    def load(self, draft: VisitDraft) -> None:
        super().load(draft)
        if draft.signature_png is None:
            self.pad.clear()
        self.message.hide()

    def keep(self) -> None:
        self._draft.signature_png = None if self.pad.is_empty() else self.pad.to_png()

    def _clear(self) -> None:
        self.pad.clear()
        self._draft.signature_png = None

    def _on_pad_changed(self) -> None:
        if not self.pad.is_empty():
            self.message.hide()

    def submit(self) -> None:
        if self.pad.is_empty():
            self.message.setText("⚠ " + tr("Please sign in the box to continue."))
            self.message.show()
            return
        self._draft.signature_png = self.pad.to_png()
        self.finished.emit()

    def retranslate(self) -> None:
        super().retranslate()
        for index, (label, rule) in enumerate(zip(self._rule_labels, RULES, strict=True)):
            label.setText(f"{index + 1}.  {tr(rule)}")
        self.clear_button.setText(tr("Clear and sign again"))
        if not self.message.isHidden():
            self.message.setText("⚠ " + tr("Please sign in the box to continue."))
        self.pad.update()
