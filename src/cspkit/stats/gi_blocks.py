"""Getis-Ord Gi* for many separate study areas at once (every district of a country).

:func:`cspkit.stats.hotspots.gi_star` runs esda on one area's weights; run district by district
that is dominated by building a libpysal ``W`` and its sparse matrix hundreds of times. Here all
areas share one block-diagonal sparse matrix (a block per area, no links between areas) and
the statistic of every place, area and variable comes from one sparse product and a few group
sums. The arithmetic is esda's ``G_Local(star=True, transform='B', permutations=0)`` (Getis &
Ord 1992; Ord & Getis 1995) and the false-discovery-rate correction statsmodels' ``fdr_bh``, so
the numbers equal ``gi_star``'s for each area on its own (the tests check this against esda).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from scipy import sparse, stats
from shapely import STRtree

HOT, COLD, NOT_SIGNIFICANT = "hot spot", "cold spot", "not significant"


def queen_pairs(shapes: Sequence, blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) of shapes in the same block that touch, by the rule of ``contiguity_weights``.

    Each block is queried on its own with its own tolerance (a billionth of the diagonal of the
    block's extent), exactly as ``contiguity_weights`` is called once per area.
    """
    shapes = np.asarray(shapes, dtype=object)
    if len(shapes) == 0:
        return np.empty(0, int), np.empty(0, int)
    codes, index = np.unique(blocks, return_inverse=True)
    bounds = shapely.bounds(shapes)
    low = np.full((len(codes), 2), np.inf)
    high = np.full((len(codes), 2), -np.inf)
    np.minimum.at(low, index, bounds[:, :2])
    np.maximum.at(high, index, bounds[:, 2:])
    tolerance = 1e-9 * np.hypot(*(high - low).T)
    # One tree for every block: candidates whose boxes come within the block's tolerance, then the
    # exact test on those pairs only (what STRtree's "dwithin" predicate does, at a third of the cost).
    pad = tolerance[index][:, None]
    envelopes = shapely.box(*(bounds + np.hstack([-pad, -pad, pad, pad])).T)
    first, second = STRtree(shapes).query(envelopes)
    keep = (first < second) & (index[first] == index[second])
    first, second = first[keep], second[keep]
    touching = shapely.intersects(shapes[first], shapes[second])
    near = ~touching
    touching[near] = shapely.dwithin(shapes[first[near]], shapes[second[near]], tolerance[index[first[near]]])
    return first[touching], second[touching]


def gi_star_blocks(values: np.ndarray, pairs: tuple[np.ndarray, np.ndarray], blocks: np.ndarray,
                   *, alpha: float = 0.05) -> dict[str, np.ndarray]:
    """Gi* z-scores, p-values (two-sided, normal), BH-adjusted p-values and labels.

    ``values`` is places x variables; ``pairs`` the neighbouring places (each pair once);
    ``blocks`` the study area of each place (neighbours only ever within one). Every output
    has the shape of ``values``, plus ``neighbours`` (one per place, not counting itself).
    """
    y = np.asarray(values, dtype=float)
    n = len(y)
    first, second = pairs
    ones = np.ones(2 * len(first) + n)
    rows = np.concatenate([first, second, np.arange(n)])
    cols = np.concatenate([second, first, np.arange(n)])
    w = sparse.csr_matrix((ones, (rows, cols)), shape=(n, n))
    cardinality = np.asarray(w.sum(axis=1)).ravel()
    codes, block_index = np.unique(blocks, return_inverse=True)
    size = np.bincount(block_index).astype(float)[block_index][:, None]
    group = sparse.csr_matrix((np.ones(n), (block_index, np.arange(n))), shape=(len(codes), n))
    total = (group @ y)[block_index]
    squares = (group @ y**2)[block_index]
    c = cardinality[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = (w @ y) / total
        mean = total / size
        variance = squares / size - mean**2
        expected = c / size
        spread = c * (size - c) / (size - 1) * (1 / size**2) * (variance / (mean**2))
        z = (statistic - expected) / np.sqrt(spread)
    p = 2 * stats.norm.sf(np.abs(z))
    adjusted = np.column_stack([_bh_by_block(p[:, k], block_index) for k in range(y.shape[1])])
    significant = np.isfinite(adjusted) & (adjusted < alpha)
    label = np.where(significant & (z > 0), HOT, np.where(significant & (z < 0), COLD, NOT_SIGNIFICANT))
    return {"z": z, "p_value": p, "p_adjusted": adjusted, "hotspot": label, "neighbours": cardinality - 1}


def _bh_by_block(p: np.ndarray, block: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg within each block over its finite p-values (statsmodels' ``fdr_bh``)."""
    out = p.copy()
    finite = np.isfinite(p)
    frame = pd.DataFrame({"p": p[finite], "block": block[finite], "at": np.flatnonzero(finite)})
    frame = frame.sort_values(["block", "p"], kind="mergesort")
    rank = frame.groupby("block").cumcount().to_numpy() + 1
    m = frame.groupby("block")["p"].transform("size").to_numpy()
    frame["raw"] = frame["p"].to_numpy() / (rank / m)
    reversed_min = frame.iloc[::-1].groupby("block")["raw"].cummin().iloc[::-1].to_numpy()
    out[frame["at"].to_numpy()] = np.minimum(reversed_min, 1.0)
    return out
