"""STL decomposition recovers a seasonal pattern we built, and the profile says which months run high."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cspkit.stats._monthly import monthly_series
from cspkit.stats.seasonal import decompose, seasonal_strength, seasonality_profile

MONTHS = pd.period_range("2019-01", periods=48, freq="M")
# A summer peak: +30% in June, July and August, -10% in the other nine months (mean index 1).
SUMMER = np.array([0.9, 0.9, 0.9, 0.9, 0.9, 1.3, 1.3, 1.3, 0.9, 0.9, 0.9, 0.9])


def summer_series(level: float = 200.0, noise: float = 3.0, seed: int = 1) -> pd.Series:
    rng = np.random.default_rng(seed)
    seasonal = level * (SUMMER[MONTHS.month - 1] - 1)
    return pd.Series(level + seasonal + rng.normal(0, noise, len(MONTHS)), index=MONTHS)


def test_decomposition_recovers_the_seasonal_pattern_it_was_built_from():
    parts = decompose(summer_series()).components

    built = 200.0 * (SUMMER - 1)
    recovered = parts["seasonal"].groupby(parts.index.month).mean().to_numpy()
    np.testing.assert_allclose(recovered, built, atol=8)
    np.testing.assert_allclose(parts[["trend", "seasonal", "remainder"]].sum(axis=1), parts["observed"])


def test_a_strong_pattern_has_strength_near_one_and_noise_near_zero():
    rng = np.random.default_rng(3)
    noise = pd.Series(rng.poisson(100, len(MONTHS)).astype(float), index=MONTHS)

    assert decompose(summer_series()).strength > 0.9
    assert decompose(noise).strength < 0.5


def test_seasonal_strength_is_one_minus_the_remainder_share_of_variance():
    seasonal = np.array([1.0, -1.0, 1.0, -1.0])
    remainder = np.array([0.5, 0.5, -0.5, -0.5])
    # Var(S + R) = mean of (1.5, -0.5, 0.5, -1.5)^2 = 1.25; Var(R) = 0.25.

    assert seasonal_strength(seasonal, remainder) == pytest.approx(1 - 0.25 / 1.25)


def test_the_profile_flags_the_summer_months_of_a_summer_crime_and_nothing_for_a_flat_one():
    rng = np.random.default_rng(5)
    rows = [("Violence and sexual offences", m, v) for m, v in summer_series().items()]
    rows += [("Bicycle theft", m, float(rng.poisson(200))) for m in MONTHS]
    counts = pd.DataFrame(rows, columns=["crime_type", "month", "count"])

    profile = seasonality_profile(counts).set_index(["crime_type", "month_of_year"])

    violence = profile.loc["Violence and sexual offences"]
    assert violence.index[violence["runs_high"]].tolist() == [6, 7, 8]
    assert violence.loc[7, "index"] == pytest.approx(1.3, abs=0.05)
    assert violence.loc[7, "month_name"] == "July"
    assert violence["stable_p"].iloc[0] < 0.001
    flat = profile.loc["Bicycle theft"]
    assert not flat["runs_high"].any() and not flat["runs_low"].any()


def test_a_crime_type_with_no_row_for_a_month_counts_zero_that_month():
    rows = [("Robbery", m, 2.0) for m in MONTHS if m.month != 2]
    rows += [("Burglary", m, 10.0 + m.month) for m in MONTHS]
    counts = pd.DataFrame(rows, columns=["crime_type", "month", "count"])

    profile = seasonality_profile(counts).set_index(["crime_type", "month_of_year"])

    assert profile.loc[("Robbery", 2), "index"] < profile.loc[("Robbery", 3), "index"]
    assert profile.loc[("Robbery", 2), "runs_low"]


def test_a_month_missing_for_every_crime_type_is_a_gap_not_a_zero():
    rows = [("Robbery", m, 2.0) for m in MONTHS if str(m) != "2020-05"]
    counts = pd.DataFrame(rows, columns=["crime_type", "month", "count"])

    with pytest.raises(ValueError, match="2020-05 is missing"):
        seasonality_profile(counts)


def test_fewer_than_two_years_are_refused_naming_the_crime_type():
    counts = pd.DataFrame({"crime_type": "Shoplifting", "month": MONTHS[:20], "count": 5.0})

    with pytest.raises(ValueError, match=r"Shoplifting.*at least 24"):
        seasonality_profile(counts)


def test_monthly_series_accept_text_months_and_refuse_repeats():
    series = monthly_series(pd.Series([1.0, 2.0], index=["2022-02", "2022-01"]))

    assert [str(m) for m in series.index] == ["2022-01", "2022-02"]
    assert series.tolist() == [2.0, 1.0]
    with pytest.raises(ValueError, match="2022-01 appears more than once"):
        monthly_series(pd.Series([1.0, 2.0], index=["2022-01", "2022-01"]))
    with pytest.raises(ValueError, match="2022-03 has no value"):
        monthly_series(pd.Series([1.0, np.nan], index=["2022-02", "2022-03"]))
