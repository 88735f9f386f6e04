"""Where the visitor is in the form: "1 Identitas · 2 Data · 3 Perangkat · ..."

Done steps carry a check mark and the current one a bar underneath, so the state reads
without relying on colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.i18n import tr
from kiosk.ui.widgets.plain import PlainLabel
from kiosk.ui.widgets.restyle import set_style_property


class StepIndicator(QFrame):
    def __init__(self, steps: Sequence[str], parent: QWidget | None = None) -> None:
        """``steps`` are English source labels (mark them with ``N_``)."""
        super().__init__(parent)
        self.setObjectName("steps")
        self.setProperty("role", "steps")
        self._steps = tuple(steps)
        self._current = 0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 4, 24, 4)
        layout.setSpacing(8)
        layout.addStretch(1)
        self._labels: list[QLabel] = []
        for index in range(len(self._steps)):
            if index:
                dot = PlainLabel("·")
                dot.setProperty("role", "muted")
                layout.addWidget(dot)
            label = PlainLabel()
            label.setProperty("role", "step")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._labels.append(label)
            layout.addWidget(label)
        layout.addStretch(1)
        self.retranslate()

    @property
    def current(self) -> int:
        return self._current

    def set_current(self, index: int) -> None:
        self._current = index
        self.retranslate()

    def retranslate(self) -> None:
        for index, (label, source) in enumerate(zip(self._labels, self._steps, strict=True)):
            if index < self._current:
                state, mark = "done", "✓"
            elif index == self._current:
                state, mark = "current", str(index + 1)
            else:
                state, mark = "todo", str(index + 1)
            label.setText(f"{mark}  {tr(source)}")
            set_style_property(label, "state", state)
