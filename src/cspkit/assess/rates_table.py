"""The "rates of recorded crime" table: the area against each comparator, with significance."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cspkit.assess.benchmarks import Comparator
from cspkit.stats.compare import significance
from cspkit.stats.rates import rate_ci

LEVELS = (0.95, 0.998)
LABELS = ("95", "99_8")


def rates_table(
    totals: pd.DataFrame, populations: dict[str, float], comparators: Sequence[Comparator], groups: Sequence[str],
    multiplier: int = 1000,
) -> pd.DataFrame:
    """One row per crime group and comparator (the area first).

    Columns: crime_group, comparator, comparator_kind, count, population, rate, lower_95, upper_95,
    lower_99_8, upper_99_8, significance_95, significance_99_8 (the area against this comparator,
    Fingertips-style: 'higher' or 'lower' when the area's interval excludes the comparator's rate,
    else 'similar'; 'not compared' where the comparator has no figure; empty on the area's own row).
    """
    counts = totals.set_index(["area_key", "crime_group"])["count"]
    rows = []
    for group in groups:
        for order, comparator in enumerate(comparators):
            row = {"crime_group": group, "comparator": comparator.label, "comparator_kind": comparator.kind,
                   "order": order, "count": np.nan, "population": np.nan, "rate": np.nan}
            if comparator.kind == "typed":
                row["rate"] = comparator.rates.get(group, np.nan)
            elif populations.get(comparator.key):
                row["count"] = float(counts.get((comparator.key, group), 0))
                row["population"] = populations[comparator.key]
            else:
                continue
            rows.append(row)
    table = pd.DataFrame(rows)
    computed = table["population"].notna()
    intervals = rate_ci(table.loc[computed, "count"].to_numpy(), table.loc[computed, "population"].to_numpy(),
                        multiplier=multiplier, confidence=LEVELS)
    table.loc[computed, "rate"] = intervals["value"].to_numpy()
    for label in LABELS:
        table[f"lower_{label}"] = np.nan
        table[f"upper_{label}"] = np.nan
        table.loc[computed, f"lower_{label}"] = intervals[f"lower_{label}"].to_numpy()
        table.loc[computed, f"upper_{label}"] = intervals[f"upper_{label}"].to_numpy()
    area = table[table["comparator_kind"] == "area"].set_index("crime_group")
    for label in LABELS:
        lower = table["crime_group"].map(area[f"lower_{label}"])
        upper = table["crime_group"].map(area[f"upper_{label}"])
        labels = np.asarray(significance(lower.to_numpy(float), upper.to_numpy(float), table["rate"].to_numpy(float)),
                            dtype=object)
        table[f"significance_{label}"] = np.where(table["comparator_kind"] == "area", "", labels)
    return table.drop(columns="order").reset_index(drop=True)
