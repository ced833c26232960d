"""``cspkit priorities``: templates to copy, a scoring sheet, a ranked and recorded session, in four formats."""

from __future__ import annotations

import csv
import json

import openpyxl
from typer.testing import CliRunner

from cspkit.cli.main import app
from cspkit.store import open_store

runner = CliRunner()

EVIDENCE = ("name,crime_types,count,rate_per_1000,change_verdict\n"
            "Burglary,Burglary,269,2.65,no significant change\n"
            "Robbery,Robbery,64,0.63,no significant change\n"
            "Vehicle crime,Vehicle crime,534,5.26,increase\n")
SCORES = ("scorer,candidate,dimension,level,confidence\n"
          "Asha,Burglary,impact,3,high\nAsha,Robbery,impact,4,medium\nAsha,Vehicle crime,impact,2,medium\n"
          "Ben,Burglary,impact,3,high\n")


def _files(tmp_path):
    (tmp_path / "evidence.csv").write_text(EVIDENCE, encoding="utf-8")
    (tmp_path / "scores.csv").write_text(SCORES, encoding="utf-8")
    return ["--template", "impact-likelihood-4x4", "--evidence", str(tmp_path / "evidence.csv"),
            "--scores", str(tmp_path / "scores.csv")]


def test_templates_lists_both_shipped_templates():
    result = runner.invoke(app, ["priorities", "templates"])
    assert result.exit_code == 0
    assert "morile-style" in result.output and "impact-likelihood-4x4" in result.output
    assert "Not the official MoRiLE template" in result.output


def test_a_shipped_template_can_be_copied_to_edit(tmp_path):
    target = tmp_path / "mine.yaml"
    result = runner.invoke(app, ["priorities", "template", "morile-style", "--output", str(target)])
    assert result.exit_code == 0 and "name: morile-style" in target.read_text(encoding="utf-8")
    again = runner.invoke(app, ["priorities", "template", "morile-style", "--output", str(target)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_the_scoring_sheet_has_a_row_per_candidate_and_dimension(tmp_path):
    target = tmp_path / "sheet.csv"
    result = runner.invoke(app, ["priorities", "sheet", "-o", str(target), "--scorer", "Asha"])
    assert result.exit_code == 0
    with open(target, encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 12 * 10  # default candidates x MoRiLE-style dimensions
    assert {r["scorer"] for r in rows} == {"Asha"} and all(r["level"] == "" for r in rows)


def test_score_prints_the_ranking_and_records_the_session(tmp_path, monkeypatch):
    from cspkit.cli import console

    monkeypatch.setattr(console.console, "_console", None)  # made anew, at the width COLUMNS gives
    result = runner.invoke(app, ["priorities", "score", *_files(tmp_path), "--by", "Analyst", "--note", "trial"],
                           env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "Impact x likelihood" in result.output
    assert all(name in result.output for name in ("Burglary", "Robbery", "Vehicle crime"))
    assert "Recorded as scoring session 1" in result.output
    with open_store() as store:
        row = store.con.execute("SELECT scored_by, note, inputs FROM priority_sessions").fetchone()
    assert row[:2] == ("Analyst", "trial")
    assert [i["role"] for i in json.loads(row[2])] == ["evidence", "scores"]
    listed = runner.invoke(app, ["priorities", "sessions"])
    assert "Analyst" in listed.output and "3 of 3" in listed.output


def test_score_writes_csv_json_and_excel(tmp_path):
    as_csv = runner.invoke(app, ["priorities", "score", *_files(tmp_path), "--no-record", "-f", "csv"])
    rows = list(csv.DictReader(as_csv.stdout.splitlines()))
    # Burglary 3 x 2 = 6, Vehicle crime 2 x 3 = 6, Robbery 4 x 1 = 4.
    assert [(r["rank"], r["candidate"], r["score"]) for r in rows] == [
        ("1", "Burglary", "6"), ("1", "Vehicle crime", "6"), ("3", "Robbery", "4")]
    as_json = runner.invoke(app, ["priorities", "score", *_files(tmp_path), "--no-record", "-f", "json"])
    assert json.loads(as_json.stdout)["candidates"][2]["name"] == "Robbery"
    target = tmp_path / "priorities.xlsx"
    as_xlsx = runner.invoke(app, ["priorities", "score", *_files(tmp_path), "--no-record", "-f", "xlsx",
                                  "-o", str(target)])
    assert as_xlsx.exit_code == 0
    assert openpyxl.load_workbook(target).sheetnames == ["Ranking", "Dimensions", "Sensitivity", "Template",
                                                         "Evidence"]


def test_excel_output_without_a_file_is_refused(tmp_path):
    result = runner.invoke(app, ["priorities", "score", *_files(tmp_path), "-f", "xlsx"])
    assert result.exit_code == 1 and "needs a file" in result.output


def test_a_survey_fills_public_expectation(tmp_path):
    (tmp_path / "survey.csv").write_text("ID,Burglary,Robbery\n1,5,2\n2,4,1\n3,2,5\n", encoding="utf-8")
    (tmp_path / "evidence.csv").write_text(EVIDENCE, encoding="utf-8")
    result = runner.invoke(app, ["priorities", "score", "--evidence", str(tmp_path / "evidence.csv"), "--survey",
                                 str(tmp_path / "survey.csv"), "--no-record", "-f", "json"])
    assert result.exit_code == 0, result.output
    evidence = {c["name"]: c["evidence"]["public_expectation"] for c in json.loads(result.stdout)["candidates"]}
    assert evidence == {"Burglary": 2 / 3, "Robbery": 1 / 3, "Vehicle crime": None}


def test_a_bad_scores_file_is_one_clear_line_not_a_trace(tmp_path):
    args = _files(tmp_path)
    (tmp_path / "scores.csv").write_text("scorer,candidate,dimension,level\nAsha,Burglary,impact,9\n",
                                         encoding="utf-8")
    result = runner.invoke(app, ["priorities", "score", *args, "--no-record"])
    assert result.exit_code == 1
    assert "scores.csv, line 2: '9' is not a level of Impact" in result.output
    assert "Traceback" not in result.output
