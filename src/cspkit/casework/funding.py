"""Money for commissioned projects: amounts in pence, UK public-sector financial years, and the
rules that keep allocations within a fund and say plainly when spend passes a budget.

Why pence as integers: pounds as floats lose pennies in sums (0.1 + 0.2), and a funder's return
must add up to the penny. Why April to March: councils, police and PCC grants all count the
financial year from 1 April (HM Treasury), and quarters Q1 = April to June.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONEY = re.compile(r"^-?\d+(\.\d{1,2})?$")


class MoneyError(ValueError):
    """An amount or a rule about amounts that cannot be accepted; the message is for the user."""


def parse_pounds(text: str | int | float) -> int:
    """'£65,000', '65000.5' or 65000 -> pence (6500000, 6500050, 6500000).

    Refuses more than two decimal places, words and blanks with a message saying what was given.
    """
    if isinstance(text, bool):
        raise MoneyError(f"{text!r} is not an amount of money")
    if isinstance(text, int):
        return text * 100
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise MoneyError(f"{text!r} is not an amount of money")
        text = f"{text:.10f}".rstrip("0").rstrip(".")
    cleaned = str(text).strip().replace(",", "").replace("£", "").replace(" ", "")
    if not _MONEY.match(cleaned):
        raise MoneyError(f"'{text}' is not an amount in pounds and pence, e.g. 65000 or 1250.50")
    sign = -1 if cleaned.startswith("-") else 1
    pounds, _, pence = cleaned.lstrip("-").partition(".")
    return sign * (int(pounds) * 100 + int((pence + "00")[:2]))


def format_pence(pence: int, *, whole: bool = False) -> str:
    """6500050 -> '£65,000.50'; with ``whole`` and no pence, '£65,000'."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    if whole and rest == 0:
        return f"{sign}£{pounds:,}"
    return f"{sign}£{pounds:,}.{rest:02d}"


def financial_year_of(day: date) -> int:
    """The year in which the financial year holding ``day`` starts: 31 March 2026 -> 2025."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    """2025 -> '2025/26'."""
    return f"{year}/{(year + 1) % 100:02d}"


# Allocations and spend -------------------------------------------------------------------------


def check_allocation(fund_name: str, fund_pence: int, allocated_pence: int, new_pence: int) -> int:
    """The amount left in the fund after allocating ``new_pence``; refuses anything that would
    allocate more than the fund holds (with the amounts, so the user can correct it)."""
    if new_pence <= 0:
        raise MoneyError("An allocation must be more than £0.00")
    left = fund_pence - allocated_pence - new_pence
    if left < 0:
        raise MoneyError(
            f"{fund_name} has {format_pence(fund_pence - allocated_pence)} unallocated of "
            f"{format_pence(fund_pence)}; {format_pence(new_pence)} would over-allocate it by "
            f"{format_pence(-left)}"
        )
    return left


@dataclass(frozen=True)
class SpendPosition:
    """Spend to date against a budget: never silent about going over."""

    budget_pence: int
    spent_pence: int

    @property
    def remaining_pence(self) -> int:
        return self.budget_pence - self.spent_pence

    @property
    def overspent_pence(self) -> int:
        return max(0, -self.remaining_pence)

    @property
    def share_spent(self) -> float | None:
        return None if self.budget_pence == 0 else self.spent_pence / self.budget_pence

    def warning(self, project: str) -> str | None:
        """A warning with the amount when spend passes the budget; None otherwise."""
        if self.overspent_pence:
            return (
                f"{project} has spent {format_pence(self.spent_pence)} against a budget of "
                f"{format_pence(self.budget_pence)}: {format_pence(self.overspent_pence)} over budget"
            )
        return None


def expected_share(starts: date, ends: date, on: date) -> float:
    """The share of a project's time gone by ``on``, for judging under-spend: 0 before, 1 after."""
    if on <= starts:
        return 0.0
    if on >= ends:
        return 1.0
    return (on - starts).days / (ends - starts).days


def underspend_warning(project: str, position: SpendPosition, starts: date, ends: date, on: date) -> str | None:
    """Warn when spend lags the time elapsed by more than a quarter of the budget (a common funder rule)."""
    if position.budget_pence == 0:
        return None
    due = expected_share(starts, ends, on)
    spent = position.spent_pence / position.budget_pence
    if due - spent > 0.25:
        return (
            f"{project} has spent {spent:.0%} of its budget with {due:.0%} of its time gone: "
            f"{format_pence(round(due * position.budget_pence) - position.spent_pence)} behind profile"
        )
    return None
