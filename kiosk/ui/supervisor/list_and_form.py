"""The shape the supervisor's list pages share: the list and its actions on the left, a
form to add an entry on the right, with a title above it and a message line below.

The form scrolls on its own: a site with many purposes makes the pass form taller than a
1280x800 screen, and the window must never grow past the screen to fit it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.widgets.plain import PlainLabel


@dataclass(frozen=True)
class SidePanel:
    title: QLabel
    message: QLabel


def lay_out_list_and_form(page: QWidget, table: QWidget, actions: QLayout, form: QLayout,
                          add: QPushButton) -> SidePanel:
    title = PlainLabel()
    title.setProperty("role", "section")
    message = PlainLabel()
    message.setWordWrap(True)
    message.setVisible(False)
    holder = QWidget()
    side = QVBoxLayout(holder)
    side.setContentsMargins(0, 0, 0, 0)
    side.addWidget(title)
    side.addLayout(form)
    side.addWidget(add)
    side.addWidget(message)
    side.addStretch(1)
    main = QVBoxLayout()
    main.addWidget(table, 1)
    main.addLayout(actions)
    layout = QHBoxLayout(page)
    layout.addLayout(main, 3)
    scroll = QScrollArea()
    scroll.setObjectName("side-form")
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(holder)
    layout.addWidget(scroll, 2)
    return SidePanel(title, message)
