"""The registers' calendar months and working days (``cspkit.casework.dates``, shared with casework),
checked against dates published on GOV.UK's bank holiday list."""

from datetime import date

import pytest

from cspkit.casework.dates import add_months, add_working_days, add_years, working_days_between
from cspkit.casework.dates import working_day as is_working_day


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 3, 15), -3, date(2025, 12, 15)),
        (date(2026, 11, 30), 2, date(2027, 1, 30)),
    ],
)
def test_months_clamp_to_the_end_of_the_month(start, months, expected) -> None:
    assert add_months(start, months) == expected


def test_a_leap_day_plus_three_years_is_the_28th_of_february() -> None:
    assert add_years(date(2028, 2, 29), 3) == date(2031, 2, 28)


def test_christmas_and_the_boxing_day_substitute_are_not_working_days() -> None:
    # 2026: Christmas Day Friday 25 December; Boxing Day (a Saturday) substituted on Monday 28 December.
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))
    assert is_working_day(date(2026, 12, 29))
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_easter_2027_skips_good_friday_and_easter_monday() -> None:
    # Good Friday 26 March 2027, Easter Monday 29 March 2027.
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)
    assert working_days_between(date(2027, 3, 25), date(2027, 3, 31)) == 2


def test_ten_working_days_is_two_weeks_without_holidays() -> None:
    assert add_working_days(date(2026, 6, 1), 10) == date(2026, 6, 15)
    assert add_working_days(date(2026, 6, 1), 0) == date(2026, 6, 1)
    assert working_days_between(date(2026, 6, 15), date(2026, 6, 1)) == -working_days_between(
        date(2026, 6, 1), date(2026, 6, 15)
    )


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        add_working_days(date(2026, 6, 1), -1)
