"""Rankings and survey summaries export with numbers as numbers, in CSV, JSON and Excel."""

from __future__ import annotations

import csv
import io
import json

import openpyxl

from cspkit.priorities.consultation import summarise_survey
from cspkit.priorities.evidence import CandidateEvidence
from cspkit.priorities.export import (
    ranking_json,
    ranking_tables,
    survey_json,
    survey_tables,
    write_csv,
    write_json,
    write_xlsx,
)
from cspkit.priorities.ranking import score_candidates
from cspkit.priorities.scores import ScoreEntry
from cspkit.priorities.survey import read_survey
from cspkit.priorities.template import load_template


def _ranking():
    evidence = [CandidateEvidence("Burglary", rate_per_1000=2.65), CandidateEvidence("Robbery", rate_per_1000=0.6)]
    entries = [ScoreEntry("Asha", "Burglary", "impact", 3), ScoreEntry("Asha", "Robbery", "impact", 4)]
    return score_candidates(load_template("impact-likelihood-4x4"), evidence, entries)


def test_the_ranking_table_has_one_row_per_candidate_with_its_reason():
    table = ranking_tables(_ranking())[0]
    assert table.columns[:6] == ("rank", "candidate", "score", "band", "Impact", "Likelihood")
    assert [row[:6] for row in table.rows] == [(1, "Burglary", 6.0, "Medium", 3.0, 2.0),
                                               (2, "Robbery", 4.0, "Medium", 4.0, 1.0)]
    assert table.rows[0][-1].startswith("Ranked 1 of 2")


def test_the_excel_workbook_keeps_numbers_as_numbers(tmp_path):
    path = write_xlsx(ranking_tables(_ranking()), tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Ranking", "Dimensions", "Sensitivity", "Template"]
    sheet = book["Ranking"]
    assert [sheet.cell(2, c).value for c in (1, 2, 3)] == [1, "Burglary", 6]
    assert isinstance(sheet.cell(2, 3).value, int | float)


def test_json_carries_every_dimension_and_its_evidence():
    data = json.loads(json.dumps(ranking_json(_ranking())))
    burglary = data["candidates"][0]
    likelihood = next(d for d in burglary["dimensions"] if d["key"] == "likelihood")
    assert likelihood["evidence"]["value"] == 2.65 and likelihood["level"] == 2
    assert data["template"]["name"] == "impact-likelihood-4x4"


def test_the_survey_csv_is_the_stockton_style_table(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("ID,A,B\n1,5,4\n2,1,\n3,4,4\n", encoding="utf-8")
    summary = summarise_survey(read_survey(path))
    stream = io.StringIO()
    write_csv(survey_tables(summary)[0], stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert rows[0]["question"] == "B" and rows[0]["n 4"] == "2" and rows[0]["% 4 (of answers)"] == "100"
    assert rows[1]["question"] == "A" and rows[1]["% 5 (of answers)"] == "33.33333333"
    text = io.StringIO()
    write_json(survey_json(summary), text)
    assert json.loads(text.getvalue())["questions"][1]["counts"] == {"1": 1, "2": 0, "3": 0, "4": 1, "5": 1}
