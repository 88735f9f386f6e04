"""The shape the supervisor's list pages share: the list and its actions on the left, a
form to add an entry on the right, with a title above it and a message line below."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

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
    side = QVBoxLayout()
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
    layout.addLayout(side, 2)
    return SidePanel(title, message)
