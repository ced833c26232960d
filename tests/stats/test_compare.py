"""Benchmark comparisons, two-rate tests and funnel limits, checked against published values and their definitions."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.rates import confint_poisson_2indep

from cspkit.stats.compare import (
    BenchmarkComparison,
    Significance,
    compare_rates,
    compare_with_benchmark,
    funnel_limits,
    poisson_rate_test,
    significance,
    two_rate_ci,
    two_rate_test,
)
from cspkit.stats.rates import rate_ci

TWO_SAMPLE_CASES = range(1, 30)


def two_sample(reference: Path) -> pd.DataFrame:
    return pd.read_csv(reference / "statsmodels" / "poisson_two_sample.csv", dtype={"statistic_expected": str})


def tolerance(text: str) -> dict[str, float]:
    """The upstream tolerance written in the row, e.g. 'p atol 5e-6' -> {'atol': 5e-6}."""
    kind, size = re.search(r"\b(rtol|atol) ([0-9.e-]+)", text).groups()
    return {kind: float(size)}


def printed_precision(number: str) -> float:
    """Half a unit in the last printed decimal: the most a rounded published value can be off by."""
    return 0.5 * 10.0 ** -len(number.split(".")[1])


# --- statsmodels / R reference values -----------------------------------------------------------------


def test_every_two_sample_case_is_checked(reference: Path) -> None:
    assert set(two_sample(reference)["case"]) == set(TWO_SAMPLE_CASES)


@pytest.mark.parametrize("case", TWO_SAMPLE_CASES)
def test_two_rate_comparison_matches_published_case(reference: Path, case: int) -> None:
    row = two_sample(reference).set_index("case").loc[case]
    counts = (row["count1"], row["exposure1"], row["count2"], row["exposure2"])
    method = row["method"].split()[0]
    tol = tolerance(row["tolerance"])
    if pd.notna(row["p_expected"]):
        null = None if pd.isna(row["null_value"]) else row["null_value"]
        result = two_rate_test(
            *counts, compare=row["compare"], null_value=null, alternative=row["alternative"], method=method
        )
        np.testing.assert_allclose(result.p_value, row["p_expected"], **tol)
        if pd.notna(row["statistic_expected"]):
            allowed = max(tol.get("atol", 0.0), printed_precision(row["statistic_expected"]))
            np.testing.assert_allclose(result.statistic, float(row["statistic_expected"]), atol=allowed)
    else:
        lower, upper = two_rate_ci(*counts, compare=row["compare"], method=method, confidence=row["ci_level"])
        np.testing.assert_allclose([lower, upper], [row["ci_lower_expected"], row["ci_upper_expected"]], **tol)


@pytest.mark.parametrize("method", ["exact-c", "score"])
def test_one_sample_test_against_a_known_rate_matches_r(reference: Path, method: str) -> None:
    table = pd.read_csv(reference / "statsmodels" / "poisson_one_sample.csv")
    row = table[table["method"].str.startswith(method)].iloc[0]
    result = poisson_rate_test(row["count"], row["exposure"], row["null_rate"], method=method)
    assert result.p_value == pytest.approx(row["expected_p_two_sided"], rel=1e-12)


# --- Fingertips comparison with a benchmark value -------------------------------------------------


def test_area_is_lower_than_the_benchmark_only_when_its_interval_is_wholly_below() -> None:
    result = compare_with_benchmark(15, 400, 75, confidence=0.95)
    assert isinstance(result, BenchmarkComparison)
    assert result.upper < 75
    assert result.significance is Significance.LOWER


def test_significance_labels_agree_with_the_intervals_for_many_areas() -> None:
    rng = np.random.default_rng(20240601)
    population = rng.integers(2_000, 200_000, size=2_000)
    count = rng.poisson(population * rng.uniform(0.03, 0.09, size=population.size))
    result = compare_with_benchmark(count, population, 60.0)
    for label in ("95", "99_8"):
        lower, upper, sig = result[f"lower_{label}"], result[f"upper_{label}"], result[f"significance_{label}"]
        assert ((sig == "higher") == (lower > 60)).all()
        assert ((sig == "lower") == (upper < 60)).all()
        assert ((sig == "similar") == ((lower <= 60) & (upper >= 60))).all()
    assert set(result["significance_95"]) == {"higher", "lower", "similar"}
    # 99.8% is stricter: anything significant at 99.8% is significant, the same way, at 95%.
    strict = result["significance_99_8"] != "similar"
    assert (result.loc[strict, "significance_99_8"] == result.loc[strict, "significance_95"]).all()


def test_comparison_columns_extend_the_rate_table() -> None:
    result = compare_with_benchmark([30, 31], [1000, 1000], [30.0, np.nan])
    rates = rate_ci([30, 31], [1000, 1000], confidence=(0.95, 0.998))
    pd.testing.assert_frame_equal(result[rates.columns], rates)
    assert result["significance_95"].tolist() == ["similar", "not compared"]


def test_an_interval_touching_the_benchmark_is_similar() -> None:
    assert significance(10.0, 20.0, 10.0) == "similar"
    assert significance(10.0, 20.0, 20.0) == "similar"
    assert significance(10.0, 20.0, 9.99) == "higher"
    assert significance(np.nan, 20.0, 25.0) == "lower"
    assert significance(np.nan, np.nan, 25.0) == "not compared"


# --- two rates, both uncertain -----------------------------------------------------------------------


@pytest.mark.parametrize(("count1", "count2"), [(1, 7), (3, 1), (1, 1), (12, 30), (250, 199), (4000, 4300)])
def test_closed_form_score_interval_equals_statsmodels_numerical_one(count1: int, count2: int) -> None:
    ours = two_rate_ci(count1, 12_000.0, count2, 15_500.0, method="score", confidence=0.95)
    theirs = confint_poisson_2indep(count1, 12_000.0, count2, 15_500.0, method="score", alpha=0.05)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)


def test_score_interval_for_a_zero_count_runs_from_zero_or_to_infinity() -> None:
    z2 = stats.norm.ppf(0.975) ** 2
    lower, upper = two_rate_ci(0, 12_000.0, 7, 15_500.0)
    assert lower == 0
    assert upper == pytest.approx(z2 / 7 * 15_500 / 12_000, rel=1e-12)  # score test solved at count1 = 0
    assert two_rate_ci(3, 12_000.0, 0, 15_500.0)[1] == np.inf


def test_compare_rates_labels_agree_with_the_p_value() -> None:
    rng = np.random.default_rng(7)
    count = rng.poisson(rng.uniform(5, 400, size=500))
    benchmark = rng.poisson(rng.uniform(5, 400, size=500))
    for method in ("score", "exact-cond"):
        result = compare_rates(count, 10_000, benchmark, 10_000, method=method, confidence=(0.95, 0.998))
        for label, alpha in (("95", 0.05), ("99_8", 0.002)):
            significant = result[f"significance_{label}"] != "similar"
            decided = (result["p_value"] - alpha).abs() > 1e-9  # leave exact ties at alpha alone
            assert (significant[decided] == (result["p_value"] < alpha)[decided]).all()
            higher = result[f"significance_{label}"] == "higher"
            assert (result.loc[higher, "rate_ratio"] > 1).all()


def test_an_area_inside_its_benchmark_is_compared_with_the_rest_of_it() -> None:
    inside = compare_rates(120, 10_000, 1_000, 100_000, benchmark_includes_area=True)
    apart = compare_rates(120, 10_000, 880, 90_000)
    pd.testing.assert_frame_equal(inside, apart)
    with pytest.raises(ValueError, match="larger than the area"):
        compare_rates(120, 10_000, 100, 100_000, benchmark_includes_area=True)


def test_two_empty_areas_show_no_difference() -> None:
    result = compare_rates([0], [5000], [0], [5000]).iloc[0]
    assert result["p_value"] == 1
    assert result["significance_95"] == "similar"


# --- funnel plots ---------------------------------------------------------------------------------


PHE_FUNNELS = Path(__file__).parent / "reference" / "PHEindicatormethods"


def test_funnel_limits_pass_through_phe_funnel_points() -> None:
    """PHEindicatormethods @ 093fd288 tests/testthat/testdata_funnel_ratio_outputs.csv: at the expected
    count where PHE's funnel passes through n observed events, the limit is n / expected (ISR x 100).
    E.g. 2 events against 0.2422 expected: 825.7 per 100. rtol 1e-5: PHE's expected counts carry its
    bisection's error (up to 4e-6)."""
    table = pd.read_csv(PHE_FUNNELS / "testdata_funnel_ratio_outputs.csv")
    for name, level in (("2s", "95"), ("3s", "99_8")):
        upper = funnel_limits(table[f"upper_{name}_exp_events"], 100.0, multiplier=100)
        lower = funnel_limits(table[f"lower_{name}_exp_events"], 100.0, multiplier=100)
        np.testing.assert_allclose(upper[f"upper_{level}"], table[f"upper_{name}_isr"], rtol=1e-5)
        np.testing.assert_allclose(lower[f"lower_{level}"], table[f"lower_{name}_isr"], rtol=1e-5)
    assert upper_at(0.242209467) == pytest.approx(825.7315569, rel=1e-5)


