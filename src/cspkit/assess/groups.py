"""Turning counts by police.uk crime type into counts by crime group (types and groupings)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

ALL_CRIME = "All crime (excluding ASB)"
ASB = "Anti-social behaviour"


def crime_groups(crime_types: Sequence[str], groupings: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Every group an assessment reports, in report order: all crime, ASB, each type, then groupings."""
    groups: dict[str, list[str]] = {}
    for name, members in groupings.items():
        if name == ALL_CRIME:
            groups[name] = list(members)
    groups.setdefault(ALL_CRIME, [t for t in crime_types if t != ASB])
    groups[ASB] = [ASB]
    for crime_type in crime_types:
        if crime_type != ASB:
            groups[crime_type] = [crime_type]
    for name, members in groupings.items():
        groups.setdefault(name, list(members))
    return groups


def by_group(
    counts: pd.DataFrame, groups: Mapping[str, Sequence[str]], months: Sequence[date], area_keys: Sequence[str]
) -> pd.DataFrame:
    """Counts per area, crime group and month, with a row (count 0) for every month with none.

    ``counts`` has columns area_key, crime_type, month, count.
    """
    membership = pd.DataFrame(
        [(group, crime_type) for group, types in groups.items() for crime_type in types],
        columns=["crime_group", "crime_type"],
    )
    summed = (
        counts.merge(membership, on="crime_type")
        .groupby(["area_key", "crime_group", "month"], as_index=False)["count"]
        .sum()
    )
    grid = pd.MultiIndex.from_product(
        [list(area_keys), list(groups), [pd.Timestamp(m) for m in months]], names=["area_key", "crime_group", "month"]
    ).to_frame(index=False)
    summed["month"] = pd.to_datetime(summed["month"])
    full = grid.merge(summed, how="left", on=["area_key", "crime_group", "month"])
    full["count"] = full["count"].fillna(0).astype("int64")
    return full


def totals(grouped: pd.DataFrame, first: date, last: date) -> pd.DataFrame:
    """Sum of counts per area and crime group over the months from ``first`` to ``last``."""
    window = grouped[(grouped["month"] >= pd.Timestamp(first)) & (grouped["month"] <= pd.Timestamp(last))]
    return window.groupby(["area_key", "crime_group"], as_index=False, sort=False)["count"].sum()
