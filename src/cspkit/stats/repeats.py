"""Repeat locations and near repeats: does crime come back to the same place, or to places nearby soon after?

Repeat locations count crimes per place. police.uk snaps each crime to an anonymous map point
("On or near High Street"), so a "location" there is a snap point or its name, not an address:
shares are indicative of concentration at places, not of repeat victims.

The near-repeat test is Knox's: count pairs of crimes close in both space and time and compare
with what chance gives when the dates are shuffled among the places (a Monte Carlo permutation
test, as in the Near Repeat Calculator). Only the times are shuffled, so the places and the
overall timing of crime are kept; what is broken is any link between the two. Distances are
Manhattan by default, as in the Near Repeat Calculator (Euclidean on request), and
:func:`nrc_bands` gives the Calculator's band edges so its tables can be reproduced.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree


@dataclass(frozen=True)
class RepeatLocations:
    """Crimes per location and how much crime happens at locations with repeats.

    ``table`` lists every location with its crime count, busiest first.
    """

    table: pd.DataFrame
    crimes: int
    locations: int
    repeat_locations: int
    crimes_at_repeat_locations: int
    at_least: int

    @property
    def share_at_repeat_locations(self) -> float:
        """Share of all crime at locations with at least ``at_least`` crimes."""
        return self.crimes_at_repeat_locations / self.crimes


def repeat_locations(locations: Iterable[Hashable], *, at_least: int = 2) -> RepeatLocations:
    """Count crimes per location; a location with ``at_least`` (default 2) crimes is a repeat location.

    ``locations`` holds one key per crime: a location name, a snap-point id, or rounded
    coordinates as a tuple. Missing keys (None or NaN) are refused rather than counted as one place.
    """
    keys = pd.Series(list(locations), dtype=object)
    if len(keys) == 0:
        raise ValueError("no crimes given")
    if keys.isna().any():
        raise ValueError(f"{int(keys.isna().sum())} crime(s) have no location; leave them out or give them one")
    if at_least < 2:
        raise ValueError(f"a repeat needs at least 2 crimes; got at_least={at_least}")
    counts = keys.value_counts(sort=False)
    table = (
        counts.rename("crimes").rename_axis("location").reset_index()
        .sort_values(["crimes", "location"], ascending=[False, True], key=_sort_key, ignore_index=True)
    )
    repeats = counts[counts >= at_least]
    return RepeatLocations(table, len(keys), len(counts), len(repeats), int(repeats.sum()), at_least)


def _sort_key(column: pd.Series) -> pd.Series:
    # Locations may mix types (tuples, strings): order them by their text for a stable listing.
    return column if column.name == "crimes" else column.map(str)


@dataclass(frozen=True)
class KnoxResult:
    """Knox test for one space-time threshold.

    ``observed`` pairs of crimes within ``distance`` and ``time`` of each other; ``expected``
    the mean over the permutations; ``ratio`` = observed / expected (the Knox ratio: 1.5 means
    50% more close pairs than chance); ``p_value`` = (1 + permutations with at least as many)
    / (1 + permutations).
    """

    observed: int
    expected: float
    ratio: float
    p_value: float
    distance: float
    time: float
    permutations: int


def knox_test(
    x: Sequence[float],
    y: Sequence[float],
    t: Sequence[float],
    *,
    distance: float,
    time: float,
    permutations: int = 999,
    seed: int = 12345,
    metric: str = "manhattan",
) -> KnoxResult:
    """Knox test: are crimes within ``distance`` (metres) more often within ``time`` than chance gives?

    Parameters
    ----------
    x, y : sequence of float
        Projected coordinates in metres.
    t : sequence of float or datetime64
        When each crime happened, as numbers in any unit (days; month numbers for police.uk,
        which publishes only the month) or as dates, which are turned into days.
    distance, time : float
        Close in space means at most ``distance`` apart; close in time, at most ``time`` apart.
    permutations : int
        Monte Carlo shuffles of the times; 999 gives p-values down to 0.001.
    seed : int
        Seed of the random shuffles, so a result can be reproduced exactly.
    metric : str
        ``"manhattan"`` (default, as the Near Repeat Calculator: a fair stand-in for distance along
        streets) or ``"euclidean"`` (straight line).

    References
    ----------
    Knox, E. G. (1964). The detection of space-time interactions. Journal of the Royal
    Statistical Society C 13(1), 25-30.
    Johnson, S. D., Bernasco, W., Bowers, K. J. et al. (2007). Space-time patterns of risk: a
    cross national assessment of residential burglary victimization. Journal of Quantitative
    Criminology 23, 201-219.
    """
    table = near_repeat_table(
        x, y, t, distance_bands=[0, distance], time_bands=[0, time], permutations=permutations, seed=seed,
        metric=metric,
    )
    row = table.iloc[0]
    return KnoxResult(
        int(row["observed"]), float(row["expected"]), float(row["knox_ratio"]), float(row["p_value"]),
        float(distance), float(time), permutations,
    )


def near_repeat_table(
    x: Sequence[float],
    y: Sequence[float],
    t: Sequence[float],
    *,
    distance_bands: Sequence[float],
    time_bands: Sequence[float],
    permutations: int = 999,
    seed: int = 12345,
    metric: str = "manhattan",
    closed: str = "right",
) -> pd.DataFrame:
    """Knox ratios and p-values for every pair of distance and time bands (a near-repeat table).

    Bands are given by their edges. With ``closed="right"`` (default) ``[0, 100, 200]`` means 0 to
    100 (0 included) and over 100 to 200, and edges ``[0, 0, 100]`` make a "same location" band of
    distance 0. With ``closed="left"`` bands are [a, b): this is how the Near Repeat Calculator
    counts, and :func:`nrc_bands` gives its edges (``np.inf`` as the last edge keeps every pair).
    Pairs beyond the last edges are not counted. Distances are Manhattan by default, as in the Near
    Repeat Calculator and the NearRepeat R package, or ``metric="euclidean"``. Coordinates and
    times as in :func:`knox_test`.

    Returns
    -------
    pandas.DataFrame
        One row per (distance band, time band): distance_from, distance_to, time_from,
        time_to, observed, expected, knox_ratio, p_value (one-sided: more close pairs than chance).

    References
    ----------
    Ratcliffe, J. H. (2009). Near Repeat Calculator (version 1.3). Temple University and the
    National Institute of Justice.
    Steenbeek, W. NearRepeat R package, ``NearRepeat()`` and vignette "NRC" (the Calculator's
    band edges), github.com/wsteenbeek/NearRepeat.
    """
    px, py, pt = np.asarray(x, dtype=float), np.asarray(y, dtype=float), _times(t)
    if not len(px) == len(py) == len(pt):
        raise ValueError("x, y and t must have one value per crime")
    if not (np.isfinite(px).all() and np.isfinite(py).all() and np.isfinite(pt).all()):
        raise ValueError("every crime needs coordinates and a time")
    d_edges, t_edges = _edges(distance_bands, "distance"), _edges(time_bands, "time")
    if permutations < 1:
        raise ValueError("at least one permutation is needed")
    if metric not in _MINKOWSKI:
        raise ValueError(f"metric must be 'manhattan' or 'euclidean', not {metric!r}")
    if closed not in ("left", "right"):
        raise ValueError(f"closed must be 'left' or 'right', not {closed!r}")

    i, j = _pairs_within(px, py, d_edges[-1], _MINKOWSKI[metric])
    apart = np.abs(px[i] - px[j]) + np.abs(py[i] - py[j]) if metric == "manhattan" else np.hypot(
        px[i] - px[j], py[i] - py[j])
    band = _band_left if closed == "left" else _band
    d_band = band(apart, d_edges)
    keep = d_band >= 0
    i, j, d_band = i[keep], j[keep], d_band[keep]
    n_cells = (len(d_edges) - 1) * (len(t_edges) - 1)

    def count(times: np.ndarray) -> np.ndarray:
        t_band = band(np.abs(times[i] - times[j]), t_edges)
        close = t_band >= 0
        cell = d_band[close] * (len(t_edges) - 1) + t_band[close]
        return np.bincount(cell, minlength=n_cells)

    observed = count(pt)
    rng = np.random.default_rng(seed)
    simulated = np.array([count(rng.permutation(pt)) for _ in range(permutations)])
    expected = simulated.mean(axis=0)
    at_least = (simulated >= observed).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)
    d_index, t_index = np.divmod(np.arange(n_cells), len(t_edges) - 1)
    return pd.DataFrame(
        {
            "distance_from": d_edges[d_index],
            "distance_to": d_edges[d_index + 1],
            "time_from": t_edges[t_index],
            "time_to": t_edges[t_index + 1],
            "observed": observed,
            "expected": expected,
            "knox_ratio": ratio,
            "p_value": (1 + at_least) / (1 + permutations),
        }
    )


def nrc_bands(bandwidth: float, bands: int, *, same_location: bool = False) -> list[float]:
    """Band edges as the Near Repeat Calculator counts them, for ``near_repeat_table(closed="left")``.

    The Calculator asks for a bandwidth and a number of bands and adds a last band for everything
    further (and, for distance, a "same location" band first). Its labels read "1 to 200", "201 to
    400", ... and "0 to 1", "2 to 2" days, but its counts are of [a - 1, b), i.e. [0, b), [b, 2b), ...,
    [n b, inf) (Steenbeek, NearRepeat vignette "NRC"); "same location" holds pairs at the very same
    point (distance below ``SAME_LOCATION`` = 1e-6), as the Calculator's published counts show.
    """
    if not bandwidth > 0 or bands < 1:
        raise ValueError("the Near Repeat Calculator needs a bandwidth above 0 and at least one band")
    edges = [bandwidth * k for k in range(1, bands + 1)]
    return [0.0, *([SAME_LOCATION] if same_location else []), *edges, float(np.inf)]


#: Distance below which two crimes are at the "same location" in :func:`nrc_bands`.
SAME_LOCATION = 1e-6


_MINKOWSKI = {"manhattan": 1, "euclidean": 2}


def _pairs_within(px: np.ndarray, py: np.ndarray, reach: float, p: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices (i < j) of the pairs of crimes at most ``reach`` apart (all pairs when it is infinite)."""
    if np.isinf(reach):
        i, j = np.triu_indices(len(px), k=1)
        return i, j
    pairs = cKDTree(np.column_stack([px, py])).query_pairs(r=reach, p=p, output_type="ndarray")
    return pairs[:, 0], pairs[:, 1]


def _band_left(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Band number of each value (-1 outside): band k holds [edges[k], edges[k+1])."""
    band = np.searchsorted(edges, values, side="right") - 1
    band[(band < 0) | (band >= len(edges) - 1)] = -1
    return band


def _times(t: Sequence[float]) -> np.ndarray:
    values = np.asarray(t)
    if np.issubdtype(values.dtype, np.datetime64):
        return (values - values.min()) / np.timedelta64(1, "D")
    return values.astype(float)


def _edges(bands: Sequence[float], what: str) -> np.ndarray:
    edges = np.asarray(bands, dtype=float)
    finite = np.isfinite(edges[:-1]).all() and not np.isnan(edges[-1])
    if len(edges) < 2 or not finite or edges[0] < 0 or (np.diff(edges) < 0).any():
        raise ValueError(f"{what} bands must be at least two edges, from 0 or more, never decreasing "
                         "(only the last may be infinite)")
    return edges


def _band(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Band number of each value (-1 outside): band k holds (edges[k], edges[k+1]], band 0 also edges[0]."""
    band = np.searchsorted(edges[1:], values, side="left")
    band[(values < edges[0]) | (band >= len(edges) - 1)] = -1
    return band
