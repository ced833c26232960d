"""PSPO dates under the Anti-social Behaviour, Crime and Policing Act 2014 ss.59-61 and 60A."""

from datetime import date

import pytest

from cspkit.casework import pspo
from cspkit.casework.pspo import Extension, OrderDates, OrderStatus, RuleError


def test_an_order_for_three_years_ends_the_day_before_its_third_anniversary() -> None:
    assert pspo.original_expiry(date(2024, 10, 20), 36) == date(2027, 10, 19)
    assert pspo.original_expiry(date(2028, 2, 29), 36) == date(2031, 2, 27)


def test_an_order_longer_than_three_years_is_refused() -> None:
    with pytest.raises(RuleError, match="at most 36 months"):
        pspo.original_expiry(date(2024, 10, 20), 37)
    with pytest.raises(RuleError, match="at least one month"):
        pspo.check_period(0)


def test_an_expedited_order_lasts_at_most_six_months() -> None:
    assert pspo.original_expiry(date(2026, 1, 10), 6, expedited=True) == date(2026, 7, 9)
    with pytest.raises(RuleError, match="expedited order may have effect for at most 6 months"):
        pspo.original_expiry(date(2026, 1, 10), 7, expedited=True)
    order = OrderDates(date(2026, 1, 10), 3, expedited=True, extensions=(Extension(date(2026, 3, 1), 4),))
    with pytest.raises(RuleError, match="6 months in all"):
        pspo.expiry(order)


def test_extensions_run_on_from_the_expiry_they_extend() -> None:
    order = OrderDates(
        date(2021, 1, 1),
        36,
        extensions=(Extension(date(2023, 11, 1), 36), Extension(date(2026, 10, 1), 12)),
    )
    # made for 1 Jan 2021 - 31 Dec 2023; extended to 31 Dec 2026; then to 31 Dec 2027.
    assert pspo.expiry(order) == date(2027, 12, 31)
    assert pspo.status(order, date(2027, 12, 31)) is OrderStatus.IN_FORCE
    assert pspo.status(order, date(2028, 1, 1)) is OrderStatus.LAPSED


def test_an_extension_decided_after_expiry_is_refused() -> None:
    order = OrderDates(date(2021, 1, 1), 36, extensions=(Extension(date(2024, 1, 1), 12),))
    with pytest.raises(RuleError, match="only be extended before it expires"):
        pspo.expiry(order)
    on_the_last_day = OrderDates(date(2021, 1, 1), 36, extensions=(Extension(date(2023, 12, 31), 12),))
    assert pspo.expiry(on_the_last_day) == date(2024, 12, 31)


def test_an_extension_needs_a_review_and_a_consultation_and_at_most_three_years() -> None:
    ends = date(2027, 10, 19)
    with pytest.raises(RuleError, match="review"):
        pspo.extend(ends, Extension(date(2027, 9, 1), 12, reviewed=False))
    with pytest.raises(RuleError, match="consultation"):
        pspo.extend(ends, Extension(date(2027, 9, 1), 12, consulted=False))
    with pytest.raises(RuleError, match="at most 36 months"):
        pspo.extend(ends, Extension(date(2027, 9, 1), 37))


def test_status_through_an_orders_life() -> None:
    order = OrderDates(date(2026, 4, 1), 36, made_on=date(2026, 3, 1))
    assert pspo.status(OrderDates(None, 36), date(2026, 1, 1)) is OrderStatus.PROPOSED
    assert pspo.status(order, date(2026, 2, 1)) is OrderStatus.PROPOSED
    assert pspo.status(order, date(2026, 3, 15)) is OrderStatus.MADE
    assert pspo.status(order, date(2026, 4, 1)) is OrderStatus.IN_FORCE
    assert pspo.status(order, date(2029, 3, 31)) is OrderStatus.IN_FORCE
    assert pspo.status(order, date(2029, 4, 1)) is OrderStatus.LAPSED
    discharged = OrderDates(date(2026, 4, 1), 36, made_on=date(2026, 3, 1), discharged_on=date(2027, 1, 1))
    assert pspo.status(discharged, date(2026, 12, 31)) is OrderStatus.IN_FORCE
    assert pspo.status(discharged, date(2027, 1, 1)) is OrderStatus.DISCHARGED


def test_discharge_and_variation_only_while_the_order_has_effect() -> None:
    order = OrderDates(date(2026, 4, 1), 12)
    pspo.check_discharge(order, date(2026, 6, 1))
    with pytest.raises(RuleError, match="while the order has effect"):
        pspo.check_discharge(order, date(2027, 4, 1))
    pspo.check_variation(order, date(2027, 3, 31))
    with pytest.raises(RuleError, match="only be varied while"):
        pspo.check_variation(order, date(2026, 3, 31))
    with pytest.raises(RuleError, match="discharged order cannot be varied"):
        pspo.check_variation(OrderDates(date(2026, 4, 1), 12, discharged_on=date(2026, 5, 1)), date(2026, 6, 1))


def test_reminders_fall_six_three_and_one_month_before_expiry() -> None:
    ends = date(2027, 10, 19)
    due = [r.due_on for r in pspo.reminders(ends)]
    assert due == [date(2027, 4, 20), date(2027, 7, 20), date(2027, 9, 19)]
    assert [r.days_before for r in pspo.due_reminders(ends, date(2027, 7, 20))] == [91]
    assert pspo.due_reminders(ends, date(2027, 7, 21)) == []
