"""Counting police.uk records inside a restricted area before and after an order."""

from __future__ import annotations

from datetime import date

import pytest

from cspkit.assess.restricted_area import before_after, windows
from cspkit.stats.change import poisson_change
from cspkit.store import open_store

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-2.0, 53.0], [-1.99, 53.0], [-1.99, 53.01], [-2.0, 53.01], [-2.0, 53.0]]],
}
INSIDE, OUTSIDE = (-1.995, 53.005), (-1.985, 53.005)  # the second is inside the bounding box's row, outside the square


def test_windows_are_whole_months_either_side() -> None:
    assert windows(date(2025, 4, 1), 12) == (date(2024, 4, 1), date(2025, 3, 1), date(2025, 4, 1), date(2026, 3, 1))
    # in force mid-month: that month belongs to neither side
    assert windows(date(2025, 4, 15), 3) == (date(2025, 2, 1), date(2025, 4, 1), date(2025, 5, 1), date(2025, 7, 1))


@pytest.fixture
def store():
    with open_store(":memory:") as opened:
        yield opened


def _add(store, month: date, crime_type: str, point: tuple[float, float], n: int) -> None:
    store.con.executemany(
        "INSERT INTO street_crimes (force, month, reported_by, falls_within, longitude, latitude, crime_type, load_id)"
        " VALUES ('f', ?, 'F', 'F', ?, ?, ?, 1)",
        [[month, point[0], point[1], crime_type]] * n,
    )


def test_counts_inside_the_area_before_and_after(store) -> None:
    for month in (date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)):
        _add(store, month, "Anti-social behaviour", INSIDE, 10)
        _add(store, month, "Violence and sexual offences", INSIDE, 4)
        _add(store, month, "Anti-social behaviour", OUTSIDE, 50)
    for month in (date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)):
        _add(store, month, "Anti-social behaviour", INSIDE, 5)
        _add(store, month, "Violence and sexual offences", INSIDE, 4)
        _add(store, month, "Anti-social behaviour", OUTSIDE, 50)
    result = before_after(store.con, SQUARE, date(2025, 4, 1), months=3)
    assert result is not None
    assert (result.months_before, result.months_after) == (3, 3)
    crime, asb = result.comparisons
    assert (crime.change.count_before, crime.change.count_after) == (12, 12)
    assert (asb.change.count_before, asb.change.count_after) == (30, 15)
    assert asb.change == poisson_change(30, 15, 3, 3)
    assert asb.change.verdict == "decrease"
    assert "not proof" in result.caveat


def test_unequal_months_loaded_are_compared_per_month(store) -> None:
    _add(store, date(2025, 3, 1), "Anti-social behaviour", INSIDE, 10)
    _add(store, date(2025, 2, 1), "Anti-social behaviour", INSIDE, 10)
    _add(store, date(2025, 4, 1), "Anti-social behaviour", INSIDE, 20)  # 10 a month before, 20 after
    result = before_after(store.con, SQUARE, date(2025, 4, 1), months=3)
    assert (result.months_before, result.months_after) == (2, 1)
    assert result.comparisons[1].change.rate_ratio == pytest.approx(2.0)


def test_no_comparison_without_months_after(store) -> None:
    _add(store, date(2025, 3, 1), "Anti-social behaviour", INSIDE, 10)
    assert before_after(store.con, SQUARE, date(2025, 4, 1), months=3) is None
