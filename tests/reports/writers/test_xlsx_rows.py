"""Table sheets' data rows are written as XML directly (for speed); they must be what openpyxl writes."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest
from openpyxl.cell.cell import Cell as ExcelCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableColumn

from cspkit.reports.writers.xlsx_rows import CellStyles, SheetRows, save

NUMBER = ("#,##0.0", False, None, 0, False)
SHADED = ("0.0%", False, "F6D7D2", 0, True)
SHORTHAND = (None, True, None, 0, False)
INDENTED = (None, False, None, 2, True)
ROWS = [
    [("All crime", INDENTED), (1234, NUMBER), (0.123, SHADED), (None, None), ("[x]", SHORTHAND)],
    [(" edge spaces ", None), (2.5, NUMBER), (float("nan"), SHADED), ("Higher", None), ("", SHORTHAND)],
    [("=1+1", None), (-0.0, NUMBER), (12345678901234567890, None), (None, SHADED), ("#N/A", None)],
    [("a & <b>\ttab\nline\r", None), (0.1 + 0.2, NUMBER), (7, NUMBER), ("x" * 40000, None), (None, None)],
]
ODD_ROW = [("A date", None), (datetime.date(2024, 1, 2), NUMBER), (True, None), (3, SHADED), (None, None)]


def _book(rows: list[list], *, as_cells: bool) -> bytes:
    """A sheet with a title, a header and ``rows`` under it in an Excel table, saved either by
    this writer or (``as_cells``) as openpyxl cells through ``Workbook.save``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Table 1"
    sheet["A1"] = "A title"
    headers = ["Group", "Count", "Rate", "Rate: compared", "Note"]
    sheet.append(headers)
    styles = CellStyles(workbook)
    for row in rows:
        for _, look in row:
            if look is not None:
                styles.array(sheet, look)
    reference = f"A2:E{2 + len(rows)}"
    columns = [TableColumn(id=number, name=header) for number, header in enumerate(headers, start=1)]
    sheet.add_table(ExcelTable(displayName="Table_1", ref=reference, tableColumns=columns,
                               autoFilter=AutoFilter(ref=reference)))
    sheet.freeze_panes = "B3"
    if not as_cells:
        return save(workbook, {"Table 1": SheetRows(3, rows)}, styles)
    for row in rows:
        cells = []
        for value, look in row:
            cell = ExcelCell(sheet, value=value)
            if cell.data_type == "f":
                cell.data_type = "s"
            if look is not None:
                cell._style = StyleArray(styles.array(sheet, look))
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


@pytest.mark.parametrize("rows", [ROWS, [*ROWS[:2], ODD_ROW, *ROWS[2:]]], ids=["plain", "with-other-types"])
def test_the_rows_are_what_openpyxl_writes_for_the_same_cells(rows):
    ours, theirs = _parts(_book(rows, as_cells=False)), _parts(_book(rows, as_cells=True))
    assert ours.keys() == theirs.keys()
    assert b"<row " in ours["xl/worksheets/sheet1.xml"]
    assert ours == theirs


def test_the_rows_read_back_with_their_values_and_styles():
    sheet = openpyxl.load_workbook(io.BytesIO(_book(ROWS, as_cells=False)))["Table 1"]
    assert sheet.dimensions == "A1:E6"
    assert [cell.value for cell in sheet[3]] == ["All crime", 1234, 0.123, None, "[x]"]
    assert sheet["A3"].alignment.indent == 4 and sheet["A3"].font.bold
    assert sheet["C3"].number_format == "0.0%" and sheet["C3"].fill.fgColor.rgb == "00F6D7D2"
    assert sheet["E3"].alignment.horizontal == "right"
    assert sheet["A4"].value == " edge spaces " and sheet["A5"].value == "=1+1" and sheet["A5"].data_type == "s"
    assert len(sheet["D6"].value) == 32767


def test_text_excel_cannot_hold_is_refused_as_openpyxl_refuses_it():
    with pytest.raises(IllegalCharacterError):
        _book([[("bell\x07", None)]], as_cells=False)
