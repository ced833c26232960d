"""Periods are read the way analysts write them, and the comparison windows follow from them."""

from __future__ import annotations

from datetime import date

import pytest

from cspkit.assess.change_table import comparison_windows
from cspkit.assess.period import parse_period
from cspkit.errors import CspkitError


@pytest.mark.parametrize(("text", "start", "end", "months"), [
    ("2022-01..2022-11", date(2022, 1, 1), date(2022, 11, 1), 11),
    ("2022/23", date(2022, 4, 1), date(2023, 3, 1), 12),
    ("2022", date(2022, 1, 1), date(2022, 12, 1), 12),
    ("2022-05", date(2022, 5, 1), date(2022, 5, 1), 1),
])
def test_periods_are_read_as_whole_months(text, start, end, months):
    period = parse_period(text)
    assert (period.start, period.end, period.months) == (start, end, months)


@pytest.mark.parametrize("text", ["2022-13", "2022/24", "2022-11..2022-01", "last year"])
def test_a_malformed_period_gets_a_clear_error(text):
    with pytest.raises(CspkitError):
        parse_period(text)


def test_a_twelve_month_period_is_compared_with_the_previous_twelve_and_the_financial_year():
    windows = {w.name: w for w in comparison_windows(parse_period("2022-01..2022-12"))}
    assert str(windows["previous period"].earlier) == "2021-01..2021-12"
    assert "same period a year earlier" not in windows  # identical to the previous period
    assert str(windows["financial year to date"].current) == "2022-04..2022-12"
    assert str(windows["financial year to date"].earlier) == "2021-04..2021-12"


def test_a_financial_year_is_not_compared_with_itself():
    windows = {w.name for w in comparison_windows(parse_period("2022/23"))}
    assert windows == {"previous period"}
