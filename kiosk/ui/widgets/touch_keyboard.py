"""An on-screen keyboard docked at the bottom of the visitor screens.

Why our own and not Qt Virtual Keyboard: PySide6 has no Python module for it, it needs
``QT_IM_MODULE`` set before the application exists and shows as its own window that can
end up over the very field being typed in. This one is a plain widget in the layout: the
screen above it shrinks, so the field stays visible, and tests can press its keys.

Keys never take the focus; each press is sent to the focused editor as a key event, so
the editor's own rules (maximum length, validators) still apply.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import N_, tr

TEXT_ROWS = ("1234567890", "qwertyuiop/", "asdfghjkl'-", "zxcvbnm,.")
NUMERIC_ROWS = ("123", "456", "789", "+0")
BACKSPACE = "⌫"
SHIFT = "⇧"
SPACE_LABEL = N_("Space")
DONE_LABEL = N_("Done")
MAX_WIDTH = 1500
KEY_HEIGHT = 60
COMPACT_KEY_HEIGHT = 48


class TouchKeyboard(QFrame):
    """``attach(editor)`` shows the layout the editor asks for (its ``keyboard`` property)."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("touch-keyboard")
        self.setProperty("role", "keyboard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._target: QLineEdit | None = None
        self._keys: dict[str, QPushButton] = {}
        self._done_buttons: list[QPushButton] = []
        self._space: QPushButton | None = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        self._pages = QStackedWidget()
        self._pages.setMaximumWidth(MAX_WIDTH)
        self._text_page = self._build_text_page()
        self._numeric_page = self._build_numeric_page()
        self._pages.addWidget(self._text_page)
        self._pages.addWidget(self._numeric_page)
        outer.addStretch(1)
        outer.addWidget(self._pages, 20)
        outer.addStretch(1)
        self.retranslate()
        self.hide()

    # -- what the flow calls -------------------------------------------------------------

    @property
    def target(self) -> QLineEdit | None:
        return self._target

    @property
    def numeric(self) -> bool:
        return self._pages.currentWidget() is self._numeric_page

    def attach(self, editor: QLineEdit, *, compact: bool = False) -> None:
        """``compact``: a low screen, where keys of the minimum touch size leave room."""
        self._target = editor
        height = COMPACT_KEY_HEIGHT if compact else KEY_HEIGHT
        for button in self._keys.values():
            if button is not self._done_buttons[1]:  # spans the numeric pad's rows
                button.setFixedHeight(height)
        numeric = editor.property("keyboard") == "numeric"
        page = self._numeric_page if numeric else self._text_page
        self._pages.setCurrentWidget(page)
        self._pages.setMaximumWidth(560 if numeric else MAX_WIDTH)
        self._pages.setFixedHeight(page.sizeHint().height())
        self.show()

    def detach(self) -> None:
        self._target = None
        self._set_shift(False)
        self.hide()

    def key(self, label: str) -> QPushButton:
        """The button for ``label`` (a character, ``BACKSPACE`` or ``SHIFT``), for tests."""
        page = "n" if self.numeric else "t"
        return self._keys.get(f"{page}:{label}") or self._keys[f"t:{label}"]

    @property
    def done_button(self) -> QPushButton:
        return self._done_buttons[1 if self.numeric else 0]

    @property
    def space_button(self) -> QPushButton:
        assert self._space is not None
        return self._space

    def retranslate(self) -> None:
        for button in self._done_buttons:
            button.setText(tr(DONE_LABEL))
        if self._space is not None:
            self._space.setText(tr(SPACE_LABEL))

    # -- building ------------------------------------------------------------------------

    def _button(self, page: str, label: str, role: str = "key") -> QPushButton:
        button = QPushButton(label)
        button.setProperty("role", role)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRepeat(label == BACKSPACE)
        self._keys[f"{page}:{label}"] = button
        return button

    def _build_text_page(self) -> QWidget:
        page = QWidget()
        rows = QVBoxLayout(page)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(6)
        for index, keys in enumerate(TEXT_ROWS):
            row = QHBoxLayout()
            row.setSpacing(6)
            if index == 3:
                shift = self._button("t", SHIFT)
                shift.setCheckable(True)
                shift.toggled.connect(self._on_shift)
                row.addWidget(shift, 3)
            for ch in keys:
                button = self._button("t", ch)
                button.clicked.connect(lambda _=False, c=ch: self._type(c))
                row.addWidget(button, 2)
            if index == 0:
                backspace = self._button("t", BACKSPACE, "key-action")
                backspace.clicked.connect(self._backspace)
                row.addWidget(backspace, 3)
            if index == 3:
                row.addStretch(3)
            rows.addLayout(row)
        last = QHBoxLayout()
        last.setSpacing(6)
        self._space = self._button("t", " ")
        self._space.clicked.connect(lambda: self._type(" "))
        done = self._button("t", DONE_LABEL, "key-action")
        done.clicked.connect(self._done)
        self._done_buttons.append(done)
        last.addStretch(3)
        last.addWidget(self._space, 12)
        last.addWidget(done, 4)
        rows.addLayout(last)
        return page

    def _build_numeric_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for r, keys in enumerate(NUMERIC_ROWS):
            for c, ch in enumerate(keys):
                button = self._button("n", ch)
                button.clicked.connect(lambda _=False, k=ch: self._type(k))
                grid.addWidget(button, r, c)
        backspace = self._button("n", BACKSPACE, "key-action")
        backspace.clicked.connect(self._backspace)
        grid.addWidget(backspace, 3, 2)
        done = self._button("n", DONE_LABEL, "key-action")
        done.clicked.connect(self._done)
        done.setSizePolicy(done.sizePolicy().horizontalPolicy(),
                           done.sizePolicy().Policy.Expanding)
        self._done_buttons.append(done)
        grid.addWidget(done, 0, 3, 4, 1)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        return page

    # -- typing --------------------------------------------------------------------------

    def _type(self, ch: str) -> None:
        target = self._target
        if target is None:
            return
        text = ch.upper() if self._upper_case(target) else ch
        self._send(target, ord(text.upper()) if text.isascii() else 0, text)
        self._set_shift(False)

    def _upper_case(self, target: QLineEdit) -> bool:
        """Shift pressed, a field of capitals (serial numbers), or a name field at the
        start of a word."""
        if self._keys["t:" + SHIFT].isChecked() or target.property("capitals"):
            return True
        if not target.property("capitalise"):
            return False
        end = target.selectionStart() if target.hasSelectedText() else target.cursorPosition()
        before = target.text()[:end]
        return not before or before.endswith(" ")

    def _backspace(self) -> None:
        if self._target is not None:
            self._send(self._target, Qt.Key.Key_Backspace.value, "")

    def _send(self, target: QWidget, key: int, text: str) -> None:
        press = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)
        QApplication.sendEvent(target, press)
        release = QKeyEvent(QEvent.Type.KeyRelease, key, Qt.KeyboardModifier.NoModifier, text)
        QApplication.sendEvent(target, release)

    def _on_shift(self, on: bool) -> None:
        for ch in "".join(TEXT_ROWS):
            button = self._keys[f"t:{ch}"]
            button.setText(ch.upper() if on else ch)

    def _set_shift(self, on: bool) -> None:
        self._keys["t:" + SHIFT].setChecked(on)

    def _done(self) -> None:
        target = self._target
        self.detach()
        if target is not None:
            target.clearFocus()
        self.closed.emit()
