"""Money in pence, UK financial years, allocations within a fund, and spend against a budget."""

from __future__ import annotations

from datetime import date

import pytest

from cspkit.casework.funding import (
    MoneyError,
    SpendPosition,
    check_allocation,
    financial_year_label,
    financial_year_of,
    format_pence,
    parse_pounds,
    underspend_warning,
)


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("£65,000", 6_500_000),
        ("65000.5", 6_500_050),
        ("0.01", 1),
        (65000, 6_500_000),
        (1250.5, 125_050),
        (" 1 250.25 ", 125_025),
        ("-3.10", -310),
        (0.1 + 0.2, 30),
    ],
)
def test_amounts_become_whole_pence(text, pence) -> None:
    assert parse_pounds(text) == pence


@pytest.mark.parametrize("text", ["ten pounds", "1.234", "", "£", "1,2.3.4", True, float("nan")])
def test_amounts_that_are_not_money_are_refused(text) -> None:
    with pytest.raises(MoneyError):
        parse_pounds(text)


def test_pence_add_up_where_floats_do_not() -> None:
    assert sum(parse_pounds("0.10") for _ in range(10)) == 100
    assert sum([0.1] * 10) != 1.0  # why amounts are never floats


def test_format_pence() -> None:
    assert format_pence(6_500_050) == "£65,000.50"
    assert format_pence(6_500_000, whole=True) == "£65,000"
    assert format_pence(-310) == "-£3.10"


@pytest.mark.parametrize(
    ("day", "year", "label"),
    [(date(2026, 3, 31), 2025, "2025/26"), (date(2026, 4, 1), 2026, "2026/27"), (date(1999, 12, 31), 1999, "1999/00")],
)
def test_financial_years_start_on_1_april(day, year, label) -> None:
    assert financial_year_of(day) == year
    assert financial_year_label(year) == label


def test_an_allocation_may_use_the_whole_fund_but_not_a_penny_more() -> None:
    assert check_allocation("PCC grant", 6_500_000, 6_000_000, 500_000) == 0
    with pytest.raises(MoneyError, match=r"over-allocate it by £0\.01"):
        check_allocation("PCC grant", 6_500_000, 6_000_000, 500_001)
    with pytest.raises(MoneyError, match=r"more than £0\.00"):
        check_allocation("PCC grant", 6_500_000, 0, 0)


def test_overspend_is_a_warning_with_the_amount() -> None:
    assert SpendPosition(2_400_000, 2_400_000).warning("P2") is None
    warning = SpendPosition(2_400_000, 2_460_000).warning("P2 Link worker")
    assert warning == "P2 Link worker has spent £24,600.00 against a budget of £24,000.00: £600.00 over budget"


def test_underspend_against_time_elapsed() -> None:
    starts, ends = date(2026, 4, 1), date(2027, 3, 31)
    on = date(2026, 12, 31)  # three quarters of the year gone
    assert underspend_warning("P1", SpendPosition(1_000_000, 600_000), starts, ends, on) is None
    warning = underspend_warning("P1", SpendPosition(1_000_000, 400_000), starts, ends, on)
    assert warning is not None and "40% of its budget with 75% of its time gone" in warning
    assert underspend_warning("P1", SpendPosition(1_000_000, 0), starts, ends, starts) is None
