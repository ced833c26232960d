"""Repeat locations are counted as defined; the Knox test finds near repeats we planted and none in chance."""

from __future__ import annotations

import numpy as np
import pytest

from cspkit.stats.repeats import knox_test, near_repeat_table, repeat_locations


def test_repeat_locations_count_crimes_per_place_and_the_share_at_repeat_places():
    places = ["On or near High Street", "On or near Park Road", "On or near High Street",
              (53.01, -2.18), (53.01, -2.18), "On or near Mill Lane", "On or near High Street"]

    result = repeat_locations(places)

    assert result.crimes == 7 and result.locations == 4
    assert result.repeat_locations == 2
    assert result.crimes_at_repeat_locations == 5
    assert result.share_at_repeat_locations == pytest.approx(5 / 7)
    assert result.table.iloc[0].tolist() == ["On or near High Street", 3]


def test_a_higher_repeat_threshold_counts_fewer_repeat_places():
    result = repeat_locations(["a", "a", "a", "b", "b", "c"], at_least=3)

    assert result.repeat_locations == 1 and result.crimes_at_repeat_locations == 3


def test_crimes_without_a_location_are_refused_not_lumped_together():
    with pytest.raises(ValueError, match="1 crime"):
        repeat_locations(["a", None, "a"])


def test_the_knox_count_is_the_number_of_pairs_close_in_both_space_and_time():
    # Pairs: (0,1) 50 m, 3 days -> close; (0,2) 50 m, 40 days -> near only;
    # (1,2) 100 m (edge: counts), 37 days -> near only; (3, any) > 1 km -> far.
    x, y = [0.0, 50.0, -50.0, 5000.0], [0.0, 0.0, 0.0, 0.0]
    t = [0.0, 3.0, 40.0, 1.0]

    table = near_repeat_table(x, y, t, distance_bands=[0, 100], time_bands=[0, 7, 60], permutations=9)

    assert table["observed"].tolist() == [1, 2]
    assert table[["distance_from", "distance_to", "time_from", "time_to"]].iloc[1].tolist() == [0, 100, 7, 60]


def test_a_zero_width_first_band_holds_only_crimes_at_the_same_point():
    x, y, t = [0.0, 0.0, 30.0], [0.0, 0.0, 0.0], [0.0, 1.0, 2.0]

    table = near_repeat_table(x, y, t, distance_bands=[0, 0, 100], time_bands=[0, 10], permutations=9)

    assert table["observed"].tolist() == [1, 2]


def planted_near_repeats(seed: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """200 burglaries at random over 5 km x 5 km and a year, each followed by one within ~50 m and a week."""
    rng = np.random.default_rng(seed)
    x, y, t = rng.uniform(0, 5000, 200), rng.uniform(0, 5000, 200), rng.uniform(0, 365, 200)
    return (np.r_[x, x + rng.normal(0, 30, 200)], np.r_[y, y + rng.normal(0, 30, 200)],
            np.r_[t, t + rng.uniform(0, 7, 200)])


def test_planted_near_repeats_are_detected():
    x, y, t = planted_near_repeats()

    result = knox_test(x, y, t, distance=200, time=14, permutations=199, seed=1)

    assert result.p_value == pytest.approx(1 / 200)
    assert result.ratio > 3
    assert result.observed >= 200


def test_crimes_at_random_places_and_times_show_no_near_repeat_pattern():
    rng = np.random.default_rng(8)
    x, y, t = rng.uniform(0, 5000, 400), rng.uniform(0, 5000, 400), rng.uniform(0, 365, 400)

    result = knox_test(x, y, t, distance=200, time=14, permutations=199, seed=1)

    assert result.p_value > 0.05
    assert 0.5 < result.ratio < 1.5


def test_the_same_seed_gives_the_same_answer():
    x, y, t = planted_near_repeats()

    first = knox_test(x, y, t, distance=300, time=30, permutations=49, seed=42)
    again = knox_test(x, y, t, distance=300, time=30, permutations=49, seed=42)

    assert first == again


def test_dates_are_turned_into_days():
    x, y = [0.0, 10.0, 20.0], [0.0, 0.0, 0.0]
    dates = np.array(["2022-01-01", "2022-01-05", "2022-03-01"], dtype="datetime64[D]")

    table = near_repeat_table(x, y, dates, distance_bands=[0, 50], time_bands=[0, 7], permutations=9)

    assert table["observed"].tolist() == [1]


def test_bands_that_decrease_are_refused():
    with pytest.raises(ValueError, match="never decreasing"):
        near_repeat_table([0.0], [0.0], [0.0], distance_bands=[0, 200, 100], time_bands=[0, 7])
