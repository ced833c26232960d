"""Seasonal decomposition of monthly counts and a seasonality profile: which months run high.

The decomposition is STL (robust LOESS), which copes with the outliers and level shifts common
in recorded crime (a recording change, a one-off operation) better than classical moving
averages. The profile turns each crime type's seasonal component into an index (1.0 = an
average month) and only calls a month high or low when the seasonal pattern is statistically
stable, judged by the Kruskal-Wallis test used in X-11 for "stable seasonality".
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.tsa.seasonal import STL

from cspkit.stats._monthly import monthly_series

PERIOD = 12


@dataclass(frozen=True)
class SeasonalDecomposition:
    """A monthly series split into trend, seasonal and remainder (observed = sum of the three).

    ``components`` has columns observed, trend, seasonal, remainder indexed by month;
    ``strength`` is the strength of seasonality, 0 (none) to 1 (all non-trend variation).
    """

    components: pd.DataFrame
    strength: float
    method: str = "STL (Cleveland et al. 1990), robust fitting"


def decompose(series: pd.Series, *, robust: bool = True) -> SeasonalDecomposition:
    """Decompose a monthly series with STL.

    Parameters
    ----------
    series : pandas.Series
        Counts (or rates) indexed by month, at least 24 consecutive months: STL needs two
        full years to tell a seasonal pattern from a trend.
    robust : bool
        Down-weight outlying months when fitting (recommended for crime counts).

    References
    ----------
    Cleveland, R. B., Cleveland, W. S., McRae, J. E. and Terpenning, I. (1990). STL: a
    seasonal-trend decomposition procedure based on loess. Journal of Official Statistics 6(1), 3-73.
    """
    values = monthly_series(series)
    if len(values) < 2 * PERIOD:
        raise ValueError(
            f"seasonal decomposition needs at least {2 * PERIOD} consecutive months; got {len(values)}"
        )
    fit = STL(values.to_numpy(), period=PERIOD, robust=robust).fit()
    components = pd.DataFrame(
        {"observed": values.to_numpy(), "trend": fit.trend, "seasonal": fit.seasonal, "remainder": fit.resid},
        index=values.index,
    )
    return SeasonalDecomposition(components, seasonal_strength(fit.seasonal, fit.resid))


def seasonal_strength(seasonal: np.ndarray | pd.Series, remainder: np.ndarray | pd.Series) -> float:
    """Strength of seasonality F_S = max(0, 1 - Var(R) / Var(S + R)).

    Near 0: the "seasonal" component is no bigger than noise. Near 1: the pattern dominates.

    References
    ----------
    Wang, X., Smith, K. A. and Hyndman, R. J. (2006). Characteristic-based clustering for time
    series data. Data Mining and Knowledge Discovery 13(3), 335-364.
    Hyndman, R. J. and Athanasopoulos, G. (2021). Forecasting: principles and practice, 3rd ed., section 4.3.
    """
    s = np.asarray(seasonal, dtype=float)
    r = np.asarray(remainder, dtype=float)
    total = np.var(s + r)
    if total == 0:
        return 0.0
    return float(max(0.0, 1.0 - np.var(r) / total))


def seasonality_profile(
    counts: pd.DataFrame,
    *,
    group: str = "crime_type",
    month: str = "month",
    count: str = "count",
    threshold: float = 0.10,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Seasonal index for each group (e.g. crime type) and calendar month, and which months run high.

    Parameters
    ----------
    counts : pandas.DataFrame
        Long table with one row per group and month. A group with no row for a month is
        taken to have 0 that month (a GROUP BY leaves such months out); a month absent for
        every group is a gap in the data and an error.
    threshold : float
        A month "runs high" when its index is at least ``1 + threshold`` (default: 10% above an
        average month) and "runs low" when at most ``1 - threshold``, provided the pattern is
        stable (below).
    alpha : float
        The pattern is stable when the Kruskal-Wallis test of the detrended counts by calendar
        month has a p-value below ``alpha``; otherwise no month is called high or low.

    Returns
    -------
    pandas.DataFrame
        Columns: group, month_of_year (1-12), month_name, index (1.0 = an average month;
        the STL seasonal component averaged by calendar month, divided by the mean level),
        runs_high, runs_low, strength (seasonal strength), stable_p (Kruskal-Wallis p-value).

    References
    ----------
    Lothian, J. and Morry, M. (1978). A test for the presence of identifiable seasonality when
    using the X-11 program. Statistics Canada working paper.
    Kruskal, W. H. and Wallis, W. A. (1952). Use of ranks in one-criterion variance analysis.
    Journal of the American Statistical Association 47(260), 583-621.
    """
    missing = [c for c in (group, month, count) if c not in counts.columns]
    if missing:
        raise ValueError(f"seasonality profile: no column {missing[0]!r} in the counts")
    months = pd.PeriodIndex(counts[month], freq="M")
    wide = (
        pd.DataFrame({"g": counts[group].to_numpy(), "m": months, "n": counts[count].to_numpy(dtype=float)})
        .pivot_table(index="m", columns="g", values="n", aggfunc="sum", fill_value=0.0)
    )
    rows = []
    for name in wide.columns:
        try:
            parts = decompose(wide[name]).components
        except ValueError as exc:
            raise ValueError(f"{group} {name}: {exc}") from exc
        level = parts["observed"].mean()
        by_month = parts["seasonal"].groupby(parts.index.month).mean()
        index = 1.0 + by_month / level if level > 0 else pd.Series(1.0, index=by_month.index)
        detrended = parts["observed"] - parts["trend"]
        samples = [detrended[parts.index.month == m].to_numpy() for m in range(1, PERIOD + 1)]
        stable_p = _kruskal_p(samples)
        strength = seasonal_strength(parts["seasonal"], parts["remainder"])
        stable = stable_p < alpha
        for m in range(1, PERIOD + 1):
            rows.append(
                {
                    "group": name,
                    "month_of_year": m,
                    "month_name": calendar.month_name[m],
                    "index": float(index[m]),
                    "runs_high": bool(stable and index[m] >= 1 + threshold),
                    "runs_low": bool(stable and index[m] <= 1 - threshold),
                    "strength": strength,
                    "stable_p": stable_p,
                }
            )
    return pd.DataFrame(rows).rename(columns={"group": group})


def _kruskal_p(samples: list[np.ndarray]) -> float:
    """Kruskal-Wallis p-value; 1.0 when every value is equal (no evidence of seasonality)."""
    pooled = np.concatenate(samples)
    if np.ptp(pooled) == 0:
        return 1.0
    return float(stats.kruskal(*samples).pvalue)
