"""Crime and anti-social behaviour inside a restricted area (a PSPO's) before and after a date.

Counts police.uk street-level records whose (snapped, anonymised) point falls inside the
polygon, in the full months before the order came into force and the same number of full
months from then on, and compares them with the Poisson rate test of `cspkit.stats.change`
(exposure: the months loaded in each window). A change is not proof the order caused it:
police.uk points are snapped to map points that may fall either side of a boundary, recording
and patrolling often change with an order, and crime moves for many other reasons (trend,
season, displacement to nearby streets).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

from cspkit.stats.change import PoissonChange, poisson_change

ASB = "Anti-social behaviour"
CAVEAT = (
    "This compares counts before and after the order came into force; it is not proof that the order "
    "caused any change. Police.uk locations are approximate, recording and patrols often change when an "
    "order is made, and crime rises and falls for other reasons (trend, season, displacement nearby)."
)


@dataclass(frozen=True)
class Comparison:
    label: str
    change: PoissonChange


@dataclass(frozen=True)
class BeforeAfter:
    before_from: date
    before_to: date  # first day of the last month before
    after_from: date
    after_to: date  # first day of the last month after
    months_before: int
    months_after: int
    comparisons: tuple[Comparison, ...]
    caveat: str = CAVEAT


def _month(day: date, shift: int = 0) -> date:
    index = day.year * 12 + day.month - 1 + shift
    return date(index // 12, index % 12 + 1, 1)


def windows(in_force_from: date, months: int) -> tuple[date, date, date, date]:
    """(before from, before to, after from, after to): whole months either side of the order.

    The month the order came into force counts as "after" only if it came into force on the 1st.
    """
    after_from = _month(in_force_from) if in_force_from.day == 1 else _month(in_force_from, 1)
    return _month(after_from, -months), _month(after_from, -1), after_from, _month(after_from, months - 1)


def before_after(con: Any, geometry: dict[str, Any], in_force_from: date, months: int = 12) -> BeforeAfter | None:
    """The comparison, or None when the store holds no month after the order came into force.

    `con` is a DuckDB connection to the evidence store (``Store.con``).
    """
    before_from, before_to, after_from, after_to = windows(in_force_from, months)
    area = shape(geometry)
    minx, miny, maxx, maxy = area.bounds
    loaded = {
        row[0]
        for row in con.execute(
            "SELECT DISTINCT month FROM street_crimes WHERE month BETWEEN ? AND ?", [before_from, after_to]
        ).fetchall()
    }
    months_before = sum(1 for m in loaded if m <= before_to)
    months_after = sum(1 for m in loaded if m >= after_from)
    if months_after == 0 or months_before == 0:
        return None
    rows = con.execute(
        "SELECT month >= ? AS after, crime_type = ? AS asb, longitude, latitude FROM street_crimes "
        "WHERE month BETWEEN ? AND ? AND longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?",
        [after_from, ASB, before_from, after_to, minx, maxx, miny, maxy],
    ).fetchnumpy()
    inside = shapely.contains_xy(area, rows["longitude"], rows["latitude"]) if len(rows["after"]) else np.array([])
    after = np.asarray(rows["after"], dtype=bool)[inside] if len(inside) else np.array([], dtype=bool)
    asb = np.asarray(rows["asb"], dtype=bool)[inside] if len(inside) else np.array([], dtype=bool)
    comparisons = []
    for label, chosen in (("Crime (all types)", ~asb), ("Anti-social behaviour", asb)):
        comparisons.append(
            Comparison(
                label,
                poisson_change(
                    int((chosen & ~after).sum()),
                    int((chosen & after).sum()),
                    exposure_before=months_before,
                    exposure_after=months_after,
                ),
            )
        )
    return BeforeAfter(before_from, before_to, after_from, after_to, months_before, months_after, tuple(comparisons))
