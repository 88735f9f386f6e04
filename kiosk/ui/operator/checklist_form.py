"""The maintenance checklist (SOP Pemeliharaan Server/Genset) as a form, built from data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from kiosk.domain.checklists import Checklist, ItemKind
from kiosk.i18n import tr
from kiosk.ui.widgets.plain import PlainLabel


class ChecklistForm(QWidget):
    """One row per item: OK/Problem for a check (no default: it must be answered), a text
    field for a reading. ``answers`` holds only what was answered; the service says what
    is missing."""

    def __init__(self, checklist: Checklist, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checklist = checklist
        self._groups: dict[str, QButtonGroup] = {}
        self._readings: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for item in checklist.items:
            if item.kind is ItemKind.CHECK:
                row = QWidget()
                buttons = QHBoxLayout(row)
                buttons.setContentsMargins(0, 0, 0, 0)
                group = QButtonGroup(row)
                for answer, text in ((True, tr("OK")), (False, tr("Problem"))):
                    radio = QRadioButton(text)
                    radio.setObjectName(f"check-{item.key}-{'ok' if answer else 'problem'}")
                    group.addButton(radio, 1 if answer else 0)
                    buttons.addWidget(radio)
                buttons.addStretch(1)
                self._groups[item.key] = group
                form.addRow(PlainLabel(item.label()), row)
            else:
                field = QLineEdit()
                field.setObjectName(f"reading-{item.key}")
                field.setPlaceholderText(item.hint())
                self._readings[item.key] = field
                form.addRow(PlainLabel(item.label()), field)

    def answers(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for key, group in self._groups.items():
            if group.checkedId() >= 0:
                found[key] = group.checkedId() == 1
        for key, field in self._readings.items():
            if field.text().strip():
                found[key] = field.text()
        return found
