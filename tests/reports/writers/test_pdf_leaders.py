"""The contents' leader dots are drawn as one run of text a line, where WeasyPrint would have
drawn them one by one: the same dots in the same places, a few runs of text, not hundreds."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from weasyprint import HTML
from weasyprint.layout import inline

from cspkit.reports.writers import pdf_leaders

pytestmark = pytest.mark.slow

ENTRIES = [("Executive summary", 4), ("Where crime is concentrated", 21), ("Licence, copyright and reproducing", 175)]
PAGE = (
    '<html lang="en"><title>Contents</title><style>a::after{content:leader(".") attr(data-page)}'
    "li{list-style:none} li.deep{padding-left:1.5rem}</style><ol>"
    + "".join(f'<li class="{"deep" if n % 2 else ""}"><a data-page="{page}">{title}</a></li>'
              for n, (title, page) in enumerate(ENTRIES))
    + "</ol>"
)


def text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "leaders.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def text_runs(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return document.pages[0].obj.Contents.read_bytes().count(b"TJ")


def leaders(document) -> list[tuple[str, float, float]]:
    """Each leader laid out: its dots, where the first starts and where the last ends (px)."""
    found = []
    for box in document.pages[0]._page_box.descendants():
        if box.is_leader:
            dots = sorted(box.children, key=lambda dot: dot.position_x)
            found.append(("".join(dot.text for dot in dots), dots[0].position_x, dots[-1].position_x + dots[-1].width))
    return found


def test_the_dots_are_one_run_a_line_where_weasyprint_puts_them(tmp_path, monkeypatch):
    assert pdf_leaders.draw_leaders_as_runs()
    runs = HTML(string=PAGE).render()
    monkeypatch.setattr(inline, "handle_leader", pdf_leaders._library["handle leader"])
    one_by_one = HTML(string=PAGE).render()
    ours, theirs = leaders(runs), leaders(one_by_one)
    assert len(ours) == len(theirs) == len(ENTRIES)
    for (dots, left, right), (their_dots, their_left, their_right) in zip(ours, theirs, strict=True):
        assert dots == their_dots and len(dots) > 20
        assert left == pytest.approx(their_left, abs=0.01) and right == pytest.approx(their_right, abs=0.05)
    pdf, their_pdf = runs.write_pdf(), one_by_one.write_pdf()
    assert text_runs(pdf) == len(ENTRIES) * 3 < 100 < text_runs(their_pdf)  # title, dots, page number
    for title, page in ENTRIES:
        assert re.search(rf"{re.escape(title)}\s*\.{{20,}}\s*{page}\n", text(pdf, tmp_path))
