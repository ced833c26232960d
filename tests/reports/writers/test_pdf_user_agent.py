"""The report's PDF is laid out without WeasyPrint's rules for footnotes and notes, which it never uses."""

from __future__ import annotations

import io
import re

import pikepdf
from weasyprint import HTML
from weasyprint import html as weasyprint_html

from cspkit.reports.writers.pdf_user_agent import UNUSED, ReportHTML, user_agent_css

PAGE = ("<html><body><h1>Recommendations</h1><ol><li>Agree a measure of success.</li><li>Fund the hub.</li></ol>"
        "<ul><li>Hartbury</li></ul><p>Words enough to wrap a line or two of a page of the report.</p></body></html>")


def test_only_the_rules_for_footnotes_and_notes_are_left_out_and_markers_kept_for_list_items():
    library, ours = weasyprint_html.UA, user_agent_css()
    assert ours != library  # this version of WeasyPrint has the rules as expected: the report is quicker
    for name in UNUSED:
        assert re.search(rf"^::{name} ", library, re.MULTILINE) and f"::{name}" not in ours
    assert "li::marker, summary::marker {" in ours
    left = [line for line in library.splitlines() if line not in ours.splitlines()]
    assert len(left) == len(UNUSED) + 1  # those five rules and the ::marker rule's selector, nothing else


def test_a_page_with_lists_is_drawn_the_same_either_way():
    with pikepdf.open(io.BytesIO(ReportHTML(string=PAGE).write_pdf())) as ours, \
            pikepdf.open(io.BytesIO(HTML(string=PAGE).write_pdf())) as library:
        assert len(ours.pages) == len(library.pages) == 1
        assert ours.pages[0].Contents.read_bytes() == library.pages[0].Contents.read_bytes()  # the same marks
