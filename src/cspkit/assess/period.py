"""Periods of whole months, as analysts write them: ``2022-01..2022-11``, ``2022/23``, ``2022``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cspkit.errors import CspkitError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, order=True)
class Period:
    """From the first day of ``start`` to the end of ``end`` (both months included)."""

    start: date
    end: date

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def shifted(self, months: int) -> Period:
        return Period(add_months(self.start, months), add_months(self.end, months))

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return self.shifted(-self.months)

    def year_earlier(self) -> Period:
        return self.shifted(-12)

    def month_starts(self) -> list[date]:
        return [add_months(self.start, i) for i in range(self.months)]

    def label(self) -> str:
        if self.start == self.end:
            return self.start.strftime("%B %Y")
        if self.start.year == self.end.year:
            return f"{self.start:%B} to {self.end:%B %Y}"
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    def __str__(self) -> str:
        return f"{self.start:%Y-%m}..{self.end:%Y-%m}"


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_month(text: str) -> date:
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise CspkitError(f"'{text}' is not a month: write it as YYYY-MM, e.g. 2022-04.")
    return date(int(match.group(1)), int(match.group(2)), 1)


def parse_period(text: str) -> Period:
    """Read ``YYYY-MM..YYYY-MM``, a financial year ``YYYY/YY``, a year ``YYYY`` or one month ``YYYY-MM``."""
    text = text.strip()
    if ".." in text:
        first, _, last = text.partition("..")
        period = Period(parse_month(first), parse_month(last))
    elif match := _FINANCIAL_YEAR.match(text):
        start_year = int(match.group(1))
        if (start_year + 1) % 100 != int(match.group(2)):
            raise CspkitError(f"'{text}' is not a financial year: write it like 2022/23.")
        period = Period(date(start_year, 4, 1), date(start_year + 1, 3, 1))
    elif match := _YEAR.match(text):
        period = Period(date(int(text), 1, 1), date(int(text), 12, 1))
    elif _MONTH.match(text):
        month = parse_month(text)
        period = Period(month, month)
    else:
        raise CspkitError(
            f"'{text}' is not a period. Use START..END in months (2022-01..2022-12), "
            "a financial year (2022/23) or a calendar year (2022)."
        )
    if period.end < period.start:
        raise CspkitError(f"The period {text} ends before it starts.")
    return period


def financial_year_start(month: date) -> date:
    """1 April of the financial year that ``month`` falls in."""
    return date(month.year if month.month >= 4 else month.year - 1, 4, 1)
