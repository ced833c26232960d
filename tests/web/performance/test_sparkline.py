"""Sparklines."""

from __future__ import annotations

from cspkit.web.performance.sparkline import HEIGHT, PAD, sparkline


def test_a_sparkline_spans_the_box_from_lowest_to_highest_value() -> None:
    spark = sparkline([10, 30, 20], ["Q1", "Q2", "Q3"])
    ys = [float(point.split(",")[1]) for point in spark.points.split()]
    assert max(ys) == HEIGHT - PAD  # the lowest value sits at the bottom
    assert min(ys) == PAD


def test_a_sparkline_gives_its_figures_in_words() -> None:
    spark = sparkline([1200, None, 1350.5], ["Q1", "Q2", "Q3"])
    assert spark.description == "Trend, oldest first. Q1: 1,200; Q3: 1,350.5."


def test_no_sparkline_with_fewer_than_two_figures() -> None:
    assert sparkline([None, 5], ["Q1", "Q2"]) is None
