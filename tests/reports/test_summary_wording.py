"""The executive summary, the priorities chapter, the recommendations and the priority pages of
the demo report, composed (not written) with every candidate ranked as the demo's panel and
survey rank them: the words a board reads, checked against the evidence they are drawn from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from cspkit.assess.assessment import Assessment
from cspkit.assess.build import AssessmentRequest, build_assessment
from cspkit.assess.groups import ALL_CRIME
from cspkit.assess.period import parse_period
from cspkit.cli.report_assessment import lsoa_boundaries, lsoa_counts, with_survey
from cspkit.demo.loading import load_demo
from cspkit.demo.partnership import write_demo
from cspkit.priorities.candidates import evidence_for, load_candidates
from cspkit.priorities.demo_panel import write_demo_panel_scores
from cspkit.priorities.from_assessment import evidence_from_assessment
from cspkit.priorities.ranking import Ranking, score_candidates
from cspkit.priorities.scores import read_scores
from cspkit.priorities.survey_demo import write_demo_survey
from cspkit.priorities.template import load_template
from cspkit.reports.assessment import assessment_document
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.document import BulletList, Callout, Document, Heading, KeyFigures, Paragraph, Section, Table
from cspkit.store import open_store

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Composed:
    assessment: Assessment
    ranking: Ranking
    inputs: ReportInputs
    document: Document


@pytest.fixture(scope="module")
def composed(tmp_path_factory: pytest.TempPathFactory) -> Composed:
    folder = tmp_path_factory.mktemp("demo-summary")
    files = write_demo(folder / "files", seed=0)
    national = folder / "files" / "national"
    with open_store(folder / "evidence.duckdb") as store:
        load_demo(store, files)
        assessment = build_assessment(store, AssessmentRequest(
            area="Hartbury", period=parse_period("2025-10..2026-09"),
            published_file=national / "csp-crime-rates.csv", msg_file=national / "most-similar-group.csv"))
        template, candidates = load_template("morile-style"), load_candidates()
        scores = read_scores(write_demo_panel_scores(folder / "panel.csv", seed=0), template,
                             [c.name for c in candidates])
        evidence = with_survey(evidence_for(candidates, evidence_from_assessment(assessment, candidates)),
                               candidates, write_demo_survey(folder / "survey.csv", seed=2024))
        ranking = score_candidates(template, evidence, scores)
        options = {"ranking": ranking,
                   "boundaries": lsoa_boundaries(store.con, list(assessment.table("lsoas")["lsoa_code"])),
                   "lsoa_counts": lsoa_counts(store.con, assessment)}
    document = assessment_document(assessment, **options)
    inputs = ReportInputs(assessment, ranking, {}, options["boundaries"], options["lsoa_counts"])
    return Composed(assessment, ranking, inputs, document)


def section(document: Document, id: str) -> Section:
    return next(s for s in document.sections if s.id == id)


def words(blocks) -> str:
    """The text of blocks as a reader meets it, one string (tables and figures left out)."""
    found = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            found.append(block.text)
        elif isinstance(block, BulletList):
            found += list(block.items)
        elif isinstance(block, Callout):
            found += [block.title, block.text]
        elif isinstance(block, KeyFigures):
            found += [f"{k.value} {k.label} {k.detail}" for k in block.items]
    return " ".join(" ".join(found).split())




def summary_text(composed: Composed) -> str:
    return words(section(composed.document, "executive-summary").blocks)


def test_the_summary_gives_the_force_wide_search_ratio_its_own_heading_and_never_calls_them_residents(
        composed: Composed):
    blocks = list(section(composed.document, "executive-summary").blocks)
    heading = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text.startswith("Stop and search"))
    assert "force area" in blocks[heading].text
    sentence = blocks[heading + 1].text
    assert "times the rate of White people" in sentence and "whole of Mercia Vale's force area" in sentence
    assert "where they happen" in sentence
    assert "residents of" not in summary_text(composed) and "Black residents" not in summary_text(composed)
