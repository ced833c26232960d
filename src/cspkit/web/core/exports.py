"""Spreadsheet exports that cannot run anything: cells beginning with = + - @ stay text.

A comment such as ``=HYPERLINK("http://evil", "Click")`` typed into the app must open in Excel
as the words typed, not as a live formula (CSV or formula injection). Every CSV or XLSX export
of text people typed goes through :func:`safe_cell` (CSV) or :func:`safe_sheet` (openpyxl).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

#: What spreadsheet programs take as the start of a formula (tab and carriage return too, per OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """The value for a CSV cell: text that a spreadsheet would run is prefixed with an apostrophe,
    which Excel and LibreOffice read as "this is text". Numbers (even negative) are left alone."""
    return "'" + value if is_formula_like(value) else value


def safe_sheet(sheet: Any) -> Any:
    """Mark every formula-like text cell of an openpyxl sheet as plain text: shown exactly as typed,
    never evaluated. (openpyxl would otherwise store any text starting with = as a formula.)"""
    for row in sheet.iter_rows():
        for cell in row:
            if is_formula_like(cell.value):
                cell.data_type = "s"
    return sheet


def write_csv_rows(stream: IO[str], rows: Iterable[Iterable[Any]]) -> None:
    """Write rows as CSV with every cell passed through :func:`safe_cell`."""
    writer = csv.writer(stream)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
