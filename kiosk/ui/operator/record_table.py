"""A read-only table view over a ``RecordTableModel`` that remembers its selection."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from kiosk.ui.operator.table_model import RecordTableModel

T = TypeVar("T")


class RecordTable(QTableView, Generic[T]):
    """Selecting a row emits ``chosen(record or None)``; the selection follows the record
    (by key) when the rows are replaced by a newer poll."""

    chosen = Signal(object)

    def __init__(self, model: RecordTableModel[T], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(40)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._fit_columns()
        self._selected: Hashable | None = None
        self.selectionModel().selectionChanged.connect(self._on_selection)
        model.modelReset.connect(self._restore)

    def _fit_columns(self) -> None:
        """Times, numbers and states always fit their text; names and organisations take
        what is left and end in "…". A table without such a column stretches its last."""
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        eliding = [i for i in range(self._model.columnCount())
                   if self._model.column(i).elide]
        for section in eliding:
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(not eliding)

    def current(self) -> T | None:
        rows = self.selectionModel().selectedRows()
        return self._model.record(rows[0].row()) if rows else None

    def select_key(self, key: Hashable) -> bool:
        row = self._model.row_of(key)
        if row is None:
            return False
        self.selectRow(row)
        return True

    def _on_selection(self) -> None:
        record = self.current()
        self._selected = None if record is None else self._model.row_key(record)
        self.chosen.emit(record)

    def _restore(self) -> None:
        if self._selected is None or not self.select_key(self._selected):
            self._selected = None
            self.chosen.emit(None)
