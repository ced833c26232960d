"""Calendar arithmetic for the statutory registers: months that clamp to the month's end, and
working days that skip weekends and England and Wales bank holidays.

Why our own month arithmetic: a PSPO made on 29 February for three years must end on a real
date, and the 2016 review guidance counts "one month" and "six months" by the calendar, so
31 January plus one month is 28 (or 29) February, not 3 March. Bank holidays come from the
`holidays` package (subdivision ENG covers England and Wales alike for these dates).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays


def add_months(start: date, months: int) -> date:
    """The same day of the month `months` later (or earlier), clamped to the month's last day."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    return add_months(start, 12 * years)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The working day `days` working days after `start` (start itself is day 0, not counted)."""
    if days < 0:
        raise ValueError("a number of working days cannot be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
