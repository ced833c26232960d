"""Disproportionality ratios: the Home Office's published arithmetic and the log-method interval."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from statsmodels.stats.rates import confint_poisson_2indep

from cspkit.stats.disproportionality import disproportionality_table, rate_per_1000, rate_ratio


def test_home_office_worked_example_year_ending_march_2021():
    # Home Office, "Police powers and procedures: stop and search and arrests, England and Wales, year ending
    # 31 March 2021" (and GOV.UK Ethnicity facts and figures, "Stop and search"): 52.6 searches per 1,000 Black
    # people and 7.5 per 1,000 White people, so Black people were searched at "7.0 times" the rate.
    black, white = rate_per_1000(526, 10_000), rate_per_1000(75, 10_000)
    assert (float(black), float(white)) == pytest.approx((52.6, 7.5))
    assert round(rate_ratio(526, 10_000, 75, 10_000).ratio, 1) == 7.0


def test_interval_matches_the_hand_computed_log_method():
    # 100 searches of 10,000 residents (10 per 1,000) against 400 of 200,000 (2 per 1,000): ratio 5.
    # SE(log RR) = sqrt(1/100 + 1/400) = 0.1118034; z = 1.959964; 5 x exp(-/+ 0.2191292) = 4.01614, 6.22489.
    result = rate_ratio(100, 10_000, 400, 200_000)
    assert result.ratio == pytest.approx(5.0)
    assert (result.lower, result.upper) == pytest.approx((4.01614, 6.22489), abs=1e-4)


def test_interval_agrees_with_statsmodels_wald_log():
    lower, upper = confint_poisson_2indep(37, 2_500, 210, 61_000, method="wald-log", compare="ratio")
    result = rate_ratio(37, 2_500, 210, 61_000)
    assert (result.lower, result.upper) == pytest.approx((lower, upper), rel=1e-9)


def test_table_labels_each_group_against_white():
    searches = pd.Series({"White": 4, "Black": 4, "Asian": 1})
    residents = pd.Series({"White": 1000.0, "Black": 100.0, "Asian": 100.0, "Mixed": 50.0})
    table = disproportionality_table(searches, residents).set_index("ethnic_group")
    assert table.loc["Black", "ratio"] == pytest.approx(10.0)
    # 10 x exp(-/+ 1.959964 x sqrt(1/4 + 1/4)) = 10 x exp(-/+ 1.385910) = 2.50096, 39.9846
    assert (table.loc["Black", "lower"], table.loc["Black", "upper"]) == pytest.approx((2.50096, 39.9846), abs=1e-3)
    assert table.loc["Black", "significance"] == "higher"
    assert table.loc["Asian", "significance"] == "similar"
    assert table.loc["Mixed", "ratio"] == 0 and math.isnan(table.loc["Mixed", "lower"])
    assert table.loc["White", "significance"] == ""
    assert table.loc["White", "ratio"] == 1 and math.isnan(table.loc["White", "lower"])


def test_no_white_residents_is_an_error():
    with pytest.raises(ValueError, match="reference group"):
        disproportionality_table(pd.Series({"Black": 3}), pd.Series({"Black": 10.0}))
