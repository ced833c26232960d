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


def suppress_flow(
    open_at_start: int, opened: int, closed: int, open_at_end: int, smallest_shown: int = 5
) -> tuple[int | None, int | None, int | None]:
    """Cases opened, closed and open at the end of a period, suppressed as a linked set.

    The four counts are tied (open at the start + opened - closed = open at the end), and the
    number open at the start is the number open at the end of the period before, which a report
    may show beside it. So when exactly one of the four is withheld, the smallest of the other
    shown counts of this period is withheld too, and the small one can no longer be worked out.
    """
    start = suppress(open_at_start, smallest_shown)
    cells = {"opened": suppress(opened, smallest_shown), "closed": suppress(closed, smallest_shown),
             "open_at_end": suppress(open_at_end, smallest_shown)}
    withheld = [value for value in (start, *cells.values()) if value is None]
    if len(withheld) == 1:
        shown = sorted((value, key) for key, value in cells.items() if value is not None)
        cells[shown[0][1]] = None
    return cells["opened"], cells["closed"], cells["open_at_end"]


def display(value: int | None) -> str:
    """How a possibly suppressed count is written in a report."""
    return "[c]" if value is None else f"{value:,}"
