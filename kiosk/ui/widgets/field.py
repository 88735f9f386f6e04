"""A labelled input with its message underneath.

Errors sit right under the field they concern, in words that say how to fix them, with a
symbol as well as a colour (UI-STYLE.md: never colour only). The message is kept as a
source string or an error, so switching language re-renders it in the new language.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from kiosk.errors import PintuError
from kiosk.i18n import tr
from kiosk.ui.widgets.plain import PlainLabel
from kiosk.ui.widgets.restyle import set_style_property

#: How the touch keyboard should look for an editor (its ``keyboard`` property).
TEXT, NUMERIC = "text", "numeric"


class Field(QWidget):
    def __init__(self, label: str, *, name: str, keyboard: str = TEXT,
                 capitalise: bool = False, editor: QLineEdit | None = None,
                 parent: QWidget | None = None) -> None:
        """``label`` is an English source string (mark it with ``N_``)."""
        super().__init__(parent)
        self._label_source = label
        self._message: Callable[[], str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = PlainLabel()
        self.label.setProperty("role", "label")
        self.label.setWordWrap(True)
        self.editor = editor or QLineEdit()
        self.editor.setObjectName(name)
        self.editor.setProperty("keyboard", keyboard)
        self.editor.setProperty("capitalise", capitalise)
        self.label.setBuddy(self.editor)
        self.message = PlainLabel()
        self.message.setObjectName(f"{name}-message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.label)
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        self.retranslate()

    def text(self) -> str:
        return self.editor.text()

    def set_text(self, value: str) -> None:
        self.editor.setText(value)

    def set_label(self, source: str) -> None:
        self._label_source = source
        self.label.setText(tr(source))

    def show_error(self, error: PintuError | str) -> None:
        """``error`` is a raised error or an English source string."""
        self._show("error", "⚠ ", error.text if isinstance(error, PintuError)
                   else lambda: tr(error))
        set_style_property(self.editor, "invalid", True)

    def show_ok(self, source: str, **params: object) -> None:
        self._show("success", "✓ ", lambda: tr(source, **params))
        set_style_property(self.editor, "invalid", False)

    def show_hint(self, source: str, **params: object) -> None:
        self._show("muted", "", lambda: tr(source, **params))
        set_style_property(self.editor, "invalid", False)

    def clear_message(self) -> None:
        self._message = None
        self.message.clear()
        self.message.setVisible(False)
        set_style_property(self.editor, "invalid", False)

    @property
    def has_error(self) -> bool:
        return bool(self.editor.property("invalid"))

    def _show(self, role: str, prefix: str, render: Callable[[], str]) -> None:
        self._message = lambda: prefix + render()
        set_style_property(self.message, "role", role)
        self.message.setText(self._message())
        self.message.setVisible(True)

    def retranslate(self) -> None:
        self.label.setText(tr(self._label_source))
        if self._message is not None:
            self.message.setText(self._message())
