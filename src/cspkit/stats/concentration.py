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


def _weights(weights: Sequence[float] | None, n: int) -> np.ndarray:
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=float)
    if w.shape != (n,):
        raise ValueError("give one weight (e.g. area or street length) per place")
    if not np.isfinite(w).all() or (w <= 0).any():
        raise ValueError("weights (e.g. area or street length) must be numbers greater than zero")
    return w


def _densest_first(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Places from the highest crimes per unit of weight to the lowest; ties by count, highest first."""
    return np.lexsort((-x, -(x / w)))


def lorenz_curve(
    counts: Sequence[float], weights: Sequence[float] | None = None, *, busiest_first: bool = False
) -> pd.DataFrame:
    """Cumulative share of crime against cumulative share of places (or of their area or length).

    Returns a table from (0, 0) to (1, 1) with columns share_of_places and share_of_crime. By
    default places run from the least to the most crime, so the curve sags below the diagonal; with
    ``busiest_first`` they run from the most, as in the "x% of places hold y% of crime" reading.

    ``weights`` (e.g. each cell's area or each street's length) make the x axis the share of the
    total weight, with places ordered by crimes per unit of weight: the weighted Lorenz curve that
    safer-streets computes, so that large places do not look like hot spots just for being large.

    References
    ----------
    Lorenz, M. O. (1905). Methods of measuring the concentration of wealth. Publications of
    the American Statistical Association 9(70), 209-219.
    safer-streets-core, ``safer_streets_core.measures.lorenz_curve`` (weighted, densest first).
    """
    x = _counts(counts)
    w = _weights(weights, len(x))
    order = _densest_first(x, w)
    if not busiest_first:
        order = order[::-1]
    return pd.DataFrame(
        {
            "share_of_places": np.r_[0.0, np.cumsum(w[order]) / w.sum()],
            "share_of_crime": np.r_[0.0, np.cumsum(x[order]) / x.sum()],
        }
    )


def gini(counts: Sequence[float], *, generalized: bool = False, unbiased: bool = False) -> float:
    """Gini coefficient of crime across places: 0 = spread evenly, towards 1 = all in one place.

    The standard Gini is the mean absolute difference between all pairs of places over twice the
    mean, G = sum_i sum_j |x_i - x_j| / (2 n^2 mean): twice the area between the Lorenz curve and
    the diagonal. With n places it can reach only (n - 1)/n.

    Parameters
    ----------
    generalized
        Where crimes C are fewer than places n, even the most even spread leaves n - C places empty,
        and the standard Gini is inflated by those unavoidable zeros. The generalised Gini measures
        against the most even spread possible: G' = max(1, n / C) (G - 1) + 1 (equal to G when
        C >= n).
    unbiased
        The small-sample correction, x n / (n - 1) (for the generalised Gini, x m / (m - 1) with
        m = min(n, C)), so that all crime in one place gives exactly 1.

    References
    ----------
    Gini, C. (1912). Variabilita e mutabilita. Bologna.
    Bernasco, W. and Steenbeek, W. (2017). More places than crimes: implications for evaluating
    the law of crime concentration at place. Journal of Quantitative Criminology 33, 451-467.
    Steenbeek, W., lorenzgini R package (``gini(generalized, unbiased)``), github.com/wsteenbeek/lorenzgini;
    DescTools ``Gini(unbiased=)``.
    """
    x = np.sort(_counts(counts))
    n, total = len(x), x.sum()
    ranks = np.arange(1, n + 1)
    standard = float(np.sum((2 * ranks - n - 1) * x) / (n * total))
    if not generalized:
        return standard * n / (n - 1) if unbiased and n > 1 else standard
    general = max(1.0, n / total) * (standard - 1) + 1
    smaller = min(n, total)
    if unbiased:
        if smaller <= 1:
            raise ValueError("the unbiased generalised Gini needs at least two places and two crimes")
        return float(general * smaller / (smaller - 1))
    return float(general)


def top_share(counts: Sequence[float], fraction: float = 0.05, weights: Sequence[float] | None = None) -> float:
    """Share of all crime in the top ``fraction`` of places (the busiest ceil(fraction x n) places).

    With ``weights`` (area or street length), the share of crime in the densest places that together
    make up ``fraction`` of the total weight, read from the weighted Lorenz curve (a place only
    partly inside the top fraction counts in proportion, as its crime is taken as spread evenly).

    References
    ----------
    Weisburd, D. (2015). The law of crime concentration and the criminology of place.
    Criminology 53(2), 133-157. safer-streets-core (weighted Lorenz curve).
    """
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be above 0 and at most 1; got {fraction}")
    if weights is not None:
        curve = lorenz_curve(counts, weights, busiest_first=True)
        return float(np.interp(fraction, curve["share_of_places"], curve["share_of_crime"]))
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
