"""The outcomes and stop-and-search chapters appear only with their tables; the summary only when significant."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pandas as pd

from cspkit.assess.areas import Area
from cspkit.assess.assessment import Assessment
from cspkit.assess.benchmarks import Comparator
from cspkit.assess.outcomes import BROAD_OUTCOMES, outcome_shares
from cspkit.assess.period import Period
from cspkit.reports.assessment.archives import archive_sections, headline_sentences
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.stop_search_chapter import ethnicity_sentence
from cspkit.stats.disproportionality import disproportionality_table

ALL = "All crime (excluding ASB)"


def _assessment(tables: dict[str, pd.DataFrame]) -> Assessment:
    rates = pd.DataFrame({"crime_group": [ALL, ALL], "comparator": ["Hartbury", "Mercia Vale (force area)"],
                          "comparator_kind": ["area", "force"], "rate": [50.0, 40.0], "population": [1e5, 5e5],
                          "count": [5000, 20000]})
    return Assessment(
        area=Area("E22900001", "Hartbury", "csp"), period=Period(date(2025, 10, 1), date(2026, 9, 1)),
        parameters={"force": "Mercia Vale", "groupings": {ALL: ["Burglary"]}},
        tables=MappingProxyType({"rates": rates, **tables}), statements=(), caveats=("Outcomes are not final.",),
        inputs=(),
    )


def _outcomes(area_charged: int, force_charged: int, area_crimes: int = 1000, force_crimes: int = 10_000,
              ) -> pd.DataFrame:
    """1,000 area crimes and 10,000 force crimes (unless told); the rest of each with no suspect identified."""
    rows = []
    for key, total, charged in (("area", area_crimes, area_charged), ("force", force_crimes, force_charged)):
        rows += [{"area_key": key, "crime_id": f"{key}{i}", "crime_type": "Burglary",
                  "outcome_type": "Suspect charged" if i < charged else "Investigation complete; no suspect identified",
                  "crime_month": pd.Timestamp("2026-01-01"), "outcome_month": pd.Timestamp("2026-02-01")}
                 for i in range(total)]
    comparators = [Comparator("area", "Hartbury", "area"), Comparator("force", "Mercia Vale (force area)", "force")]
    return outcome_shares(pd.DataFrame(rows), {ALL: ["Burglary"]}, comparators)


def test_no_chapters_and_no_sentences_without_the_files():
    assessment = _assessment({})
    assert archive_sections(ReportInputs(assessment)) == []
    assert headline_sentences(assessment) == []


def test_outcome_chapter_and_a_sentence_only_when_the_difference_is_significant():
    similar = _assessment({"outcomes": _outcomes(100, 1000)})
    sections = archive_sections(ReportInputs(similar))
    assert [s.id for s in sections] == ["outcomes"]
    assert headline_sentences(similar) == []
    assert set(similar.table("outcomes")["outcome"]) == set(BROAD_OUTCOMES)

    fewer = _assessment({"outcomes": _outcomes(50, 1000)})  # 5.0% (3.8% to 6.5%) against 10.0%
    sentence, = headline_sentences(fewer)
    assert "significantly fewer ended with a charge or summons (5.0% against 10.0% across the force)" in sentence
    assert "more ended with no suspect identified" in sentence


def test_a_significant_gap_under_two_percentage_points_stays_out_of_the_summary():
    # 4,820 of 20,000 charged is 24.1%, Wilson 95% interval about 23.5% to 24.7% (1.96 x sqrt(.241 x .759 /
    # 20,000) = 0.59 points): significantly below the force's 24.8%, but only 0.7 points below it.
    close = _assessment({"outcomes": _outcomes(4820, 24_800, 20_000, 100_000)})
    charged = close.table("outcomes").query("comparator_kind == 'force' and outcome == 'Charged or summonsed'")
    assert charged["significance_95"].tolist() == ["lower"]
    assert headline_sentences(close) == []

    # 4,400 of 20,000 (22.0%) is 2.8 points below: big enough to reach the summary.
    apart = _assessment({"outcomes": _outcomes(4400, 24_800, 20_000, 100_000)})
    sentence, = headline_sentences(apart)
    assert "significantly fewer ended with a charge or summons (22.0% against 24.8% across the force)" in sentence


def test_stop_search_sentence_names_the_highest_significant_ratio():
    ethnicity = disproportionality_table(pd.Series({"White": 400, "Black": 100, "Asian": 12}),
                                         pd.Series({"White": 100_000.0, "Black": 5_000.0, "Asian": 3_000.0}))
    rates = pd.DataFrame({"measure": ["Find rate (outcome linked to object of search)"], "searches_with_it": [120.0],
                          "searches": [512.0], "rate": [0.234], "lower_95": [0.199], "upper_95": [0.273]})
    breakdown = pd.DataFrame({"dimension": ["Legislation"], "value": ["Misuse of Drugs Act 1971 (section 23)"],
                              "searches": [512], "share": [1.0], "lower_95": [0.99], "upper_95": [1.0]})
    assessment = _assessment({"stop_search_ethnicity": ethnicity.assign(ethnicity_basis="self-defined", not_stated=0),
                              "stop_search_rates": rates, "stop_search": breakdown})
    assert [s.id for s in archive_sections(ReportInputs(assessment))] == ["stop-search"]
    # Black: (100 / 5,000) / (400 / 100,000) = 5.0; Asian 1.0 (similar) is not mentioned.
    sentence, = headline_sentences(assessment)
    assert sentence.startswith("Across the whole of Mercia Vale's force area, not Hartbury alone, Black people were "
                               "stopped and searched at 5.0 times the rate of White people (95% confidence interval "
                               "4.0 to 6.2), counting searches per head of each group's resident population.")
    assert "recorded where they happen, not where the person searched lives" in sentence
    assert "residents of" not in sentence  # those searched need not live in the area


def test_stop_search_ethnicity_is_worded_per_head_of_residents_not_as_residents_searched():
    """A search is recorded where it happens and the person need not live there: the chapter may not
    say that residents were searched, only give searches per head of each group's residents."""
    ethnicity = disproportionality_table(pd.Series({"White": 400, "Black": 100, "Asian": 12}),
                                         pd.Series({"White": 100_000.0, "Black": 5_000.0, "Asian": 3_000.0}))
    sentence = ethnicity_sentence(ethnicity.assign(ethnicity_basis="self-defined", not_stated=0), "Mercia Vale")
    assert "residents of" not in sentence and "residents were" not in sentence
    assert "Black, 5.0 times the rate (95% confidence interval 4.0 to 6.2)" in sentence
    assert "per head" in sentence and "recorded where they happen" in sentence


