"""Financial-year quarters."""

from __future__ import annotations

from datetime import date

import pytest

from cspkit.web.performance.quarters import Quarter, quarters_between


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 4, 1), Quarter(2025, 1)),
        (date(2025, 6, 30), Quarter(2025, 1)),
        (date(2025, 7, 1), Quarter(2025, 2)),
        (date(2025, 12, 31), Quarter(2025, 3)),
        (date(2026, 1, 1), Quarter(2025, 4)),
        (date(2026, 3, 31), Quarter(2025, 4)),
    ],
)
def test_a_day_falls_in_its_financial_quarter(day, expected) -> None:
    assert Quarter.containing(day) == expected


def test_quarter_four_runs_january_to_march_of_the_next_calendar_year() -> None:
    quarter = Quarter(2025, 4)
    assert (quarter.starts, quarter.ends) == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter.label == "Q4 2025/26"
    assert quarter.months == "January to March 2026"


def test_owners_report_on_the_last_quarter_that_has_ended() -> None:
    assert Quarter.last_completed(date(2025, 7, 15)) == Quarter(2025, 1)
    assert Quarter.last_completed(date(2025, 4, 2)) == Quarter(2024, 4)


def test_quarters_step_across_financial_years() -> None:
    assert Quarter(2025, 4).next() == Quarter(2026, 1)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)


def test_a_quarter_round_trips_through_its_slug_and_rejects_nonsense() -> None:
    assert Quarter.from_slug(Quarter(2025, 3).slug) == Quarter(2025, 3)
    with pytest.raises(ValueError, match="not a quarter"):
        Quarter.from_slug("2025-q5")


def test_a_three_year_plan_has_twelve_quarters() -> None:
    quarters = quarters_between(date(2025, 4, 1), date(2028, 3, 31))
    assert len(quarters) == 12
    assert (quarters[0], quarters[-1]) == (Quarter(2025, 1), Quarter(2027, 4))
