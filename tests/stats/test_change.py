"""Change between two periods and trends over several, checked against Gu et al. (2008) and closed forms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from cspkit.stats.change import (
    TREND_METHODS,
    PoissonChange,
    Trend,
    poisson_change,
    recent_trend,
    recent_trend_counts,
    recent_trend_proportion,
    trend_test,
)
from cspkit.stats.rates import poisson_limits


def gu_example(reference: Path) -> pd.DataFrame:
    """Gu et al. (2008) example 1: 60 events over 51,477.5 vs 30 over 54,308.7 (later vs earlier here)."""
    table = pd.read_csv(reference / "statsmodels" / "poisson_two_sample.csv").set_index("case")
    assert table.loc[1, ["count1", "exposure1", "count2", "exposure2"]].tolist() == [60, 51477.5, 30, 54308.7]
    return table


def test_score_change_reproduces_the_published_interval_and_p_value(reference: Path) -> None:
    table = gu_example(reference)
    result = poisson_change(30, 60, 54308.7, 51477.5)
    assert isinstance(result, PoissonChange)
    np.testing.assert_allclose(
        [result.ratio_lower, result.ratio_upper], table.loc[27, ["ci_lower_expected", "ci_upper_expected"]], atol=5e-6
    )
    # The score test is symmetric, so the two-sided p is twice the published one-sided p (case 9).
    assert result.p_value == pytest.approx(2 * table.loc[9, "p_expected"], abs=2 * 5e-6)
    assert result.rate_ratio == pytest.approx((60 / 51477.5) / (30 / 54308.7), rel=1e-14)
    assert result.percent_change == pytest.approx(100 * (result.rate_ratio - 1), rel=1e-14)
    assert result.verdict == "increase"


def test_exact_change_reproduces_the_central_exact_interval(reference: Path) -> None:
    table = gu_example(reference)
    result = poisson_change(30, 60, 54308.7, 51477.5, method="exact-cond")
    np.testing.assert_allclose(
        [result.ratio_lower, result.ratio_upper], table.loc[7, ["ci_lower_expected", "ci_upper_expected"]], rtol=1e-12
    )
    assert result.p_value == pytest.approx(2 * table.loc[13, "p_expected"], abs=2 * 5e-4)
    assert result.verdict == "increase"


def test_a_twelve_percent_rise_on_a_hundred_crimes_is_not_significant() -> None:
    result = poisson_change(100, 112)
    assert result.percent_change == pytest.approx(12.0)
    assert result.ratio_lower < 1 < result.ratio_upper
    assert result.verdict == "no significant change"
    assert result.p_value > 0.05


def test_swapping_the_periods_inverts_the_ratio_and_keeps_the_p_value() -> None:
    forward, backward = poisson_change(80, 130), poisson_change(130, 80)
    assert backward.rate_ratio == pytest.approx(1 / forward.rate_ratio)
    assert backward.ratio_lower == pytest.approx(1 / forward.ratio_upper, rel=1e-10)
    assert backward.p_value == pytest.approx(forward.p_value, rel=1e-12)
    assert (forward.verdict, backward.verdict) == ("increase", "decrease")


def test_verdicts_agree_with_the_interval_and_the_p_value_for_many_areas() -> None:
    rng = np.random.default_rng(11)
    before = rng.poisson(rng.uniform(1, 300, size=1_000))
    after = rng.poisson(before * rng.uniform(0.7, 1.4, size=before.size))
    result = poisson_change(before, after)
    assert isinstance(result, pd.DataFrame)
    assert ((result["verdict"] == "increase") == (result["ratio_lower"] > 1)).all()
    assert ((result["verdict"] == "decrease") == (result["ratio_upper"] < 1)).all()
    decided = (result["p_value"] - 0.05).abs() > 1e-9
    significant = result["verdict"] != "no significant change"
    assert (significant[decided] == (result["p_value"] < 0.05)[decided]).all()
    one = poisson_change(before[3], after[3])
    assert one.p_value == pytest.approx(result["p_value"].iloc[3], rel=1e-12)


def test_periods_with_no_crime_are_handled() -> None:
    result = poisson_change([0, 0, 6], [0, 6, 0])
    assert result["verdict"].tolist() == ["no significant change", "increase", "decrease"]
    assert result["p_value"].iloc[0] == 1
    with pytest.raises(ValueError, match="negative"):
        poisson_change(-1, 3)
    with pytest.raises(ValueError, match="method must be one of 'score', 'exact-cond'"):
        poisson_change(1, 3, method="wald")


def test_trend_on_an_exact_doubling_recovers_100_percent_a_year_with_the_fisher_standard_error() -> None:
    counts, years = np.array([100.0, 200, 400, 800, 1600]), np.arange(5.0)
    result = trend_test(counts)
    assert isinstance(result, Trend)
    assert result.annual_percent_change == pytest.approx(100, rel=1e-8)
    # Independent check: for a perfect fit the Poisson information for the slope is sum(mu (t - mean_mu t)^2).
    centre = (counts * years).sum() / counts.sum()
    se = 1 / np.sqrt((counts * (years - centre) ** 2).sum())
    z = stats.norm.ppf(0.975)
    assert result.lower == pytest.approx(100 * np.expm1(np.log(2) - z * se), rel=1e-6)
    assert result.upper == pytest.approx(100 * np.expm1(np.log(2) + z * se), rel=1e-6)
    assert result.p_value == pytest.approx(2 * stats.norm.sf(np.log(2) / se), rel=1e-4)
    assert (result.dispersion, result.direction, result.verdict) == (1.0, "up", "increasing")


def statsmodels_trend(counts: np.ndarray, exposures: np.ndarray, times: np.ndarray) -> tuple[float, ...]:
    """The reference: statsmodels' Poisson GLM, refitted quasi-Poisson (t-based) when over-dispersed."""
    keep = ~np.isnan(counts)
    model = sm.GLM(
        counts[keep], sm.add_constant(times[keep]), family=sm.families.Poisson(), offset=np.log(exposures[keep])
    )
    fit = model.fit(tol=1e-13)  # statsmodels' default stopping rule leaves about 1e-8 in the slope
    dispersion = max(1.0, fit.pearson_chi2 / fit.df_resid)
    if dispersion > 1:
        fit = model.fit(scale=dispersion, use_t=True, tol=1e-13, start_params=fit.params)
    low, high = np.asarray(fit.conf_int(alpha=0.05))[1]
    return (100 * np.expm1(fit.params[1]), 100 * np.expm1(low), 100 * np.expm1(high), fit.pvalues[1], dispersion)


