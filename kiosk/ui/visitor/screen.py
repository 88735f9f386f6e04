"""What every visitor screen shares: heading, short instruction, body, footer.

A screen shows the draft (``load``), keeps what was typed when the visitor goes back
(``keep``), and on its primary action checks its fields, writes them into the draft and
emits ``finished``. The flow decides what comes next, so screens do not know each other.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.i18n import N_, tr
from kiosk.ui.context import AppContext
from kiosk.ui.visitor.draft import VisitDraft
from kiosk.ui.widgets.footer import Footer
from kiosk.ui.widgets.plain import PlainLabel
from kiosk.ui.widgets.touch_scroll import touch_scrolling

NEXT = N_("Next →")
CONTENT_MAX_WIDTH = 1500


class VisitorScreen(QWidget):
    back_requested = Signal()
    finished = Signal()

    #: Its name in the step indicator (English source); None outside the form's steps.
    step_name: str | None = None

    def __init__(self, ctx: AppContext, name: str, heading: str, lead: str = "", *,
                 primary: str | None = NEXT, scroll: bool = True,
                 parent: QWidget | None = None) -> None:
        """``heading``, ``lead`` and ``primary`` are English source strings."""
        super().__init__(parent)
        self.setObjectName(name)
        self._ctx = ctx
        self._draft = VisitDraft()
        self._heading_source = heading
        self._lead_source = lead
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(40, 20, 40, 8)
        top_layout.setSpacing(4)
        self.heading = PlainLabel()
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.lead = PlainLabel()
        self.lead.setProperty("role", "lead")
        self.lead.setWordWrap(True)
        self.lead.setVisible(bool(lead))
        top_layout.addWidget(self.heading)
        top_layout.addWidget(self.lead)
        self._top = _centred(top)
        outer.addWidget(self._top)
        inner = QWidget()
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(40, 8, 40, 16)
        self.body.setSpacing(16)
        centred = _centred(inner)
        if scroll:
            self.scroll_area: QScrollArea | None = QScrollArea()
            self.scroll_area.setWidgetResizable(True)
            self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
            self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.scroll_area.setWidget(centred)
            touch_scrolling(self.scroll_area)
            outer.addWidget(self.scroll_area, 1)
        else:
            self.scroll_area = None
            outer.addWidget(centred, 1)
        self.footer: Footer | None = None
        if primary is not None:
            self.footer = Footer(name, primary)
            self.footer.back.clicked.connect(self._go_back)
            self.footer.primary.clicked.connect(self.submit)
            outer.addWidget(self.footer)

    @property
    def draft(self) -> VisitDraft:
        return self._draft

    def load(self, draft: VisitDraft) -> None:
        """Show ``draft``; every widget must be overwritten (the previous visitor's too)."""
        self._draft = draft

    def keep(self) -> None:
        """Store what is on screen in the draft without checking it (going back)."""

    def submit(self) -> None:
        """Check, store and emit ``finished``; subclasses override."""
        self.finished.emit()

    def first_editor(self) -> QWidget | None:
        """Where the cursor goes when the screen opens (None: nowhere, no keyboard)."""
        return None

    def set_compact(self, compact: bool) -> None:
        """While the keyboard is up, the heading gives its room to the field being typed."""
        self._top.setVisible(not compact)

    def retranslate(self) -> None:
        self.heading.setText(tr(self._heading_source))
        self.lead.setText(tr(self._lead_source) if self._lead_source else "")
        if self.footer is not None:
            self.footer.retranslate()

    def _go_back(self) -> None:
        self.keep()
        self.back_requested.emit()


def _centred(widget: QWidget) -> QWidget:
    """Keep lines readable on a 1920 px screen: the content stops growing at a width."""
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setMaximumWidth(CONTENT_MAX_WIDTH)
    layout.addWidget(widget)
    return holder
