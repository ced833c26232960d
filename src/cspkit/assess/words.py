"""Counts as people write them: '1 month', '3 months', '2 LSOAs' (never 'month(s)')."""

from __future__ import annotations


def plural(n: int, noun: str, many: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else many or noun + 's'}"


def verb(n: int, one: str, many: str) -> str:
    """'has' or 'have', 'is' or 'are', agreeing with ``n``."""
    return one if n == 1 else many
