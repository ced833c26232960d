"""Excel (.xlsx) through openpyxl: every table on its own sheet, numbers kept as numbers.

Laid out as the Government Analysis Function asks of statistical spreadsheets: a Notes
sheet first (what the workbook is, the source and method of every table), then one table
per sheet starting at the top left with a title, a source line and a frozen header row,
marked up as an Excel table so screen readers and filters work.  A significance colour is
repeated as words in a column of its own, so nothing is said by colour alone, and an interval
("101.3 to 103.8") is split into a number column for each end, so it can be calculated with.
A number that cannot be shown is never a blank cell, which a reader cannot tell from a gap in
the file: it is the Government Statistical Service's shorthand, "[c]" where it is withheld
(confidential) and "[x]" where it is not available (not recorded, not published), as text in the
number column, with a key to the shorthand under the sheet's title.

References
----------
Government Analysis Function (2021) *Releasing statistics in spreadsheets*.
https://analysisfunction.civilservice.gov.uk/policy-store/releasing-statistics-in-spreadsheets/
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from cspkit.reports import style
from cspkit.reports.document import Cell, Column, Document, Interval, NotAvailable, Row, Table, is_missing
from cspkit.reports.markup import plain_text
from cspkit.reports.writers.xlsx_rows import PLAIN, CellStyles, Look, SheetRows, save

NUMBER_FORMATS = {"integer": "#,##0", "percent": "0.{}%", "number": "#,##0.{}"}
NOT_AVAILABLE = "[x]"
SHORTHAND = {"[c]": "withheld to protect confidentiality", "[x]": "not available", "[z]": "not applicable"}
"""The Government Statistical Service's shorthand for a number that is not shown, and what each means."""
_SHORTHAND = re.compile(r"\[[a-z]+\]")
_BAD_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(document: Document) -> bytes:
    """The report's tables as .xlsx bytes."""
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Notes"
    entries = workbook_tables(document)
    keys = [_key(table) for _, _, table in entries]
    styles = CellStyles(workbook)
    data: dict[str, SheetRows] = {}
    for (name, label, table), key in zip(entries, keys, strict=True):
        sheet = workbook.create_sheet(name)
        data[sheet.title] = _table_sheet(sheet, table, label, key, styles)
    _notes_sheet(notes, document, entries, keys)
    return save(workbook, data, styles)


def workbook_tables(document: Document) -> list[tuple[str, str, Table]]:
    """(sheet name, label, table) for every table and figure's data, in the order of the report.

    With the title, marking, subtitle, metadata and attributions this is all the workbook is
    made from (never the commentary), so a rebuild after editing only words can keep it.
    """
    labels = document.numbering()
    entries: list[tuple[str, str, Table]] = []
    used = {"notes"}
    for section in document.sections:
        for block in section.blocks:
            label = labels.get(getattr(block, "id", ""), "")
            if isinstance(block, Table):
                entries.append((_sheet_name(block.sheet_name or label or block.id, used), label, block))
                if block.detail is not None:  # in the workbook only, after the table it details
                    detail = block.detail
                    entries.append((_sheet_name(detail.sheet_name or f"{label} detail", used), f"Detail of {label}",
                                    detail))
            elif getattr(block, "data", None) is not None:
                entries.append((_sheet_name(f"{label} data", used), f"Data for {label}", block.data))
    return entries


def write_xlsx(document: Document, path: str | Path) -> Path:
    """Write the report's tables as an Excel workbook and return its path."""
    path = Path(path)
    path.write_bytes(render_xlsx(document))
    return path


