"""Gi* and global G reproduce PySAL esda's published values and Getis & Ord's (1996) grid via spdep;
weights, grids, the false-discovery-rate correction and hot spot trends behave as documented."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from scipy import stats
from shapely.geometry import box, shape

from cspkit.stats.hotspots import (
    TRENDS,
    classify_hotspot_trends,
    contiguity_weights,
    distance_band_weights,
    gi_star,
    global_g,
    grid_counts,
    grid_hotspots,
)

ESDA_COLUMNS = {
    "Zs_G_binary": (False, "B"),
    "Zs_Gstar_binary": (True, "B"),
    "Zs_G_rowstd": (False, "R"),
    "Zs_Gstar_rowstd": (True, "R"),
}


def esda_points(reference: Path) -> pd.DataFrame:
    return pd.read_csv(reference / "esda" / "g_local_points.csv")


def getis_ord_grid(reference: Path) -> pd.DataFrame:
    return pd.read_csv(reference / "spdep_getisord1996" / "go_xyz.csv")


@pytest.mark.parametrize("column", ESDA_COLUMNS)
def test_local_g_z_scores_match_the_esda_docstring_for_every_point(reference, column):
    points = esda_points(reference)
    expected = pd.read_csv(reference / "esda" / "g_local_expected.csv")[column].to_numpy()
    star, transform = ESDA_COLUMNS[column]
    weights = distance_band_weights(points["x"], points["y"], 15)

    result = gi_star(points["value"], weights, star=star, transform=transform)

    np.testing.assert_allclose(result["z"].to_numpy(), expected, rtol=0, atol=1e-8)


def test_global_g_and_its_one_sided_p_value_match_esda(reference):
    points = esda_points(reference)
    expected = pd.read_csv(reference / "esda" / "g_global_expected.csv").set_index("statistic")["expected"]
    weights = distance_band_weights(points["x"], points["y"], 15)

    result = global_g(points["value"], weights)

    assert result.g == pytest.approx(expected["G"], abs=1e-8)
    assert result.p_value == pytest.approx(expected["p_norm"], abs=1e-6)


def test_global_g_expectation_is_the_share_of_linked_pairs(reference):
    # E[G] = W / (n (n - 1)), with W the number of (ordered) neighbour links.
    points = esda_points(reference)
    weights = distance_band_weights(points["x"], points["y"], 15)
    links = sum(len(v) for v in weights.neighbors.values())

    assert global_g(points["value"], weights).expected == pytest.approx(links / (6 * 5))


@pytest.mark.parametrize("row", range(7))
def test_gi_and_gi_star_on_the_getis_ord_1996_grid_match_spdep(reference, row):
    grid = getis_ord_grid(reference)
    case = pd.read_csv(reference / "spdep_getisord1996" / "localG_expected.csv").iloc[row]
    weights = distance_band_weights(grid["x"], grid["y"], case["neighbour_distance_d"])

    result = gi_star(grid["val"], weights, star=bool(case["self_included"]))
    z = result["z"].iloc[int(case["python_index_0based"])]

    if case["statistic"].startswith("Gi* rescaled"):
        # Getis and Ord's printed value uses the sample (n - 1) variance: rescale ours to it.
        values = grid["val"].to_numpy()
        z *= np.sqrt(values.var(ddof=0) / values.var(ddof=1))
    assert z == pytest.approx(case["expected_z"], abs=1e-6)


def test_gi_star_p_values_are_two_sided_normal_and_fdr_adjusted_by_benjamini_hochberg(reference):
    grid = getis_ord_grid(reference)
    weights = distance_band_weights(grid["x"], grid["y"], 30)

    result = gi_star(grid["val"], weights)

    z = result["z"].to_numpy()
    p = result["p_value"].to_numpy()
    np.testing.assert_allclose(p, 2 * stats.norm.sf(np.abs(z)))
    # Benjamini-Hochberg by hand: sorted p times m / rank, made monotone from the top.
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1)
    np.testing.assert_allclose(result["p_adjusted"].to_numpy()[order], adjusted)
    assert (result["p_adjusted"] >= result["p_value"]).all()


def test_hot_and_cold_spots_are_labelled_by_sign_and_corrected_significance():
    values = pd.Series([0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 50, 50, 0, 0, 0], index=[f"a{i}" for i in range(15)])
    weights = distance_band_weights(np.arange(15) * 100.0, np.zeros(15), 100, ids=values.index)

    result = gi_star(values, weights, alpha=0.05)
    uncorrected = gi_star(values, weights, alpha=0.05, fdr=False)

    assert result.loc["a10", "hotspot"] == "hot spot"
    assert result.loc["a0", "hotspot"] == "not significant"
    assert (uncorrected["hotspot"] == "hot spot").sum() >= (result["hotspot"] == "hot spot").sum()
    assert set(result["hotspot"]) <= {"hot spot", "cold spot", "not significant"}
    assert ((result["hotspot"] == "hot spot") == ((result["p_adjusted"] < 0.05) & (result["z"] > 0))).all()


def test_a_series_is_matched_to_the_weights_by_place_not_by_position(reference):
    points = esda_points(reference)
    weights = distance_band_weights(points["x"], points["y"], 15, ids=[f"p{i}" for i in range(6)])
    in_order = pd.Series(points["value"].to_numpy(), index=weights.id_order)

    shuffled = gi_star(in_order.iloc[::-1], weights)

    np.testing.assert_allclose(shuffled["z"], gi_star(in_order, weights)["z"])


def test_a_place_without_a_value_is_refused(reference):
    points = esda_points(reference)
    weights = distance_band_weights(points["x"], points["y"], 15)

    with pytest.raises(ValueError, match="no value for place 5"):
        gi_star(pd.Series(points["value"].to_numpy()[:5]), weights)


def test_gi_star_does_not_change_the_weights_it_is_given(reference):
    points = esda_points(reference)
    weights = distance_band_weights(points["x"], points["y"], 15)
    before = (weights.transform, weights.full()[0].copy())

    gi_star(points["value"], weights, transform="R")

    assert weights.transform == before[0]
    np.testing.assert_array_equal(weights.full()[0], before[1])
    assert all(i not in weights.neighbors[i] for i in weights.id_order)


def test_equal_values_everywhere_give_no_hot_spots_rather_than_an_error():
    weights = distance_band_weights(np.arange(5.0), np.zeros(5), 1)

    result = gi_star(np.full(5, 3.0), weights)

    assert (result["hotspot"] == "not significant").all()


def test_queen_contiguity_links_corners_and_rook_only_edges():
    squares = [box(i, j, i + 1, j + 1) for j in range(3) for i in range(3)]
    ids = list("abcdefghi")  # e is the centre square

    queen = contiguity_weights(squares, ids)
    rook = contiguity_weights(squares, ids, rook=True)

    assert queen.cardinalities["e"] == 8 and queen.cardinalities["a"] == 3
    assert rook.cardinalities["e"] == 4 and rook.cardinalities["a"] == 2


def test_areas_that_miss_each_other_by_rounding_are_still_neighbours():
    # Published boundaries miss their neighbours by about 1e-12: vertex matching would find none.
    squares = [box(0, 0, 1, 1), box(1 + 1e-12, 0, 2, 1), box(1 + 1e-12, 1 + 1e-12, 2, 2), box(5, 5, 6, 6)]

    queen = contiguity_weights(squares, list("abcd"))
    rook = contiguity_weights(squares, list("abcd"), rook=True)

    assert sorted(queen.neighbors["a"]) == ["b", "c"] and queen.neighbors["d"] == []
    assert rook.neighbors["a"] == ["b"]


def test_every_stoke_on_trent_lsoa_touches_another(shared_data):
    collection = json.loads((shared_data / "boundaries" / "lsoa11" / "E06000021.json").read_text())
    codes = [f["properties"]["LSOA11CD"] for f in collection["features"]]
    areas = [shape(f["geometry"]) for f in collection["features"]]

    queen = contiguity_weights(areas, codes)
    rook = contiguity_weights(areas, codes, rook=True)

    assert queen.n == 159 and not queen.islands
    assert all(a in queen.neighbors[b] for a in codes for b in queen.neighbors[a])
    assert 4 < np.mean(list(queen.cardinalities.values())) < 7
    assert all(set(rook.neighbors[c]) <= set(queen.neighbors[c]) for c in codes)


def test_gi_star_on_contiguous_areas_counts_neighbours_without_the_area_itself():
    squares = [box(i, j, i + 1, j + 1) for j in range(3) for i in range(3)]
    weights = contiguity_weights(squares, list("abcdefghi"))

    result = gi_star(pd.Series(range(9), index=list("abcdefghi"), dtype=float), weights)

    assert result.loc["e", "neighbours"] == 8
    assert result.loc["a", "neighbours"] == 3
    # The centre's neighbourhood is the whole map, so its Gi* cannot vary: z is undefined.
    assert np.isnan(result.loc["e", "z"]) and result.loc["e", "hotspot"] == "not significant"
    # The corner with the smallest values (a=0, b=1, d=3, e=4) leans cold.
    assert result.loc["a", "z"] < 0 < result.loc["i", "z"]


def test_grid_counts_put_each_point_in_its_cell_and_keep_empty_cells():
    grid = grid_counts([5, 15, 15, 35], [5, 5, 6, 25], 10)

    assert len(grid) == 4 * 3
    assert grid["count"].sum() == 4
    cell = grid.set_index(["col", "row"])
    assert cell.loc[(1, 0), "count"] == 2
    assert cell.loc[(3, 2), "count"] == 1
    assert cell.loc[(1, 0), "x"] == 15 and cell.loc[(1, 0), "y"] == 5


def test_grid_counts_leave_out_points_outside_a_given_extent():
    grid = grid_counts([5, 15, 500], [5, 5, 5], 10, extent=(0, 0, 20, 20))

    assert len(grid) == 4
    assert grid["count"].sum() == 2


def test_a_tight_cluster_of_crime_is_a_grid_hot_spot_and_open_country_is_not():
    rng = np.random.default_rng(7)
    x = np.r_[rng.uniform(0, 2000, 200), rng.normal(1000, 40, 150)]
    y = np.r_[rng.uniform(0, 2000, 200), rng.normal(1000, 40, 150)]

    result = grid_hotspots(x, y, cell_size=100, distance=200, extent=(0, 0, 2000, 2000), study_area="rectangle")

    centre = result[(result["x"] == 1050) & (result["y"] == 1050)].iloc[0]
    corner = result[(result["x"] == 50) & (result["y"] == 50)].iloc[0]
    assert centre["hotspot"] == "hot spot"
    assert corner["hotspot"] != "hot spot"
    assert result.loc[result["hotspot"] == "hot spot", "x"].between(700, 1300).all()


def test_a_neighbour_distance_below_the_cell_size_is_refused():
    with pytest.raises(ValueError, match="at least the cell size"):
        grid_hotspots([0, 1], [0, 1], cell_size=100, distance=50)


@pytest.mark.parametrize(
    ("periods", "trend"),
    [
        ([False, False, False, False], "none"),
        ([True, True, True, True], "persistent"),
        ([False, False, False, True], "new"),
        ([False, False, True, True], "emerging"),
        ([True, False, False, True], "intermittent"),
        ([True, True, True, False], "diminishing"),
        ([True, False, False, False], "historical"),
        ([True] * 9 + [False] + [True] * 10, "persistent"),
    ],
)
def test_hot_spot_trends_follow_the_documented_rules(periods, trend):
    hot = pd.DataFrame([periods], index=["E01000001"])

    assert classify_hotspot_trends(hot).loc["E01000001"] == trend
    assert trend in TRENDS


def test_hot_spot_trends_need_two_periods():
    with pytest.raises(ValueError, match="two periods"):
        classify_hotspot_trends(pd.DataFrame({"2022": [True]}))


# --- grid cells clipped to the study area, as sfhotspot chooses them -------------------------------
# mpjashby/sfhotspot @ 6b3caf7d27690a15072cf5d77d2fbd6f33185808 (version 1.0.0), R/create_grid.R:
# a grid over the points' convex hull buffered by half a cell (or over the polygons given), keeping
# the cells that intersect it; tests/testthat/test-create_grid.R, "output grid covers input geometry".


def cell_union(grid: pd.DataFrame, cell_size: float):
    half = cell_size / 2
    return shapely.union_all(shapely.box(grid["x"] - half, grid["y"] - half, grid["x"] + half, grid["y"] + half))


def test_hull_grid_covers_the_points_hull_and_keeps_only_cells_touching_it() -> None:
    rng = np.random.default_rng(3)
    angle = rng.uniform(0, 2 * np.pi, 300)
    radius = 900 * np.sqrt(rng.uniform(0, 1, 300))
    x, y = 1000 + radius * np.cos(angle), 1000 + radius * np.sin(angle)  # a disc: its corners are empty
    clipped = grid_hotspots(x, y, cell_size=100, distance=200)
    rectangle = grid_hotspots(x, y, cell_size=100, distance=200, study_area="rectangle")
    hull = shapely.convex_hull(shapely.multipoints(np.column_stack([x, y])))
    assert cell_union(clipped, 100).covers(hull)
    boxes = shapely.box(clipped["x"] - 50, clipped["y"] - 50, clipped["x"] + 50, clipped["y"] + 50)
    assert shapely.intersects(boxes, hull.buffer(50)).all()
    assert len(clipped) < len(rectangle)
    assert clipped["count"].sum() == rectangle["count"].sum() == 300


def test_a_boundary_keeps_its_empty_cells_and_drops_the_cells_beyond_it() -> None:
    area = shapely.Polygon([(0, 0), (1000, 0), (1000, 400), (400, 400), (400, 1000), (0, 1000)])  # an L
    x, y = np.array([50.0, 150, 150, 350]), np.array([50.0, 50, 150, 950])
    grid = grid_hotspots(x, y, cell_size=100, distance=200, study_area=area)
    assert cell_union(grid, 100).covers(area)
    assert len(grid) == 64  # 10 x 4 + 4 x 6 cells of the L; cells beyond it that only meet its edge are out
    assert not ((grid["x"] > 450) & (grid["y"] > 450)).any()
    assert grid["count"].sum() == 4


def test_gi_star_on_the_clipped_grid_is_gi_star_of_the_kept_cells() -> None:
    """The grid is the only difference: on the same cells the z-scores are esda's (checked elsewhere)."""
    area = shapely.Polygon([(0, 0), (1000, 0), (1000, 400), (400, 400), (400, 1000), (0, 1000)])
    rng = np.random.default_rng(5)
    x, y = rng.uniform(0, 1000, 200), rng.uniform(0, 400, 200)
    grid = grid_hotspots(x, y, cell_size=100, distance=200, study_area=area, fdr=False)
    weights = distance_band_weights(grid["x"], grid["y"], 200 * (1 + 1e-9), ids=grid.index)
    direct = gi_star(grid["count"], weights, fdr=False)
    np.testing.assert_allclose(grid["z"], direct["z"], rtol=1e-12)


def test_an_unknown_study_area_is_refused() -> None:
    with pytest.raises(ValueError, match="study_area"):
        grid_hotspots([0, 1], [0, 1], cell_size=100, distance=200, study_area="county")
