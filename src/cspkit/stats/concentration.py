"""Where crime is concentrated: Lorenz curve, Gini coefficient, share in the top places, and the
"priority areas" comparison partnerships publish (share of crime against share of population,
rate inside against rate outside).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


def _counts(values: Sequence[float]) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    if len(x) == 0:
        raise ValueError("no places given")
    if not np.isfinite(x).all() or (x < 0).any():
        raise ValueError("crime counts must be numbers of zero or more")
    if x.sum() == 0:
        raise ValueError("no crime in any place: concentration is undefined")
    return x


def lorenz_curve(counts: Sequence[float]) -> pd.DataFrame:
    """Cumulative share of crime against cumulative share of places, places ordered least to most.

    Returns a table starting at (0, 0) and ending at (1, 1) with columns share_of_places and
    share_of_crime; the further it sags below the diagonal, the more concentrated the crime.

    References
    ----------
    Lorenz, M. O. (1905). Methods of measuring the concentration of wealth. Publications of
    the American Statistical Association 9(70), 209-219.
    """
    x = np.sort(_counts(counts))
    n = len(x)
    return pd.DataFrame(
        {"share_of_places": np.arange(n + 1) / n, "share_of_crime": np.r_[0.0, np.cumsum(x) / x.sum()]}
    )


def gini(counts: Sequence[float]) -> float:
    """Gini coefficient of crime across places: 0 = spread evenly, (n-1)/n = all in one place.

    Computed as the mean absolute difference between all pairs of places over twice the mean,
    G = sum_i sum_j |x_i - x_j| / (2 n^2 mean), the same as twice the area between the Lorenz
    curve and the diagonal. Where crimes are fewer than places the Gini is inflated by chance
    zeros; compare like with like (Bernasco and Steenbeek 2017).

    References
    ----------
    Gini, C. (1912). Variabilita e mutabilita. Bologna.
    Bernasco, W. and Steenbeek, W. (2017). More places than crimes: implications for evaluating
    the law of crime concentration at place. Journal of Quantitative Criminology 33, 451-467.
    """
    x = np.sort(_counts(counts))
    n = len(x)
    ranks = np.arange(1, n + 1)
    return float(np.sum((2 * ranks - n - 1) * x) / (n * x.sum()))


def top_share(counts: Sequence[float], fraction: float = 0.05) -> float:
    """Share of all crime in the top ``fraction`` of places (the busiest ceil(fraction x n) places).

    References
    ----------
    Weisburd, D. (2015). The law of crime concentration and the criminology of place.
    Criminology 53(2), 133-157.
    """
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be above 0 and at most 1; got {fraction}")
    x = np.sort(_counts(counts))[::-1]
    k = int(np.ceil(fraction * len(x) - 1e-9))
    return float(x[:k].sum() / x.sum())


def places_for_share(counts: Sequence[float], share: float = 0.5) -> float:
    """Smallest fraction of places (busiest first) that together hold at least ``share`` of crime.

    The "law of crime concentration" figure: e.g. half of all crime in 4% of street segments.
    """
    if not 0 < share <= 1:
        raise ValueError(f"share must be above 0 and at most 1; got {share}")
    x = np.sort(_counts(counts))[::-1]
    cumulative = np.cumsum(x) / x.sum()
    k = int(np.searchsorted(cumulative, share - 1e-12)) + 1
    return k / len(x)


@dataclass(frozen=True)
class PriorityComparison:
    """Priority areas against the rest: shares, rates per ``per`` residents and their ratio."""

    population_share: float
    crime_share: float
    rate_inside: float
    rate_outside: float
    rate_ratio: float
    per: int


def priority_area_comparison(
    crimes: Sequence[float], population: Sequence[float], priority: Sequence[bool], *, per: int = 1000
) -> PriorityComparison:
    """Compare priority areas (e.g. wards) with the rest of the partnership area.

    Stafford's strategy is the model: "priority wards have an all crime rate (117.5 per 1,000
    population) which is 2.7 times higher than non-priority wards (43.5 per 1,000). Priority
    wards make up 24% of the population and account for 45% of all crime."

    Parameters
    ----------
    crimes, population : sequence of float
        Crimes and residents per area.
    priority : sequence of bool
        True for the priority areas.
    per : int
        Rates per this many residents (default 1,000).
    """
    c = np.asarray(crimes, dtype=float)
    p = np.asarray(population, dtype=float)
    inside = np.asarray(priority, dtype=bool)
    if not len(c) == len(p) == len(inside):
        raise ValueError("crimes, population and priority must have one value per area")
    if (p <= 0).any() or (c < 0).any():
        raise ValueError("every area needs a population above 0 and a crime count of 0 or more")
    if inside.all() or not inside.any():
        raise ValueError("some areas, but not all, must be priority areas")
    rate_in = c[inside].sum() / p[inside].sum() * per
    rate_out = c[~inside].sum() / p[~inside].sum() * per
    return PriorityComparison(
        population_share=float(p[inside].sum() / p.sum()),
        crime_share=float(c[inside].sum() / c.sum()) if c.sum() > 0 else float("nan"),
        rate_inside=float(rate_in),
        rate_outside=float(rate_out),
        rate_ratio=float(rate_in / rate_out) if rate_out > 0 else float("inf"),
        per=per,
    )
