"""Where the PDF breaks its pages: never a table's header with one or two rows at the foot of a
page, never its last row or two alone on the next, never a note broken mid-sentence, and never a
figure on one page and the sentence that explains it ("In the chart above...") on the next.

Each case is laid out after fillers of a growing number of lines, so that one of them puts the
break at the place under test, whatever the exact heights of the lines."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from cspkit.reports import charts
from cspkit.reports.document import BulletList, Cell, Column, Document, Paragraph, Row, Section, Table
from cspkit.reports.writers.pdf import render_pdf

from ..samples import rates_frame

pytestmark = pytest.mark.slow

FILLERS = range(28, 58)
"""Lines of text before the case: together they move the case down a page in steps shorter than a row."""
ROWS = 8
METHOD = ("Rates are crimes per 1,000 residents; the interval is exact (Poisson) below 100 records and by "
          "Byar's method from 100. A comparator's cell says whether the area's rate is significantly higher or "
          "lower than the rate in that column, or similar to it, at 95% confidence. Published rates are treated "
          "as fixed values with no interval of their own, as Public Health England's Fingertips does, so a "
          "comparator whose rate lies outside the area's interval differs from it significantly, which ends here.")
EXPLANATION = "In the chart above, each point is one year's rate and the line joins them, which ends here."


def filler(lines: int) -> BulletList:
    return BulletList(f"Filler line {n} of the section." for n in range(lines))


def rows_table(id: str) -> Table:
    columns = [Column("name", "Ward"), Column("count", "Crimes", "integer")]
    return Table.build(id, "Crimes by ward", columns, [(f"Ward {n:02d}", 100 + n) for n in range(1, ROWS + 1)],
                       source="data.police.uk", method=METHOD)


def laid_out(sections: list[Section], tmp_path: Path) -> list[str]:
    path = tmp_path / "breaks.pdf"
    path.write_bytes(render_pdf(Document("Page breaks", sections, contents=False)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    return text.stdout.split("\f")[:-1]


@pytest.fixture(scope="module")
def table_pages(tmp_path_factory) -> list[list[str]]:
    """For each filler, the pages of its section (a section per filler, each starting a page)."""
    sections = [Section(f"case-{lines}", f"Case {lines}", [filler(lines), rows_table(f"wards-{lines}")],
                        new_page=True) for lines in FILLERS]
    return _by_section(laid_out(sections, tmp_path_factory.mktemp("tables")), len(FILLERS))


@pytest.fixture(scope="module")
def grouped_pages(tmp_path_factory) -> list[list[str]]:
    """For each filler, the pages of a table whose bold rows head groups of rows (searches by outcome...)."""
    columns = [Column("name", "Recorded as"), Column("count", "Searches", "integer")]
    rows = []
    for group in "ABCDEF":
        rows.append(Row((Cell(f"Group {group}"), Cell(None)), bold=True))
        rows += [Row((Cell(f"Member {group}{n}"), Cell(10 * n)), level=1) for n in range(1, 4)]
    sections = [Section(f"case-{lines}", f"Case {lines}", [filler(lines), Table.build(
        f"groups-{lines}", "Searches", columns, rows, missing="")], new_page=True) for lines in FILLERS]
    return _by_section(laid_out(sections, tmp_path_factory.mktemp("groups")), len(FILLERS))


@pytest.fixture(scope="module")
def figure_pages(tmp_path_factory) -> list[list[str]]:
    figure = charts.rate_over_time(rates_frame(), id="rates", focus="Cannock Chase", title="Rates over time",
                                   source="Home Office")
    sections = [Section(f"case-{lines}", f"Case {lines}",
                        [filler(lines - 16), replace(figure, id=f"rates-{lines}"),
                         Paragraph(EXPLANATION)], new_page=True)
                for lines in FILLERS]
    return _by_section(laid_out(sections, tmp_path_factory.mktemp("figures")), len(FILLERS))


def _by_section(pages: list[str], count: int) -> list[list[str]]:
    starts = [i for i, page in enumerate(pages) if re.search(r"^\s*Case \d+\s*$", page, re.MULTILINE)]
    assert len(starts) == count
    return [pages[start:end] for start, end in zip(starts, [*starts[1:], len(pages)], strict=True)]


def test_a_table_never_leaves_its_header_and_one_or_two_rows_at_the_foot_of_a_page(table_pages):
    split = 0
    for pages in table_pages:
        counts = [len(re.findall(r"^\s*Ward \d\d\b", page, re.MULTILINE)) for page in pages]
        shown = [count for count in counts if count]
        assert sum(shown) == ROWS
        split += len(shown) > 1
        assert shown[0] >= 3, counts  # the header never sits with one or two rows
        assert shown[-1] >= 3, counts  # the last rows never sit alone
    assert split  # some filler did make the table break across pages


def test_a_tables_notes_follow_it_and_are_never_broken_mid_sentence(table_pages):
    for pages in table_pages:
        with_method = [page for page in pages if "How this was calculated" in page]
        assert len(with_method) == 1 and "which ends here" in with_method[0]
        last_rows = [page for page in pages if re.search(r"^\s*Ward \d\d\b", page, re.MULTILINE)][-1]
        assert last_rows is with_method[0]  # the note is on the page where the table ends


def test_the_sentence_explaining_a_figure_is_on_the_figures_page(figure_pages):
    moved = 0
    for pages in figure_pages:
        caption = [page for page in pages if "Figure" in page and "Rates over time" in page]
        explained = [page for page in pages if "In the chart above" in page]
        assert len(caption) == 1 and caption == explained
        assert "which ends here" in explained[0]
        moved += pages.index(caption[0]) > 0
    assert moved  # some filler did push the figure to the next page


def test_a_row_heading_a_group_is_never_left_at_the_foot_of_a_page(grouped_pages):
    split = 0
    for pages in grouped_pages:
        lasts = [re.findall(r"^\s*(Group|Member) \w+", page, re.MULTILINE) for page in pages]
        lasts = [rows[-1] for rows in lasts if rows]
        split += len(lasts) > 1
        assert "Group" not in lasts[:-1], lasts  # each page's last row is a member, not a heading
    assert split


def test_a_tables_long_notes_may_start_the_next_page_rather_than_take_its_last_rows_with_them(tmp_path):
    """The demo's overview table has eight notes: kept with the table, they took its last rows onto the next
    page and left half a page blank. Its rows, source and method stay together; the further notes follow."""
    table = replace(rows_table("wards"), notes=tuple(f"Note {n}: " + "a caveat a reader needs. " * 12
                                                      for n in range(10)))
    pages = laid_out([Section("case", "Case 24", [filler(24), table])], tmp_path)
    (start,) = [i for i, page in enumerate(pages) if re.search(r"^\s*Case 24\s*$", page, re.MULTILINE)]
    with_rows = [i for i, page in enumerate(pages) if re.search(r"^\s*Ward \d\d\b", page, re.MULTILINE)]
    assert with_rows == [start], with_rows  # every row on the section's first page, with its method
    assert "How this was calculated" in pages[start] and "which ends here" in pages[start]
    assert "Note 9:" in pages[-1] and len(pages) > start + 1
