"""The demo and Cannock Chase assessment reports as the report tests build them: a panel's scores,
the analyst's edits to the commentary, the document and its four files (``build_report``)."""

from __future__ import annotations

import csv
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cspkit.assess.assessment import Assessment
from cspkit.assess.build import AssessmentRequest, build_assessment
from cspkit.assess.harm import harm_by_crime_type
from cspkit.assess.period import parse_period
from cspkit.cli.report_assessment import lsoa_boundaries, lsoa_counts
from cspkit.priorities.candidates import evidence_for, load_candidates
from cspkit.priorities.from_assessment import evidence_from_assessment
from cspkit.priorities.ranking import Ranking, score_candidates
from cspkit.priorities.scores import read_scores
from cspkit.priorities.template import load_template
from cspkit.reports.analyst_text import AnalystText, sync_analyst_text
from cspkit.reports.assessment import assessment_document, commentary_parts
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.priority_facts import Profile, choose_profiles
from cspkit.reports.document import Document
from cspkit.reports.writers import FORMATS, write
from cspkit.store import open_store

# Levels 1-5 for the five harms, then 1-4 for public expectation, capacity gap, partnership opportunity:
# illustrative, as a panel would give them.
PANEL = {
    "Anti-social behaviour": ((2, 3, 1, 4, 3), (4, 3, 4)),
    "Violence and sexual offences": ((5, 5, 2, 4, 1), (4, 2, 3)),
    "Burglary": ((2, 4, 4, 3, 2), (3, 2, 2)),
    "Vehicle crime": ((1, 2, 3, 2, 2), (2, 2, 2)),
    "Shoplifting and business crime": ((1, 1, 3, 2, 1), (2, 2, 3)),
    "Drugs": ((4, 3, 3, 5, 3), (4, 3, 4)),
    "Criminal damage and arson": ((2, 2, 3, 3, 4), (3, 2, 3)),
    "Theft": ((1, 2, 3, 2, 1), (2, 1, 2)),
}
HARMS = ("physical_harm", "psychological_harm", "financial_harm", "community_harm", "environmental_harm")
POSITION = ("public_expectation", "capacity_capability", "partnership_opportunity")
# The analyst's words the fixture writes in: true of any area (a claim about the figures, such as "higher than the
# force", contradicted Cannock Chase's own table under it in a report read page by page).
ANALYST_OVERVIEW = "The analyst went through these rates with the police district commander before publication."
RECOMMENDATIONS = ("- Agree a **delivery plan** for this priority with its lead partner.\n"
                   "- Share hot spot maps with housing providers.")


@dataclass(frozen=True)
class Built:
    """One report: its inputs, the document and the files written."""

    assessment: Assessment
    ranking: Ranking
    document: Document
    analyst: AnalystText
    commentary: Path
    files: dict[str, Path]
    first_profile: Profile
    options: dict  # what the document was composed with besides the assessment and the analyst's words


def scores_file(path: Path, *, with_trend: bool) -> Path:
    """A panel's scores; with_trend scores the direction of travel too (needed when no earlier
    period is loaded, so the evidence cannot set it)."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["scorer", "candidate", "dimension", "level", "confidence", "comment"])
        for candidate, (harms, position) in PANEL.items():
            for key, level in zip(HARMS + POSITION, harms + position, strict=True):
                writer.writerow(["Panel member", candidate, key, level, "medium", ""])
            if with_trend:
                writer.writerow(["Panel member", candidate, "trend", 2, "low", "no earlier period loaded"])
    return path


def edit_part(path: Path, part: str, text: str) -> None:
    """Replace one part's words in the commentary file, as an analyst would in a text editor."""
    lines = path.read_text(encoding="utf-8").split("\n")
    marker = next(i for i, line in enumerate(lines) if re.match(rf"<!-- section: {re.escape(part)} \|", line))
    end = next((i for i in range(marker + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    path.write_text("\n".join([*lines[: marker + 1], "", text, "", *lines[end:]]), encoding="utf-8")


def build_report(
    store_path: Path,
    area: str,
    period: str,
    folder: Path,
    *,
    with_trend: bool,
    published: Path | None = None,
    msg: Path | None = None,
) -> Built:
    folder.mkdir(parents=True, exist_ok=True)
    with open_store(store_path, read_only=True) as store:
        assessment = build_assessment(
            store, AssessmentRequest(area=area, period=parse_period(period), published_file=published, msg_file=msg)
        )
        template = load_template("morile-style")
        candidates = load_candidates()
        entries = read_scores(
            scores_file(folder / "scores.csv", with_trend=with_trend), template, [c.name for c in candidates]
        )
        harm, label = harm_by_crime_type(store.con)
        evidence = evidence_for(candidates, evidence_from_assessment(assessment, candidates, harm, label))
        ranking = score_candidates(template, evidence, entries)
        options = {
            "ranking": ranking,
            "boundaries": lsoa_boundaries(store.con, list(assessment.table("lsoas")["lsoa_code"])),
            "lsoa_counts": lsoa_counts(store.con, assessment),
        }
    commentary = folder / f"{assessment.identifier}-commentary.md"
    sync_analyst_text(commentary, commentary_parts(assessment, **options))
    first = choose_profiles(ReportInputs(assessment, ranking))[0][0]
    edit_part(commentary, "overview", ANALYST_OVERVIEW)
    edit_part(commentary, f"{first.id}-recommendations", RECOMMENDATIONS)
    analyst = sync_analyst_text(commentary, commentary_parts(assessment, edited_in=commentary, **options))
    document = assessment_document(assessment, analyst=analyst, session_id=7, **options)
    files = {fmt: write(document, folder / f"report.{fmt}") for fmt in FORMATS}
    return Built(assessment, ranking, document, analyst, commentary, files, first, {**options, "session_id": 7})


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=300).stdout


def pdf_pages(path: Path) -> list[str]:
    return run("pdftotext", "-layout", str(path), "-").split("\f")[:-1]


def flat(text: str) -> str:
    return " ".join(text.split())


