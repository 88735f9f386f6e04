"""Step 2: the visitor and the visit: name, organisation, phone, purpose, PIC, duration.

Each field is checked by the same validator the service uses, when the visitor leaves it
and again on "Next"; the first wrong field gets the cursor.

Where units are configured (``[notify] units``), the PIC is first a choice among them, as
big buttons across the screen, because the unit chosen is the one told of the arrival; a
visitor whose host is not listed types the name below, and the supervisor is told instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain import validation
from kiosk.errors import ValidationError
from kiosk.i18n import N_, tr
from kiosk.services.passes import PURPOSE_NOT_COVERED
from kiosk.services.queries import organisation_suggestions
from kiosk.ui.context import AppContext
from kiosk.ui.ops import run_op
from kiosk.ui.visitor.draft import VisitDraft
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.widgets.choice_group import ChoiceGroup
from kiosk.ui.widgets.field import NUMERIC, Field
from kiosk.ui.widgets.plain import PlainLabel

#: Quick choices for the planned duration, in minutes, with their source labels.
DURATIONS = ((30, N_("30 min")), (60, N_("1 hour")), (120, N_("2 hours")), (240, N_("4 hours")))
MAX_SUGGESTIONS = 4
#: The longest unit name that fits a button half as wide as the form.
UNIT_NAME_HALF_ROW = 40
OTHER_PURPOSE = "other"


class DetailsScreen(VisitorScreen):
    step_name = N_("Details")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "details", N_("About you and your visit"),
                         N_("Fill in every field; the reference letter is optional."),
                         parent=parent)
        self.returning_note = PlainLabel()
        self.returning_note.setObjectName("returning-note")
        self.returning_note.setProperty("role", "success")
        self.returning_note.setWordWrap(True)
        self.returning_note.hide()
        self.body.addWidget(self.returning_note)
        grid = QGridLayout()
        grid.setHorizontalSpacing(40)
        grid.setVerticalSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(16)
        right = QVBoxLayout()
        right.setSpacing(16)
        self.full_name = Field(N_("Full name"), name="full-name", capitalise=True)
        self.organisation = Field(N_("Organisation (agency, OPD or company)"),
                                  name="organisation", capitalise=True)
        self.organisation.editor.textEdited.connect(self._show_suggestions)
        self._suggestion_row = QHBoxLayout()
        self._suggestion_row.setSpacing(8)
        self._suggestion_buttons: list[QPushButton] = []
        for index in range(MAX_SUGGESTIONS):
            button = QPushButton()
            button.setObjectName(f"organisation-suggestion-{index}")
            button.setProperty("role", "chip")
            button.clicked.connect(lambda _=False, b=button: self._use_suggestion(b.text()))
            button.hide()
            self._suggestion_buttons.append(button)
            self._suggestion_row.addWidget(button)
        self._suggestion_row.addStretch(1)
        self.phone = Field(N_("Mobile phone number"), name="phone", keyboard=NUMERIC)
        self._units = ctx.settings.notify.units
        self.pic = Field(N_("Not listed? Type the person or unit you are visiting")
                         if self._units else N_("Person or unit you are visiting (PIC)"),
                         name="pic", capitalise=True)
        self.pic.editor.textEdited.connect(self._match_unit)
        # Two buttons a row while every name fits half the width, else one a row: a name
        # must never be cut off.
        short = all(len(u.name) <= UNIT_NAME_HALF_ROW for u in self._units)
        self.pic_unit = ChoiceGroup("pic-unit", [(str(i), u.name)
                                                 for i, u in enumerate(self._units)],
                                    columns=2 if short else 1)
        self.pic_unit.chosen.connect(self._use_unit)
        self.reference = Field(N_("Reference letter number (optional)"), name="reference")
        left.addWidget(self.full_name)
        left.addWidget(self.organisation)
        left.addLayout(self._suggestion_row)
        left.addWidget(self.phone)
        if not self._units:
            left.addWidget(self.pic)
        left.addWidget(self.reference)
        left.addStretch(1)
        self._purpose_label = PlainLabel()
        self._purpose_label.setProperty("role", "label")
        self.purpose = ChoiceGroup(
            "purpose", [(p.key, p.label) for p in ctx.settings.purposes], columns=2)
        self.purpose.chosen.connect(self._on_purpose)
        self.purpose_text = Field(N_("Describe the work (optional)"), name="purpose-text")
        self.duration = Field(N_("Planned duration (minutes)"), name="duration",
                              keyboard=NUMERIC)
        self.duration.editor.setMaxLength(3)
        durations = QHBoxLayout()
        durations.setSpacing(8)
        self._duration_buttons: list[tuple[QPushButton, str]] = []
        for minutes, label in DURATIONS:
            button = QPushButton()
            button.setObjectName(f"duration-{minutes}")
            button.setProperty("role", "chip")
            button.clicked.connect(lambda _=False, m=minutes: self._use_duration(m))
            self._duration_buttons.append((button, label))
            durations.addWidget(button)
        durations.addStretch(1)
        right.addWidget(self._purpose_label)
        right.addWidget(self.purpose)
        right.addWidget(self.purpose_text)
        right.addWidget(self.duration)
        right.addLayout(durations)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        self._unit_label = PlainLabel()
        self._unit_label.setProperty("role", "label")
        if self._units:
            self.body.addWidget(self._unit_label)
            self.body.addWidget(self.pic_unit)
            self.body.addWidget(self.pic)
        else:
            self.pic_unit.hide()
        self._suggestions: list[str] = []
        self._checks: list[tuple[Field, Callable[[str], object]]] = [
            (self.full_name, validation.full_name),
            (self.organisation, validation.organisation),
            (self.phone, validation.phone),
            (self.pic, validation.pic),
            (self.reference, validation.reference_letter),
            (self.purpose_text, lambda v: validation.purpose_text(
                v, required=self.purpose.value() == OTHER_PURPOSE)),
            (self.duration, validation.planned_minutes),
        ]
        for field, check in self._checks:
            field.editor.editingFinished.connect(
                lambda f=field, c=check: self._check(f, c, quiet_when_empty=True))

    # -- showing the draft -----------------------------------------------------------------

    def load(self, draft: VisitDraft) -> None:
        super().load(draft)
        self.full_name.set_text(draft.full_name)
        self.organisation.set_text(draft.organisation)
        self.phone.set_text(draft.phone)
        self.pic.set_text(draft.pic)
        self._match_unit(draft.pic)
        self.reference.set_text(draft.reference_letter)
        self.purpose.set_value(draft.purpose_key)
        self.purpose.clear_error()
        self.purpose_text.set_text(draft.purpose_text)
        self.duration.set_text(draft.planned_minutes)
        for field, _check in self._checks:
            field.clear_message()
        self._on_purpose(draft.purpose_key or "")
        self._render_note()
        self.returning_note.setVisible(draft.returning or draft.invitation_id is not None
                                       or draft.pass_id is not None)
        self._suggestions = []
        self._show_suggestions("")
        db = self._ctx.db
        run_op(self, lambda: organisation_suggestions(db, "", limit=50),
               self._got_suggestions, lambda _exc: None)

    def keep(self) -> None:
        d = self._draft
        d.full_name, d.organisation = self.full_name.text(), self.organisation.text()
        d.phone, d.pic = self.phone.text(), self.pic.text()
        d.reference_letter = self.reference.text()
        d.purpose_key, d.purpose_text = self.purpose.value(), self.purpose_text.text()
        d.planned_minutes = self.duration.text()

    def first_editor(self) -> QWidget:
        return self.full_name.editor

    # -- checking --------------------------------------------------------------------------

    def submit(self) -> None:
        first_wrong: QWidget | None = None
        for field, check in self._checks:
            if not self._check(field, check, quiet_when_empty=False) and first_wrong is None:
                first_wrong = field.editor
        if self.purpose.value() is None:
            self.purpose.show_error(N_("Please choose the purpose of your visit."))
            first_wrong = first_wrong or self.purpose
        elif self._draft.pass_id is not None and \
                self.purpose.value() not in self._draft.pass_purposes:
            self.purpose.show_error(PURPOSE_NOT_COVERED)
            first_wrong = first_wrong or self.purpose
        if first_wrong is not None:
            if self.scroll_area is not None:
                self.scroll_area.ensureWidgetVisible(first_wrong, 50, 120)
            first_wrong.setFocus()
            return
        self.keep()
        self.finished.emit()

    def _check(self, field: Field, check: Callable[[str], object], *,
               quiet_when_empty: bool) -> bool:
        if quiet_when_empty and not field.text().strip():
            field.clear_message()
            return True
        try:
            check(field.text())
        except ValidationError as exc:
            field.show_error(exc)
            return False
        field.clear_message()
        return True

    def _on_purpose(self, key: str) -> None:
        other = key == OTHER_PURPOSE
        self.purpose_text.set_label(N_("Describe the purpose of your visit") if other
                                    else N_("Describe the work (optional)"))
        if not other and not self.purpose_text.text().strip():
            self.purpose_text.clear_message()

    # -- quick choices ---------------------------------------------------------------------

    def _got_suggestions(self, names: list[str]) -> None:
        self._suggestions = names
        self._show_suggestions(self.organisation.text())

    def _show_suggestions(self, typed: str) -> None:
        """Earlier organisations starting with what is typed, as buttons (no popup)."""
        prefix = validation.clean_text(typed).casefold()
        matches = [name for name in self._suggestions
                   if prefix and name.casefold().startswith(prefix)
                   and name.casefold() != prefix][:MAX_SUGGESTIONS]
        for button, name in zip(self._suggestion_buttons,
                                matches + [""] * MAX_SUGGESTIONS, strict=False):
            button.setText(name)
            button.setVisible(bool(name))

    def _use_suggestion(self, name: str) -> None:
        self.organisation.set_text(name)
        self._show_suggestions(name)
        self.organisation.clear_message()

    def _use_unit(self, key: str) -> None:
        self.pic.set_text(self._units[int(key)].name)
        self.pic.clear_message()

    def _match_unit(self, typed: str) -> None:
        """A unit's name typed out chooses its button; anything else chooses none."""
        wanted = validation.clean_text(typed).casefold()
        index = next((i for i, u in enumerate(self._units) if u.name.casefold() == wanted),
                     None)
        self.pic_unit.set_value(None if index is None else str(index))

    def _use_duration(self, minutes: int) -> None:
        self.duration.set_text(str(minutes))
        self.duration.clear_message()

    def _render_note(self) -> None:
        if self._draft.pass_id is not None:
            covers = ", ".join(tr(p.label) for p in self._ctx.settings.purposes
                               if p.key in self._draft.pass_purposes)
            text = tr("Your pass filled in the form. It covers: {purposes}. Please check the "
                      "form and complete it.", purposes=covers)
        elif self._draft.invitation_id is not None:
            text = tr("Your invitation filled in the form; please check it and complete it.")
        else:
            text = tr("Welcome back. We filled in what you gave last time; please check it.")
        self.returning_note.setText("✓ " + text)

    def retranslate(self) -> None:
        super().retranslate()
        self._render_note()
        self._purpose_label.setText(tr("Purpose of the visit"))
        self._unit_label.setText(tr("Person or unit you are visiting (PIC)"))
        self.pic_unit.retranslate()
        self.purpose.retranslate()
        for field, _check in self._checks:
            field.retranslate()
        for button, label in self._duration_buttons:
            button.setText(tr(label))
