"""A published version is frozen as JSON; versions published by older cspkit stay readable."""

from __future__ import annotations

import json

from cspkit.reports.document import Document, Figure, Section
from cspkit.web.board.snapshot import freeze, thaw


def _document() -> Document:
    figure = Figure(id="trend", title="Crimes a quarter", alt_text="A line rising from 40 to 55.", png=b"\x89PNG...")
    return Document(title="Board report", sections=(Section(id="overview", title="Overview", blocks=(figure,)),))


def test_a_frozen_document_thaws_to_the_same_document() -> None:
    document = _document()
    assert thaw(json.loads(json.dumps(freeze(document)))) == document


def test_a_version_published_when_figures_also_carried_an_svg_still_opens() -> None:
    """Figures lost their SVG copy (ADR 14); versions published before keep theirs in the JSON."""
    frozen = json.loads(json.dumps(freeze(_document())))
    figure = frozen["sections"][0]["blocks"][0]
    assert figure["_"] == "Figure"
    figure["svg"] = {"_bytes": "PHN2Zy8+"}  # "<svg/>", as cspkit stored it until December 2026
    assert thaw(frozen) == _document()
