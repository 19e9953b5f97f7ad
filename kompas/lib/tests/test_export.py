"""A cell of an export: any text people typed can be written, and none becomes a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from kompas.lib.export import cell


def test_every_character_a_person_can_type_goes_into_a_workbook() -> None:
    # Every character of the Basic Multilingual Plane and a few beyond it, one text per 256.
    texts = [
        "".join(chr(c) for c in range(start, start + 256)) for start in range(0, 0x10000, 256)
    ] + ["a\U0001f600b"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("t")
    for text in texts:
        sheet.append([cell("x" + text)])
    out = io.BytesIO()
    book.save(out)  # openpyxl refuses a cell it cannot write: no error here
    read = [row[0] for row in load_workbook(out).active.iter_rows(values_only=True)]
    assert len(read) == len(texts)
    # (XML reads a carriage return as a line feed.)
    assert read[0] == "x\t\n\n" + "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(
        chr(c) for c in range(0xA0, 0x100)
    )
    assert read[-1] == "xa\U0001f600b"


def test_control_characters_are_left_out_and_the_rest_is_kept() -> None:
    assert cell("Drukkerij\x1b Claes\x07") == "Drukkerij Claes"
    assert cell("twee\nregels\tmet tab\r") == "twee\nregels\tmet tab\r"
    assert cell("é ß ł € 中 \u200f") == "é ß ł € 中 \u200f"


def test_a_text_a_spreadsheet_would_run_is_written_as_text() -> None:
    for formula in ("=1+1", "+32", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert cell(formula) == "'" + formula
    # A control character in front does not hide a formula.
    assert cell("\x1b=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert cell("a=1") == "a=1"


def test_other_values_stay_as_they_are() -> None:
    for value in (12, Decimal("3.50"), date(2026, 5, 1), None, True):
        assert cell(value) is value


def test_a_csv_line_holds_the_text_without_its_control_characters() -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerow([cell("a\x00b;c"), cell("d\ne")])
    assert out.getvalue() == '"ab;c";"d\ne"\r\n'
