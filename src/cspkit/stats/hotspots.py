"""Hot spots: Getis-Ord Gi* on areas (contiguity) and on a regular grid (distance bands), with a
false-discovery-rate correction, the global G, and how hot spots change across periods.

Gi* asks whether an area and its neighbours together hold more (or less) crime than chance
would give. Testing hundreds of areas at once produces false alarms, so the p-values are
corrected with Benjamini-Hochberg (as ArcGIS's "Apply False Discovery Rate correction").
The statistics themselves come from PySAL's esda; this module builds the weights, checks the
inputs and returns plain tables.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import esda
import numpy as np
import pandas as pd
import shapely
from libpysal.weights import DistanceBand, W, fill_diagonal
from scipy import stats
from shapely import STRtree
from shapely.geometry.base import BaseGeometry
from statsmodels.stats.multitest import multipletests

HOT, COLD, NOT_SIGNIFICANT = "hot spot", "cold spot", "not significant"

TRENDS = {
    "persistent": "a hot spot in at least 90% of periods, including the latest",
    "new": "a hot spot in the latest period for the first time",
    "emerging": "a hot spot in each of the latest two or more periods, never before that run",
    "intermittent": "a hot spot in the latest period, on and off before",
    "diminishing": "not a hot spot in the latest period, but in at least half of the earlier ones",
    "historical": "not a hot spot in the latest period, and in fewer than half of the earlier ones",
    "none": "never a hot spot",
}
"""Hot spot trend classes and their rules (see :func:`classify_hotspot_trends`)."""


@dataclass(frozen=True)
class GlobalG:
    """Getis-Ord global G: is crime concentrated among neighbouring places overall?

    ``p_value`` is one-sided (normal approximation): small when high values cluster together.
    """

    g: float
    expected: float
    z: float
    p_value: float


def contiguity_weights(
    geometries: Sequence[BaseGeometry],
    ids: Sequence[Hashable] | None = None,
    *,
    rook: bool = False,
    tolerance: float | None = None,
) -> W:
    """Spatial weights linking areas that touch: queen (a shared corner is enough) or rook (an edge).

    Published boundaries (ONS generalised clipped LSOAs, for one) do not share their vertices
    exactly: neighbouring polygons miss each other by around 1e-12 degrees, so vertex-matching
    contiguity finds no neighbours at all. Areas are therefore neighbours when they come within
    ``tolerance`` of each other (default: a billionth of the map's diagonal, about 0.03 mm
    across a district), and rook neighbours when their shared border is longer than a point.
    Areas touching no other area (islands) have no neighbours; with Gi* they are compared with
    themselves only, so they are rarely significant.
    """
    shapes = np.asarray(list(geometries), dtype=object)
    if len(shapes) == 0:
        raise ValueError("no areas given")
    names = list(ids) if ids is not None else list(range(len(shapes)))
    if len(names) != len(shapes):
        raise ValueError(f"{len(names)} ids for {len(shapes)} areas")
    if len(set(names)) != len(names):
        raise ValueError("area ids must be unique")
    if tolerance is None:
        xmin, ymin, xmax, ymax = shapely.total_bounds(shapes)
        tolerance = 1e-9 * float(np.hypot(xmax - xmin, ymax - ymin))
    first, second = STRtree(shapes).query(shapes, predicate="dwithin", distance=tolerance)
    keep = first < second
    first, second = first[keep], second[keep]
    if rook and len(first):
        border = shapely.length(
            shapely.intersection(shapely.boundary(shapes[first]), shapely.buffer(shapes[second], tolerance))
        )
        # A corner contact leaves about 2 x tolerance of border; a shared edge leaves far more.
        edge = border > 4 * tolerance
        first, second = first[edge], second[edge]
    neighbours: dict[Hashable, list[Hashable]] = {name: [] for name in names}
    for i, j in zip(first.tolist(), second.tolist(), strict=True):
        neighbours[names[i]].append(names[j])
        neighbours[names[j]].append(names[i])
    return W(neighbours, id_order=names, silence_warnings=True)


def distance_band_weights(
    x: Sequence[float], y: Sequence[float], distance: float, ids: Sequence[Hashable] | None = None
) -> W:
    """Binary weights linking points no more than ``distance`` apart (projected units, e.g. metres)."""
    xy = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    if distance <= 0:
        raise ValueError(f"the neighbour distance must be positive; got {distance}")
    return DistanceBand(
        xy, threshold=distance, binary=True, ids=list(ids) if ids is not None else None, silence_warnings=True
    )


def gi_star(
    values: pd.Series | Sequence[float],
    weights: W,
    *,
    star: bool = True,
    transform: str = "B",
    alpha: float = 0.05,
    fdr: bool = True,
) -> pd.DataFrame:
    """Local Getis-Ord Gi* (or Gi with ``star=False``) z-scores, p-values and hot/cold spot labels.

    Parameters
    ----------
    values : pandas.Series or sequence of float
        Counts (or rates) per area or grid cell. A Series is matched to the weights by its
        index; a plain sequence must follow ``weights.id_order``.
    weights : libpysal.weights.W
        Neighbours, e.g. from :func:`contiguity_weights` or :func:`distance_band_weights`.
        It is not modified.
    star : bool
        Include each place in its own neighbourhood (Gi*, the usual choice for hot spots).
    transform : {'B', 'R'}
        Binary or row-standardised weights.
    alpha : float
        Significance level applied to the (corrected) two-sided p-values.
    fdr : bool
        Correct the p-values for testing every place at once (Benjamini-Hochberg).

    Returns
    -------
    pandas.DataFrame
        Indexed by place id: value, neighbours (not counting itself), z, p_value (two-sided,
        normal), p_adjusted, hotspot ('hot spot', 'cold spot' or 'not significant').
        Where every value is equal the z-scores are undefined (NaN) and nothing is significant.

    References
    ----------
    Getis, A. and Ord, J. K. (1992). The analysis of spatial association by use of distance
    statistics. Geographical Analysis 24(3), 189-206.
    Ord, J. K. and Getis, A. (1995). Local spatial autocorrelation statistics: distributional
    issues and an application. Geographical Analysis 27(4), 286-306.
    Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate. Journal of the
    Royal Statistical Society B 57(1), 289-300.
    """
    if transform.upper() not in ("B", "R"):
        raise ValueError(f"transform must be 'B' (binary) or 'R' (row-standardised); got {transform!r}")
    y = _aligned(values, weights)
    # esda changes the transform of the weights it is given: work on a new object, never the caller's.
    # fill_diagonal already returns one, so only plain Gi needs a (costly) deep copy.
    w = fill_diagonal(weights, 1.0) if star else copy.deepcopy(weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        local = esda.G_Local(y, w, transform=transform.upper(), star=None if star else False, permutations=0)
    z = np.asarray(local.Zs, dtype=float)
    p = 2 * stats.norm.sf(np.abs(z))
    p_adjusted = p.copy()
    finite = np.isfinite(p)
    if fdr and finite.any():
        p_adjusted[finite] = multipletests(p[finite], method="fdr_bh")[1]
    significant = finite & (p_adjusted < alpha)
    label = np.where(significant & (z > 0), HOT, np.where(significant & (z < 0), COLD, NOT_SIGNIFICANT))
    neighbours = [sum(1 for j in weights.neighbors[i] if j != i) for i in weights.id_order]
    return pd.DataFrame(
        {"value": y, "neighbours": neighbours, "z": z, "p_value": p, "p_adjusted": p_adjusted, "hotspot": label},
        index=pd.Index(weights.id_order, name="id"),
    )


def global_g(values: pd.Series | Sequence[float], weights: W) -> GlobalG:
    """Getis-Ord general G with binary weights and its normal-approximation test.

    References
    ----------
    Getis, A. and Ord, J. K. (1992). The analysis of spatial association by use of distance
    statistics. Geographical Analysis 24(3), 189-206.
    """
    y = _aligned(values, weights)
    g = esda.G(y, copy.deepcopy(weights), permutations=0)
    return GlobalG(float(g.G), float(g.EG), float(g.z_norm), float(g.p_norm))


def grid_counts(
    x: Sequence[float],
    y: Sequence[float],
    cell_size: float,
    *,
    extent: tuple[float, float, float, float] | None = None,
) -> pd.DataFrame:
    """Count points in the square cells of a regular grid, empty cells included.

    Coordinates must be projected (e.g. British National Grid, EPSG:27700, in metres). The
    grid starts at the extent's lower-left corner, by default the points' own extent snapped
    down to a multiple of ``cell_size``. Points outside a given extent are not counted.

    Returns
    -------
    pandas.DataFrame
        Indexed by cell number (row-major from the lower left): col, row, x and y of the cell
        centre, count.
    """
    px, py = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if cell_size <= 0:
        raise ValueError(f"the cell size must be positive; got {cell_size}")
    if extent is None:
        if len(px) == 0:
            raise ValueError("no points, and no extent to draw a grid over")
        xmin, ymin = np.floor(px.min() / cell_size) * cell_size, np.floor(py.min() / cell_size) * cell_size
        xmax, ymax = px.max(), py.max()
    else:
        xmin, ymin, xmax, ymax = extent
    ncol = max(1, int(np.ceil((xmax - xmin) / cell_size)))
    nrow = max(1, int(np.ceil((ymax - ymin) / cell_size)))
    inside = (px >= xmin) & (px <= xmax) & (py >= ymin) & (py <= ymax)
    col = np.minimum(np.floor((px[inside] - xmin) / cell_size).astype(int), ncol - 1)
    row = np.minimum(np.floor((py[inside] - ymin) / cell_size).astype(int), nrow - 1)
    counts = np.bincount(row * ncol + col, minlength=ncol * nrow)
    cells = np.arange(ncol * nrow)
    cols, rows = cells % ncol, cells // ncol
    return pd.DataFrame(
        {
            "col": cols,
            "row": rows,
            "x": xmin + (cols + 0.5) * cell_size,
            "y": ymin + (rows + 0.5) * cell_size,
            "count": counts,
        },
        index=pd.Index(cells, name="cell"),
    )


def grid_hotspots(
    x: Sequence[float],
    y: Sequence[float],
    *,
    cell_size: float,
    distance: float,
    extent: tuple[float, float, float, float] | None = None,
    study_area: BaseGeometry | str = "hull",
    alpha: float = 0.05,
    fdr: bool = True,
) -> pd.DataFrame:
    """Gi* hot spots of points counted on a regular grid, neighbours within ``distance`` of a cell.

    ``distance`` is measured between cell centres and must be at least ``cell_size`` (else no
    cell has a neighbour); a common choice is 2-3 cells. Returns the :func:`grid_counts`
    columns joined to the :func:`gi_star` columns, for the cells of the study area only.

    ``study_area`` says which cells take part, as sfhotspot does: only cells touching it, so that
    empty cells outside the area (fields beyond the boundary, the sea) do not dilute Gi*:

    * a shapely polygon (e.g. the partnership's boundary, in the points' projected coordinates):
      the cells touching it; the grid then covers the whole area, empty parts included;
    * ``"hull"`` (default): the cells touching the points' convex hull buffered by half a cell
      (sfhotspot's grid when no boundary is given);
    * ``"rectangle"``: every cell of the bounding rectangle (cspkit before 2026-12).

    A cell holding a crime is always kept, so no crime is dropped (police.uk's map points can fall
    just outside a simplified boundary). Unlike sfhotspot the grid is aligned to multiples of
    ``cell_size``, so the same cells recur across runs and areas.

    References
    ----------
    Ashby, M. P. J., sfhotspot R package 1.0.0, ``hotspot_grid``/``create_grid`` (cells of a grid over
    the buffered convex hull, or the buffered polygons, kept where they intersect it).
    """
    if distance < cell_size:
        raise ValueError(f"the neighbour distance ({distance}) must be at least the cell size ({cell_size})")
    area = _study_area(study_area, x, y, cell_size)
    if extent is None and area is not None:
        px, py = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        xmin, ymin, xmax, ymax = area.bounds
        if len(px):
            xmin, ymin, xmax, ymax = min(xmin, px.min()), min(ymin, py.min()), max(xmax, px.max()), max(ymax, py.max())
        extent = (np.floor(xmin / cell_size) * cell_size, np.floor(ymin / cell_size) * cell_size, xmax, ymax)
    grid = grid_counts(x, y, cell_size, extent=extent)
    if area is not None:
        grid = grid[cells_touching(grid, cell_size, area) | (grid["count"] > 0)]
    # A hair over the distance, so cells exactly ``distance`` apart are not lost to rounding.
    weights = distance_band_weights(grid["x"], grid["y"], distance * (1 + 1e-9), ids=grid.index)
    result = gi_star(grid["count"], weights, alpha=alpha, fdr=fdr).drop(columns="value")
    return grid.join(result)


def cells_touching(grid: pd.DataFrame, cell_size: float, area: BaseGeometry) -> np.ndarray:
    """Which square cells (centres ``x``, ``y``) share some of their area with ``area``, inside or across its edge.

    A cell that only meets the area along a line or at a corner (outside it) is not kept.
    """
    half = cell_size / 2
    cx, cy = grid["x"].to_numpy(), grid["y"].to_numpy()
    boxes = shapely.box(cx - half, cy - half, cx + half, cy + half)
    shapely.prepare(area)
    return shapely.intersects(boxes, area) & ~shapely.touches(boxes, area)


def _study_area(study_area: BaseGeometry | str, x: Sequence[float], y: Sequence[float], cell_size: float):
    if isinstance(study_area, BaseGeometry):
        if study_area.is_empty:
            raise ValueError("the study area has no extent")
        return study_area
    if study_area == "rectangle":
        return None
    if study_area == "hull":
        points = shapely.multipoints(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
        return shapely.convex_hull(points).buffer(cell_size / 2)
    raise ValueError(f"study_area must be a polygon, 'hull' or 'rectangle', not {study_area!r}")


def classify_hotspot_trends(hot: pd.DataFrame) -> pd.Series:
    """Classify each place by its pattern of hot spot periods (rules in :data:`TRENDS`).

    A simpler cousin of ESRI's emerging hot spot analysis: it reads only whether a place was a
    significant hot spot in each period, not the trend in its z-scores. The rules, applied in
    this order to the periods oldest to newest:

    - none: never a hot spot;
    - persistent: hot in at least 90% of periods, including the latest;
    - new: hot in the latest period only;
    - emerging: hot in each of the last two or more periods and never before that run;
    - intermittent: hot in the latest period, with gaps before;
    - diminishing: not hot in the latest period, but hot in at least half of the earlier ones;
    - historical: not hot in the latest period, hot in fewer than half of the earlier ones.

    Parameters
    ----------
    hot : pandas.DataFrame
        Boolean, one row per place, one column per period in time order (oldest first), True
        where the place was a significant hot spot (e.g. ``gi_star(...)["hotspot"] == "hot spot"``).

    References
    ----------
    Esri (2024). How Emerging Hot Spot Analysis works. ArcGIS Pro documentation.
    """
    if hot.shape[1] < 2:
        raise ValueError("hot spot trends need at least two periods")
    flags = hot.to_numpy(dtype=bool)
    return pd.Series([_trend(row) for row in flags], index=hot.index, name="trend")


def _trend(periods: np.ndarray) -> str:
    latest, earlier = periods[-1], periods[:-1]
    if not periods.any():
        return "none"
    if latest:
        if periods.mean() >= 0.9:
            return "persistent"
        if not earlier.any():
            return "new"
        run = len(periods) - np.flatnonzero(~periods)[-1] - 1
        if not periods[: len(periods) - run].any():
            return "emerging"
        return "intermittent"
    return "diminishing" if earlier.mean() >= 0.5 else "historical"


def _aligned(values: pd.Series | Sequence[float], weights: W) -> np.ndarray:
    """Values in the order of ``weights.id_order``, checked for length and missing places."""
    if isinstance(values, pd.Series):
        missing = [i for i in weights.id_order if i not in values.index]
        if missing:
            raise ValueError(f"no value for place {missing[0]!r} ({len(missing)} place(s) without a value)")
        y = values.reindex(weights.id_order).to_numpy(dtype=float)
    else:
        y = np.asarray(values, dtype=float)
        if len(y) != weights.n:
            raise ValueError(f"{len(y)} values for {weights.n} places")
    if not np.isfinite(y).all():
        raise ValueError("every place needs a value (found a missing one)")
    return y
