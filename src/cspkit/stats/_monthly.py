"""Checking that a series is monthly and complete, so seasonal methods see each month once, in order."""

from __future__ import annotations

import numpy as np
import pandas as pd


def monthly_series(series: pd.Series, *, what: str = "series") -> pd.Series:
    """Return ``series`` as floats indexed by a gap-free monthly :class:`pandas.PeriodIndex`.

    The index may hold periods, timestamps or ``'YYYY-MM'`` strings. A missing or repeated
    month, or a missing value, is an error: seasonal models silently go wrong on a gap.
    """
    if not isinstance(series, pd.Series):
        raise TypeError(f"{what}: expected a pandas Series indexed by month")
    if len(series) == 0:
        raise ValueError(f"{what}: no months given")
    try:
        index = pd.PeriodIndex(series.index, freq="M")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what}: the index must be months (e.g. 2022-01): {exc}") from exc
    values = pd.Series(np.asarray(series, dtype=float), index=index).sort_index()
    repeated = values.index[values.index.duplicated()]
    if len(repeated):
        raise ValueError(f"{what}: month {repeated[0]} appears more than once")
    full = pd.period_range(values.index[0], values.index[-1], freq="M")
    if len(full) != len(values):
        missing = full.difference(values.index)
        raise ValueError(f"{what}: month {missing[0]} is missing ({len(missing)} month(s) missing in all)")
    if not np.isfinite(values.to_numpy()).all():
        month = values.index[~np.isfinite(values.to_numpy())][0]
        raise ValueError(f"{what}: month {month} has no value")
    return values
