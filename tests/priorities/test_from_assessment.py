"""Candidate evidence taken from a real Staffordshire assessment adds up to the assessment's own figures."""

from __future__ import annotations

import pandas as pd
import pytest

from cspkit.assess.build import AssessmentRequest, build_assessment
from cspkit.assess.harm import harm_by_crime_type
from cspkit.assess.period import parse_period
from cspkit.assess.series import trend_table
from cspkit.priorities.candidates import Candidate
from cspkit.priorities.from_assessment import _columns, _trend, evidence_from_assessment
from cspkit.stats.change import poisson_change


@pytest.fixture
def cannock(staffordshire_store):
    request = AssessmentRequest(area="Cannock Chase", period=parse_period("2022-01..2022-11"))
    return build_assessment(staffordshire_store, request)


def test_a_candidate_spanning_several_crime_types_sums_their_counts_and_rates(cannock):
    theft = Candidate("Theft", ("Shoplifting", "Other theft", "Bicycle theft"))
    (evidence,) = evidence_from_assessment(cannock, [theft])
    rates = cannock.table("rates")
    area = rates[rates["comparator_kind"] == "area"].set_index("crime_group")
    expected = int(area.loc[["Shoplifting", "Other theft", "Bicycle theft"], "count"].sum())
    assert evidence.count == expected
    assert evidence.rate_per_1000 == pytest.approx(expected / area.loc["Shoplifting", "population"] * 1000)


def test_a_candidate_with_no_police_uk_type_is_left_for_partners_evidence(cannock):
    (evidence,) = evidence_from_assessment(cannock, [Candidate("Domestic abuse", ())])
    assert evidence.count is None and "partners" in evidence.notes


def test_the_trend_verdict_leaves_out_the_flagged_months_like_the_assessment(cannock):
    (evidence,) = evidence_from_assessment(cannock, [Candidate("Violence", ("Violence and sexual offences",))])
    trend = cannock.table("trend").set_index("crime_group").loc["Violence and sexual offences"]
    assert evidence.trend_verdict == trend["verdict"]


def test_change_is_retested_on_the_summed_counts_when_a_window_is_available(staffordshire_store):
    assessment = build_assessment(staffordshire_store,
                                  AssessmentRequest(area="Stafford", period=parse_period("2022-07..2022-11")))
    candidate = Candidate("Acquisitive", ("Burglary", "Vehicle crime"))
    (evidence,) = evidence_from_assessment(assessment, [candidate])
    change = assessment.table("change")
    rows = change[(change["comparison"] == "previous period") & change["crime_group"].isin(candidate.crime_types)]
    tested = poisson_change(rows["count_earlier"].sum(), rows["count_current"].sum())
    assert evidence.change_pct == pytest.approx(tested.percent_change)
    assert evidence.change_verdict == tested.verdict


def test_harm_weighted_counts_use_the_loaded_cambridge_index(staffordshire_store, cannock):
    weights, label = harm_by_crime_type(staffordshire_store.con)
    assert label == "Cambridge Crime Harm Index (ONS 2020)"
    (evidence,) = evidence_from_assessment(cannock, [Candidate("Robbery", ("Robbery",))], weights, label)
    assert evidence.harm_weighted_count == pytest.approx(evidence.count * weights["Robbery"])
    assert evidence.harm_scheme_label == label
    # robbery is rarer but far more harmful per offence than shoplifting
    assert weights["Robbery"] > 50 * weights["Shoplifting"]


def test_no_change_is_claimed_when_no_comparison_has_all_its_months_loaded(cannock):
    change = cannock.table("change")
    assert not change["available"].any() and "count_current" not in change.columns  # 2022 loaded, no 2021
    (evidence,) = evidence_from_assessment(cannock, [Candidate("Theft", ("Shoplifting", "Other theft"))])
    assert (evidence.change_pct, evidence.change_verdict) == (None, None) and evidence.count


def test_a_candidates_trend_is_fitted_on_its_types_summed_by_month_without_the_flagged_months():
    """Thirty months (enough for a trend), in no order, of a falling type and a rising one that is
    missing two months; the last three flagged, with no counts, which would hide the rise."""
    rows = []
    for i, month in enumerate(pd.date_range("2023-10-01", periods=30, freq="MS")):
        flagged = i >= 27
        rows.append(("Burglary", month, 0 if flagged else 100 - i, flagged))
        if i not in (3, 17):
            rows.append(("Robbery", month, 0 if flagged else 10 + 6 * i, flagged))
    rows.append(("Shoplifting", pd.Timestamp("2024-01-01"), 9000, False))  # another type: not summed
    monthly = pd.DataFrame(rows, columns=["crime_group", "month", "count", "flagged"]).sample(frac=1, random_state=3)
    columns = _columns(monthly, ("crime_group", "month", "count", "flagged"))
    summed = (monthly[monthly["crime_group"].isin(["Burglary", "Robbery"])]
              .groupby("month", as_index=False).agg(count=("count", "sum"), flagged=("flagged", "any")))
    with_flagged = trend_table(summed.assign(crime_group="c"), set())["verdict"].iloc[0]
    assert _trend(columns, ["Burglary", "Robbery"]) == "increasing" != with_flagged
    assert _trend(columns, ["Burglary"]) == "decreasing"  # so the rise is the two types summed
