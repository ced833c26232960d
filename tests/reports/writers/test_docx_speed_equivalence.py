"""Word tables and the body are built as XML directly (for speed); they must say what python-docx's API would."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from cspkit.reports import style
from cspkit.reports.document import Cell, Column, Document, Figure, Paragraph, Row, Section, Status, Table
from cspkit.reports.writers.docx import STATUS_PT, _Body, _column_widths, _plain_run, render_docx

HIGHER = Status("Higher", "Significantly higher than England and Wales", "higher")
COLUMNS = (Column("group", "Crime group"), Column("count", "Crimes", "integer"), Column("rate", "Rate", "number"))
TABLE = Table.build("crime", "Crimes by group", COLUMNS, [
    Row((Cell("All crime"), Cell(1234), Cell(88.04, HIGHER)), bold=True),
    Row((Cell("Burglary"), Cell(56), Cell(None)), level=1),
    Row((Cell(" edge spaces\tand a tab"), Cell(7), Cell(1.5)), level=2),
    Row((Cell("two\nlines"), Cell(8), Cell(2.25, HIGHER))),
])


@pytest.fixture(scope="module")
def written() -> docx.table.Table:
    data = render_docx(Document("Tables", [Section("s", "Section", [TABLE])]))
    return next(t for t in docx.Document(io.BytesIO(data)).tables if t.cell(0, 0).text == "Crime group")


def test_cells_keep_their_text_bold_alignment_and_indent(written):
    rows = [[cell.paragraphs[0] for cell in row.cells] for row in written.rows]
    assert [[p.text for p in row] for row in rows] == [
        ["Crime group", "Crimes", "Rate"],
        ["All crime", "1,234", "88.0 Higher"],
        ["Burglary", "56", "N/A"],
        [" edge spaces\tand a tab", "7", "1.5"],
        ["two\nlines", "8", "2.2 Higher"],
    ]
    assert [[p.runs[0].bold for p in row] for row in rows] == [[True] * 3, [True] * 3] + [[False] * 3] * 3
    assert all([p.alignment for p in row] == [WD_ALIGN_PARAGRAPH.LEFT] + [WD_ALIGN_PARAGRAPH.RIGHT] * 2
               for row in rows)
    indents = [row[0].paragraph_format.left_indent for row in rows]
    assert [indent and indent.twips for indent in indents] == [None, None, Cm(0.4).twips, Cm(0.8).twips, None]
    assert all(row[1].paragraph_format.left_indent is None for row in rows)


def test_status_cells_are_shaded_with_a_small_status_run(written):
    for row, column in ((1, 2), (4, 2)):
        cell = written.cell(row, column)
        assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == style.CELL_FILLS["higher"].lstrip("#")
        status = cell.paragraphs[0].runs[-1]
        assert status.text == " Higher" and status.font.size == Pt(STATUS_PT)
    assert written.cell(2, 2)._tc.tcPr.find(qn("w:shd")) is None


def test_the_table_has_its_style_header_row_and_widths_on_the_grid_and_every_cell(written):
    assert written.style.name == "Table Grid"
    assert written.alignment == WD_TABLE_ALIGNMENT.LEFT and written.autofit is False
    assert written.rows[0]._tr.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in written.rows[1:])
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in written.rows)
    widths = [width.twips for width in _column_widths(TABLE)]
    assert [column.width.twips for column in written.columns] == widths
    assert all([cell.width.twips for cell in row.cells] == widths for row in written.rows)


def test_the_table_xml_is_what_python_docx_would_write(written):
    assert _canonical(written._tbl) == _canonical(_with_python_docx(TABLE))


def _with_python_docx(table: Table) -> etree._Element:
    """The table as the writer used to build it, through python-docx's element-by-element API."""
    word = docx.Document()
    grid = word.add_table(rows=1, cols=len(table.columns))
    grid.style = word.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    aligns = [WD_ALIGN_PARAGRAPH.RIGHT if c.numeric else WD_ALIGN_PARAGRAPH.LEFT for c in table.columns]
    for cell, column, align in zip(grid.rows[0].cells, table.columns, aligns, strict=True):
        cell.paragraphs[0].add_run(column.label).bold = True
        cell.paragraphs[0].alignment = align
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    etree.SubElement(grid.rows[0]._tr.get_or_add_trPr(), qn("w:cantSplit"))
    header = etree.SubElement(grid.rows[0]._tr.get_or_add_trPr(), qn("w:tblHeader"))
    header.set(qn("w:val"), "true")
    for number, row in enumerate(table.rows):
        added = grid.add_row()
        etree.SubElement(added._tr.get_or_add_trPr(), qn("w:cantSplit"))
        together = zip(added.cells, table.columns, row.cells, aligns, strict=True)
        for index, (target, column, cell, align) in enumerate(together):
            paragraph = target.paragraphs[0]
            paragraph.alignment = align
            if number < 2 or number >= len(table.rows) - 3:  # the header with 3 rows, the last 3 together
                paragraph.paragraph_format.keep_with_next = True
            paragraph.add_run(column.format(cell.value, table.missing)).bold = row.bold
            if index == 0 and row.level:
                paragraph.paragraph_format.left_indent = Cm(0.4 * row.level)
            if cell.status is not None:
                paragraph.add_run(f" {cell.status.label}").font.size = Pt(STATUS_PT)
                shading = etree.SubElement(target._tc.get_or_add_tcPr(), qn("w:shd"))
                for key, value in (("w:val", "clear"), ("w:color", "auto"),
                                   ("w:fill", style.CELL_FILLS[cell.status.tone].lstrip("#"))):
                    shading.set(qn(key), value)
    grid.autofit = False
    for column, width in zip(grid.columns, _column_widths(table), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return grid._tbl


def _canonical(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n")


def _png(colour: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _fill(adder, red: bytes, blue: bytes) -> None:
    """The same blocks added through python-docx's ``Document`` or through the writer's ``_Body``."""
    adder.add_heading("A heading", level=1)
    adder.add_heading("The title", level=0)
    adder.add_paragraph(" Text\twith a tab\nand a break ", style="Caption")
    adder.add_paragraph("Normal by name", style="Normal")
    adder.add_paragraph()
    adder.add_page_break()
    adder.add_table(rows=1, cols=2, style="Table Grid")
    for png in (red, blue, red):  # the third is the first again: one image, two pictures
        adder.add_picture(io.BytesIO(png) if isinstance(adder, docx.document.Document) else png, width=Cm(5))
    adder.add_picture(io.BytesIO(blue) if isinstance(adder, docx.document.Document) else blue, height=Cm(2))


def test_the_body_is_written_as_python_docx_writes_it():
    red, blue = _png("#d4351c"), _png("#1d70b8")
    ours, theirs = docx.Document(), docx.Document()
    _fill(_Body(ours), red, blue)
    _fill(theirs, red, blue)
    assert _canonical(ours.element.body) == _canonical(theirs.element.body)
    assert ([(r.rId, r.target_ref) for r in ours.part.rels.values()]
            == [(r.rId, r.target_ref) for r in theirs.part.rels.values()])


@pytest.mark.parametrize(("bold", "italic"), [(False, False), (True, False), (False, True), (True, True)])
def test_a_plain_run_is_what_add_run_writes(bold, italic):
    theirs = docx.Document().add_paragraph()
    run = theirs.add_run(" two\tparts ")
    run.bold, run.italic = bold or None, italic or None
    ours = docx.Document().add_paragraph()
    _plain_run(ours._p, " two\tparts ", bold=bold, italic=italic)
    assert _canonical(ours._p) == _canonical(theirs._p)


def test_pictures_are_stored_as_they_are_and_the_rest_deflated():
    figure = Figure("chart", "A chart", "A chart of nothing.", _png("#1d70b8"), source="test")
    data = render_docx(Document("Pictures", [Section("s", "Section", [figure, Paragraph("Said.")])]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        methods = {info.filename: info.compress_type for info in archive.infolist()}
        assert archive.testzip() is None
    assert methods.pop("word/media/image1.png") == zipfile.ZIP_STORED
    assert set(methods.values()) == {zipfile.ZIP_DEFLATED}
    word = docx.Document(io.BytesIO(data))
    assert word.inline_shapes[0]._inline.docPr.get("descr") == "A chart of nothing."