def _notes_sheet(sheet: Worksheet, document: Document, entries: list[tuple[str, str, Table]], keys: list[str]) -> None:
    sheet["A1"] = document.title
    sheet["A1"].font = Font(bold=True, size=14)
    rows: list[list[Any]] = [[document.marking]] if document.marking else []
    if document.subtitle:
        rows.append([document.subtitle])
    rows += [[f"{key}: {plain_text(value)}"] for key, value in document.metadata]
    rows += [[plain_text(line)] for line in document.attributions]
    used = [symbol for symbol in SHORTHAND if any(f"{symbol}:" in key for key in keys)]
    if used:
        rows.append(["A number that is not shown is marked with the statistical shorthand: "
                     + "; ".join(f"{symbol} {SHORTHAND[symbol]}" for symbol in used)
                     + ". The second row of each sheet says which it uses and why."])
    rows.append(["This workbook has one table on each sheet, listed below with its source and method."])
    for row in rows:
        sheet.append(row)
    header_row = sheet.max_row + 1
    headers = ["Sheet", "Table", "Source", "How it was calculated", "Notes", "Key to shading"]
    sheet.append(headers)
    for sheet_name, label, table in entries:
        key = "; ".join(f"{s.label}: {s.description}" for s in table.statuses_used())
        sheet.append([sheet_name, f"{label}: {table.caption}" if label else table.caption, plain_text(table.source),
                      plain_text(table.method), " ".join(plain_text(n) for n in table.notes), key])
        link = sheet.cell(row=sheet.max_row, column=1)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet_name}'!A1")
        link.style = "Hyperlink"
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    if entries:
        _excel_table(sheet, "Contents", header_row, sheet.max_row, headers)
    widths = (18, 60, 45, 60, 45, 45)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _table_sheet(sheet: Worksheet, table: Table, label: str, key: str, styles: CellStyles) -> SheetRows:
    """The sheet's title, key and header rows, table, panes and widths; its data rows are returned,
    to be written with the sheet (see :mod:`cspkit.reports.writers.xlsx_rows`)."""
    sheet["A1"] = f"{label}: {table.caption}" if label else table.caption
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = (f"Source: {plain_text(table.source)}. " if table.source else "") + key + \
        "The Notes sheet says how these figures were calculated."
    layout = _layout(table)
    header_row = 3
    for position, (title, _, _) in enumerate(layout, start=1):
        cell = sheet.cell(row=header_row, column=position, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows = [_data_row(sheet, styles, table, row, layout) for row in table.rows]
    last_row = header_row + max(len(table.rows), 1)
    if table.rows:
        _excel_table(sheet, _table_name(sheet.title), header_row, last_row, [title for title, _, _ in layout])
    sheet.freeze_panes = f"B{header_row + 1}"  # by name: a cell made here would be a row of its own
    for position, (title, index, part) in enumerate(layout, start=1):
        texts = [title] + [str(_width_value(table, row, index, part, cells[position - 1][0]) or "")
                           for row, cells in zip(table.rows[:200], rows, strict=False)]
        width = min(60, max(10, max(len(t) for t in texts) + 2))
        sheet.column_dimensions[get_column_letter(position)].width = width if position > 1 else max(width, 24)
    return SheetRows(header_row + 1, rows)


def _width_value(table: Table, row: Row, index: int, part: str, value: Any) -> Any:
    """The value a column's width is measured on: the cell's, but for a words column ("status"),
    the number it describes (as the widths have always been measured)."""
    if part != "status":
        return value
    return _value(table.columns[index], _part(row.cells[index], part), table.missing)


def _data_row(
    sheet: Worksheet, styles: CellStyles, table: Table, row: Row, layout: list[tuple[str, int, str]]
) -> list[tuple[Any, Look | None]]:
    """The row's cells on the sheet, each its value and how it is styled (None: not at all): its
    number format, the right alignment of a shorthand among numbers, the status fill, the row's
    indent (first column) and bold. A look's openpyxl style is made as it is first met, in the
    order of the cells, so the workbook's fonts and fills keep the order they always had."""
    cells: list[tuple[Any, Look | None]] = []
    for position, (_, index, part) in enumerate(layout):
        source = row.cells[index]
        if part == "status":  # the words for a shaded number, unstyled
            cells.append((source.status.label if source.status else None, None))
            continue
        column = table.columns[index]
        shown = _part(source, part)
        value = _value(column, shown, table.missing)
        number_format, right = None, False
        if column.numeric and not _is_missing(shown) and not isinstance(shown, NotAvailable):
            number_format = _number_format(column, source.decimals)
        elif column.numeric and value is not None:  # shorthand: right, where the numbers are
            right = True
        fill = style.CELL_FILLS[source.status.tone].lstrip("#") if source.status is not None else None
        look = (number_format, right, fill, row.level if position == 0 else 0, row.bold)
        if look == PLAIN:
            cells.append((value, None))
        else:
            styles.array(sheet, look)
            cells.append((value, look))
    return cells


def _is_missing(value: Any) -> bool:
    """:func:`is_missing`, answered at once for the plain numbers and words most cells hold."""
    kind = type(value)
    if kind is float:
        return value != value
    if kind is int or kind is str:
        return False
    return is_missing(value)


def _layout(table: Table) -> list[tuple[str, int, str]]:
    """The sheet's columns as (title, table column, part): each table column ("value"), or its two
    ends ("lower", "upper") where it holds intervals, plus a words column ("status") after any
    that is shaded."""
    shaded = set(table.columns_with_status())
    titles: set[str] = set()
    layout = []
    for index, column in enumerate(table.columns):
        if any(isinstance(row.cells[index].value, Interval) for row in table.rows):
            layout += [(_unique(f"{column.label}: {end}", titles), index, part)
                       for end, part in zip(column.ends, ("lower", "upper"), strict=True)]
        else:
            layout.append((_unique(column.label, titles), index, "value"))
        if index in shaded:
            layout.append((_unique(f"{column.label}: compared", titles), index, "status"))
    return layout


def _part(cell: Cell, part: str) -> Any:
    """The value a sheet column shows of a cell: an interval's lower or upper end, else the value."""
    if isinstance(cell.value, Interval):
        return cell.value.lower if part == "lower" else cell.value.upper
    return cell.value


def _value(column: Column, value: Any, missing: str) -> Any:
    if isinstance(value, NotAvailable):
        return NOT_AVAILABLE if column.numeric else value.text
    if _is_missing(value):
        return _shorthand(missing) if column.numeric else missing
    if column.kind == "integer":
        return round(float(value))
    if column.numeric:
        return float(value)
    return value


def _shorthand(missing: str) -> str | None:
    """What a number column shows for a missing number: the table's own shorthand ("[c]"), "[x]" for
    any other word ("N/A"), or nothing where the table prints nothing (a heading row's empty cells)."""
    if not missing.strip():
        return None
    return missing if _SHORTHAND.fullmatch(missing) else NOT_AVAILABLE


def _key(table: Table) -> str:
    """The sentence under the title that says what each shorthand in the sheet's numbers means, e.g.
    "[x]: not recorded. [c]: withheld to protect confidentiality. " (empty when none is used)."""
    meanings: dict[str, list[str]] = {}
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells, strict=True):
            if not column.numeric:
                continue
            for value in (cell.value.lower, cell.value.upper) if isinstance(cell.value, Interval) else (cell.value,):
                if isinstance(value, NotAvailable):
                    symbol, meaning = NOT_AVAILABLE, value.text
                elif _is_missing(value) and (symbol := _shorthand(table.missing)) is not None:
                    meaning = SHORTHAND.get(symbol, "see the notes")
                else:
                    continue
                if meaning not in meanings.setdefault(symbol, []):
                    meanings[symbol].append(meaning)
    return "".join(f"{symbol}: {' or '.join(words)}. " for symbol, words in meanings.items())