def upper_at(expected: float) -> float:
    return float(funnel_limits([expected], 100.0, multiplier=100, confidence=0.95)["upper_95"].iloc[0])


def test_funnel_labels_agree_with_compare_with_benchmark_and_phe_in_all_300_ratio_cases() -> None:
    """PHEindicatormethods @ 093fd288 tests/testthat/testdata_funnel_ratio_inputs.csv (obs, expected,
    PHE's significance): observed/expected is a rate per 1 against a benchmark of 1."""
    cases = pd.read_csv(PHE_FUNNELS / "testdata_funnel_ratio_inputs.csv")
    funnel = funnel_limits(cases["expected"], 1.0, count=cases["obs"], multiplier=1)
    compared = compare_with_benchmark(cases["obs"], cases["expected"], 1.0, multiplier=1)
    for level in ("95", "99_8"):
        assert funnel[f"significance_{level}"].tolist() == compared[f"significance_{level}"].tolist()
    as_phe = np.select(
        [funnel["significance_99_8"] == "higher", funnel["significance_95"] == "higher",
         funnel["significance_99_8"] == "lower", funnel["significance_95"] == "lower"],
        ["High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)"], "Not significant")
    assert as_phe.tolist() == cases["significance"].tolist()


@pytest.mark.parametrize(
    ("area", "value", "population", "labels"),
    [
        # fingertips-open @ 678089724a516138232d273c4c7f511ed3c5a338,
        # PholioVisualisationWS/AnalysisTest/SpcForDsrComparerTest.cs (indicator 501, MRSA per 100,000,
        # 2011; comparator 2.132708657734625). Its Better/Worse are for "low is good": Better = lower.
        ("5PP Cams PCT", 1.1358436559886544, 616282, ("lower", "similar")),
        ("5PT Suffolk PCT", 2.657913272289925, 601976, ("similar", "similar")),
        ("5PG Birmingham and East PCT", 4.1515156695295845, 409489, ("higher", "similar")),
    ],
)
def test_fingertips_rounding_of_the_expected_count_reproduces_fingertips_spc_for_dsrs(
    area: str, value: float, population: int, labels: tuple[str, str]
) -> None:
    count = round(value * population / 100_000)
    result = funnel_limits([population], 2.132708657734625, count=[count], multiplier=100_000,
                           expected_rounding="fingertips").iloc[0]
    assert (result["significance_95"], result["significance_99_8"]) == labels, area


