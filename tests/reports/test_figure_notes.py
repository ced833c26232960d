"""The notes under the figures say what the figures draw: the seasonal centre line is not called the
average, the patterns of the seasonal bars are the ones drawn, only comparators with an interval are
said to have one, and a forecast that follows the season says so."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cspkit.reports import charts
from cspkit.reports.assessment.commentary import _forecast_range
from cspkit.reports.assessment.layout import (
    HOW_TO_READ,
    how_to_read_comparison,
    how_to_read_monthly,
    seasonal_centre,
)


def _spc(centre: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"month": pd.date_range("2024-01-01", periods=len(centre), freq="MS"), "centre": centre})


def test_a_seasonal_centre_line_is_described_as_the_expected_level_not_the_average():
    seasonal = _spc(500 + 40 * np.sin(np.arange(24) * 2 * np.pi / 12))
    assert seasonal_centre(seasonal)
    note = how_to_read_monthly(True, True, seasonal=seasonal_centre(seasonal))
    assert "expected level" in note and "rises and falls" in note
    assert "is the average" not in note


def test_a_flat_centre_line_is_the_average_month():
    flat = _spc(np.full(24, 500.0))
    assert not seasonal_centre(flat) and not seasonal_centre(None)
    assert "The solid line is the average month" in how_to_read_monthly(True, False, seasonal=seasonal_centre(flat))


def test_the_monthly_note_says_how_high_and_low_special_causes_are_marked():
    note = how_to_read_monthly(True, False)
    assert "upward triangle" in note and "downward triangle" in note
    # the markers the note names are the ones the chart draws
    assert charts.SPECIAL_HIGH.marker == "^" and charts.SPECIAL_LOW.marker == "v"


def test_the_monthly_note_names_every_kind_of_special_cause_the_chart_marks():
    """The demo marked February and March 2025 as special causes inside the limits (two of three months close
    to a limit), which the note under the chart never mentioned."""
    note = how_to_read_monthly(True, False)
    assert "two of three months close to the same limit" in note and "seven or more months" in note


def test_the_seasonal_note_names_the_patterns_the_bars_are_drawn_with():
    note = HOW_TO_READ["seasonal"]
    assert "hatched bars mark months reliably above or below" not in note
    assert "diagonal lines" in note and "dots" in note


def test_the_comparison_note_names_which_areas_have_an_interval():
    comparisons = pd.DataFrame({"area": ["Hartbury", "Mercia Vale (force area)", "England and Wales"],
                                "value": [47.3, 40.1, 37.3], "lower": [46.5, 39.9, 37.3],
                                "upper": [48.1, 40.3, 37.3]})
    note = how_to_read_comparison("Hartbury", comparisons)
    assert "drawn for Hartbury and Mercia Vale (force area)" in note
    assert "England and Wales is known only from published rates" in note
    assert "each line is a 95% confidence interval" not in note


def test_the_comparison_note_says_a_narrow_intervals_line_hides_behind_its_marker_in_the_same_words_each_time():
    """The demo's violence chart: the force's 39.9 to 40.3 on a scale to about 50 is a line shorter than its
    marker is wide, and the note said lines were drawn that no one could see. The words are the same whichever
    intervals are narrow, so the note is still printed once across the priorities."""
    comparisons = pd.DataFrame({"area": ["Hartbury", "Mercia Vale (force area)", "Most Similar Group"],
                                "value": [47.3, 40.1, 42.5], "lower": [46.5, 39.9, 42.5], "upper": [48.1, 40.3, 42.5]})
    note = how_to_read_comparison("Hartbury", comparisons)
    assert "A narrow interval's line is hidden behind its marker." in note
    wide = comparisons.assign(lower=[40.0, 30.0, 42.5], upper=[55.0, 50.0, 42.5])
    assert how_to_read_comparison("Hartbury", wide) == note


def test_a_forecast_that_follows_the_season_gives_its_highest_and_lowest_months_in_order():
    months = pd.date_range("2026-10-01", periods=12, freq="MS")
    values = [245, 190, 234, 205, 208, 182, 181, 196, 188, 190, 215, 219]
    text = _forecast_range(pd.DataFrame({"month": months, "forecast": values}), seasonal=True)
    assert "follows the seasonal pattern of past years, between about 245 in October 2026 and about 181 in " \
           "April 2027" in text
    flat = pd.DataFrame({"month": months, "forecast": [204.0] * 12})
    assert _forecast_range(flat, seasonal=True) == ""


def test_a_forecast_whose_ups_and_downs_are_no_reliable_season_is_not_called_seasonal():
    """Beside "No calendar month is reliably higher or lower than the others", a forecast said to
    follow the seasonal pattern contradicted the report: its ups and downs are last years' noise."""
    months = pd.date_range("2026-10-01", periods=12, freq="MS")
    values = [61, 70, 83, 66, 64, 62, 65, 70, 68, 72, 75, 66]
    text = _forecast_range(pd.DataFrame({"month": months, "forecast": values}), seasonal=False)
    assert "seasonal" not in text
    assert "between about 61 in October 2026 and about 83 in December 2026" in text
    assert "no calendar month is reliably higher or lower than the others" in text
