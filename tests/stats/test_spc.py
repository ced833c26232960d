"""XmR limits follow Wheeler's arithmetic and each special-cause rule fires on the series built to break it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cspkit.stats.spc import xmr_chart

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


def test_eight_points_above_the_centre_are_a_shift_and_seven_are_not():
    # CALM ends on 11 (above the centre), so a 9 first makes the runs exactly 8 and 7 long.
    eight = xmr_chart([*CALM, 9.0] + [10.5] * 8, baseline=len(CALM))
    seven = xmr_chart([*CALM, 9.0] + [10.5] * 7, baseline=len(CALM))

    assert eight.points["shift"].iloc[-8:].all() and not eight.points["shift"].iloc[:-8].any()
    assert not seven.points["shift"].any()
    assert xmr_chart([*CALM, 9.0] + [10.5] * 7, baseline=len(CALM), shift_run=7).points["shift"].iloc[-7:].all()


def test_a_point_on_the_centre_line_breaks_a_shift():
    points = xmr_chart([*CALM, 9.0] + [10.5] * 4 + [10.0] + [10.5] * 4, baseline=len(CALM)).points

    assert not points["shift"].any()


def test_six_points_each_higher_than_the_last_are_a_trend_and_five_are_not():
    six = xmr_chart([*CALM, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5], baseline=len(CALM))
    five = xmr_chart([*CALM, 9.5, 10.0, 10.5, 11.0, 11.5], baseline=len(CALM))

    assert six.points["trend"].iloc[-6:].all() and not six.points["trend"].iloc[:-6].any()
    assert six.points["signal_high"].iloc[-1]
    # The last calm point (11) is above 9.5, so the five rising points are a run of five only.
    assert not five.points["trend"].any()


def test_six_points_each_lower_are_a_falling_trend():
    points = xmr_chart([*CALM, 11.0, 10.5, 10.0, 9.5, 9.0, 8.5], baseline=len(CALM)).points

    assert points["trend"].iloc[-6:].all() and points["signal_low"].iloc[-1]


def test_two_of_three_points_beyond_two_sigma_are_flagged_but_one_is_not():
    # Two sigma above the centre is 10 + 3.547; 14 and 14.5 sit between it and the limit (15.32).
    two = xmr_chart([*CALM, 14.0, 10.0, 14.5], baseline=len(CALM)).points
    one = xmr_chart([*CALM, 14.0, 10.0, 10.0], baseline=len(CALM)).points

    assert two["two_of_three"].tolist()[-3:] == [True, False, True]
    assert not two["beyond_limits"].any()
    assert not one["two_of_three"].any()


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
