"""Quartic kernel density: exact values at known distances, total mass equal to the number of crimes."""

from __future__ import annotations

import numpy as np
import pytest

from cspkit.stats import kde
from cspkit.stats.kde import kernel_density, quartic_kernel


def test_the_quartic_kernel_has_its_textbook_peak_and_is_zero_from_the_bandwidth_on():
    h = 200.0

    assert quartic_kernel(0.0, h) == pytest.approx(3 / (np.pi * h**2))
    assert quartic_kernel(100.0, h) == pytest.approx(3 / (np.pi * h**2) * (1 - 0.25) ** 2)
    assert quartic_kernel(200.0, h) == 0.0
    assert quartic_kernel(250.0, h) == 0.0


def test_one_crime_gives_the_kernel_value_at_each_cell_centre_per_square_kilometre():
    # A crime at (1050, 1050): the centre of the cell (1000-1100, 1000-1100).
    surface = kernel_density([1050.0], [1050.0], bandwidth=250, cell_size=100, extent=(0, 0, 2000, 2000))

    row, col = 10, 10
    assert surface.x[col] == 1050 and surface.y[row] == 1050
    assert surface.density[row, col] == pytest.approx(3 / (np.pi * 250**2) * 1e6)
    # One cell east is 100 m away; one cell north-east is 141.4 m away.
    assert surface.density[row, col + 1] == pytest.approx(3 / (np.pi * 250**2) * (1 - 0.16) ** 2 * 1e6)
    d2 = 2 * 100**2 / 250**2
    assert surface.density[row + 1, col + 1] == pytest.approx(3 / (np.pi * 250**2) * (1 - d2) ** 2 * 1e6)
    assert surface.density[row, col + 3] == 0.0


def test_the_surface_integrates_to_the_number_of_crimes():
    rng = np.random.default_rng(4)
    x, y = rng.uniform(2000, 8000, 500), rng.uniform(2000, 8000, 500)

    surface = kernel_density(x, y, bandwidth=300, cell_size=20)

    total = surface.density.sum() * (20 * 20) / 1e6
    assert total == pytest.approx(500, rel=0.005)


def test_weights_scale_the_density():
    plain = kernel_density([500.0, 700.0], [500.0, 500.0], bandwidth=200, cell_size=50, extent=(0, 0, 1000, 1000))
    weighted = kernel_density(
        [500.0, 700.0], [500.0, 500.0], bandwidth=200, cell_size=50, extent=(0, 0, 1000, 1000), weights=[3.0, 3.0]
    )

    np.testing.assert_allclose(weighted.density, 3 * plain.density)


def test_working_in_chunks_gives_the_same_surface_as_all_at_once(monkeypatch):
    rng = np.random.default_rng(9)
    x, y = rng.uniform(0, 1000, 300), rng.uniform(0, 1000, 300)
    whole = kernel_density(x, y, bandwidth=150, cell_size=25)

    monkeypatch.setattr(kde, "_CHUNK", 500)
    chunked = kernel_density(x, y, bandwidth=150, cell_size=25)

    np.testing.assert_allclose(chunked.density, whole.density)


def test_the_default_extent_leaves_a_bandwidth_around_the_crimes():
    surface = kernel_density([1000.0, 3000.0], [1000.0, 2000.0], bandwidth=400, cell_size=100)

    assert surface.x[0] == pytest.approx(600 + 50)
    assert surface.y[-1] == pytest.approx(2400 - 50)


def test_a_bad_bandwidth_or_mismatched_weights_are_refused():
    with pytest.raises(ValueError, match="positive"):
        kernel_density([0.0], [0.0], bandwidth=0, cell_size=10)
    with pytest.raises(ValueError, match="one value per point"):
        kernel_density([0.0], [0.0], bandwidth=10, cell_size=10, weights=[1.0, 2.0])
