"""A report table as CSV or as an Excel workbook (through the report writers' Excel writer)."""

from __future__ import annotations

import io

from cspkit.reports.document import Document, Section, Table
from cspkit.reports.writers.xlsx import render_xlsx
from cspkit.web.core.exports import write_csv_rows


def table_csv(table: Table) -> bytes:
    """The table's values as they are (not rounded for display), with status words in their own columns.

    Written with a byte-order mark so Excel opens the UTF-8 text correctly.
    """
    statuses = table.columns_with_status()
    header = []
    for index, column in enumerate(table.columns):
        header.append(column.label)
        if index in statuses:
            header.append(f"{column.label}: status")
    buffer = io.StringIO()
    rows = [header]
    for row in table.rows:
        values = []
        for index, cell in enumerate(row.cells):
            values.append("" if cell.value is None else cell.value)
            if index in statuses:
                values.append(cell.status.label if cell.status else "")
        rows.append(values)
    write_csv_rows(buffer, rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(table: Table, title: str) -> bytes:
    """The table alone in a workbook, with its notes, exactly as in the report's own Excel file."""
    return render_xlsx(Document(title, [Section("table", table.caption, [table])], contents=False))
