"""Ages, calendar months and working days (England and Wales bank holidays).

Ages follow the Family Law Reform Act 1969 s.9: a person attains an age at the start of the
anniversary of their birth, so they are 16 on their sixteenth birthday. Someone born on 29
February attains an age on 1 March in a common year (the day after 28 February).

Working days are Monday to Friday except bank holidays in England and Wales (Banking and
Financial Dealings Act 1971 and royal proclamations), taken from the ``holidays`` package's
United Kingdom calendar for England; Wales has the same bank holidays.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta


def age_on(born: date, day: date) -> int:
    """Whole years of age on ``day`` of someone born on ``born``."""
    if day < born:
        raise ValueError(f"{day.isoformat()} is before the date of birth {born.isoformat()}")
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later, or the month's last day if it has no such day."""
    return start + relativedelta(months=months)


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    return start + relativedelta(years=years)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def bank_holiday(day: date) -> bool:
    """A bank holiday in England and Wales (substitute days included)."""
    return day in _bank_holidays(day.year)


def working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and not bank_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start``; the start day itself is not counted.

    A letter received on a Friday with a 10-working-day deadline is due on the second Friday
    after, or later if bank holidays fall in between.
    """
    if days < 0:
        raise ValueError("a number of working days cannot be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if working_day(day):
            count += 1
    return count
