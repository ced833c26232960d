"""The assessment's grid hot spots use only cells touching the area: its boundary when loaded, else the crimes' hull."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from cspkit.assess.places import area_boundary, grid_hotspot_table


def crimes(n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    return pd.DataFrame({"crime_type": "Burglary", "longitude": -2.0 + rng.uniform(0, 0.01, n),
                         "latitude": 52.7 + rng.uniform(0, 0.01, n)})


def test_the_area_boundary_is_the_union_of_its_lsoas_and_needs_all_of_them() -> None:
    west, east = shapely.box(-2.02, 52.69, -2.0, 52.72), shapely.box(-2.0, 52.69, -1.98, 52.72)
    geometries = {"E01000001": shapely.to_wkb(west), "E01000002": shapely.to_wkb(east)}
    outline = area_boundary(["E01000001", "E01000002"], geometries)
    assert outline.covers(west) and outline.covers(east)
    assert np.isclose(outline.area, west.area + east.area)
    assert area_boundary(["E01000001", "E01000003"], geometries) is None


def test_grid_hot_spots_follow_the_boundary_when_loaded_and_the_hull_otherwise() -> None:
    points = crimes()
    boundary = shapely.box(-2.03, 52.68, -1.97, 52.73)  # far larger than the crimes' hull
    with_boundary = grid_hotspot_table(points, ["Burglary"], boundary)
    with_hull = grid_hotspot_table(points, ["Burglary"])
    assert set(with_boundary["study_area"]) == {"boundary"}
    assert set(with_hull["study_area"]) == {"hull"}
    assert with_boundary["count"].sum() == with_hull["count"].sum() == len(points)
    # The many empty cells inside the boundary change every cell's Gi*: the grid is the difference.
    same = with_boundary.merge(with_hull, on=["x", "y"], suffixes=("_boundary", "_hull"))
    assert len(same) == len(with_hull)
    assert not np.allclose(same["z_boundary"], same["z_hull"])