def test_fingertips_limits_are_the_exact_limits_of_the_expected_count_rounded() -> None:
    expected = 13.2  # rounded up to 14 for the lower limit, down to 13 for the upper
    row = funnel_limits([expected], 1.0, multiplier=1, confidence=0.95, expected_rounding="fingertips").iloc[0]
    assert row["lower_95"] * expected == pytest.approx(stats.chi2.ppf(0.025, 28) / 2, rel=1e-5)
    assert row["upper_95"] * expected == pytest.approx(stats.chi2.ppf(0.975, 28) / 2, rel=1e-5)
    with pytest.raises(ValueError, match="expected_rounding"):
        funnel_limits([10.0], 1.0, expected_rounding="up")


def test_funnel_limits_narrow_around_the_benchmark_as_population_grows() -> None:
    limits = funnel_limits(np.geomspace(500, 5_000_000, 200), 45.0)
    assert (limits["lower_99_8"] <= limits["lower_95"]).all()
    assert (limits["lower_95"] < 45).all()
    assert (limits["upper_95"] > 45).all()
    assert (limits["upper_95"] <= limits["upper_99_8"]).all()
    assert (np.diff(limits["upper_99_8"] - limits["lower_99_8"]) < 0).all()


def test_funnel_limits_approach_the_normal_approximation_for_large_populations() -> None:
    population, rate = 2_000_000.0, 45.0
    expected = population * rate / 1000
    limits = funnel_limits([population], rate).iloc[0]
    for label, confidence in (("95", 0.95), ("99_8", 0.998)):
        z = stats.norm.ppf(1 - (1 - confidence) / 2)
        half_width = z * np.sqrt(expected) / population * 1000
        # The exact limits sit about one event further out than the normal ones (2 in 90,000 here).
        assert limits[f"upper_{label}"] - rate == pytest.approx(half_width, rel=5e-3)
        assert rate - limits[f"lower_{label}"] == pytest.approx(half_width, rel=5e-3)


def test_funnel_flags_areas_outside_the_limits_at_their_own_population() -> None:
    population = np.array([1_000.0, 10_000, 100_000])
    result = funnel_limits(population, 50.0, count=[80, 420, 5_000])
    assert result["significance_99_8"].tolist() == ["higher", "lower", "similar"]
    outside = result["significance_95"] != "similar"
    beyond = (result["value"] > result["upper_95"]) | (result["value"] < result["lower_95"])
    assert (outside == beyond).all()


def test_funnel_needs_a_positive_benchmark_and_populations() -> None:
    with pytest.raises(ValueError, match="greater than zero"):
        funnel_limits([1000, 0], 40.0)
    with pytest.raises(ValueError, match="greater than zero"):
        funnel_limits([1000], 0.0)
