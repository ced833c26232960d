"""What the width of a page fits: in a wide table, each number on one line; four headline figures in a row.

The demo's rates table (eight columns) printed "101.30 to / 103.82" over two lines and the verdict
word under its rate in some columns and beside it in others; the fourth of the executive summary's
headline figures, and of each priority's, took a row of its own. Read back with pdftotext."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cspkit.reports.document import (
    Cell,
    Column,
    Document,
    Interval,
    KeyFigure,
    KeyFigures,
    Row,
    Section,
    Status,
    Table,
)
from cspkit.reports.writers.pdf import render_pdf

pytestmark = pytest.mark.slow

HIGHER = Status("Higher", "Significantly higher than the rate in that column (95% confidence)", "higher")
COMPARATORS = ("Mercia Vale (force area)", "Most Similar Group (15 partnerships)", "West Midlands (region)",
               "England and Wales")


def wide_table() -> Table:
    columns = [Column("group", "Crime group"), Column("count", "Recorded", "integer"),
               Column("rate", "Hartbury", "number", 2), Column("interval", "95% confidence interval", "number", 2),
               *(Column(f"c{i}", name, "number", 2) for i, name in enumerate(COMPARATORS))]
    rows = [Row((Cell(f"Criminal damage and arson, case {n}"), Cell(25_522 + n), Cell(102.55),
                 Cell(Interval(101.30, 103.82)), *(Cell(85.88 + i, HIGHER) for i in range(len(COMPARATORS)))))
            for n in range(6)]
    return Table.build("wide", "Rates per 1,000 residents", columns, rows, source="data.police.uk")


def test_each_rate_with_its_verdict_and_each_interval_is_printed_on_one_line(tmp_path: Path):
    path = tmp_path / "wide.pdf"
    path.write_bytes(render_pdf(Document("Wide tables", [Section("rates", "Rates", [wide_table()])],
                                         contents=False)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    lines = text.splitlines()
    assert sum("101.30 to 103.82" in line for line in lines) == 6
    for i in range(len(COMPARATORS)):
        assert sum(f"{85.88 + i:.2f} Higher" in line for line in lines) == 6, i


def test_four_headline_figures_are_printed_in_one_row(tmp_path: Path):
    figures = KeyFigures([KeyFigure("25,522", "crimes recorded (excluding ASB)", "October 2025 to September 2026"),
                          KeyFigure("102.6", "crimes per 1,000 residents", "England and Wales: 88.0"),
                          KeyFigure("+2%", "crime on the previous period", "Not significant"),
                          KeyFigure("26.5", "ASB incidents per 1,000 residents", "England and Wales: 17.5")])
    path = tmp_path / "figures.pdf"
    path.write_bytes(render_pdf(Document("Headline", [Section("summary", "Summary", [figures])], contents=False)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert any(all(value in line for value in ("25,522", "102.6", "+2%", "26.5")) for line in text.splitlines())
