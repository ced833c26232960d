"""Financial-year quarters (April to March), the calendar partnerships report on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_SLUG = re.compile(r"^([0-9]{4})-q([1-4])$")
#: Financial years the app can show: 0000-q1 or 9999-q4 are no quarter anyone reports on.
YEARS = range(1990, 2200)


@dataclass(frozen=True, order=True)
class Quarter:
    """Quarter ``number`` (1 = April to June) of the financial year starting in April of ``year``."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"a quarter is numbered 1 to 4, not {self.number}")

    @classmethod
    def containing(cls, day: date) -> Quarter:
        year = day.year if day.month >= 4 else day.year - 1
        return cls(year, (day.month - 4) % 12 // 3 + 1)

    @classmethod
    def last_completed(cls, today: date) -> Quarter:
        """The quarter owners report on now: the latest one that has ended."""
        return cls.containing(today).previous()

    @classmethod
    def from_slug(cls, slug: str) -> Quarter:
        """Parse ``2025-q1`` (financial year 2025/26, April to June 2025)."""
        match = _SLUG.match(slug)
        if not match or int(match[1]) not in YEARS:
            raise ValueError(f"{slug!r} is not a quarter like 2025-q1")
        return cls(int(match[1]), int(match[2]))

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.number}"

    @property
    def starts(self) -> date:
        month = 4 + 3 * (self.number - 1)
        return date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def ends(self) -> date:
        following = self.next().starts
        return date.fromordinal(following.toordinal() - 1)

    @property
    def financial_year(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """e.g. 'Q1 2025/26'."""
        return f"Q{self.number} {self.financial_year}"

    @property
    def months(self) -> str:
        """e.g. 'April to June 2025'."""
        first, last = self.starts, self.ends
        start = MONTH_NAMES[first.month - 1] + ("" if first.year == last.year else f" {first.year}")
        return f"{start} to {MONTH_NAMES[last.month - 1]} {last.year}"

    def next(self) -> Quarter:
        return Quarter(self.year + (self.number == 4), self.number % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def __str__(self) -> str:
        return self.label


def quarters_between(first_day: date, last_day: date) -> list[Quarter]:
    """Every quarter overlapping the period, in order."""
    quarter, last = Quarter.containing(first_day), Quarter.containing(last_day)
    found = []
    while quarter <= last:
        found.append(quarter)
        quarter = quarter.next()
    return found
