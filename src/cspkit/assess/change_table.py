"""Change between periods, tested: previous period, same period last year, financial year to date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from cspkit.assess.period import Period, financial_year_start
from cspkit.assess.words import plural
from cspkit.stats.change import poisson_change


@dataclass(frozen=True)
class Window:
    """A named comparison of a current period with an earlier one."""

    name: str
    current: Period
    earlier: Period


def comparison_windows(period: Period) -> list[Window]:
    """The comparisons analysts make: on the previous period, on a year earlier, and year to date."""
    windows = [Window("previous period", period, period.previous())]
    if period.months != 12:
        windows.append(Window("same period a year earlier", period, period.year_earlier()))
    financial = Period(financial_year_start(period.end), period.end)
    if financial != period:
        name = "financial year" if financial.months == 12 else "financial year to date"
        windows.append(Window(name, financial, financial.year_earlier()))
    return windows


def change_table(
    grouped: pd.DataFrame, area_key: str, force_key: str | None, groups: Sequence[str], period: Period,
    loaded: set[date],
) -> pd.DataFrame:
    """One row per crime group and window: counts, % change with interval, p-value and verdict.

    A window whose months are not all loaded is listed with ``available`` False and the reason,
    never with a made-up figure.
    """
    rows = []
    for window in comparison_windows(period):
        needed = set(window.current.month_starts()) | set(window.earlier.month_starts())
        missing = sorted(needed - loaded)
        if missing:
            for group in groups:
                rows.append({"crime_group": group, "comparison": window.name, "current_period": str(window.current),
                             "earlier_period": str(window.earlier), "available": False,
                             "note": f"{plural(len(missing), 'month')} it needs, from {missing[0]:%B %Y}, "
                                     f"{'is' if len(missing) == 1 else 'are'} not loaded"})
            continue
        current = _sum(grouped, area_key, window.current)
        earlier = _sum(grouped, area_key, window.earlier)
        before = np.array([earlier.get(g, 0) for g in groups], dtype=float)
        after = np.array([current.get(g, 0) for g in groups], dtype=float)
        tested = poisson_change(before, after, window.earlier.months, window.current.months)
        force_pct = _force_change(grouped, force_key, window, groups)
        for i, group in enumerate(groups):
            result = tested.iloc[i]
            rows.append({
                "crime_group": group, "comparison": window.name, "current_period": str(window.current),
                "earlier_period": str(window.earlier), "available": True, "note": "",
                "count_current": after[i], "count_earlier": before[i],
                "percent_change": _finite(result["percent_change"]),
                "percent_change_lower": _finite(result["percent_change_lower"]),
                "percent_change_upper": _finite(result["percent_change_upper"]),
                "p_value": _finite(result["p_value"]),
                "verdict": result["verdict"] if before[i] + after[i] > 0 else "no significant change",
                "force_percent_change": force_pct.get(group, np.nan),
            })
    return pd.DataFrame(rows)


def _sum(grouped: pd.DataFrame, key: str, period: Period) -> dict[str, float]:
    mask = (grouped["area_key"] == key) & grouped["month"].between(pd.Timestamp(period.start), pd.Timestamp(period.end))
    return grouped[mask].groupby("crime_group")["count"].sum().to_dict()


def _force_change(grouped: pd.DataFrame, force_key: str | None, window: Window,
                  groups: Sequence[str]) -> dict[str, float]:
    if force_key is None:
        return {}
    now, before = _sum(grouped, force_key, window.current), _sum(grouped, force_key, window.earlier)
    return {g: (now.get(g, 0) / before[g] - 1) * 100 for g in groups if before.get(g)}


def _finite(value: float) -> float:
    value = float(value)
    return value if np.isfinite(value) else np.nan
