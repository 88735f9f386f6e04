"""The bottom bar of a visitor screen: Back on the left, the one primary action on the right.

Always in the same place, so a visitor who has never seen the kiosk learns it once.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from kiosk.i18n import N_, tr

BACK = N_("Back")


class Footer(QFrame):
    def __init__(self, name: str, primary: str, *, back: str = BACK,
                 parent: QWidget | None = None) -> None:
        """``primary`` and ``back`` are English source strings (mark them with ``N_``)."""
        super().__init__(parent)
        self.setProperty("role", "footer")
        self._primary_source = primary
        self._back_source = back
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 10, 24, 10)
        layout.setSpacing(16)
        self.back = QPushButton()
        self.back.setObjectName(f"{name}-back")
        self.back.setProperty("role", "secondary")
        self.back.setMinimumWidth(220)
        self.primary = QPushButton()
        self.primary.setObjectName(f"{name}-next")
        self.primary.setProperty("role", "primary")
        self.primary.setMinimumWidth(320)
        layout.addWidget(self.back)
        layout.addStretch(1)
        layout.addWidget(self.primary)
        self._layout = layout
        self.retranslate()

    def add_secondary(self, button: QPushButton) -> None:
        """A second, lesser action between Back and the primary one."""
        self._layout.insertWidget(2, button)
        self._layout.insertStretch(3, 1)

    def set_primary(self, source: str) -> None:
        self._primary_source = source
        self.primary.setText(tr(source))

    def retranslate(self) -> None:
        self.back.setText("← " + tr(self._back_source))
        self.primary.setText(tr(self._primary_source))
