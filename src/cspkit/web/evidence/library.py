"""The strategic assessments saved by ``cspkit assess`` (in CSPKIT_HOME/assessments), found by area.

Listing reads only each assessment's manifest; the report document, with its charts and maps,
is composed on first view and kept for as long as the assessment on disk does not change. Its
figures are drawn when ``cspkit assess`` saves it (kept by the hash of their data beside it), so
the first view only reads them; the page shows one chapter at a time.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cspkit.assess.assessment import load_assessment
from cspkit.config import get_settings
from cspkit.errors import CspkitError
from cspkit.reports.document import Document, Figure, Table

MANIFEST = "manifest.json"
FIGURES = ".figures"  # drawn figures kept by the hash of their data, beside the assessment


@dataclass(frozen=True)
class SavedAssessment:
    identifier: str
    folder: Path
    area_code: str
    area_name: str
    period: str
    created_at: str

    @property
    def changed(self) -> float:
        return (self.folder / MANIFEST).stat().st_mtime


def assessments_folder() -> Path:
    """Where ``cspkit assess`` saved them: beside the real store, or the demo's (``CSPKIT_DEMO``)."""
    return get_settings().workspace / "assessments"


def saved_assessments(area_code: str | None = None) -> list[SavedAssessment]:
    """Every saved assessment (of one area, if given), newest first."""
    found = []
    for manifest in sorted(assessments_folder().glob(f"*/{MANIFEST}")):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            area = data["area"]
            saved = SavedAssessment(
                manifest.parent.name, manifest.parent, area["code"], area["name"], data["period"], data["created_at"]
            )
        except (OSError, ValueError, KeyError):
            continue  # a folder being written, or not an assessment
        if area_code is None or saved.area_code == area_code:
            found.append(saved)
    return sorted(found, key=lambda s: s.created_at, reverse=True)


def find(identifier: str) -> SavedAssessment | None:
    """The saved assessment with this identifier; never a path outside the assessments folder."""
    return next((s for s in saved_assessments() if s.identifier == identifier), None)


def document_for(saved: SavedAssessment) -> Document:
    return _document(saved.folder, saved.changed)


@lru_cache(maxsize=4)
def _document(folder: Path, changed: float) -> Document:
    """The assessment's report, with LSOA maps when the evidence store holds the boundaries."""
    from cspkit.assess import extract
    from cspkit.reports import figure_cache
    from cspkit.reports.assessment import assessment_document
    from cspkit.store import open_store

    assessment = load_assessment(folder)
    options = {}
    try:
        with open_store(read_only=True) as store:
            codes = list(assessment.table("lsoas")["lsoa_code"])
            rows = store.con.execute(
                "SELECT code, arg_max(geometry, vintage) FROM boundaries WHERE level = 'lsoa' "
                "AND code IN (SELECT unnest(?::VARCHAR[])) GROUP BY code",
                [codes],
            ).fetchall()
            options["boundaries"] = {code: bytes(geometry) for code, geometry in rows}
            extract.register_members(store.con, {"area": codes})
            options["lsoa_counts"] = extract.lsoa_counts(store.con, "area", assessment.period)
    except CspkitError:
        pass  # no evidence store here: the report has its charts and tables, without maps
    with figure_cache.use_folder(folder / FIGURES):
        return assessment_document(assessment, **options)


#: Loaded with the documents, so workers never mix them with newer code installed after the start.
WRITERS = ("cspkit.reports.writers.docx", "cspkit.reports.writers.pdf", "cspkit.reports.writers.xlsx")


def warm(newest: int = 2) -> int:
    """Load the report writers and compose the newest saved assessments' documents now; returns how
    many documents.

    The server calls this once before it starts its worker processes (gunicorn ``--preload``), which
    then inherit the documents and the libraries that compose them: a first view reads a chapter
    instead of loading matplotlib and composing the report (several seconds in each worker).
    A document that cannot be composed is left for its first view, which reports the problem.
    """
    for module in WRITERS:
        importlib.import_module(module)
    done = 0
    for saved in saved_assessments()[:newest]:
        try:
            document_for(saved)
        except Exception:  # warming must never stop the server starting
            continue
        done += 1
    return done


def prepare_figures(folder: Path) -> int:
    """Draw a saved assessment's figures now (as ``cspkit assess`` saves it), so its evidence page's
    first view reads them instead of drawing them; returns how many figures there are."""
    return len(_document(Path(folder), (Path(folder) / MANIFEST).stat().st_mtime).figures())


def tables_of(document: Document) -> dict[str, Table]:
    """Every table of the report, and the data behind every figure, by id."""
    tables = {table.id: table for table in document.tables()}
    for figure in document.figures():
        if figure.data is not None:
            tables[figure.data.id] = figure.data
    return tables


def figures_of(document: Document) -> dict[str, Figure]:
    return {figure.id: figure for figure in document.figures()}