def test_the_find_rate_says_how_many_searches_do_not_record_whether_anything_was_found():
    """Searches whose record leaves the link to the object blank count as nothing found, as the Home Office
    counts them: the chapter says how many, so no reader takes the find rate for more than a floor."""
    rates = pd.DataFrame({"measure": ["Find rate (outcome linked to object of search)"], "searches_with_it": [779.0],
                          "searches": [3364.0], "rate": [0.232], "lower_95": [0.218], "upper_95": [0.246]})
    linked = ["Yes", "No", "Not recorded"]
    breakdown = pd.DataFrame({"dimension": ["Outcome linked to object of search"] * 3, "value": linked,
                              "searches": [779, 1368, 1217], "share": [0.232, 0.407, 0.362],
                              "lower_95": [0.218, 0.390, 0.345], "upper_95": [0.246, 0.423, 0.378]})
    assessment = _assessment({"stop_search_rates": rates, "stop_search": breakdown})
    (section,) = archive_sections(ReportInputs(assessment))
    opening = section.blocks[0].text
    assert "In 23.2% of them" in opening
    assert "For 36.2% of the searches the record does not say whether it was" in opening
    assert "the true find rate may be higher" in opening
    recorded = breakdown[breakdown["value"] != "Not recorded"]
    assessment = _assessment({"stop_search_rates": rates, "stop_search": recorded})
    assert "does not say" not in archive_sections(ReportInputs(assessment))[0].blocks[0].text
