"""Counts without people: small numbers suppressed before anything leaves casework.

Counts from 1 to ``smallest_shown - 1`` (1-4 by default, the ONS and NHS Digital convention for
small cells) are withheld; zero is shown because it identifies no one. When exactly one cell of a
row is withheld, the next-smallest cell is withheld too, so the total cannot give the small one
back (secondary suppression), and totals are computed from the raw counts only where nothing in
the row is withheld.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SUPPRESSED = None


def suppress(count: int, smallest_shown: int = 5) -> int | None:
    """The count, or None if it is small enough to identify someone."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    return None if 0 < count < smallest_shown else count


@dataclass(frozen=True)
class SuppressedRow:
    cells: dict[str, int | None]
    total: int | None

    @property
    def any_suppressed(self) -> bool:
        return any(v is None for v in self.cells.values())


def suppress_row(counts: Mapping[str, int], smallest_shown: int = 5, with_total: bool = True) -> SuppressedRow:
    """Suppress a row of counts that will be shown with its total (primary and secondary suppression)."""
    cells = {key: suppress(value, smallest_shown) for key, value in counts.items()}
    withheld = [key for key, value in cells.items() if value is None]
    if with_total and len(withheld) == 1:
        shown = sorted((value, key) for key, value in cells.items() if value)
        if shown:
            cells[shown[0][1]] = None
    total_raw = sum(counts.values())
    total = suppress(total_raw, smallest_shown) if with_total else None
    return SuppressedRow(cells, total)


def display(value: int | None) -> str:
    """How a possibly suppressed count is written in a report."""
    return "[c]" if value is None else f"{value:,}"
