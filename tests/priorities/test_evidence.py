"""Evidence files are read strictly: a misspelt column or a bad number is an error with its line."""

from __future__ import annotations

import json

import pytest

from cspkit.errors import InputError
from cspkit.priorities.evidence import CandidateEvidence, read_evidence


def test_a_csv_of_evidence_reads_into_one_record_per_candidate(tmp_path):
    path = tmp_path / "evidence.csv"
    path.write_text(
        "name,crime_types,count,rate_per_1000,change_pct,change_verdict,public_expectation,notes\n"
        "Theft,Other theft; Bicycle theft,618,6.09,-18.8,Decrease,0.47,\n"
        "Domestic abuse,,,,,,,from MARAC\n",
        encoding="utf-8",
    )
    theft, abuse = read_evidence(path)
    assert theft == CandidateEvidence("Theft", ("Other theft", "Bicycle theft"), 618, 6.09, -18.8, "decrease",
                                      public_expectation=0.47)
    assert abuse == CandidateEvidence("Domestic abuse", notes="from MARAC")


def test_harm_per_offence_and_per_1000_follow_from_count_rate_and_harm():
    evidence = CandidateEvidence("Burglary", count=200, rate_per_1000=2.0, harm_weighted_count=8000.0)
    assert evidence.harm_per_offence == 40.0
    assert evidence.harm_per_1000 == 80.0  # 8,000 days over 100,000 residents


def test_json_evidence_reads_the_same_fields(tmp_path):
    path = tmp_path / "evidence.json"
    path.write_text(json.dumps([{"name": "Drugs", "crime_types": ["Drugs"], "count": 156}]), encoding="utf-8")
    assert read_evidence(path) == [CandidateEvidence("Drugs", ("Drugs",), 156)]


@pytest.mark.parametrize(("rows", "line", "message"), [
    ("name,cuont\nDrugs,5\n", 2, "unknown column 'cuont'"),
    ("name,count\nDrugs,many\n", 2, "Drugs: count 'many' is not a number"),
    ("name,count\nDrugs,5.5\n", 2, "Drugs: count '5.5' is not a whole number"),
    ("name,public_expectation\nDrugs,62\n", 2, "public_expectation must be a share from 0 to 1"),
    ("name,count\nDrugs,5\ndrugs,6\n", 3, "'drugs' appears twice"),
    ("count\n5\n", 1, "no 'name' column"),
])
def test_bad_evidence_names_the_line_and_problem(tmp_path, rows, line, message):
    path = tmp_path / "evidence.csv"
    path.write_text(rows, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_evidence(path)
    assert caught.value.line == line
    assert message in str(caught.value)
