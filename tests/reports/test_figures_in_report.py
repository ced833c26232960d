"""The demo report's figures, their notes and their data as readers get them: the notes under the
monthly charts name the centre line for what it is, the workbook's figure data holds what the charts
draw (special causes high or low, the forecast and its interval, one-line periods, no made-up limits),
and the maps outline every ward the ward table names."""

from __future__ import annotations

import itertools
from pathlib import Path

import openpyxl
import pytest

from cspkit.cli.report_assessment import lsoa_boundaries
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.document import Figure, Paragraph
from cspkit.store import open_store

from .demo_report import Built, flat, pdf_pages

pytestmark = pytest.mark.slow


def _notes_after_figures(built: Built) -> dict[str, str]:
    """Each figure's id and the paragraph that follows it (its note), in document order."""
    notes = {}
    for section in built.document.sections:
        blocks = list(section.blocks)
        for block, after in itertools.pairwise(blocks):
            if isinstance(block, Figure) and isinstance(after, Paragraph):
                notes[block.id] = after.text
    return notes


def test_the_monthly_notes_name_a_seasonal_centre_line_the_expected_level(demo: Built):
    notes = _notes_after_figures(demo)
    monthly = [f for f in demo.document.figures() if f.data is not None
               and any(c.label in ("Expected level", "Centre line") for c in f.data.columns)]
    assert monthly
    seasonal = 0
    earlier: list[str] = []  # a note printed under an earlier chart of the same kind is not printed again
    for figure in monthly:
        wanted = ("The solid line is the expected level" if any(c.label == "Expected level"
                                                                 for c in figure.data.columns)
                  else "The solid line is the average month")
        seasonal += wanted.endswith("expected level")
        note = notes.get(figure.id)
        if note is None:
            assert any(wanted in text for text in earlier), figure.id
            continue
        earlier.append(note)
        assert wanted in note and (wanted.endswith("average month") or "is the average" not in note), figure.id
    assert seasonal, "the demo's crime follows the seasons: some chart's centre line should follow them"
    text = flat(" ".join(pdf_pages(demo.files["pdf"])))
    assert "The solid line is the average and" not in text


def test_the_workbook_holds_what_each_control_chart_draws(demo: Built):
    book = openpyxl.load_workbook(demo.files["xlsx"], read_only=True)
    labels = demo.document.numbering()
    checked, sides = 0, set()
    for figure in demo.document.figures():
        if figure.data is None or not any(c.key == "special" for c in figure.data.columns):
            continue
        rows = list(book[f"{labels[figure.id]} data"].iter_rows(values_only=True))
        header = list(rows[2])
        special = {row[header.index("Special cause (high or low)")] for row in rows[3:]}
        assert special <= {"High", "Low", "No", None}, figure.id
        sides |= special
        if any(c.key == "forecast" for c in figure.data.columns):
            ahead = [row for row in rows[3:] if row[header.index("Forecast")] is not None]
            assert len(ahead) == 12, figure.id
            low, high = (header.index(f"Forecast: {end} 95% prediction limit") for end in ("lower", "upper"))
            assert all(row[low] <= row[header.index("Forecast")] <= row[high] for row in ahead), figure.id
        checked += 1
    assert checked >= 2 and {"High", "Low"} <= sides


def test_figure_data_periods_are_on_one_line_and_published_rates_have_no_made_up_limits(demo: Built):
    book = openpyxl.load_workbook(demo.files["xlsx"], read_only=True)
    labels = demo.document.numbering()
    quarterly = next(f for f in demo.document.figures() if f.id == "rate-by-quarter")
    rows = list(book[f"{labels[quarterly.id]} data"].iter_rows(values_only=True))[3:]
    assert rows and not any("\n" in str(row[0]) for row in rows)
    published = 0
    for figure in demo.document.figures():
        if not figure.id.endswith("-comparison"):
            continue
        sheet = list(book[f"{labels[figure.id]} data"].iter_rows(values_only=True))
        header = list(sheet[2])
        low, high, rate = header.index("Lower 95% limit"), header.index("Upper 95% limit"), 1
        for row in sheet[3:]:
            assert row[low] != row[rate] and row[high] != row[rate], (figure.id, row)
            published += row[low] is None
    assert published, "the demo's published comparators should leave their limits empty"


def test_the_hot_spot_data_names_lsoas_and_gives_grid_cells_their_coordinates(demo: Built):
    book = openpyxl.load_workbook(demo.files["xlsx"], read_only=True)
    labels = demo.document.numbering()
    headers = {f.id: list(list(book[f"{labels[f.id]} data"].iter_rows(values_only=True))[2])
               for f in demo.document.figures() if "hotspots" in f.id}
    assert headers["map-lsoa-hotspots"][0] == "LSOA"
    assert headers["map-grid-hotspots"][:2] == ["Cell centre: easting (metres)", "Cell centre: northing (metres)"]
    assert not any(h[0] == "Cell" for h in headers.values())


def test_the_maps_outline_every_ward_the_ward_table_names(demo: Built, demo_store: Path):
    lsoas = demo.assessment.table("lsoas")
    with open_store(demo_store, read_only=True) as store:
        shapes = lsoa_boundaries(store.con, list(lsoas["lsoa_code"]))
    outlined = ReportInputs(demo.assessment, demo.ranking, boundaries=shapes).ward_shapes
    assert outlined is not None
    assert set(outlined["name"]) == set(lsoas["ward_name"].dropna())
