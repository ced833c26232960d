"""Funnel plots against PHEindicatormethods' own published test data.

Every expected value comes from ukhsa-collaboration/PHEindicatormethods @
093fd288d8f8949dbcfbed70049dbbf385b6141d (version 2.0.2), ``tests/testthat/testdata_funnel_*.csv``,
copied unchanged (byte-order mark removed) into ``tests/stats/reference/PHEindicatormethods/``, and
called as ``tests/testthat/testFunnels.R`` calls the R functions. testthat's ``expect_equal`` allows a
relative difference of 1.5e-8; PHE's own limits come from a bisection that stops at 1e-7 and the CSVs
print 7 to 10 significant figures, so the limits are compared at rtol 1e-6 (the Population, Events and
Observed_events axes and all labels exactly).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cspkit.stats.compare import compare_with_benchmark
from cspkit.stats.compare import funnel_limits as compare_funnel
from cspkit.stats.funnels import (
    FunnelLabel,
    count_limits_at_expected,
    expected_for_count_at_limit,
    funnel_chart_points,
    funnel_plot_limits,
    funnel_significance,
)

PHE = Path(__file__).parent / "reference" / "PHEindicatormethods"
RTOL = 1e-6


def phe(name: str) -> pd.DataFrame:
    return pd.read_csv(PHE / f"testdata_funnel_{name}.csv")


def assert_columns(actual: pd.DataFrame, expected: pd.DataFrame, columns: list[str]) -> None:
    for column in columns:
        np.testing.assert_allclose(actual[column], expected[column], rtol=RTOL, err_msg=column)


PROPORTION_COLUMNS = ["Population", "lower_2s_limit", "upper_2s_limit", "lower_3s_limit", "upper_3s_limit", "baseline"]


def proportion_outputs(name: str) -> pd.DataFrame:
    # LoadTestdata.R renames the published columns to these names.
    table = phe(name)
    table.columns = PROPORTION_COLUMNS
    return table


def test_proportion_limits_reproduce_phe() -> None:
    inputs = phe("prop_inputs")
    limits = funnel_plot_limits(inputs["numerator"], inputs["denominator"], statistic="proportion", multiplier=100)
    assert limits["Population"].tolist() == proportion_outputs("prop_outputs")["Population"].tolist()
    assert_columns(limits, proportion_outputs("prop_outputs"), PROPORTION_COLUMNS[1:])


def test_proportion_limits_with_a_narrow_axis_reproduce_phe() -> None:
    inputs = phe("prop_inputs").query("denominator < 31000")
    limits = funnel_plot_limits(inputs["numerator"], inputs["denominator"], statistic="proportion", multiplier=100)
    expected = proportion_outputs("prop_outputs_with_axis_variation")
    assert limits["Population"].tolist() == expected["Population"].tolist()
    assert_columns(limits, expected, PROPORTION_COLUMNS[1:])


def test_proportion_significance_reproduces_phe() -> None:
    inputs = phe("prop_inputs")
    labels = funnel_significance(inputs["numerator"], inputs["denominator"], statistic="proportion")
    assert labels.tolist() == inputs["significance"].tolist()


@pytest.mark.parametrize(("ratio_type", "suffix"), [("count", "count"), ("isr", "isr")])
def test_ratio_limits_reproduce_phe(ratio_type: str, suffix: str) -> None:
    inputs, expected = phe("ratio_inputs"), phe("ratio_outputs")
    expected = expected.rename(columns={expected.columns[0]: "Observed_events"})
    limits = funnel_plot_limits(inputs["obs"], inputs["expected"], statistic="ratio", multiplier=100,
                                ratio_type=ratio_type)
    assert limits["Observed_events"].tolist() == expected["Observed_events"].tolist()
    for side in ("lower_2s", "upper_2s", "lower_3s", "upper_3s"):
        np.testing.assert_allclose(limits[f"{side}_exp_events"], expected[f"{side}_exp_events"], rtol=RTOL)
        # The count form is ratio - 1, which cancels digits near a ratio of 1: compare the ratios.
        shift = 1.0 if ratio_type == "count" else 0.0
        np.testing.assert_allclose(limits[f"{side}_limit"] + shift, expected[f"{side}_{suffix}"] + shift, rtol=RTOL)


def test_ratio_significance_reproduces_phe_in_all_300_cases() -> None:
    inputs = phe("ratio_inputs")
    labels = funnel_significance(inputs["obs"], inputs["expected"], statistic="ratio")
    assert labels.tolist() == inputs["significance"].tolist()


def test_compare_with_benchmark_agrees_with_the_funnel_in_all_300_ratio_cases() -> None:
    """Observed/expected against 1 is a rate per 1 against a benchmark of 1: both must label alike."""
    inputs = phe("ratio_inputs")
    compared = compare_with_benchmark(inputs["obs"], inputs["expected"], 1.0, multiplier=1)
    as_phe = np.select(
        [compared["significance_99_8"] == "higher", compared["significance_95"] == "higher",
         compared["significance_99_8"] == "lower", compared["significance_95"] == "lower"],
        ["High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)"],
        "Not significant",
    )
    assert as_phe.tolist() == inputs["significance"].tolist()


RATE_COLUMNS = ["lower_2s_population_1_year", "lower_2s_limit", "upper_2s_population_1_year", "upper_2s_limit",
                "lower_3s_population_1_year", "lower_3s_limit", "upper_3s_population_1_year", "upper_3s_limit",
                "baseline"]


def check_rate_limits(limits: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert limits["Events"].tolist() == expected["Events"].tolist()
    assert_columns(limits, expected, RATE_COLUMNS)


def test_dsr_rate_limits_reproduce_phe() -> None:
    data = phe("rate_input_funnels")
    limits = funnel_plot_limits(data["ev"], rate=data["rate"], statistic="rate", rate_type="dsr",
                                multiplier=1e5, years_of_data=3)
    check_rate_limits(limits, phe("rate_outputs"))


def test_crude_rate_limits_with_fewer_than_10_events_reproduce_phe() -> None:
    data = phe("rate_input_funnels")
    events = data["ev"].where(data["ev"] != data["ev"].max(), 5)
    limits = funnel_plot_limits(events, rate=data["rate"], statistic="rate", rate_type="crude",
                                multiplier=1e5, years_of_data=3)
    check_rate_limits(limits, phe("rate_outputs_2"))


def test_crude_rate_limits_with_an_area_without_events_reproduce_phe() -> None:
    data = phe("rate_input_funnels")
    population = 1e5 * data["ev"] / data["rate"]
    biggest = data["ev"] == data["ev"].max()
    frame = pd.DataFrame({"ev": data["ev"].where(~biggest, 0), "rate": data["rate"].where(~biggest, 0),
                          "pop": population}).query("pop > pop.max() / 2")
    limits = funnel_plot_limits(frame["ev"], frame["pop"], rate=frame["rate"], statistic="rate",
                                rate_type="crude", multiplier=1e5, years_of_data=3)
    check_rate_limits(limits, phe("rate_outputs_3"))


@pytest.mark.parametrize(
    ("rate_type", "rate_column", "multiplier", "label_column"),
    [
        ("dsr", "rate_dsr", 1e5, "dsr_per_100000_with_0"),
        ("crude", "rate_crude_per_100", 100, "crude_per_100_with_0"),
        ("crude", "rate_crude_per_100000", 1e5, "crude_per_100000_with_0"),
    ],
)
def test_rate_significance_with_an_empty_area_reproduces_phe(
    rate_type: str, rate_column: str, multiplier: float, label_column: str
) -> None:
    data = phe("rate_dsr_inputs")
    labels = funnel_significance(data["count"], data["pop"], rate=data[rate_column], statistic="rate",
                                 rate_type=rate_type, multiplier=multiplier)
    assert labels.tolist() == data[label_column].tolist()


@pytest.mark.parametrize(
    ("rate_type", "rate_column", "multiplier", "label_column"),
    [
        ("dsr", "rate_dsr", 1e5, "dsr_per_100000_without_0"),
        ("dsr", "rate_dsr", 100, "dsr_per_100_without_0"),
        ("crude", "rate_crude_per_100000", 1e5, "crude_per_100000_without_0"),
        ("crude", "rate_crude_per_100", 100, "crude_per_100_without_0"),
    ],
)
def test_rate_significance_without_empty_areas_reproduces_phe(
    rate_type: str, rate_column: str, multiplier: float, label_column: str
) -> None:
    data = phe("rate_dsr_inputs").query("count != 0")
    labels = funnel_significance(data["count"], data["pop"], rate=data[rate_column], statistic="rate",
                                 rate_type=rate_type, multiplier=multiplier)
    assert labels.tolist() == data[label_column].tolist()


def test_dsr_chart_points_reproduce_phe() -> None:
    data = phe("rate_input_funnels")
    events = data["ev"].where(data["ev"] != data["ev"].max(), 5)
    points = funnel_chart_points(events, data["rate"], rate_type="dsr", years_of_data=3, multiplier=1e5)
    np.testing.assert_allclose(points["rate_chart"], data["rate_chart"], rtol=RTOL)
    np.testing.assert_allclose(points["denominator_derived"], data["denominator_derived"], rtol=RTOL)


def test_crude_chart_points_reproduce_phe() -> None:
    data = phe("rate_input_funnels")
    points = funnel_chart_points(data["ev"], data["rate"], rate_type="crude", years_of_data=3, multiplier=1e5)
    np.testing.assert_allclose(points["rate_chart"], data["rate_chart_crude"], rtol=RTOL)
    np.testing.assert_allclose(points["denominator_derived"], data["denominator_derived_crude"], rtol=RTOL)


def test_crude_chart_points_with_an_empty_area_use_its_population() -> None:
    data = phe("rate_input_funnels")
    events = data["ev"].where(data["ev"] != data["ev"].max(), 0)
    points = funnel_chart_points(events, data["rate"], data["pop"], rate_type="crude", years_of_data=5,
                                 multiplier=1e5)
    np.testing.assert_allclose(points["rate_chart"], data["rate_chart_crude_with_denom"], rtol=RTOL)
    np.testing.assert_allclose(points["denominator_derived"], data["denominator_derived_crude_with_denom"],
                               rtol=RTOL)


def test_continuous_count_limits_pass_through_phe_funnel_points() -> None:
    """At PHE's expected counts, the continuous limits give back PHE's whole observed counts.

    PHE's expected counts carry its bisection's error (up to 4e-6 relative at 1 event), hence rtol 1e-5.
    """
    expected = phe("ratio_outputs")
    observed = expected.iloc[:, 0].to_numpy(dtype=float)
    for name, tail in (("2s", 0.025), ("3s", 0.001)):
        upper, _ = count_limits_at_expected(expected[f"upper_{name}_exp_events"], tail)
        _, lower = count_limits_at_expected(expected[f"lower_{name}_exp_events"], tail)
        np.testing.assert_allclose(upper, observed, rtol=1e-5)
        np.testing.assert_allclose(lower, observed, rtol=1e-5)
        np.testing.assert_allclose(expected_for_count_at_limit(observed, tail, "upper"),
                                   expected[f"upper_{name}_exp_events"], rtol=RTOL)


def test_funnel_input_errors_are_plain() -> None:
    with pytest.raises(ValueError, match="statistic must be one of"):
        funnel_plot_limits([1, 2], [3, 4], statistic="pop", multiplier=100)
    with pytest.raises(ValueError, match="needs its population"):
        funnel_significance([0, 100], rate=[0, 142], statistic="rate", rate_type="crude", multiplier=100)
    with pytest.raises(ValueError, match="greater than zero"):
        funnel_significance([1, 2], [0, 4], statistic="ratio")
    with pytest.raises(ValueError, match="cannot exceed"):
        funnel_significance([5, 2], [4, 4], statistic="proportion")
    assert FunnelLabel.DSR_TOO_FEW.value.startswith("Not applicable")


@settings(max_examples=40, deadline=None)
@given(
    observed=st.lists(st.integers(0, 60), min_size=1, max_size=20),
    seed=st.integers(0, 2**31),
)
def test_funnel_and_benchmark_comparison_label_every_ratio_alike(observed: list[int], seed: int) -> None:
    """Property: for any observed counts and expected counts, the funnel's labels are the benchmark
    comparison's, and below 10 events (exact limits on both) the drawn lines agree with the labels."""
    expected = np.random.default_rng(seed).uniform(0.1, 80, len(observed))
    labels = funnel_significance(observed, expected, statistic="ratio")
    compared = compare_with_benchmark(np.array(observed, float), expected, 1.0, multiplier=1)
    as_phe = np.select(
        [compared["significance_99_8"] == "higher", compared["significance_95"] == "higher",
         compared["significance_99_8"] == "lower", compared["significance_95"] == "lower"],
        ["High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)"], "Not significant")
    assert labels.tolist() == as_phe.tolist()
    funnel = compare_funnel(expected, 1.0, count=observed, multiplier=1)
    small = np.array(observed) < 10
    for level in ("95", "99_8"):
        outside = (funnel["value"] > funnel[f"upper_{level}"] * (1 + 1e-9)) | (
            funnel["value"] < funnel[f"lower_{level}"] * (1 - 1e-9))
        labelled = funnel[f"significance_{level}"] != "similar"
        assert (outside[small] == labelled[small]).all()
