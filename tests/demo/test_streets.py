"""Map points: inside their LSOA, clear of its edge, more in towns."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import box

from cspkit.demo.streets import map_points, points_inside


def test_points_fall_inside_the_shape_and_clear_of_its_edge() -> None:
    square = box(0, 0, 1_000, 1_000)
    points = points_inside(np.random.default_rng(0), square, 500)
    assert len(points) == 500
    assert shapely.contains_xy(square.buffer(-25), points[:, 0], points[:, 1]).all()


def test_every_lsoa_has_its_own_points_and_town_centres_have_shops(geography) -> None:
    points = map_points(geography, 3)
    per_lsoa = np.diff(points.first)
    assert per_lsoa.min() >= 10 and len(points.label) == points.first[-1]
    assert np.array_equal(points.lsoa, np.repeat(np.arange(geography.lsoa_count), per_lsoa))
    town = geography.lsoa_urban > 0.85
    centre_labels = {points.label[i] for i in np.flatnonzero(town[points.lsoa])}
    assert "On or near Shopping Area" in centre_labels
    assert per_lsoa[town].mean() > per_lsoa[~town].mean()
