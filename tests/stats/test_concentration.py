"""Concentration measures give the textbook values and reproduce the Stafford priority-ward arithmetic."""

from __future__ import annotations

import numpy as np
import pytest

from cspkit.stats.concentration import (
    gini,
    lorenz_curve,
    places_for_share,
    priority_area_comparison,
    top_share,
)


def test_gini_is_zero_when_crime_is_spread_evenly_and_n_minus_1_over_n_when_in_one_place():
    assert gini([5, 5, 5, 5]) == pytest.approx(0.0)
    assert gini([0, 0, 0, 10]) == pytest.approx(3 / 4)


def test_gini_of_one_to_five_is_the_mean_absolute_difference_over_twice_the_mean():
    # Ordered pairs differ by 40 in all; 40 / (2 x 5^2 x 3) = 4/15.
    assert gini([3, 1, 5, 2, 4]) == pytest.approx(4 / 15)


def test_gini_of_a_large_exponential_sample_is_one_half():
    # The exponential distribution's Gini is exactly 1/2.
    sample = np.random.default_rng(0).exponential(10.0, 200_000)

    assert gini(sample) == pytest.approx(0.5, abs=0.005)


def test_the_lorenz_curve_runs_from_0_0_to_1_1_and_its_area_gives_the_gini():
    counts = [0, 1, 1, 2, 3, 8, 20]

    curve = lorenz_curve(counts)

    assert curve.iloc[0].tolist() == [0.0, 0.0] and curve.iloc[-1].tolist() == [1.0, 1.0]
    assert curve["share_of_crime"].is_monotonic_increasing
    area = np.trapezoid(curve["share_of_crime"], curve["share_of_places"])
    assert 1 - 2 * area == pytest.approx(gini(counts))


def test_top_share_counts_the_busiest_places():
    counts = [50, 30, 10, 5, 5, 0, 0, 0, 0, 0]

    assert top_share(counts, 0.10) == pytest.approx(0.5)
    assert top_share(counts, 0.20) == pytest.approx(0.8)
    assert top_share(counts, 0.15) == pytest.approx(0.8)  # 1.5 places round up to 2
    assert top_share(counts, 1.0) == pytest.approx(1.0)


def test_places_for_share_is_the_fraction_of_places_holding_half_the_crime():
    counts = [50, 30, 10, 5, 5, 0, 0, 0, 0, 0]

    assert places_for_share(counts, 0.5) == pytest.approx(0.1)
    assert places_for_share(counts, 0.51) == pytest.approx(0.2)
    assert places_for_share(counts, 1.0) == pytest.approx(0.5)


def test_no_crime_anywhere_or_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="no crime"):
        gini([0, 0, 0])
    with pytest.raises(ValueError, match="zero or more"):
        top_share([3, -1])


def stafford_wards() -> tuple[list[float], list[float], list[bool]]:
    """Wards built from the Stafford Community Safety and Wellbeing Strategy 2020-24 (2017/18 figures).

    The strategy gives 8,170 crimes, priority wards at 117.5 and the rest at 43.5 crimes per
    1,000 residents, 24% of residents and 45% of crime. Those four rounded figures pin the
    population share to 23.5-23.6%; at 23.55% the total population is 8,170 / 0.060928 = 134,091.
    """
    total = 8170 / (0.2355 * 0.1175 + 0.7645 * 0.0435)
    inside, outside = 0.2355 * total, 0.7645 * total
    population = [inside * 0.5, inside * 0.3, inside * 0.2, outside * 0.4, outside * 0.35, outside * 0.25]
    crimes = [p * 0.1175 for p in population[:3]] + [p * 0.0435 for p in population[3:]]
    return crimes, population, [True, True, True, False, False, False]


def test_the_priority_ward_comparison_reproduces_the_stafford_strategy_figures():
    crimes, population, priority = stafford_wards()

    result = priority_area_comparison(crimes, population, priority)

    assert sum(crimes) == pytest.approx(8170)
    assert round(result.rate_inside, 1) == 117.5
    assert round(result.rate_outside, 1) == 43.5
    assert round(result.rate_ratio, 1) == 2.7  # "2.7 times higher"
    assert round(result.population_share * 100) == 24
    assert round(result.crime_share * 100) == 45
    assert result.per == 1000


def test_the_crime_share_follows_from_the_rates_and_the_population_share():
    # share of crime = r_in p / (r_in p + r_out (1 - p)): with p = 24% exactly it would be 46%,
    # which is why the published 45% implies slightly under 24% of residents.
    result = priority_area_comparison([117.5 * 24, 43.5 * 76], [24_000, 76_000], [True, False])

    assert result.crime_share == pytest.approx(117.5 * 0.24 / (117.5 * 0.24 + 43.5 * 0.76))
    assert round(result.crime_share * 100) == 46


