"""What a value becomes in a spreadsheet export (CSV or XLSX): safe to open, and always writable.

Every export of text that people typed goes through `cell()`, so that one declaration can neither
run as a formula on the reader's machine nor break the export for everyone.
"""

from __future__ import annotations

import re
from typing import Any

# Control characters (C0 but tab, line feed and carriage return; DEL; C1), the two characters XML
# forbids at the end of the Basic Multilingual Plane, and halves of surrogate pairs: an XLSX file
# is XML and cannot hold them (openpyxl refuses the cell, and the whole export failed), and a
# spreadsheet shows them as nothing anyway.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

# A text starting with one of these is read as a formula by a spreadsheet (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """``value`` as a cell of an export: text without control characters, and never a formula
    (a quote in front); anything else as it is."""
    if not isinstance(value, str):
        return value
    text = _UNWRITABLE.sub("", value)
    if text[:1] in _FORMULA_START:
        return "'" + text
    return text


def csv_of(rows: list[list[Any]]) -> bytes:
    """Rows as a CSV file for a spreadsheet (UTF-8 with its mark, semicolons as Excel in Belgium
    expects), every value through `cell`."""
    import csv
    import io

    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    for values in rows:
        writer.writerow([cell(v) for v in values])
    return out.getvalue().encode("utf-8")


def xlsx_of(rows: list[list[Any]], title: str) -> bytes:
    """Rows as an XLSX workbook of one sheet named ``title``, every value through `cell`."""
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for values in rows:
        sheet.append([cell(v) for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