def test_vectorised_trends_equal_statsmodels_poisson_glm_fits() -> None:
    rng = np.random.default_rng(2024)
    periods = 8
    times = np.arange(periods) / 4  # quarters, so the change is per year
    exposures = rng.uniform(5_000, 50_000, size=(60, 1)) * np.linspace(1, 1.2, periods)
    means = exposures * 0.01 * np.exp(rng.normal(0, 0.2, size=(60, 1)) * times)
    counts = np.where(np.arange(60)[:, None] % 2 == 0, rng.poisson(means), rng.negative_binomial(5, 5 / (5 + means)))
    counts = counts.astype(float)
    counts[::7, 3] = np.nan
    ours = trend_test(counts, exposures, times)
    for i in range(len(counts)):
        expected = statsmodels_trend(counts[i], exposures[i], times)
        row = ours.iloc[i]
        actual = [row["annual_percent_change"], row["lower"], row["upper"], row["p_value"], row["dispersion"]]
        np.testing.assert_allclose(actual, expected, rtol=1e-7, atol=1e-9)
    assert (ours["dispersion"] > 1).any()
    assert (ours["dispersion"] == 1).any()


def test_monthly_times_give_an_annual_change() -> None:
    months = np.arange(24)
    counts = np.round(200 * 1.1 ** (months / 12))
    result = trend_test(counts, times=months / 12)
    assert result.annual_percent_change == pytest.approx(10, abs=0.3)


def test_overdispersion_widens_the_trend_interval() -> None:
    counts = [100, 160, 95, 170, 120, 190]
    quasi, poisson = trend_test(counts), trend_test(counts, overdispersion=False)
    assert quasi.dispersion > 1
    assert quasi.annual_percent_change == pytest.approx(poisson.annual_percent_change, rel=1e-8)
    assert quasi.upper - quasi.lower > poisson.upper - poisson.lower
    assert quasi.p_value > poisson.p_value


def test_a_rate_that_is_steady_once_population_is_allowed_for_shows_no_trend() -> None:
    population = np.array([10_000.0, 12_000, 14_000, 16_000, 18_000])
    result = trend_test(population * 0.05, exposures=population)
    assert result.annual_percent_change == pytest.approx(0, abs=1e-8)
    assert result.verdict == "no significant change"


