"""Cells that a spreadsheet reads as text, never as a formula (CSV injection).

Excel and LibreOffice Calc run a cell as a formula when it starts with ``=``, ``+``,
``-`` or ``@``, and treat a leading tab, carriage return, line feed or NUL as the start of
one too. A visitor types the name, organisation, purpose, PIC and device fields that the
CSV exports carry, so a name like ``=HYPERLINK("http://…","Klik")`` or
``@SUM(1+1)*cmd|'/c calc'!A1`` would run on the desk's computer when the supervisor opens
the day's list. Following OWASP's CSV-injection guidance, such a cell is written with a
single quote ``'`` in front, which the spreadsheets show as text and which a person
reading the file sees for what it is. The database and the PDFs keep the value as typed:
only the spreadsheet copy is neutralised.

What counts as "starts with":

* the first character that is not white space (including no-break and ideographic
  spaces), an invisible format character (zero-width space, byte-order mark, bidi
  controls) or a quote (``"``, ``'``, their full-width and curly forms), because Calc
  and Excel skip those when deciding whether a cell is a formula;
* compared after Unicode compatibility folding (NFKC), so the full-width ``＝ ＋ － ＠``
  and the small forms ``﹦ ﹢ ﹣ ﹫`` count as the signs they fold to, and the minus sign
  ``−`` (U+2212) counts as a minus;
* at the start of the cell and after every character a spreadsheet may split a cell on
  when it guesses the delimiter (``,`` ``;`` tab and line breaks: Excel with Indonesian
  regional settings splits on ``;``), so ``Budi;=1+1`` becomes ``Budi;'=1+1``.

A phone number such as ``+62 812 3456 7890`` is neutralised too: ``+62 812…`` is a
formula to Excel (it shows ``#NULL!`` or a number with the spaces lost), so it is a risk,
not a harmless value. So is a lone ``-`` typed as a placeholder: the rule has no
exceptions for text, which keeps it easy to check. Numbers the product computes itself
(minutes, counts, badge numbers) are passed as ``int`` or ``float`` and written as they are,
so a negative duration stays a number a spreadsheet can add up.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence

#: Characters that make a formula when they lead a cell (after NFKC folding).
FORMULA_SIGNS = frozenset("=+-@\u2212")
#: Control characters that a spreadsheet treats as a formula start when they lead a cell.
CONTROL_SIGNS = frozenset("\t\r\n\0")
#: Characters a spreadsheet may split a cell on when it guesses the delimiter.
CELL_BREAKS = frozenset(",;\t\r\n")
#: Quotes skipped before the first meaningful character (after NFKC folding).
QUOTES = frozenset("\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb")
PREFIX = "'"

Cell = str | int | float | None


def _skipped(ch: str) -> bool:
    """White space, invisible format characters and quotes: not what a cell "starts" with."""
    folded = unicodedata.normalize("NFKC", ch)
    return (folded.isspace() or folded in QUOTES
            or unicodedata.category(ch) in {"Cf", "Zs", "Zl", "Zp"})


def _formula_sign(text: str, start: int) -> int | None:
    """Where the run of text from ``start`` shows a spreadsheet a formula sign, if it does.

    Only the very start of a cell counts a leading tab, line break or NUL as a sign; after
    a delimiter those are white space to skip.
    """
    for index in range(start, len(text)):
        ch = text[index]
        if start == 0 and ch in CONTROL_SIGNS:
            return index
        if _skipped(ch):
            continue
        return index if unicodedata.normalize("NFKC", ch)[:1] in FORMULA_SIGNS else None
    return None


def safe_cell(value: Cell) -> str:
    """``value`` as a CSV cell a spreadsheet cannot run (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    inner = {sign for index, ch in enumerate(value) if ch in CELL_BREAKS
             if (sign := _formula_sign(value, index + 1)) is not None}
    whole = _formula_sign(value, 0) is not None
    if whole:  # the quote in front already covers a sign behind leading tabs or breaks
        inner.discard(next((i for i, ch in enumerate(value)
                            if not (_skipped(ch) or ch in CONTROL_SIGNS)), -1))
    text = "".join(PREFIX + ch if index in inner else ch for index, ch in enumerate(value))
    return PREFIX + text if whole else text


def safe_rows(rows: Iterable[Sequence[Cell]]) -> list[list[str]]:
    return [[safe_cell(cell) for cell in row] for row in rows]


def csv_text(rows: Iterable[Sequence[Cell]], delimiter: str = ",") -> str:
    """The rows as CSV text (CRLF line ends), every cell made safe first.

    Every CSV the product writes goes through here, so no writer can forget the rule.
    """
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(safe_rows(rows))
    return buffer.getvalue()
