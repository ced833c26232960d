"""RAG rules: tolerance against target, and the statistical rule (confidence intervals, control limits).

The statistical rule's boundaries are checked against the confidence limits published by
UKHSA's PHEindicatormethods (Byar's method for counts, Wilson's for proportions): a target just
inside a published limit is amber, just outside it red.
"""

from __future__ import annotations

import csv

import pytest

from cspkit.web.performance.rag import Figure, Method, Rating, Rule, rate

TOLERANCE = Rule(Method.TOLERANCE, tolerance_percent=5)
STATISTICAL = Rule(Method.STATISTICAL, confidence=0.95, min_history=8)


@pytest.mark.parametrize(
    ("value", "target", "polarity", "expected"),
    [
        (90, 100, "lower", Rating.GREEN),  # fewer incidents than the target
        (100, 100, "lower", Rating.GREEN),  # exactly on target
        (105, 100, "lower", Rating.AMBER),  # 5% over: at the edge of the tolerance
        (105.1, 100, "lower", Rating.RED),
        (60, 60, "higher", Rating.GREEN),
        (57, 60, "higher", Rating.AMBER),  # 5% under
        (56.9, 60, "higher", Rating.RED),
    ],
)
def test_tolerance_rule_rates_against_the_target_with_an_amber_band(value, target, polarity, expected) -> None:
    assert rate(Figure(value, target, polarity), TOLERANCE).rating == expected


def test_a_measure_without_a_target_or_direction_is_not_rated() -> None:
    assert rate(Figure(5, None, "lower"), TOLERANCE).rating == Rating.NONE
    assert rate(Figure(5, 4, "none"), TOLERANCE).rating == Rating.NONE


def test_a_missing_figure_is_not_rated_and_says_so() -> None:
    result = rate(Figure(None, 10, "lower"), STATISTICAL)
    assert result.rating == Rating.NONE
    assert "No figure" in result.reason


def test_every_rating_explains_itself_in_words() -> None:
    result = rate(Figure(140, 100, "lower"), TOLERANCE)
    assert result.rating == Rating.RED
    assert "140" in result.reason and "100" in result.reason and "40% above" in result.reason


def _published_limits(reference) -> dict[int, dict[str, str]]:
    with open(reference / "PHEindicatormethods" / "byars_wilson_limits.csv", newline="") as f:
        return {int(row["case"]): row for row in csv.DictReader(f)}


def test_statistical_rule_is_amber_when_the_target_is_inside_the_published_byar_interval(reference) -> None:
    row = _published_limits(reference)[1]  # 65 events, 95%: Byar limits 50.16 to 82.85
    value, upper = float(row["x_observed"]), float(row["expected_upper"])
    inside = rate(Figure(value, upper - 0.001, "higher"), STATISTICAL)
    outside = rate(Figure(value, upper + 0.001, "higher"), STATISTICAL)
    assert (inside.rating, outside.rating) == (Rating.AMBER, Rating.RED)
    assert "may be chance" in inside.reason


def test_statistical_rule_uses_the_lower_limit_when_lower_is_better(reference) -> None:
    row = _published_limits(reference)[2]  # 1,045 events, 95%: Byar limits 982.59 to 1,110.33
    value, lower = float(row["x_observed"]), float(row["expected_lower"])
    assert rate(Figure(value, lower + 0.001, "lower"), STATISTICAL).rating == Rating.AMBER
    assert rate(Figure(value, lower - 0.001, "lower"), STATISTICAL).rating == Rating.RED


def test_statistical_rule_rates_a_percentage_with_wilsons_interval(reference) -> None:
    row = _published_limits(reference)[8]  # 1,045 of 5,000, 95%: Wilson 19.80% to 22.05%
    percent = 100 * float(row["x_observed"]) / float(row["n_denominator"])
    upper = 100 * float(row["expected_upper"])
    figure = Figure(percent, upper - 0.001, "higher", unit="percent", denominator=float(row["n_denominator"]))
    assert rate(figure, STATISTICAL).rating == Rating.AMBER
    figure = Figure(percent, upper + 0.001, "higher", unit="percent", denominator=float(row["n_denominator"]))
    assert rate(figure, STATISTICAL).rating == Rating.RED


def test_statistical_rule_falls_back_to_tolerance_when_no_interval_can_be_computed() -> None:
    result = rate(Figure(12.5, 10, "lower", unit="number"), STATISTICAL)
    assert result.rating == Rating.RED
    assert "Rated by tolerance" in result.reason


STEADY = [100, 104, 97, 101, 99, 103, 98, 102]  # eight quarters of common-cause variation


def test_a_special_cause_in_the_worse_direction_lowers_the_rating_one_step() -> None:
    # 120 meets a target of 130, but is far above the process limits of the last eight quarters.
    result = rate(Figure(120, 130, "lower", history=STEADY), STATISTICAL)
    assert result.rating == Rating.AMBER
    assert "special cause in the worse direction" in result.reason


def test_a_special_cause_in_the_better_direction_is_noted_but_does_not_change_the_rating() -> None:
    result = rate(Figure(80, 130, "lower", history=STEADY), STATISTICAL)
    assert result.rating == Rating.GREEN
    assert "better direction" in result.reason


def test_control_limits_wait_for_enough_history() -> None:
    result = rate(Figure(120, 130, "lower", history=STEADY[:7]), STATISTICAL)
    assert result.rating == Rating.GREEN
    assert "special cause" not in result.reason
