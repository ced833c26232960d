"""``cspkit survey``: summarise an export as a table, CSV, JSON or Excel; write a demo survey."""

from __future__ import annotations

import csv
import json

import openpyxl
from typer.testing import CliRunner

from cspkit.cli.main import app

runner = CliRunner()


def _survey(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("Respondent ID,Burglary,Drugs,Comments\n1,5,4,Drug dealing on my road\n2,3,5,\n"
                    "3,4,,More police patrols\n", encoding="utf-8")
    return path


def test_summarise_prints_the_table_and_the_themes(tmp_path):
    result = runner.invoke(app, ["survey", "summarise", str(_survey(tmp_path))], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "3 respondents" in result.output and "Drugs" in result.output
    assert "Police presence" in result.output


def test_summarise_writes_csv_json_and_excel(tmp_path):
    survey = _survey(tmp_path)
    as_csv = runner.invoke(app, ["survey", "summarise", str(survey), "-f", "csv", "--base", "respondents"])
    rows = list(csv.DictReader(as_csv.stdout.splitlines()))
    drugs = next(r for r in rows if r["question"] == "Drugs")
    assert (drugs["answered"], drugs["no answer"], drugs["% 5 (of respondents)"]) == ("2", "1", "33.33333333")
    as_json = runner.invoke(app, ["survey", "summarise", str(survey), "-f", "json"])
    assert json.loads(as_json.stdout)["themes"]["commenters"] == 2
    target = tmp_path / "survey.xlsx"
    runner.invoke(app, ["survey", "summarise", str(survey), "-f", "xlsx", "-o", str(target)])
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Summary", "Themes"]
    assert book["Summary"].cell(2, 3).value == 3  # respondents, a number


def test_a_bad_survey_is_one_clear_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Respondent ID,Burglary\n1,5\n1,4\n", encoding="utf-8")
    result = runner.invoke(app, ["survey", "summarise", str(path)])
    assert result.exit_code == 1
    assert "bad.csv, line 3: respondent id '1' appears twice (lines 2 and 3)" in result.output


def test_demo_writes_a_survey_that_summarises(tmp_path):
    target = tmp_path / "demo.csv"
    assert runner.invoke(app, ["survey", "demo", str(target), "--respondents", "40"]).exit_code == 0
    result = runner.invoke(app, ["survey", "summarise", str(target), "-f", "json"])
    assert json.loads(result.stdout)["respondents"] == 40
