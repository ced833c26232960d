"""The PDF, read back with poppler: A4, contents with the right page numbers, running header,
page x of y, captions, tables with their status words, and pages that show the figures."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.slow


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout


@pytest.fixture(scope="module")
def pages(written) -> list[str]:
    """The text of each page, laid out as printed."""
    return run("pdftotext", "-layout", str(written["pdf"]), "-").split("\f")[:-1]


def test_the_pdf_is_tagged_a4_with_the_reports_title(written, report):
    info = run("pdfinfo", str(written["pdf"]))
    assert re.search(r"Page size:\s+595.2\d* x 841.8\d* pts \(A4\)", info)
    assert re.search(r"Tagged:\s+yes", info)
    assert re.search(rf"Title:\s+{report.title}", info)
    assert 'pdfuaid:part="1"' in run("pdfinfo", "-meta", str(written["pdf"]))


def test_the_structure_tree_has_headings_tables_and_a_figure_for_each_chart(written, report):
    structure = run("pdfinfo", "-struct", str(written["pdf"]))
    elements = re.findall(r"^\s*(\w+)", structure, re.MULTILINE)
    assert elements.count("Figure") == len(report.figures())
    assert elements.count("H2") >= sum(1 for s in report.sections if s.level == 1)
    assert elements.count("Table") >= len(report.tables())


def test_the_cover_carries_the_title_then_a_details_page_the_metadata_and_licence(pages):
    cover = " ".join(pages[0].split())
    assert "Cannock Chase Strategic Assessment 2023 Executive summary" in cover
    details = " ".join(pages[1].split())
    assert "Produced by Cannock Chase Community Safety Partnership" in details
    assert "Open Government Licence v3.0" in details and "Contains OS data © Crown copyright" in details


def test_the_contents_page_numbers_are_the_pages_the_sections_start_on(pages, report):
    contents = pages[2]  # after the cover and its details page
    assert "Contents" in contents
    for section in report.sections:
        match = re.search(rf"^\s*{re.escape(section.title)}\s*\.+\s*(\d+)\s*$", contents, re.MULTILINE)
        assert match, f"{section.title} is not in the contents"
        page = int(match.group(1))
        assert re.search(rf"^{re.escape(section.title)}\s*$", pages[page - 1], re.MULTILINE), (section.title, page)


def test_every_page_after_the_cover_has_the_running_header_and_page_x_of_y(pages, report):
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"Page {number} of {total}\s*$", text.rstrip()), number
        if number > 1:
            assert text.lstrip().startswith(report.title), number


def test_sections_asked_to_start_a_page_do(pages, report):
    for section in (s for s in report.sections if s.new_page):
        page = next(text for text in pages if re.search(rf"^{re.escape(section.title)}\s*$", text, re.MULTILINE))
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[1] == section.title  # straight after the running header


def test_tables_and_figures_are_captioned_and_numbered(pages):
    text = "\n".join(pages)
    assert "Table 1: Recorded crime, April to October" in text
    assert "Table 2: Rates of recorded crime per 1,000 residents, April 2022 to March 2023" in text
    for number, title in enumerate(["Recorded crime per 1,000 residents, 2018/19 to 2022/23",
                                    "Recorded crime each month with control limits",
                                    "Recorded crime per 1,000 residents by LSOA", "The ten LSOAs with most crime"],
                                   start=1):
        assert f"Figure {number}: {title}" in text


def test_shaded_cells_say_their_status_in_words(pages):
    text = "\n".join(pages)
    assert re.search(r"Total crime \(excluding fraud\)\s+83\.0 Similar\s+87\.0\s+91\.7", text)
    assert re.search(r"Violence against the person\s+38\.0 Higher", text)
    assert "Lower Significantly lower than England and Wales (95% confidence)" in text


def test_the_pages_with_figures_show_them(written, pages, tmp_path: Path):
    page = next(i for i, text in enumerate(pages, start=1) if "Figure 3:" in text)
    run("pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), str(written["pdf"]), str(tmp_path / "p"))
    image = np.asarray(Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")).astype(int)
    coloured = (np.abs(image - image.mean(axis=2, keepdims=True)).max(axis=2) > 40).mean()
    assert coloured > 0.05, "the map page shows almost no colour: the map is missing"
