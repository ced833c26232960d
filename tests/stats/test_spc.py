"""XmR limits follow Wheeler's arithmetic and each special-cause rule fires on the series built to break it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cspkit.stats.spc import seasonal_xmr_chart, xmr_chart

# Alternating 9, 11 around a centre of 10: moving range 2, limits 10 +/- 5.32, sigma 1.7733.
CALM = [9.0, 11.0] * 10


def test_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges():
    chart = xmr_chart([10, 12, 11, 13, 9, 11, 12, 10])

    # Mean 88 / 8 = 11; moving ranges 2, 1, 2, 4, 2, 1, 2 average 14 / 7 = 2.
    assert chart.centre == pytest.approx(11)
    assert chart.mean_moving_range == pytest.approx(2)
    assert chart.lower == pytest.approx(11 - 5.32)
    assert chart.upper == pytest.approx(11 + 5.32)
    assert chart.sigma == pytest.approx(5.32 / 3)
    assert np.isnan(chart.points["moving_range"].iloc[0])


def test_a_calm_series_has_no_special_cause():
    points = xmr_chart(CALM).points

    assert not points[["signal_high", "signal_low"]].any().any()


def test_a_point_beyond_the_upper_limit_is_a_high_signal_and_an_emerging_issue():
    chart = xmr_chart([*CALM, 30.0], baseline=len(CALM))

    last = chart.points.iloc[-1]
    assert last["beyond_limits"] and last["signal_high"]
    assert chart.latest_signal == "high" and chart.emerging_issue
    assert not chart.points["beyond_limits"].iloc[:-1].any()


def test_a_point_below_the_lower_limit_is_a_low_signal_not_an_emerging_issue():
    chart = xmr_chart([*CALM, 1.0], baseline=len(CALM))

    assert chart.latest_signal == "low" and not chart.emerging_issue


def test_seven_points_above_the_centre_are_a_shift_and_six_are_not():
    # CALM ends on 11 (above the centre), so a 9 first makes the runs exactly 7 and 6 long.
    seven = xmr_chart([*CALM, 9.0] + [10.5] * 7, baseline=len(CALM))
    six = xmr_chart([*CALM, 9.0] + [10.5] * 6, baseline=len(CALM))

    assert seven.points["shift"].iloc[-7:].all() and not seven.points["shift"].iloc[:-7].any()
    assert not six.points["shift"].any()
    assert not xmr_chart([*CALM, 9.0] + [10.5] * 7, baseline=len(CALM), shift_run=8).points["shift"].any()


def test_a_point_on_the_centre_line_breaks_a_shift():
    points = xmr_chart([*CALM, 9.0] + [10.5] * 4 + [10.0] + [10.5] * 4, baseline=len(CALM)).points

    assert not points["shift"].any()


def test_seven_points_each_higher_than_the_last_are_a_trend_and_six_are_not():
    seven = xmr_chart([*CALM, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5], baseline=len(CALM))
    six = xmr_chart([*CALM, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5], baseline=len(CALM))

    assert seven.points["trend"].iloc[-7:].all() and not seven.points["trend"].iloc[:-7].any()
    assert seven.points["signal_high"].iloc[-1]
    # The last calm point (11) is above 9, so the six rising points are a run of six only.
    assert not six.points["trend"].any()


def test_seven_points_each_lower_are_a_falling_trend():
    points = xmr_chart([*CALM, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0, 8.5], baseline=len(CALM)).points

    assert points["trend"].iloc[-7:].all() and points["signal_low"].iloc[-1]


# The cases of NHSRplotthedots' own tests (tests/testthat/test-ptd_calculate_point_type.R), the
# reference implementation of the Making Data Count rules, with the points each rule colours.
@pytest.mark.parametrize(("values", "expected"), [
    (list(range(1, 7)), [0] * 6),                                   # 1:6, six points: no trend
    ([1, 2, 3, 3, 4, 5, 6], [0] * 7),                               # an equal value breaks the run
    (list(range(1, 8)), [1] * 7),                                   # 1:7
    ([2, *range(1, 8), 3], [0, 1, 1, 1, 1, 1, 1, 1, 0]),            # c(2, 1:7, 3)
    (list(range(7, 0, -1)), [1] * 7),                               # 7:1
])
def test_the_trend_rule_marks_the_points_nhsrplotthedots_marks(values, expected):
    points = xmr_chart([float(v) for v in values], screen_outliers=False).points

    assert points["trend"].astype(int).tolist() == expected


@pytest.mark.parametrize(("sides", "expected"), [
    ([1] * 6 + [-1], [0] * 7),
    ([1] * 8 + [-1], [1] * 8 + [0]),
    ([-1] * 8 + [1], [1] * 8 + [0]),
    ([-1, *[1] * 8, -1], [0, *[1] * 8, 0]),
])
def test_the_shift_rule_marks_the_points_nhsrplotthedots_marks(sides, expected):
    values = [10.0 + 0.5 * s for s in sides]  # after a point on the centre line, which breaks any run

    points = xmr_chart([*CALM, 10.0, *values], baseline=len(CALM)).points.iloc[len(CALM) + 1:]

    assert points["shift"].astype(int).tolist() == expected


@pytest.mark.parametrize(("close", "expected"), [
    ([1, 0, 1], [1, 0, 1]),
    ([0, 1, 1], [0, 1, 1]),
    ([1, 1, 0], [1, 1, 0]),
    ([0, 0, 1, 0, 1, 0, 0], [0, 0, 1, 0, 1, 0, 0]),
    ([1, 0, 0, 1], [0, 0, 0, 0]),
    ([1, 0, 0, 1, 1], [0, 0, 0, 1, 1]),
])
def test_two_of_three_close_to_a_limit_marks_the_points_nhsrplotthedots_marks(close, expected):
    # Two sigma above the centre is 10 + 3.547, the limit 15.32: 14 is close, 10.5 is above but not.
    values = [14.0 if c else 10.5 for c in close]

    points = xmr_chart([*CALM, *values], baseline=len(CALM)).points.iloc[len(CALM):]

    assert points["two_of_three"].astype(int).tolist() == expected


def test_two_of_three_needs_all_three_points_on_one_side_of_the_centre():
    across = xmr_chart([*CALM, 14.0, 9.5, 14.5], baseline=len(CALM)).points
    beyond = xmr_chart([*CALM, 14.0, 20.0, 10.5], baseline=len(CALM)).points

    assert not across["two_of_three"].any()
    assert not beyond["two_of_three"].any()  # a point beyond the limit is its own signal, not a close one
    assert beyond["beyond_limits"].iloc[-2]


def test_a_wild_moving_range_is_screened_out_of_the_limits():
    values = [10, 12, 11, 13, 9, 11, 12, 10, 40, 10, 12, 11]
    ranges = np.abs(np.diff(values))
    kept = ranges[ranges < 3.267 * ranges.mean()]

    chart = xmr_chart([float(v) for v in values])

    assert len(kept) == len(ranges) - 2  # 10 -> 40 and 40 -> 10
    assert chart.mean_moving_range == pytest.approx(kept.mean())
    assert xmr_chart([float(v) for v in values], screen_outliers=False).mean_moving_range == pytest.approx(
        ranges.mean())


def test_a_stable_series_has_few_special_causes():
    rng = np.random.default_rng(1)
    flagged = [xmr_chart(rng.poisson(200, 36).astype(float)).points[["signal_high", "signal_low"]].any(axis=1).mean()
               for _ in range(200)]

    assert np.mean(flagged) < 0.05
    assert max(flagged) < 1


def test_limits_come_from_the_baseline_only():
    chart = xmr_chart([*CALM, 50.0, 60.0], baseline=len(CALM))

    assert chart.centre == pytest.approx(10)
    assert chart.baseline_points == len(CALM)


def test_a_series_keeps_its_months_as_the_index():
    months = pd.period_range("2021-01", periods=len(CALM), freq="M")

    points = xmr_chart(pd.Series(CALM, index=months)).points

    assert points.index.equals(months)


def test_a_baseline_longer_than_the_series_or_a_missing_value_is_refused():
    with pytest.raises(ValueError, match="baseline"):
        xmr_chart([1.0, 2.0, 3.0], baseline=4)
    with pytest.raises(ValueError, match="value for every point"):
        xmr_chart([1.0, np.nan, 3.0])


def test_a_stable_seasonal_series_is_not_flagged_month_after_month():
    # Three years of a summer-peaking count with no trend: the pattern the demo's violence follows.
    rng = np.random.default_rng(7)
    months = pd.period_range("2023-10", periods=36, freq="M")
    expected = 900 * (1 + 0.12 * np.cos(2 * np.pi * (months.month.to_numpy() - 7) / 12))
    series = pd.Series(rng.poisson(expected).astype(float), index=months)

    raw = xmr_chart(series).points[["signal_high", "signal_low"]].any(axis=1)
    chart, adjusted = seasonal_xmr_chart(series)
    flagged = chart.points[["signal_high", "signal_low"]].any(axis=1)

    assert raw.sum() >= 12  # on raw counts the season itself looks like special cause
    assert adjusted and flagged.sum() <= 3
    np.testing.assert_array_equal(chart.points["value"], series.to_numpy())  # still the recorded counts
    assert chart.points["upper"].max() - chart.points["upper"].min() > 100  # limits follow the season


def test_without_a_stable_seasonal_pattern_the_chart_is_the_ordinary_one():
    series = pd.Series(np.random.default_rng(3).poisson(200, 30).astype(float),
                       index=pd.period_range("2022-01", periods=30, freq="M"))

    chart, adjusted = seasonal_xmr_chart(series)

    assert not adjusted
    assert chart.centre == pytest.approx(series.mean())
