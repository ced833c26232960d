"""An assessment of a real Staffordshire CSP agrees with a count made straight from the raw files."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from cspkit.assess.build import AssessmentRequest, build_assessment
from cspkit.assess.groups import ALL_CRIME, ASB
from cspkit.assess.period import parse_period

PERIOD = parse_period("2022-01..2022-11")


def independent_counts(shared_data: Path, csp_code: str) -> tuple[Counter, float]:
    """Crime types counted from the police.uk CSVs, and population summed from the ONS file."""
    geography = shared_data / "geography"
    lad_csp_pfa = next(geography.glob("Local_Authority_District_to_Community_Safety_Partnerships*.csv"))
    with lad_csp_pfa.open(encoding="utf-8-sig") as stream:
        districts = {r["LAD17CD"] for r in csv.DictReader(stream) if r["CSP17CD"] == csp_code}
    with (geography / "lookup_lsoa11_ltla21.csv").open(encoding="utf-8-sig") as stream:
        lsoas = {r["lsoa11_code"] for r in csv.DictReader(stream) if r["ltla21_code"] in districts}
    counts: Counter = Counter()
    for path in sorted((shared_data / "police-uk").glob("*/*-street.csv")):
        with path.open(encoding="utf-8") as stream:
            for row in csv.DictReader(stream):
                if row["LSOA code"] in lsoas:
                    counts[row["Crime type"]] += 1
    with (shared_data / "population" / "population20_lsoa11.csv").open(encoding="utf-8") as stream:
        population = sum(float(r["total_population"]) for r in csv.DictReader(stream) if r["lsoa11_code"] in lsoas)
    return counts, population


@pytest.mark.parametrize(("name", "code"), [("Cannock Chase", "E22000263"), ("Stoke-on-Trent", "E22000270")])
def test_counts_and_rates_match_an_independent_count_of_the_raw_files(staffordshire_store, shared_data, name, code):
    assessment = build_assessment(staffordshire_store, AssessmentRequest(area=name, period=PERIOD))
    expected, population = independent_counts(shared_data, code)
    rates = assessment.table("rates")
    mine = rates[rates["comparator_kind"] == "area"].set_index("crime_group")
    for crime_type, count in expected.items():
        assert mine.loc[crime_type, "count"] == count, crime_type
        assert mine.loc[crime_type, "rate"] == pytest.approx(count / population * 1000, rel=1e-12)
    all_crime = sum(n for t, n in expected.items() if t != ASB)
    assert mine.loc[ALL_CRIME, "count"] == all_crime
    assert mine.loc[ALL_CRIME, "population"] == pytest.approx(population)


def test_significance_labels_agree_with_the_intervals(staffordshire_store):
    assessment = build_assessment(staffordshire_store, AssessmentRequest(area="Stafford", period=PERIOD))
    rates = assessment.table("rates")
    area = rates[rates["comparator_kind"] == "area"].set_index("crime_group")
    others = rates[rates["comparator_kind"] != "area"]
    assert len(others) > 0
    for _, row in others.iterrows():
        mine = area.loc[row["crime_group"]]
        for level in ("95", "99_8"):
            if mine[f"lower_{level}"] > row["rate"]:
                expected = "higher"
            elif mine[f"upper_{level}"] < row["rate"]:
                expected = "lower"
            else:
                expected = "similar"
            assert row[f"significance_{level}"] == expected, (row["crime_group"], level)


def test_the_force_comparator_is_the_whole_force_area(staffordshire_store, shared_data):
    assessment = build_assessment(staffordshire_store, AssessmentRequest(area="Tamworth", period=PERIOD))
    rates = assessment.table("rates")
    force = rates[rates["comparator_kind"] == "force"].set_index("crime_group")
    totals = Counter()
    for code in ("E22000263", "E22000264", "E22000265", "E22000266", "E22000267", "E22000268", "E22000269",
                 "E22000270", "E22000271"):
        counts, _ = independent_counts(shared_data, code)
        totals.update(counts)
    assert force.loc["Burglary", "count"] == totals["Burglary"]
    assert "Staffordshire" in force.loc["Burglary", "comparator"]


def test_an_unknown_area_gets_a_suggestion(staffordshire_store):
    from cspkit.errors import CspkitError

    with pytest.raises(CspkitError, match="Did you mean: Cannock Chase"):
        build_assessment(staffordshire_store, AssessmentRequest(area="Canock Chase", period=PERIOD))


def test_an_assessment_is_saved_and_read_back_unchanged(staffordshire_store, tmp_path):
    from cspkit.assess.assessment import load_assessment

    assessment = build_assessment(staffordshire_store, AssessmentRequest(area="Lichfield", period=PERIOD))
    folder = assessment.save(tmp_path)
    again = load_assessment(folder)
    assert again.area == assessment.area and again.period == assessment.period
    assert again.statements == assessment.statements
    assert again.table("rates").equals(assessment.table("rates"))
    assert {i["sha256"] for i in again.inputs} == {i["sha256"] for i in assessment.inputs}
    assert len(again.inputs) >= 11
