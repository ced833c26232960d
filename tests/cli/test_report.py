"""``cspkit report assessment`` writes the strategic assessment of a real Staffordshire CSP, records
the priorities' scoring session, starts the analyst's commentary and keeps their edits."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from cspkit.cli.main import app
from cspkit.priorities.sessions import list_sessions
from cspkit.store import open_store

IDENTIFIER = "E22000263_202201-202211"
ARGUMENTS = ["report", "assessment", "--area", "Cannock Chase", "--period", "2022-01..2022-11"]


@pytest.fixture
def home_with_staffordshire(staffordshire_store_file: Path, cspkit_home: Path) -> Path:
    cspkit_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(staffordshire_store_file, cspkit_home / "evidence.duckdb")
    return cspkit_home


def panel_scores(path: Path) -> Path:
    """Two candidates scored on every dimension people score, and on the direction of travel
    (the 2022 files hold no earlier period to test a change against)."""
    levels = {"Violence and sexual offences": (5, 5, 2, 4, 1, 2, 4, 2, 3), "Burglary": (2, 4, 4, 3, 2, 2, 3, 2, 2)}
    keys = ("physical_harm", "psychological_harm", "financial_harm", "community_harm", "environmental_harm", "trend",
            "public_expectation", "capacity_capability", "partnership_opportunity")
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["scorer", "candidate", "dimension", "level", "confidence"])
        for candidate, values in levels.items():
            writer.writerows(["R. Reviewer", candidate, key, level, "medium"] for key, level in zip(keys, values,
                                                                                                 strict=True))
    return path


@pytest.mark.slow
def test_the_report_is_written_where_asked_and_the_analysts_edits_survive_the_next_run(home_with_staffordshire: Path,
                                                                                      tmp_path: Path):
    runner = CliRunner()
    scores = panel_scores(tmp_path / "scores.csv")
    assessed = runner.invoke(app, ["assess", *ARGUMENTS[2:], "--format", "json", "--no-figures"])
    assert assessed.exit_code == 0, assessed.output
    first = runner.invoke(app, [*ARGUMENTS, "--format", "html,xlsx", "--top", "1", "--scores", str(scores),
                                "--by", "Test analyst"])
    assert first.exit_code == 0, first.output
    folder = home_with_staffordshire / "reports" / IDENTIFIER
    written = [Path(line) for line in first.stdout.splitlines()]
    assert written == [folder / f"{IDENTIFIER}-strategic-assessment.html",
                       folder / f"{IDENTIFIER}-strategic-assessment.xlsx"]
    assert all(path.stat().st_size > 10_000 for path in written)
    assert "Started your commentary" in first.stderr

    with open_store() as store:
        session = list_sessions(store)[0]
    assert (session.scored_by, session.scorers, session.ranked) == ("Test analyst", ("R. Reviewer",), 2)
    assert f"Scoring session {session.session_id}" in written[0].read_text(encoding="utf-8")  # among the sources
    sheets = openpyxl.load_workbook(written[1]).sheetnames
    assert {"Notes", "Rates per 1,000", "Priorities", "Wards", "Input files"} <= set(sheets)

    commentary = folder / f"{IDENTIFIER}-commentary.md"
    lines = commentary.read_text(encoding="utf-8").split("\n")
    marker = lines.index(next(line for line in lines if line.startswith(
        "<!-- section: priority-violence-and-sexual-offences-recommendations |")))
    lines[marker + 1: marker + 1] = ["", "Work with licensed premises on safe ways home."]
    commentary.write_text("\n".join(lines), encoding="utf-8")

    second = runner.invoke(app, [*ARGUMENTS, "--format", "html", "--top", "1", "--scores", str(scores),
                                 "--no-record", "--out", str(folder), "--marking", "OFFICIAL-SENSITIVE"])
    assert second.exit_code == 0, second.output
    assert [Path(line) for line in second.stdout.splitlines()] == [written[0]]
    assert "1 part you edited kept" in second.stderr
    assert "Work with licensed premises on safe ways home." in written[0].read_text(encoding="utf-8")
    assert '<p class="marking">OFFICIAL-SENSITIVE</p>' in written[0].read_text(encoding="utf-8")
    assert "Composed the report" in second.stderr and "figures" in second.stderr  # each step's progress
    # what `cspkit assess` built is used by both runs: the evidence and the request are unchanged
    assert "Assessed in" not in first.stderr + second.stderr
    assert "Reused the assessment made on" in first.stderr and "Reused the assessment made on" in second.stderr
    third = runner.invoke(app, [*ARGUMENTS, "--format", "xlsx", "--top", "1", "--scores", str(scores),
                                "--no-record", "--reassess"])
    assert third.exit_code == 0, third.output
    assert "Assessed in" in third.stderr and "Reused" not in third.stderr
    assert "Work with licensed premises on safe ways home." in commentary.read_text(encoding="utf-8")
    with open_store() as store:
        assert len(list_sessions(store)) == 1


def test_an_unknown_format_is_refused_before_any_work(home_with_staffordshire: Path):
    result = CliRunner().invoke(app, [*ARGUMENTS, "--format", "pdf,odt"])
    assert result.exit_code == 1
    assert "Reports can be written as html, pdf, docx, xlsx; not odt." in result.output
    assert not (home_with_staffordshire / "reports").exists()


def test_an_area_that_is_not_loaded_is_explained(home_with_staffordshire: Path):
    result = CliRunner().invoke(app, ["report", "assessment", "--area", "Atlantis", "--period", "2022"])
    assert result.exit_code == 1
    assert "Atlantis" in result.output and "Traceback" not in result.output
