"""Rates and proportions reproduce UKHSA's PHEindicatormethods (Fingertips) and statsmodels' published values."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cspkit.stats.rates import (
    IntervalEstimate,
    byar_lower,
    byar_upper,
    exact_poisson_lower,
    exact_poisson_upper,
    level_label,
    poisson_limits,
    proportion_ci,
    rate_ci,
    wilson_lower,
    wilson_upper,
    z_for,
)

PHE_LIMIT_CASES = range(1, 14)
PHE_RATE_ROWS = range(1, 21)
PHE_PROPORTION_ROWS = range(1, 20)
LIMITS = ["value", "lower95", "upper95", "lower99_8", "upper99_8"]
OURS = ["value", "lower_95", "upper_95", "lower_99_8", "upper_99_8"]


def phe(reference: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(reference / "PHEindicatormethods" / name)


def one_sample(reference: Path) -> pd.DataFrame:
    table = pd.read_csv(reference / "statsmodels" / "poisson_one_sample.csv")
    return table.assign(method=table["method"].str.split().str[0])


# --- PHE reference values -------------------------------------------------------------------------


def test_every_reference_row_is_checked(reference: Path) -> None:
    assert set(phe(reference, "byars_wilson_limits.csv")["case"]) == set(PHE_LIMIT_CASES)
    assert set(phe(reference, "phe_rate.csv")["row"]) == set(PHE_RATE_ROWS)
    assert set(phe(reference, "phe_proportion.csv")["row"]) == set(PHE_PROPORTION_ROWS)


@pytest.mark.parametrize("case", PHE_LIMIT_CASES)
def test_byar_and_wilson_limits_match_phe(reference: Path, case: int) -> None:
    row = phe(reference, "byars_wilson_limits.csv").set_index("case").loc[case]
    if row["method"] == "Byars":
        lower = byar_lower(row["x_observed"], row["confidence"])
        upper = byar_upper(row["x_observed"], row["confidence"])
    else:
        lower = wilson_lower(row["x_observed"], row["n_denominator"], row["confidence"])
        upper = wilson_upper(row["x_observed"], row["n_denominator"], row["confidence"])
    np.testing.assert_allclose([lower, upper], [row["expected_lower"], row["expected_upper"]], rtol=1e-12)


def test_byar_lower_limit_is_missing_when_negative(reference: Path) -> None:
    row = phe(reference, "byars_wilson_limits.csv").set_index("case").loc[13]
    assert np.isnan(row["expected_lower"])
    assert np.isnan(byar_lower(row["x_observed"], 0.998))


@pytest.mark.parametrize("row_number", PHE_RATE_ROWS)
def test_rate_ci_matches_phe_rate_row(reference: Path, row_number: int) -> None:
    row = phe(reference, "phe_rate.csv").set_index("row").loc[row_number]
    result = rate_ci(
        [row["numerator"]], [row["denominator"]], multiplier=row["multiplier"], confidence=(0.95, 0.998)
    ).iloc[0]
    np.testing.assert_allclose(result[OURS].to_numpy(float), row[LIMITS].to_numpy(float), rtol=1e-12, equal_nan=True)
    assert result["method"] == row["method"] or (pd.isna(result["method"]) and pd.isna(row["method"]))


def test_rate_ci_computes_a_whole_column_at_once(reference: Path) -> None:
    table = phe(reference, "phe_rate.csv").query("multiplier == 100000")
    result = rate_ci(table["numerator"], table["denominator"], multiplier=100_000, confidence=(95, 99.8))
    assert list(result.index) == list(table.index)
    np.testing.assert_allclose(result[OURS].to_numpy(), table[LIMITS].to_numpy(), rtol=1e-12, equal_nan=True)


def test_crime_rates_per_thousand_are_the_phe_rates_per_hundred_thousand_divided_by_100(reference: Path) -> None:
    table = phe(reference, "phe_rate.csv").query("row >= 9 and row <= 16")
    result = rate_ci(table["numerator"], table["denominator"], confidence=(0.95, 0.998))
    assert (result["multiplier"] == 1000).all()
    np.testing.assert_allclose(result[OURS].to_numpy(), table[LIMITS].to_numpy() / 100, rtol=1e-12)


def test_rate_ci_on_summed_groups_matches_phe_grouped_rates(reference: Path) -> None:
    summed = phe(reference, "phe_rate.csv").groupby("area", sort=False)[["numerator", "denominator"]].sum(min_count=1)
    expected = phe(reference, "phe_rate_grouped_expected.csv").set_index("area").loc[summed.index]
    result = rate_ci(summed["numerator"], summed["denominator"], multiplier=100_000, confidence=0.95 * 100)
    np.testing.assert_allclose(summed.to_numpy(), expected[["numerator_summed", "denominator_summed"]].to_numpy())
    np.testing.assert_allclose(
        result[["value", "lower_95", "upper_95"]].to_numpy(),
        expected[["value", "lower95", "upper95"]].to_numpy(),
        rtol=1e-12,
        equal_nan=True,
    )


@pytest.mark.parametrize("row_number", PHE_PROPORTION_ROWS)
def test_proportion_ci_matches_phe_proportion_row(reference: Path, row_number: int) -> None:
    row = phe(reference, "phe_proportion.csv").set_index("row").loc[row_number]
    result = proportion_ci(
        [row["numerator"]], [row["denominator"]], multiplier=row["multiplier"], confidence=(0.95, 0.998)
    ).iloc[0]
    np.testing.assert_allclose(result[OURS].to_numpy(float), row[LIMITS].to_numpy(float), rtol=1e-12, equal_nan=True)
    assert result["method"] == "Wilson"


def test_proportion_ci_on_summed_groups_matches_phe_grouped_proportions(reference: Path) -> None:
    summed = phe(reference, "phe_proportion.csv").groupby("area", sort=False)[["numerator", "denominator"]]
    summed = summed.sum(min_count=1)
    expected = phe(reference, "phe_proportion_grouped_expected.csv").set_index("area").loc[summed.index]
    result = proportion_ci(summed["numerator"], summed["denominator"], confidence=(0.95,))
    np.testing.assert_allclose(
        result[["value", "lower_95", "upper_95"]].to_numpy(),
        expected[["value", "lower95", "upper95"]].to_numpy(),
        rtol=1e-12,
        equal_nan=True,
    )


# --- statsmodels one-sample reference values --------------------------------------------------------


def test_exact_poisson_limits_equal_the_published_garwood_interval(reference: Path) -> None:
    row = one_sample(reference).set_index("method").loc["exact-c"]
    limits = np.array([exact_poisson_lower(row["count"]), exact_poisson_upper(row["count"])]) / row["exposure"]
    np.testing.assert_allclose(limits, [row["expected_lower"], row["expected_upper"]], rtol=1e-10)
    forced = rate_ci(row["count"], row["exposure"], multiplier=1, method="exact")
    np.testing.assert_allclose([forced.lower, forced.upper], [row["expected_lower"], row["expected_upper"]], rtol=1e-10)


@pytest.mark.parametrize("method", ["score", "wald", "jeffreys"])
def test_rate_ci_passes_other_methods_to_statsmodels(reference: Path, method: str) -> None:
    row = one_sample(reference).set_index("method").loc[method]
    result = rate_ci(row["count"], row["exposure"], multiplier=1, method=method)
    np.testing.assert_allclose([result.lower, result.upper], [row["expected_lower"], row["expected_upper"]], rtol=1e-10)
    assert result.method == method


def test_rate_ci_mid_p_upper_limit_matches_r_ratesci(reference: Path) -> None:
    row = one_sample(reference).set_index("method").loc["midp-c"]
    result = rate_ci([row["count"]], [row["exposure"]], multiplier=1, method="midp-c")
    np.testing.assert_allclose(result["upper_95"], row["expected_upper"], rtol=1e-5)


def test_phe_byar_interval_is_not_the_desctools_byar_variant(reference: Path) -> None:
    row = one_sample(reference).set_index("method").loc["byar"]
    ours = rate_ci(row["count"], row["exposure"], multiplier=1)
    assert ours.method == "Byars"
    np.testing.assert_allclose([ours.lower, ours.upper], [0.0209732, 0.0618541], rtol=5e-6)
    assert abs(ours.lower - row["expected_lower"]) > 1e-4


# --- properties -----------------------------------------------------------------------------------


def test_z_is_the_exact_normal_quantile_not_1_96() -> None:
    assert z_for(0.95) == pytest.approx(1.959963984540054, rel=1e-15)
    assert z_for(95) == z_for(0.95)
    assert z_for(0.998) == pytest.approx(3.090232306167813, rel=1e-15)


def test_confidence_levels_name_their_columns() -> None:
    assert level_label(0.95) == "95"
    assert level_label(99.8) == "99_8"


@pytest.mark.parametrize("count", [0, 1, 4, 9])
def test_exact_limits_solve_the_poisson_tail_equations(count: int) -> None:
    lower, upper = exact_poisson_lower(count, 0.95), exact_poisson_upper(count, 0.95)
    assert stats.poisson.cdf(count, upper) == pytest.approx(0.025, rel=1e-9)
    if count:
        assert stats.poisson.sf(count - 1, lower) == pytest.approx(0.025, rel=1e-9)
    else:
        assert lower == 0


def test_rate_intervals_contain_the_rate_and_the_998_interval_contains_the_95() -> None:
    counts = np.arange(0, 500)
    result = rate_ci(counts, 25_000, confidence=(0.95, 0.998))
    assert (result["lower_99_8"] <= result["lower_95"]).all()
    assert (result["lower_95"] <= result["value"]).all()
    assert (result["value"] < result["upper_95"]).all()
    assert (result["upper_95"] < result["upper_99_8"]).all()


def test_relative_width_of_the_interval_shrinks_as_the_count_grows() -> None:
    result = rate_ci(np.arange(1, 2000), 100_000)
    relative_width = ((result["upper_95"] - result["lower_95"]) / result["value"]).to_numpy()
    assert (np.diff(relative_width) < 0).all()


def test_method_switches_from_exact_to_byar_at_ten_events() -> None:
    below, at = rate_ci(9, 1000, multiplier=1), rate_ci(10, 1000, multiplier=1)
    assert (below.method, at.method) == ("Exact", "Byars")
    assert below.lower * 1000 == pytest.approx(exact_poisson_lower(9), rel=1e-14)
    assert at.upper * 1000 == pytest.approx(byar_upper(10), rel=1e-14)
    assert poisson_limits(10) == (byar_lower(10), byar_upper(10))
    assert poisson_limits(9) == (exact_poisson_lower(9), exact_poisson_upper(9))


def test_rates_scale_linearly_with_the_multiplier() -> None:
    per_thousand = rate_ci([3, 30, 300], [5000, 5000, 5000], confidence=(0.95, 0.998))
    per_hundred_thousand = rate_ci([3, 30, 300], [5000, 5000, 5000], multiplier=100_000, confidence=(0.95, 0.998))
    np.testing.assert_allclose(per_hundred_thousand[OURS].to_numpy() / 100, per_thousand[OURS].to_numpy(), rtol=1e-14)


def test_a_scalar_call_gives_a_single_estimate_and_a_table_otherwise() -> None:
    single = rate_ci(15, 400)
    assert isinstance(single, IntervalEstimate)
    assert (single.value, single.multiplier, single.confidence) == (37.5, 1000, 0.95)
    assert isinstance(rate_ci(15, 400, confidence=(0.95,)), pd.DataFrame)
    assert isinstance(rate_ci([15], [400]), pd.DataFrame)


def test_results_keep_the_callers_index() -> None:
    counts = pd.Series([4, 40], index=["E05000001", "E05000002"])
    assert list(rate_ci(counts, 2000).index) == ["E05000001", "E05000002"]


def test_missing_counts_give_missing_rates_and_no_method() -> None:
    result = rate_ci([None, 12], [1000, None])
    assert result[["value", "lower_95", "upper_95"]].isna().all().all()
    assert pd.isna(result["method"].iloc[0])
    assert result["method"].iloc[1] == "Byars"


def test_impossible_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        rate_ci(-1, 100)
    with pytest.raises(ValueError, match="population"):
        rate_ci(1, 0)
    with pytest.raises(ValueError, match="larger than the denominator"):
        proportion_ci(11, 10)
    with pytest.raises(ValueError, match="confidence"):
        rate_ci(1, 10, confidence=0)


def test_wilson_interval_at_full_confidence_is_zero_to_one() -> None:
    result = proportion_ci(3, 10, confidence=1)
    assert (result.lower, result.upper) == (0.0, 1.0)


def test_proportion_intervals_stay_within_zero_and_one() -> None:
    result = proportion_ci(np.arange(0, 21), 20, confidence=(0.95, 0.998))
    assert (result["lower_99_8"] >= 0).all()
    assert (result["upper_99_8"] <= 1 + 1e-15).all()
    assert (result["lower_95"] <= result["value"]).all()
    assert (result["value"] <= result["upper_95"]).all()
