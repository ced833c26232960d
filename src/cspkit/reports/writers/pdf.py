"""PDF through WeasyPrint, from the same HTML as the web page and its print rules.

A4 pages, a contents page with page numbers, the report title as a running header and
"Page x of y" in the footer all come from the CSS in :mod:`cspkit.reports.writers.html`;
WeasyPrint adds PDF bookmarks from the headings and writes a tagged PDF declared as PDF/UA-1
(headings, tables with header cells, figures with their alt text) for screen readers.
"""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML

from cspkit.reports.document import Document
from cspkit.reports.writers.html import render_html


def render_pdf(document: Document) -> bytes:
    """The report as PDF bytes."""
    return HTML(string=render_html(document, for_print=True)).write_pdf(pdf_variant="pdf/ua-1")


def write_pdf(document: Document, path: str | Path) -> Path:
    """Write the report as a PDF file and return its path."""
    path = Path(path)
    path.write_bytes(render_pdf(document))
    return path
