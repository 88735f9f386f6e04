"""One table model for every list on the console: columns are data, rows are records.

Each list (queue, board, invitations, staff, deny list, badges) declares its columns
and, if it wants, how a row is highlighted; the model keeps the frozen records the
services returned, so the table never touches the database.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kiosk.i18n import tr
from kiosk.ui import theme

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


class Mark(Enum):
    """How a row asks for attention; never by colour alone (the text says it too)."""

    NONE = "none"
    WARNING = "warning"  # over the SOP's standard time
    DANGER = "danger"  # deny list, refused
    ACCENT = "accent"  # the visitor is waiting at the kiosk to leave
    MUTED = "muted"  # retired, disabled, cancelled


_BACKGROUND = {Mark.WARNING: "#FFE9CC", Mark.DANGER: "#FBD9D6", Mark.ACCENT: "#FFF1C2"}
_FOREGROUND = {Mark.WARNING: theme.WARNING, Mark.DANGER: theme.DANGER, Mark.MUTED: theme.MUTED}


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str  # English source (marked with N_), translated when shown
    text: Callable[[T], str]
    right: bool = False
    #: A name or an organisation: shares the width left by the other columns and ends in
    #: "…" when long (the panel or the form shows it whole). Every other column fits its text.
    elide: bool = False


class RecordTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[Column[T]], key: Callable[[T], Hashable],
                 mark: Callable[[T], Mark] | None = None) -> None:
        super().__init__()
        self._columns = tuple(columns)
        self._key = key
        self._mark = mark or (lambda _record: Mark.NONE)
        self._rows: list[T] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (Qt.AlignmentFlag.AlignRight if column.right
                          else Qt.AlignmentFlag.AlignLeft)
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        mark = self._mark(record)
        if role == Qt.ItemDataRole.BackgroundRole and mark in _BACKGROUND:
            return QBrush(QColor(_BACKGROUND[mark]))
        if role == Qt.ItemDataRole.ForegroundRole and mark in _FOREGROUND:
            return QBrush(QColor(_FOREGROUND[mark]))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self._columns[section].title)
        return None

    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace the rows; an unchanged list only repaints (times move on every poll)."""
        new = list(rows)
        if [self._key(r) for r in new] == [self._key(r) for r in self._rows]:
            self._rows = new
            if new:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(new) - 1, len(self._columns) - 1))
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        self.set_rows(self._rows)

    def column(self, section: int) -> Column[T]:
        return self._columns[section]

    def record(self, row: int) -> T:
        return self._rows[row]

    def row_key(self, record: T) -> Hashable:
        return self._key(record)

    def records(self) -> list[T]:
        return list(self._rows)

    def row_of(self, key: Hashable) -> int | None:
        return next((i for i, r in enumerate(self._rows) if self._key(r) == key), None)
