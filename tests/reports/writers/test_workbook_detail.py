"""A table's detail (e.g. every file behind a one-row-per-source table) goes to the workbook only."""

from __future__ import annotations

import io

import openpyxl

from cspkit.reports.document import Column, Document, Section, Table
from cspkit.reports.writers.html import render_html
from cspkit.reports.writers.xlsx import render_xlsx


def _document() -> Document:
    detail = Table.build("files", "Files behind the sources", [Column("file", "File"), Column("sha", "SHA-256")],
                         [["street.csv", "ab" * 32]], sheet_name="Input files")
    sources = Table.build("sources", "Sources", [Column("dataset", "Dataset")], [["Street-level crime"]],
                          sheet_name="Sources", detail=detail)
    return Document("A report", [Section("s", "Sources", [sources])])


def test_a_tables_detail_has_its_own_sheet_after_the_table():
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(_document())))
    assert book.sheetnames[1:] == ["Sources", "Input files"]
    cells = [v for row in book["Input files"].iter_rows(values_only=True) for v in row]
    assert "ab" * 32 in cells


def test_the_detail_is_not_printed_with_the_table():
    assert "ab" * 32 not in render_html(_document())
