"""A long table drawn straight on the canvas, for the lists that run to many pages.

ReportLab's ``Table`` resolves a style for every cell and measures every cell again when
it splits across pages; for a day of a thousand visits that alone takes seconds. Here the
cells are already wrapped into lines (``report_parts.wrap``), so a row's height is its
line count times the leading, and drawing is one text object per page. It looks like the
report's other tables: tinted header repeated on every page, hairlines, zebra stripes.

Colour marks a whole cell (``emphasis``) or single lines of it (``line_marks``: in a cell
listing a visit's devices only the device that did not come back is red). A cell in
right-to-left text or in scripts no single font has (a Chinese name above the masked NIK)
is drawn line by line, run by run, in the fonts that have its characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from kiosk.documents.fonts import font_for, register_fonts
from kiosk.documents.layout import PRIMARY, RULE, SHADE, TEXT, TINT
from kiosk.documents.shaping import needs_runs, runs

PAD_X, PAD_TOP, PAD_BOTTOM = 3.0, 2.2, 2.6


class FastTable(Flowable):
    def __init__(self, head: Sequence[str], rows: Sequence[Sequence[str]],
                 widths: Sequence[float], size: float, leading: float,
                 emphasis: dict[tuple[int, int], Color] | None = None,
                 right: Sequence[int] = (), first_row: int = 0,
                 heights: Sequence[float] | None = None,
                 line_marks: dict[tuple[int, int], dict[int, Color]] | None = None) -> None:
        super().__init__()
        self._head, self._rows = head, rows
        self._widths, self._size, self._leading = list(widths), size, leading
        self._emphasis = emphasis or {}
        self._line_marks = line_marks or {}
        self._right = frozenset(right)
        self._first_row = first_row  # index of rows[0] in the whole table (stripes, colours)
        self._heights = heights if heights is not None else [self._height(r) for r in rows]
        self._head_height = self._height(head)
        self._font: str = ""
        self._colour: Color | None = None

    def _height(self, row: Sequence[str]) -> float:
        lines = max((cell.count("\n") + 1 for cell in row), default=1)
        return lines * self._leading + PAD_TOP + PAD_BOTTOM

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = sum(self._widths)
        self.height = self._head_height + sum(self._heights)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        used, count = self._head_height, 0
        while count < len(self._rows) and used + self._heights[count] <= available_height:
            used += self._heights[count]
            count += 1
        if count == 0:
            return []
        return [self._part(0, count), self._part(count, len(self._rows))]

    def _part(self, start: int, stop: int) -> FastTable:
        emphasis = {(r - start, c): colour for (r, c), colour in self._emphasis.items()
                    if start <= r < stop}
        marks = {(r - start, c): lines for (r, c), lines in self._line_marks.items()
                 if start <= r < stop}
        return FastTable(self._head, self._rows[start:stop], self._widths, self._size,
                         self._leading, emphasis, tuple(self._right),
                         self._first_row + start, self._heights[start:stop], marks)

    def draw(self) -> None:
        canvas = self.canv
        regular, bold = register_fonts()
        top = self.height
        canvas.saveState()
        canvas.setFillColor(TINT)
        canvas.rect(0, top - self._head_height, self.width, self._head_height, stroke=0, fill=1)
        y = top - self._head_height
        for index, height in enumerate(self._heights):
            if (self._first_row + index) % 2 == 1:
                canvas.setFillColor(SHADE)
                canvas.rect(0, y - height, self.width, height, stroke=0, fill=1)
            y -= height
        canvas.setLineWidth(0.4)
        canvas.setStrokeColor(RULE)
        y = top - self._head_height
        for height in self._heights:
            y -= height
            canvas.line(0, y, self.width, y)
        canvas.setStrokeColor(PRIMARY)
        canvas.setLineWidth(0.8)
        canvas.line(0, top, self.width, top)
        canvas.line(0, top - self._head_height, self.width, top - self._head_height)
        text = canvas.beginText()
        self._font, self._colour = "", None
        self._cells(text, self._head, top, bold, bold, {}, {})
        y = top - self._head_height
        for index, (row, height) in enumerate(zip(self._rows, self._heights, strict=True)):
            colours = {c: colour for (r, c), colour in self._emphasis.items() if r == index}
            marks = {c: lines for (r, c), lines in self._line_marks.items() if r == index}
            self._cells(text, row, y, regular, bold, colours, marks)
            y -= height
        canvas.drawText(text)
        canvas.restoreState()

    def _cells(self, text: Any, row: Sequence[str], top: float, regular: str, bold: str,
               colours: dict[int, Color], marks: dict[int, dict[int, Color]]) -> None:
        """One row into the page's text object; font, colour and position are only written
        when they change, which keeps a thousand-row list small and quick to write."""
        x = 0.0
        baseline = top - PAD_TOP - self._size
        for column, (cell, width) in enumerate(zip(row, self._widths, strict=True)):
            colour = colours.get(column) or TEXT
            heavy = colour is not TEXT or regular == bold
            right = column in self._right
            if column in marks:
                self._marked_cell(text, cell, x, width, baseline, colour, marks[column],
                                  regular == bold, right)
            elif needs_runs(cell, heavy):
                self._set_colour(text, colour)
                self._visual_cell(text, cell, x, width, baseline, heavy, right)
            else:
                font = font_for(cell, bold=heavy)
                self._set_font(text, font)
                self._set_colour(text, colour)
                self._plain_cell(text, cell, font, x, width, baseline, right)
            x += width

    def _marked_cell(self, text: Any, cell: str, x: float, width: float, baseline: float,
                     colour: Color, marks: dict[int, Color], heading: bool,
                     right: bool) -> None:
        """A cell whose marked lines have their own colour (in bold), line by line."""
        for index, line in enumerate(cell.split("\n")):
            line_colour = marks.get(index, colour)
            heavy = line_colour is not TEXT or heading
            self._set_colour(text, line_colour)
            y = baseline - index * self._leading
            if needs_runs(line, heavy):
                self._visual_cell(text, line, x, width, y, heavy, right)
            else:
                font = font_for(line, bold=heavy)
                self._set_font(text, font)
                self._plain_cell(text, line, font, x, width, y, right)

    def _plain_cell(self, text: Any, cell: str, font: str, x: float, width: float,
                    baseline: float, right: bool) -> None:
        if right:
            for index, line in enumerate(cell.split("\n")):
                left = x + width - PAD_X - self.canv.stringWidth(line, font, self._size)
                text.setTextOrigin(left, baseline - index * self._leading)
                text.textOut(line)
        else:
            text.setTextOrigin(x + PAD_X, baseline)
            text.textLines(cell, trim=0)

    def _visual_cell(self, text: Any, cell: str, x: float, width: float, baseline: float,
                     bold: bool, right: bool) -> None:
        """A cell with right-to-left text: each of its (already wrapped) lines drawn in the
        order it is seen, run by run in the fonts that have its letters."""
        for index, line in enumerate(cell.split("\n")):
            parts = runs(line, bold)
            left = x + PAD_X
            if right:
                drawn = sum(self.canv.stringWidth(part, font, self._size) for part, font in parts)
                left = x + width - PAD_X - drawn
            text.setTextOrigin(left, baseline - index * self._leading)
            for part, font in parts:
                self._set_font(text, font)
                text.textOut(part)

    def _set_font(self, text: Any, font: str) -> None:
        if font != self._font:
            text.setFont(font, self._size, self._leading)
            self._font = font

    def _set_colour(self, text: Any, colour: Color) -> None:
        if colour is not self._colour:
            text.setFillColor(colour)
            self._colour = colour
