"""Monthly forecasts: the right model for the length of series, with intervals as the textbooks derive them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cspkit.stats.forecast import forecast_monthly

PATTERN = np.array([80, 75, 90, 95, 105, 120, 130, 125, 105, 95, 90, 90], dtype=float)


def seasonal_counts(months: int, noise: float = 4.0, seed: int = 11) -> pd.Series:
    rng = np.random.default_rng(seed)
    index = pd.period_range("2019-01", periods=months, freq="M")
    return pd.Series(PATTERN[index.month - 1] + rng.normal(0, noise, months), index=index)


def test_a_short_series_gets_the_seasonal_naive_forecast_with_intervals_widening_each_year():
    series = seasonal_counts(18)
    y = series.to_numpy()

    result = forecast_monthly(series, horizon=24)

    assert result.method == "seasonal naive"
    table = result.table
    np.testing.assert_allclose(table["forecast"].to_numpy(), np.tile(y[-12:], 2))
    # Hyndman and Athanasopoulos (2021), 5.5: sigma_h = sigma * sqrt(k + 1), k = whole years ahead.
    sigma = np.sqrt(np.mean((y[12:] - y[:-12]) ** 2))
    half = table["upper"] - table["forecast"]
    z = stats.norm.ppf(0.975)
    np.testing.assert_allclose(half.iloc[:12], z * sigma)
    np.testing.assert_allclose(half.iloc[12:], z * sigma * np.sqrt(2))


def test_forecast_months_follow_the_last_month_of_the_series():
    result = forecast_monthly(seasonal_counts(30), horizon=12)

    assert str(result.table.index[0]) == "2021-07"
    assert str(result.table.index[-1]) == "2022-06"
    assert result.observations == 30


def test_two_years_or_more_get_ets_whose_intervals_match_the_analytic_variance():
    # A wandering level (random walk) under a fixed seasonal pattern: ETS(A,N,A) territory.
    rng = np.random.default_rng(1)
    index = pd.period_range("2019-01", periods=48, freq="M")
    series = pd.Series(PATTERN[index.month - 1] + np.cumsum(rng.normal(0, 4, 48)) + rng.normal(0, 3, 48), index=index)

    result = forecast_monthly(series, horizon=24, level=0.9)

    assert result.method == "ETS(A,N,A)"
    # Hyndman et al. (2008) Table 6.1, ETS(A,N,A): v_h = s2 (1 + a^2 (h - 1) + g k (2a + g)), k = (h - 1) // 12.
    p = result.parameters
    a, g, s2 = p["smoothing_level"], p["smoothing_seasonal"], p["sigma2"]
    assert a > 0.3  # the wandering level is picked up, so the horizon term matters
    h = np.arange(1, 25)
    variance = s2 * (1 + a**2 * (h - 1) + g * ((h - 1) // 12) * (2 * a + g))
    half = result.table["upper"] - result.table["forecast"]
    np.testing.assert_allclose(half, stats.norm.ppf(0.95) * np.sqrt(variance), rtol=1e-6)


def test_an_ets_forecast_follows_the_seasonal_pattern_and_its_interval_covers_it():
    table = forecast_monthly(seasonal_counts(48), horizon=12).table

    truth = PATTERN  # the next year starts in January
    assert np.abs(table["forecast"].to_numpy() - truth).mean() < 5
    assert ((table["lower"] <= truth) & (truth <= table["upper"])).mean() >= 0.9


def test_a_rising_series_is_forecast_to_keep_rising():
    series = seasonal_counts(48) + np.arange(48) * 2.0

    table = forecast_monthly(series, horizon=12).table

    assert table["forecast"].mean() > series.iloc[-12:].mean()


def test_small_counts_never_get_a_negative_forecast_or_lower_limit():
    rng = np.random.default_rng(2)
    series = pd.Series(rng.poisson(1.0, 36).astype(float), index=pd.period_range("2020-01", periods=36, freq="M"))

    table = forecast_monthly(series).table

    assert (table[["forecast", "lower", "upper"]] >= 0).all().all()


def test_a_constant_series_is_forecast_flat_with_no_uncertainty():
    series = pd.Series(7.0, index=pd.period_range("2020-01", periods=30, freq="M"))

    table = forecast_monthly(series).table

    assert (table["forecast"] == 7).all() and (table["lower"] == 7).all() and (table["upper"] == 7).all()


def test_fewer_than_twelve_months_or_a_bad_level_are_refused():
    with pytest.raises(ValueError, match="at least 12"):
        forecast_monthly(seasonal_counts(11))
    with pytest.raises(ValueError, match="level"):
        forecast_monthly(seasonal_counts(24), level=95)