def test_several_series_at_once_match_one_at_a_time() -> None:
    series = np.array([[50, 55, 61, 64, 70], [40, 38, 30, 29, 22], [10, 12, 9, 11, 10]], dtype=float)
    table = trend_test(series)
    assert table["verdict"].tolist() == ["increasing", "decreasing", "no significant change"]
    single = trend_test(series[1])
    assert table["p_value"].iloc[1] == pytest.approx(single.p_value, rel=1e-12)
    by_area = trend_test(pd.DataFrame(series, index=["Ashford", "Dover", "Thanet"]))
    assert by_area.loc["Dover", "verdict"] == "decreasing"


def test_too_few_periods_or_no_crime_cannot_be_calculated() -> None:
    assert trend_test([3, 4, 5, 6]).verdict == "cannot be calculated"
    assert trend_test([0, 0, 0, 0, 0]).verdict == "cannot be calculated"
    assert trend_test([3, np.nan, 4, 5, 6, 7]).n_periods == 5
    # Nothing until the last period: the fitted trend would be infinite.
    assert trend_test([0, 0, 0, 0, 9]).verdict == "cannot be calculated"


# --- Fingertips recent trend -----------------------------------------------------------------------
# Expected values: fingertips-open @ 678089724a516138232d273c4c7f511ed3c5a338,
# PholioVisualisationWS/AnalysisTest/TrendMarkerCalculatorTest.cs (GetTrendData_Set1/Set2 and
# GetTrendDataForProportion_Set1/Set2, given newest first there; oldest first here). The upstream
# test compares the chi-square rounded to 2 decimals.

SET1 = {  # 2014..2018: count, denominator, value, lower 95%, upper 95%
    "count": [994, 1023, 1199, 1332, 1367],
    "denominator": [40299, 41527, 42811, 44064, 44701],
    "value": [24.67, 24.6, 28, 30.2, 30.6],
    "lower": [23.16, 23.15, 26.44, 28.63, 28.98],
    "upper": [26.25, 26.19, 29.64, 31.9, 32.25],
}
SET2 = {
    "value": [20.5506, 19.5952, 19.0349, 21.3966, 18.4372],
    "lower": [18.1803, 17.3444, 16.8421, 19.0918, 16.2925],
    "upper": [23.1427, 22.0602, 21.4394, 23.8975, 20.7941],
}


def test_recent_trend_reproduces_fingertips_significant_case() -> None:
    result = recent_trend(SET1["value"], SET1["lower"], SET1["upper"])
    assert round(result.chi_square, 2) == 46.77
    assert result.verdict == "increasing"
    assert result.method == "fingertips"


def test_recent_trend_reproduces_fingertips_not_significant_case() -> None:
    result = recent_trend(SET2["value"], SET2["lower"], SET2["upper"])
    assert result.verdict == "no significant change"


def test_recent_trend_for_proportions_reproduces_fingertips() -> None:
    result = recent_trend_proportion(SET1["count"], SET1["denominator"])
    assert round(result.chi_square, 2) == 47.9
    assert result.verdict == "increasing"


def test_recent_trend_for_proportions_cannot_be_calculated_when_all_are_counted() -> None:
    result = recent_trend_proportion([5, 3, 1, 1, 2], [5, 5, 5, 4, 4])
    assert result.verdict == "cannot be calculated"


def test_recent_trend_needs_five_points_and_uses_the_last_five() -> None:
    assert recent_trend([1, 2, 3, 4], [0, 1, 2, 3], [2, 3, 4, 5]).verdict == "cannot be calculated"
    longer = recent_trend([99, *SET1["value"]], [90, *SET1["lower"]], [110, *SET1["upper"]])
    assert longer.chi_square == pytest.approx(recent_trend(SET1["value"], SET1["lower"], SET1["upper"]).chi_square)


def test_recent_trend_with_an_outlier_is_not_significant() -> None:
    """Fingertips' outlier rule: leaving out the one huge point reverses the slope, so no trend is given."""
    values = [10.0, 10.0, 10.0, 10.0, 30.0][::-1]
    result = recent_trend(values, [v - 0.5 for v in values], [v + 0.5 for v in values])
    assert result.chi_square > 9.55
    assert not result.consistent
    assert result.verdict == "no significant change"


def test_recent_trend_of_counts_uses_phe_poisson_limits() -> None:
    counts = [100, 120, 140, 160, 180]
    low, high = poisson_limits(np.array(counts, dtype=float), 0.95)
    direct = recent_trend(counts, low, high)
    assert recent_trend_counts(counts).chi_square == pytest.approx(direct.chi_square)
    assert set(TREND_METHODS) == {"quasi-poisson", "fingertips"}
