"""Changing a style-sheet property at run time.

Qt evaluates ``QWidget[prop="value"]`` selectors when a widget is polished, so a property
that changes later (an error appearing, a step becoming current) needs a re-polish.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
