"""A table sheet's data rows written straight into the sheet's XML, as openpyxl would write them.

A report's workbook holds some 25,000 numbers and words. Made into openpyxl cells, each styled
one attribute at a time (each style hashed into the workbook's lists every time) and then
serialised cell by cell, they took nine tenths of the time the workbook took to write. Here the
rows stay values with a "look" (number format, alignment, fill, indent, bold) until the sheet is
saved, and each row is then built as one XML element: the same ``<row>`` and ``<c>`` elements,
style ids, types and number text as openpyxl's own writer gives them. The title, key and header
rows above them, the Excel table, frozen panes, widths and the Notes sheet stay openpyxl's.
A value of any type but text, a whole number or a decimal is left to openpyxl's cell writer.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from math import isfinite
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from lxml.etree import Element, SubElement
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as ExcelCell
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

Look = tuple[str | None, bool, str | None, int, bool]
"""How a data cell is styled: its number format, right-aligned, fill colour, indent level and bold.
A few of these serve all of a workbook's cells (a plain tuple: one is made for every cell); a cell
not styled at all has None, not :data:`PLAIN`."""
PLAIN: Look = (None, False, None, 0, False)
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SIMPLE = (str, int, float)
"""The types written here; ``bool``, dates and the rest go through openpyxl's cell writer."""


class CellStyles:
    """Each look's openpyxl style, made once, and its id in the workbook's cell styles.

    The style is made through openpyxl's own attributes on a model cell, in the order the writer
    always set them (so fonts, fills and formats are numbered as before); its id is taken when the
    first cell with it is written, as openpyxl numbers a cell's style when it writes the cell.
    """

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._arrays: dict[Look, StyleArray] = {}
        self._ids: dict[Look, str] = {}

    def array(self, sheet: Worksheet, look: Look) -> StyleArray:
        """The look's style, made (on ``sheet``) the first time it is asked for."""
        if look not in self._arrays:
            number_format, right, fill, indent, bold = look
            model = ExcelCell(sheet)
            if number_format is not None:
                model.number_format = number_format
            if right:
                model.alignment = Alignment(horizontal="right")
            if fill is not None:
                model.fill = PatternFill("solid", start_color=fill, end_color=fill)
            if indent:
                model.alignment = Alignment(indent=indent * 2)
            if bold:
                model.font = Font(bold=True)
            self._arrays[look] = model._style
        return self._arrays[look]

    def style_id(self, look: Look) -> str:
        if look not in self._ids:
            self._ids[look] = str(self._workbook._cell_styles.add(self._arrays[look]))
        return self._ids[look]


@dataclass
class SheetRows:
    """A table sheet's data rows from row ``first``: each cell its value and look."""

    first: int
    rows: list[list[tuple[Any, Look | None]]]

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


def save(workbook: Workbook, data: dict[str, SheetRows], styles: CellStyles) -> bytes:
    """The workbook as .xlsx bytes, as ``Workbook.save`` writes it, with ``data``'s rows on their sheets."""
    buffer = io.BytesIO()
    workbook.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    archive = ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True)
    _WorkbookWriter(workbook, archive, data, styles).save()  # closes the archive
    return buffer.getvalue()


class _WorkbookWriter(ExcelWriter):
    """openpyxl's workbook writer, its sheets written by :class:`_SheetWriter` into memory."""

    def __init__(self, workbook: Workbook, archive: ZipFile, data: dict[str, SheetRows], styles: CellStyles):
        super().__init__(workbook, archive)
        self._data = data
        self._styles = styles

    def write_worksheet(self, ws: Worksheet) -> None:
        """``ExcelWriter.write_worksheet`` (for a workbook not in write-only mode), with rows added."""
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, self._data.get(ws.title), self._styles)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.out.getvalue())
        self.manifest.append(ws)


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, writing the sheet's data rows (if any) after its own cells."""

    def __init__(self, ws: Worksheet, data: SheetRows | None, styles: CellStyles) -> None:
        super().__init__(ws, out=io.BytesIO())
        self._data = data
        self._styles = styles
        self._letters = [get_column_letter(column) for column in range(1, (data.width if data else 0) + 1)]

    def write_dimensions(self) -> None:
        """The sheet's extent, its own cells and the data rows together."""
        if self._data is None or not self._data.rows:
            super().write_dimensions()
            return
        ws = self.ws
        first_row, first_column = (ws.min_row, ws.min_column) if ws._cells else (self._data.first, 1)
        last_column = max(ws.max_column if ws._cells else 1, self._data.width)
        reference = f"{get_column_letter(first_column)}{first_row}:{get_column_letter(last_column)}{self._data.last}"
        self.xf.send(SheetDimension(reference).to_tree())

    def write_rows(self) -> None:
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            for row_idx, row in self.rows():
                self.write_row(xf, row, row_idx)
            if self._data is not None:
                for row_idx, cells in enumerate(self._data.rows, start=self._data.first):
                    self._write_data_row(xf, row_idx, cells)
        self.xf.send(None)

    def _write_data_row(self, xf: Any, row_idx: int, cells: list[tuple[Any, Look | None]]) -> None:
        row = _row_element(row_idx, cells, self._styles, self._letters)
        if row is not None:
            xf.write(row)
            return
        self.write_row(xf, [self._cell(row_idx, column, value, look)
                            for column, (value, look) in enumerate(cells, start=1)], row_idx)

    def _cell(self, row_idx: int, column: int, value: Any, look: Look | None) -> ExcelCell:
        """The openpyxl cell for a value of a type not written here."""
        cell = ExcelCell(self.ws, row=row_idx, column=column, value=value)
        if cell.data_type == "f":  # text that looks like a formula stays text (formula injection)
            cell.data_type = "s"
        if look is not None:
            cell._style = StyleArray(self._styles.array(self.ws, look))
        return cell


def _row_element(
    row_idx: int, cells: list[tuple[Any, Look | None]], styles: CellStyles, letters: list[str]
) -> Element | None:
    """The ``<row>`` openpyxl's ``lxml_write_cell`` writes for these cells, or None if one holds
    anything but text, a whole number or a decimal."""
    number = str(row_idx)
    row = Element("row", {"r": number})
    for letter, (value, look) in zip(letters, cells, strict=False):
        if value is None and look is None:
            continue
        kind = type(value)
        if kind not in _SIMPLE and value is not None:
            return None
        attributes = {"r": letter + number}
        if look is not None:
            attributes["s"] = styles.style_id(look)
        if kind is str:  # text, never a formula however it starts (formula injection)
            value = _checked(value)
            attributes["t"] = "e" if value in ERROR_CODES else "inlineStr"
        else:
            attributes["t"] = "n"
        cell = SubElement(row, "c", attributes)
        if value is None or value == "":
            cell.text = ""  # <c ...></c>, as openpyxl's incremental writer closes it
        elif kind is not str:
            SubElement(cell, "v").text = f"{value:.16g}" if isfinite(value) else safe_string(value)
        elif attributes["t"] == "e":  # "#N/A" and the like, which openpyxl takes for Excel's errors
            SubElement(cell, "v").text = value
        else:
            text = SubElement(SubElement(cell, "is"), "t", {_XML_SPACE: "preserve"} if value != value.strip() else {})
            text.text = value
    return row


def _checked(text: str) -> str:
    """Text as openpyxl keeps it in a cell: at most 32,767 characters, and no control characters."""
    text = text[:32767]
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise IllegalCharacterError(f"{text} cannot be used in worksheets.")
    return text