def _number_format(column: Column, places: int | None = None) -> str:
    decimals = "0" * (column.decimals if places is None else places)
    if column.kind == "integer":
        return NUMBER_FORMATS["integer"]
    template = NUMBER_FORMATS[column.kind]
    return template.format(decimals) if decimals else template.replace(".{}", "")


def _excel_table(sheet: Worksheet, name: str, first: int, last: int, headers: list[str]) -> None:
    """An Excel table over the header row ``first`` (``headers``) to row ``last``. Its columns are
    named here, as openpyxl would name them from the header cells on saving, which it looks up by
    making a cell of every place in the table: the data rows are no openpyxl cells (see xlsx_rows)."""
    reference = f"A{first}:{get_column_letter(len(headers))}{last}"
    columns = [TableColumn(id=number, name=header) for number, header in enumerate(headers, start=1)]
    table = ExcelTable(displayName=name, ref=reference, tableColumns=columns, autoFilter=AutoFilter(ref=reference))
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    sheet.add_table(table)


def _table_name(sheet_name: str) -> str:
    """An Excel table name from its sheet's ("Table 2" -> "Table_2"): letters, digits, underscores."""
    name = re.sub(r"\W", "_", sheet_name)
    return name if re.match(r"[A-Za-z_]", name) else f"_{name}"


def _sheet_name(wanted: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    base = _BAD_SHEET_CHARACTERS.sub(" ", wanted).strip()[:31] or "Table"
    name, counter = base, 2
    while name.lower() in used:
        suffix = f" ({counter})"
        name = base[: 31 - len(suffix)] + suffix
        counter += 1
    used.add(name.lower())
    return name


def _unique(title: str, used: set[str]) -> str:
    name, counter = title or "Column", 2
    while name.lower() in used:
        name = f"{title} ({counter})"
        counter += 1
    used.add(name.lower())
    return name
