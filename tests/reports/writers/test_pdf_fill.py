"""A figure that would leave most of the page before it blank is printed smaller there, within limits.

Each case is a section of two figures of known printed heights: the first fills part of a page, the
second is too tall for what is left. Read back with poppler: which page each caption is on, and
how wide the second image is printed (from its resolution in the file)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from cspkit.reports import style
from cspkit.reports.document import Document, Figure, Section
from cspkit.reports.writers.pdf import render_pdf
from cspkit.reports.writers.pdf_fill import MIN_SCALE

pytestmark = pytest.mark.slow

WIDTH_CM = 16.0  # the text width: a figure this wide is printed at its full size
PIXELS_PER_CM = style.PNG_DPI / 2.54  # as the figures are drawn, so each is printed at the size it was drawn at


def figure(id: str, height_cm: float, drawn: float = 1.0) -> Figure:
    """A block printed ``WIDTH_CM`` by ``height_cm``, drawn ``drawn`` times as large (a map fitted to a height)."""
    buffer = io.BytesIO()
    size = (round(WIDTH_CM * drawn * PIXELS_PER_CM), round(height_cm * drawn * PIXELS_PER_CM))
    Image.new("RGB", size, "#1d70b8").save(buffer, "PNG")
    return Figure(id, f"Chart {id}", f"A block {height_cm} cm tall", buffer.getvalue(), width_cm=WIDTH_CM,
                  height_cm=height_cm)


def laid_out(first_cm: float, second_cm: float, tmp_path: Path) -> tuple[list[str], float]:
    """The section's pages as text, and the printed width (cm) of the second figure's image."""
    document = Document("Filling pages", [Section("case", "Case", [figure("one", first_cm), figure("two", second_cm)])],
                        contents=False)
    path = tmp_path / "fill.pdf"
    path.write_bytes(render_pdf(document))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    images = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True)
    rows = [line.split() for line in images.stdout.splitlines()[2:]]
    second = next(row for row in rows if int(row[3]) == round(WIDTH_CM * PIXELS_PER_CM) and
                  int(row[4]) == round(second_cm * PIXELS_PER_CM))
    printed_cm = int(second[3]) / int(second[12]) * 2.54  # pixels / pixels per inch
    return text.stdout.split("\f")[:-1], printed_cm


def page_of(pages: list[str], caption: str) -> int:
    return next(i for i, page in enumerate(pages) if re.search(rf"{caption}\b", page))


def test_a_figure_that_would_leave_half_a_page_blank_is_printed_a_little_smaller_there(tmp_path):
    pages, printed = laid_out(8, 15, tmp_path)
    assert page_of(pages, "Chart two") == page_of(pages, "Chart one")
    assert MIN_SCALE * WIDTH_CM <= printed < 0.95 * WIDTH_CM


def test_a_heading_and_the_figure_under_it_move_up_together(tmp_path):
    """Cannock Chase's 'Hot spots and repeat locations' heading went with its map to the next page, leaving a
    page a fifth filled: the heading moves back with the figure, printed smaller."""
    document = Document("Filling pages", [Section("case", "Case", [figure("one", 8)]),
                                          Section("sub", "A heading kept with its figure", [figure("two", 14)],
                                                  level=2)], contents=False)
    path = tmp_path / "heading.pdf"
    path.write_bytes(render_pdf(document))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    pages = text.stdout.split("\f")[:-1]
    assert page_of(pages, "Chart two") == page_of(pages, "Chart one") == page_of(pages, "A heading kept")


def test_a_figure_that_would_have_to_shrink_too_far_starts_the_next_page_at_its_full_size(tmp_path):
    pages, printed = laid_out(8, 24, tmp_path)
    assert page_of(pages, "Chart two") == page_of(pages, "Chart one") + 1
    assert printed == pytest.approx(WIDTH_CM, rel=0.01)


def test_a_figure_printed_smaller_than_drawn_already_is_not_made_smaller_than_its_floor(tmp_path):
    """A tall area's map is printed at 0.9 of its drawn size to fit a height; another 0.7 left its place names
    at about 4 pt. No figure goes below ``MIN_SCALE`` of the size it was drawn at: here it starts the next page."""
    document = Document("Filling pages", [Section("case", "Case", [figure("one", 6), figure("two", 19.5, 1.25)])],
                        contents=False)
    path = tmp_path / "floor.pdf"
    path.write_bytes(render_pdf(document))
    images = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True)
    rows = [line.split() for line in images.stdout.splitlines()[2:]]
    second = next(row for row in rows if int(row[4]) == round(19.5 * 1.25 * PIXELS_PER_CM))
    printed_cm = int(second[3]) / int(second[12]) * 2.54
    assert printed_cm >= MIN_SCALE * WIDTH_CM * 1.25 - 0.05


def test_a_page_already_mostly_full_is_left_so_and_the_next_figure_kept_at_its_full_size(tmp_path):
    pages, printed = laid_out(17, 6, tmp_path)
    assert page_of(pages, "Chart two") == page_of(pages, "Chart one") + 1
    assert printed == pytest.approx(WIDTH_CM, rel=0.01)
