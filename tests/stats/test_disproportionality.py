"""Disproportionality ratios: the Home Office's published arithmetic and the log-method interval."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from statsmodels.stats.rates import confint_poisson_2indep

from cspkit.stats.disproportionality import disproportionality_table, rate_per_1000, rate_ratio

# Published figures, year ending March 2022 (Home Office, "Police powers and procedures: Stop and search and
# arrests, England and Wales, year ending 31 March 2022", published 27 October 2022,
# https://www.gov.uk/government/statistics/police-powers-and-procedures-stop-and-search-and-arrests-england-and-wales-year-ending-31-march-2022/
# police-powers-and-procedures-stop-and-search-and-arrests-england-and-wales-year-ending-31-march-2022),
# as reported force by force from the Home Office figures by the Express & Star, 12 November 2022,
# https://www.expressandstar.com/news/2022/11/12/rise-in-use-of-stop-and-search-powers-by-police-in-west-midlands-but-staffordshire-sees-a-fall/
#   West Midlands: 3,973 searches of Black people, "24.2 for every 1,000"; 9,713 of White people, "5.1 for every
#   1,000"; "black people were 4.8 times as likely to be stopped and searched".
#   Staffordshire: 177 searches of Black people, "20.7 for every 1,000"; 3,511 of White people, "3.4 for every
#   1,000"; "6.1 times as likely".
# Residents: the 2011 Census ethnic group by police force area (the base the Home Office used until its
# 2 March 2023 update to 2021 Census estimates), from Resistance-Lab/resistancelab_data,
# analysis/0002-demographics-by-police-force-area/force-demographics.csv,
# commit c31baef3bb331aa86cbbbed82fbd8364be24709d
# (ONS 2011 Census summed from local authorities to force areas): "Black" is Black/African/Caribbean/Black
# British (Mixed groups apart), "White" all White groups.
PUBLISHED = {
    # force: (Black searches, Black residents, White searches, White residents, Black rate, White rate, ratio)
    "West Midlands": (3_973, 164_069, 9_713, 1_919_138, 24.2, 5.1, 4.8),
    "Staffordshire": (177, 8_551, 3_511, 1_032_327, 20.7, 3.4, 6.1),
}


@pytest.mark.parametrize("force", sorted(PUBLISHED))
def test_published_home_office_rates_and_ratio_are_recomputed_from_counts_and_census(force):
    black, black_residents, white, white_residents, black_rate, white_rate, ratio = PUBLISHED[force]
    rates = rate_per_1000([black, white], [black_residents, white_residents])
    assert [round(float(r), 1) for r in rates] == [black_rate, white_rate]  # published to one decimal place
    assert round(rate_ratio(black, black_residents, white, white_residents).ratio, 1) == ratio


def test_the_published_ratio_is_of_unrounded_rates():
    # West Midlands: the rounded rates give 24.2 / 5.1 = 4.75, which would be published as 4.7; the Home
    # Office published 4.8, the ratio of the unrounded rates (24.215 / 5.061 = 4.785).
    black, black_residents, white, white_residents, black_rate, white_rate, ratio = PUBLISHED["West Midlands"]
    assert round(black_rate / white_rate, 1) == 4.7 != ratio
    assert rate_ratio(black, black_residents, white, white_residents).ratio == pytest.approx(4.7846, abs=1e-4)


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
