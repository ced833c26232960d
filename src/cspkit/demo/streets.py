"""Map points: the fixed anonymised places police.uk attaches crimes to ("On or near ...").

police.uk moves every crime to the nearest of a fixed set of map points (a street or a place
such as a supermarket), which is why the same locations repeat month after month. Each demo
LSOA gets its own points, inside its boundary; town-centre LSOAs get shops, car parks and
nightclubs, where shoplifting and night-time violence gather.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from cspkit.demo import names
from cspkit.demo.geography import Geography

STREET, RETAIL, NIGHT = 0, 1, 2
_RETAIL_PLACES = ("Supermarket", "Shopping Area", "Parking Area")
_NIGHT_PLACES = ("Nightclub",)
_TOWN_CENTRE_PLACES = ("Shopping Area", "Supermarket", "Parking Area", "Nightclub", "Pedestrian Subway")
_EDGE_MARGIN = 25.0  # metres inside the boundary, so a point stays inside once moved to WGS84


@dataclass(frozen=True)
class MapPoints:
    """Points grouped by LSOA: those of LSOA ``i`` are ``first[i]`` up to ``first[i + 1]``."""

    x: np.ndarray  # British National Grid
    y: np.ndarray
    label: tuple[str, ...]  # 'On or near Rowan Croft'
    kind: np.ndarray  # STREET, RETAIL or NIGHT
    lsoa: np.ndarray
    first: np.ndarray


def points_inside(rng: np.random.Generator, shape, count: int) -> np.ndarray:
    """``count`` uniformly random points inside a polygon, kept clear of its edge."""
    inner = shape.buffer(-_EDGE_MARGIN)
    if inner.is_empty:
        inner = shape
    xmin, ymin, xmax, ymax = inner.bounds
    found = np.empty((0, 2))
    while len(found) < count:
        candidates = np.column_stack([rng.uniform(xmin, xmax, 4 * count), rng.uniform(ymin, ymax, 4 * count)])
        found = np.vstack([found, candidates[shapely.contains_xy(inner, candidates[:, 0], candidates[:, 1])]])
    return found[:count]


def map_points(geography: Geography, seed: int) -> MapPoints:
    """Street and place points for every LSOA; more of them in towns and in large rural LSOAs."""
    rng = np.random.default_rng([seed, 40])
    xs, ys, labels, kinds, lsoas, first = [], [], [], [], [], [0]
    for i, shape in enumerate(geography.lsoa_shapes):
        urban = geography.lsoa_urban[i]
        town_centre = urban > 0.85
        count = int(np.clip(round(12 + 18 * urban + 4 * np.sqrt(shape.area / 1e6) + 30 * town_centre), 10, 80))
        points = points_inside(rng, shape, count)
        places = list(_TOWN_CENTRE_PLACES) if town_centre else []
        streets = [label.removeprefix("On or near ") for label in names.location_labels(rng, count - len(places), 0.1)]
        here = [(places + streets)[j] for j in rng.permutation(count)]
        xs.append(points[:, 0])
        ys.append(points[:, 1])
        labels += [f"On or near {place}" for place in here]
        kinds += [RETAIL if p in _RETAIL_PLACES else NIGHT if p in _NIGHT_PLACES else STREET for p in here]
        lsoas += [i] * count
        first.append(first[-1] + count)
    return MapPoints(
        np.concatenate(xs), np.concatenate(ys), tuple(labels), np.array(kinds), np.array(lsoas), np.array(first)
    )
