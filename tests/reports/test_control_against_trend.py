"""A priority page whose control chart flags many low (or high) months beside 'no significant trend'
says in one sentence why the two point different ways."""

from __future__ import annotations

import pandas as pd

from cspkit.reports.assessment.commentary import control_against_trend


def flagged(high: int, low: int) -> pd.DataFrame:
    return pd.DataFrame({"signal_high": [True] * high + [False] * low, "signal_low": [False] * high + [True] * low})


def trend(verdict: str, months: int = 33) -> pd.Series:
    return pd.Series({"verdict": verdict, "months_used": months})


def test_low_months_beside_no_significant_trend_are_a_shift_in_level():
    sentence = control_against_trend(27, flagged(0, 11), trend("no significant change"))
    assert sentence == (
        " The control chart and the trend answer different questions: the chart judges each month against the "
        "average of the 27 months charted, and these months sit below it, so recent months have run lower than the "
        "months before them; the trend test looks for steady change across all 33 months analysed and finds no "
        "statistically significant steady change, so this is a recent shift in level rather than a steady fall."
    )


def test_high_months_beside_a_falling_trend_say_the_trend_over_the_whole_series():
    sentence = control_against_trend(24, flagged(5, 0), trend("decreasing", 30))
    assert "these months sit above it, so recent months have run higher" in sentence
    assert "across all 30 months analysed and finds it decreasing over them" in sentence
    assert sentence.endswith("rather than a steady rise.")
    seasonal = control_against_trend(24, flagged(5, 0), trend("decreasing", 30), seasonal=True)
    assert "the average of the 24 months charted, allowing for the season, and these months sit above it" in seasonal


def test_nothing_to_reconcile_when_they_agree_are_mixed_or_there_is_no_trend():
    assert control_against_trend(27, flagged(0, 11), trend("decreasing")) == ""
    assert control_against_trend(27, flagged(6, 0), trend("increasing")) == ""
    assert control_against_trend(27, flagged(3, 4), trend("no significant change")) == ""
    assert control_against_trend(27, flagged(0, 11), trend("too few months")) == ""
    assert control_against_trend(27, flagged(0, 11), None) == ""
