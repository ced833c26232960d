"""Ages on the day of a birthday and working days around England and Wales bank holidays."""

from datetime import date

import pytest

from cspkit.casework.dates import add_months, add_working_days, age_on, bank_holiday, working_days_between


def test_a_person_is_sixteen_on_their_sixteenth_birthday_not_the_day_before():
    born = date(2010, 6, 15)
    assert age_on(born, date(2026, 6, 14)) == 15
    assert age_on(born, date(2026, 6, 15)) == 16


def test_a_leap_day_birthday_is_reached_on_1_march_in_a_common_year():
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18
    assert age_on(born, date(2028, 2, 29)) == 20


def test_an_age_before_birth_is_an_error():
    with pytest.raises(ValueError, match="before the date of birth"):
        age_on(date(2020, 1, 1), date(2019, 12, 31))


def test_a_month_after_31_january_is_the_end_of_february():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_christmas_2026_has_a_substitute_boxing_day_on_monday_28th():
    # 26 December 2026 is a Saturday: the bank holiday moves to Monday 28 December (gov.uk/bank-holidays).
    assert bank_holiday(date(2026, 12, 25))
    assert bank_holiday(date(2026, 12, 28))
    assert not bank_holiday(date(2026, 12, 29))


def test_ten_working_days_over_christmas_skip_three_bank_holidays_and_weekends():
    # Received Friday 18 December 2026: working days are 21, 22, 23, 24, 29, 30, 31 Dec, 4, 5 Jan
    # (25 and 28 Dec and 1 Jan are bank holidays) -> the tenth is Wednesday 6 January 2027.
    assert add_working_days(date(2026, 12, 18), 10) == date(2027, 1, 6)


def test_working_days_over_easter_2026():
    # Good Friday 3 April and Easter Monday 6 April 2026 are bank holidays.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1


def test_a_deadline_from_a_saturday_counts_from_the_next_working_day():
    assert add_working_days(date(2026, 11, 7), 1) == date(2026, 11, 9)
    assert add_working_days(date(2026, 11, 7), 0) == date(2026, 11, 7)


def test_working_days_between_is_negative_when_overdue():
    assert working_days_between(date(2026, 11, 13), date(2026, 11, 9)) == -4
