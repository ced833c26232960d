"""Small wording helpers shared by the sections of the assessment report."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from cspkit.assess.period import parse_period

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """'Shoplifting and business crime' -> 'shoplifting-and-business-crime' (a section id part)."""
    cleaned = _NOT_SLUG.sub("-", text.lower()).strip("-")
    return cleaned or "item"


def join_and(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 candidate', '3 candidates' ('many' for irregular plurals)."""
    return f"{n:,} {noun if n == 1 else many or noun + 's'}"


def rate_text(rate: float) -> str:
    return f"{rate:,.1f}"


def signed_percent(percent: float, places: int = 0) -> str:
    """'+53%', '-4%', '0%' ('+0.4%' with ``places=1``)."""
    return f"{percent:+.{places}f}%" if round(percent, places) else "0%"


def share_text(share: float) -> str:
    """A share in whole percent, but 'under 1%' (never '0%') for a share that is not nothing."""
    text = f"{share:.0%}"
    return "under 1%" if share > 0 and text == "0%" else text


def places_to_separate(lower: float, upper: float, outside: Iterable[float], places: int = 1, most: int = 3) -> int:
    """The fewest decimal places (from ``places``) at which every value in ``outside``, judged
    significantly different, prints outside the printed interval ``lower`` to ``upper``.

    Rounding never moves a value inside an interval out of it, but it can put one just outside
    on the printed edge: a rate of 1.54 beside "1.2 to 1.5", or a change interval "0% to +7%"
    called an increase. A reader then sees figures that contradict the verdict beside them.
    """
    for candidate in range(places, most + 1):
        low, high = round(lower, candidate), round(upper, candidate)
        if all(round(value, candidate) < low or round(value, candidate) > high for value in outside):
            return candidate
    return most


def period_words(text: str) -> str:
    """A stored period ('2024-10..2025-09') as people write it ('October 2024 to September 2025')."""
    return parse_period(text).label()


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal_decile(decile: int) -> str:
    """How a deprivation decile reads in a chart: '1 (most deprived)' ... '10 (least deprived)'."""
    if decile == 1:
        return "1 (most deprived)"
    if decile == 10:
        return "10 (least deprived)"
    return str(decile)


def date_in_words(timestamp: str) -> str:
    """An ISO timestamp as a reader writes its date ("3 December 2026"); text that is not one, as it is."""
    try:
        when = datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp
    return f"{when.day} {when:%B %Y}"
