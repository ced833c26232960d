"""One entry point writes any format from the file name."""

from __future__ import annotations

import pytest

from cspkit.reports.document import Document, Paragraph, Section
from cspkit.reports.writers import write


def test_the_file_name_picks_the_format(tmp_path):
    document = Document("Report", [Section("intro", "Introduction", [Paragraph("Text.")])])
    path = write(document, tmp_path / "report.HTML")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_unknown_format_is_refused_naming_the_ones_there_are(tmp_path):
    with pytest.raises(ValueError, match=r"report\.odt: reports can be written as html, pdf, docx, xlsx, not odt"):
        write(Document("Report", []), tmp_path / "report.odt")
