"""Text from outside with markup in it, and the check that a screen shows it as written.

The strings are what a hostile visitor, a doctored CSV file or a careless colleague could
type: a fake approval banner with a local image, a link, bold names, a coloured reason.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QStyledItemDelegate, QWidget

from kiosk.domain.validation import DeviceInput

ORGANISATION = '<h1 style="color:red">DISETUJUI</h1><img src="/etc/passwd">'
PURPOSE = '<a href="http://x">klik</a>'
PIC = "<i>Seksi</i> <b>Jaringan</b> &amp; Data"
DEVICE = DeviceInput("<u>Laptop</u>", "<b>ThinkPad</b> T14", "PF-99")
STAFF_NAME = "<b>Budi</b>"
SUPERVISOR_NAME = '<span style="font-size:40pt">Sari</span>'
DENY_NAME = "<s>Rudi Hartono</s>"
DENY_REASON = "<font color=green>OK</font>"
REASON = '<p style="background:green;color:white">DISETUJUI</p>'
SITE_NAME = '<b style="color:red">Pusat Data</b>'
INVITED_ORGANISATION = "<marquee>Dinas Kominfo</marquee>"
INVITED_PIC = "<table><tr><td>PIC</td></tr></table>"
INVITED_PURPOSE = "<h2>Pemeliharaan</h2>"

#: Labels that may draw markup, by object name, with the reason. The kiosk draws none of
#: its own, so this stays empty; a label added here must say why.
MAY_DRAW_MARKUP: dict[str, str] = {}


def guessing_labels(root: QWidget) -> list[str]:
    """Every label under ``root`` that would draw a string as markup."""
    return [f"{type(label).__name__} {label.objectName()!r}: {label.text()[:60]!r}"
            for label in [*([root] if isinstance(root, QLabel) else []),
                          *root.findChildren(QLabel)]
            if label.textFormat() != Qt.TextFormat.PlainText
            and label.objectName() not in MAY_DRAW_MARKUP]


def label_texts(root: QWidget) -> list[str]:
    return [label.text() for label in root.findChildren(QLabel)]


def shows_exactly(root: QWidget, text: str) -> bool:
    """A label under ``root`` shows ``text`` as its whole text, as written."""
    return any(label.text() == text and label.textFormat() == Qt.TextFormat.PlainText
               for label in root.findChildren(QLabel))


def shows_within(root: QWidget, text: str) -> bool:
    """A label under ``root`` shows ``text`` as written, inside a longer sentence."""
    return any(text in label.text() and label.textFormat() == Qt.TextFormat.PlainText
               for label in root.findChildren(QLabel))


def draws_cells_as_text(view: QAbstractItemView) -> bool:
    """The view paints its cells with Qt's own delegate, which draws text, never markup
    (a custom delegate painting a QTextDocument would)."""
    delegate = view.itemDelegate()
    return type(delegate) is QStyledItemDelegate and not any(
        type(view.itemDelegateForColumn(c)) not in (type(None), QStyledItemDelegate)
        for c in range(view.model().columnCount()))