def test_a_comparison_needs_priority_and_other_areas():
    with pytest.raises(ValueError, match="some areas, but not all"):
        priority_area_comparison([1, 2], [100, 100], [True, True])


# --- generalised and unbiased Gini: lorenzgini's documented examples ------------------------------
# wsteenbeek/lorenzgini @ aba5d1b0433948a4d0c748f194acb99e712ee8a9, R/gini.R roxygen @examples, and the
# same examples' printed R output in the rendered vignette doc/lorenzgini.html ("[1] 0.78", "[1] 0.75",
# ...; R prints up to 7 significant digits, so these are the values in full). The standard Gini is
# DescTools::Gini.


@pytest.mark.parametrize(
    ("crimes", "generalized", "unbiased", "expected"),
    [
        ([10, 8, 2] + [0] * 7, False, False, 0.78),  # standard Gini
        ([10, 8, 2] + [0] * 7, True, False, 0.78),  # the same: crimes >= places
        ([5, 2, 1] + [0] * 7, False, False, 0.8),  # standard Gini
        ([5, 2, 1] + [0] * 7, True, False, 0.75),  # generalised: crimes < places
        ([10] + [0] * 9, False, False, 0.9),  # all in one place, yet not 1
        ([10] + [0] * 99, False, False, 0.99),
        ([10] + [0] * 9, False, True, 1.0),  # unbiased: all in one place is 1
        ([10] + [0] * 99, False, True, 1.0),
    ],
)
def test_gini_variants_reproduce_lorenzgini_examples(
    crimes: list[int], generalized: bool, unbiased: bool, expected: float
) -> None:
    assert gini(crimes, generalized=generalized, unbiased=unbiased) == pytest.approx(expected, abs=1e-12)


def test_generalised_unbiased_gini_is_one_when_all_crime_is_in_one_place() -> None:
    assert gini([3] + [0] * 20, generalized=True, unbiased=True) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="at least two"):
        gini([1, 0, 0], generalized=True, unbiased=True)


# --- weighted Lorenz curve and top share: safer-streets-core's tests --------------------------------
# safer-streets/safer-streets-core @ 0b7421e4a1cc124ef80788c5541fadc38dc8d3fd,
# src/test/test_measures.py (test_lorenz_curve_with_weights, test_lorenz_curve_degenerate_weights,
# test_lorenz_curve_no_weights); their curve runs densest place first; np.isclose tolerance.


@pytest.mark.parametrize(
    ("weights", "points"),
    [
        (None, {0.0: 0.0, 0.25: 0.4, 0.5: 0.7, 0.75: 0.9, 1.0: 1.0}),
        ([1, 4, 3, 2], {0.0: 0.0, 0.2: 0.4, 0.5: 0.7, 0.6: 0.8, 1.0: 1.0}),
        ([1, 2, 3, 4], {0.0: 0.0, 0.4: 0.4, 0.7: 0.7, 0.9: 0.9, 1.0: 1.0}),
    ],
)
def test_weighted_lorenz_curve_reproduces_safer_streets(weights: list[float] | None, points: dict) -> None:
    curve = lorenz_curve([10, 20, 30, 40], weights, busiest_first=True)
    assert np.allclose(curve["share_of_places"], list(points))
    assert np.allclose(curve["share_of_crime"], list(points.values()))


def test_weighted_top_share_reads_the_weighted_curve() -> None:
    counts, weights = [10, 20, 30, 40], [1, 4, 3, 2]
    assert top_share(counts, 0.2, weights) == pytest.approx(0.4)  # safer-streets point (0.2, 0.4)
    assert top_share(counts, 0.6, weights) == pytest.approx(0.8)  # safer-streets point (0.6, 0.8)
    assert top_share(counts, 0.1, weights) == pytest.approx(0.2)  # half of the densest cell
    with pytest.raises(ValueError, match="greater than zero"):
        top_share(counts, 0.2, [1, 0, 3, 2])


def test_ascending_weighted_curve_mirrors_the_busiest_first_one() -> None:
    rising = lorenz_curve([10, 20, 30, 40], [1, 4, 3, 2])
    assert np.allclose(rising["share_of_places"], [0.0, 0.4, 0.5, 0.8, 1.0])
    assert np.allclose(rising["share_of_crime"], [0.0, 0.2, 0.3, 0.6, 1.0])
