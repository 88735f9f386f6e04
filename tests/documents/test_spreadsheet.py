"""No cell of a CSV the product writes can run as a formula in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from kiosk.documents.spreadsheet import csv_text, safe_cell


@pytest.mark.parametrize("hostile", [
    "=HYPERLINK(\"http://evil.example\",\"Klik\")", "+1+1", "-2+3", "@SUM(1,2)",
    "\t=1+1", "\r=1+1", "\n=1+1", "\0=1",
    "  =1+1", "\u00a0=1+1", "\u3000=1+1", "\u200b=1+1", "\ufeff@SUM(A1)", "\u202e=1",
    "\"=1+1", "'=1+1", "“=1+1", " ' =1",
    "＝1+1", "＋1", "－1", "＠SUM(A1)", "﹦1", "﹢1", "﹣1", "﹫x", "\u22121",
    "+62 812 3456 7890", "-",
])
def test_a_formula_start_is_prefixed(hostile: str) -> None:
    assert safe_cell(hostile) == "'" + hostile


@pytest.mark.parametrize("harmless", [
    "Budi Santoso", "Dinas Kesehatan", "0812 3456 7890", "Ṣafiyyah Nguyễn", "",
    "a-b", "Siti d'Arc", "1+1", "Laptop (SN-1)", "حسن",
])
def test_plain_text_is_left_alone(harmless: str) -> None:
    assert safe_cell(harmless) == harmless


def test_a_formula_after_a_delimiter_a_spreadsheet_may_guess_is_prefixed_too() -> None:
    assert safe_cell("Budi;=1+1") == "Budi;'=1+1"
    assert safe_cell("Budi, @SUM(A1)") == "Budi, '@SUM(A1)"
    assert safe_cell("baris satu\r\n  -cmd") == "baris satu\r\n  '-cmd"
    assert safe_cell("=a;=b") == "'=a;'=b"


def test_numbers_the_product_computes_stay_numbers() -> None:
    assert [safe_cell(v) for v in (-3, 0, 42, -1.5, None)] == ["-3", "0", "42", "-1.5", ""]


def test_the_written_text_reads_back_prefixed() -> None:
    text = csv_text([["Nama", "Menit"], ["=1+1", -3], ["Budi \"B\", ;x", 5]], delimiter=";")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [["Nama", "Menit"], ["'=1+1", "-3"], ["Budi \"B\", ;x", "5"]]
