"""Gi* for many districts at once gives, district by district, the numbers of esda through gi_star."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from cspkit.stats.gi_blocks import gi_star_blocks, queen_pairs
from cspkit.stats.hotspots import contiguity_weights, gi_star


def district(offset: float, side: int, gap: float = 0.0) -> list:
    """A side x side block of square LSOAs; ``gap`` leaves them a hair apart, as published boundaries are."""
    return [shapely.box(offset + c, r, offset + c + 1 - gap, r + 1 - gap) for r in range(side) for c in range(side)]


@pytest.fixture
def three_districts():
    rng = np.random.default_rng(5)
    shapes = district(0, 5) + district(10, 4, gap=1e-12) + district(20, 3)
    blocks = np.array(["A"] * 25 + ["B"] * 16 + ["C"] * 9)
    values = np.column_stack([rng.poisson(20, 50) * rng.integers(1, 4, 50), rng.poisson(3, 50)]).astype(float)
    values[41:, 1] = 4.0  # every LSOA of C alike in the second column: z undefined, as esda gives
    return shapes, blocks, values


def test_every_district_matches_gi_star_on_its_own(three_districts):
    shapes, blocks, values = three_districts

    found = gi_star_blocks(values, queen_pairs(shapes, blocks), blocks)

    for code in ("A", "B", "C"):
        at = np.flatnonzero(blocks == code)
        ids = [f"{code}{i}" for i in range(len(at))]
        weights = contiguity_weights([shapes[i] for i in at], ids=ids)
        for k in range(values.shape[1]):
            expected = gi_star(pd.Series(values[at, k], index=ids), weights)
            np.testing.assert_allclose(found["z"][at, k], expected["z"], rtol=1e-12, equal_nan=True)
            np.testing.assert_allclose(found["p_adjusted"][at, k], expected["p_adjusted"], rtol=1e-12,
                                       equal_nan=True)
            assert found["hotspot"][at, k].tolist() == expected["hotspot"].tolist()
            assert found["neighbours"][at].tolist() == expected["neighbours"].tolist()
    assert np.isnan(found["z"][41:, 1]).all()


def test_neighbours_never_cross_from_one_district_to_the_next():
    shapes = district(0, 2) + district(2, 2)  # the two blocks share an edge
    blocks = np.array(["A"] * 4 + ["B"] * 4)

    first, second = queen_pairs(shapes, blocks)

    assert len(first) == 12  # six queen pairs in each 2 x 2 block, none across
    assert (blocks[first] == blocks[second]).all()
