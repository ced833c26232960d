"""The "rates of recorded crime" table: the area against each comparator, with significance."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cspkit.assess.benchmarks import Comparator
from cspkit.stats.compare import compare_with_benchmark
from cspkit.stats.rates import rate_ci

LEVELS = (0.95, 0.998)


def rates_table(
    totals: pd.DataFrame, populations: dict[str, float], comparators: Sequence[Comparator], groups: Sequence[str],
    multiplier: int = 1000,
) -> pd.DataFrame:
    """One row per crime group and comparator (the area first).

    Columns: crime_group, comparator, comparator_kind, count, population, rate, lower_95, upper_95,
    lower_99_8, upper_99_8, significance_95, significance_99_8 (the area against this comparator:
    'higher', 'lower', 'similar', or 'not compared' where the comparator has no figure).
    """
    area = comparators[0]
    rows = []
    counts = totals.set_index(["area_key", "crime_group"])["count"]
    for group in groups:
        area_count = float(counts.get((area.key, group), 0))
        area_pop = populations.get(area.key)
        for comparator in comparators:
            if comparator.kind == "typed":
                rate = comparator.rates.get(group, np.nan)
                rows.append(_row(group, comparator, np.nan, np.nan, rate, None))
                continue
            population = populations.get(comparator.key)
            if not population:
                continue
            count = float(counts.get((comparator.key, group), 0))
            ci = rate_ci(np.array([count]), np.array([population]), multiplier=multiplier, confidence=LEVELS)
            rows.append(_row(group, comparator, count, population, float(ci["value"].iloc[0]), ci.iloc[0]))
        if area_pop:
            _add_significance(rows, group, area_count, area_pop, multiplier)
    return pd.DataFrame(rows)


def _row(group: str, comparator: Comparator, count: float, population: float, rate: float, ci) -> dict:
    row = {
        "crime_group": group,
        "comparator": comparator.label,
        "comparator_kind": comparator.kind,
        "count": count,
        "population": population,
        "rate": rate,
    }
    for level in ("95", "99_8"):
        row[f"lower_{level}"] = float(ci[f"lower_{level}"]) if ci is not None else np.nan
        row[f"upper_{level}"] = float(ci[f"upper_{level}"]) if ci is not None else np.nan
        row[f"significance_{level}"] = ""
    return row


def _add_significance(rows: list[dict], group: str, count: float, population: float, multiplier: int) -> None:
    """Label the area against every other comparator of this group, the Fingertips way."""
    mine = [r for r in rows if r["crime_group"] == group]
    others = [r for r in mine if r["comparator_kind"] != "area"]
    if not others:
        return
    benchmarks = np.array([r["rate"] for r in others], dtype=float)
    result = compare_with_benchmark(
        np.full(len(others), count), np.full(len(others), population), benchmarks,
        multiplier=multiplier, confidence=LEVELS,
    )
    for row, (_, compared) in zip(others, result.iterrows(), strict=True):
        for level in ("95", "99_8"):
            row[f"significance_{level}"] = compared[f"significance_{level}"]
