"""Repeat locations are counted as defined; the Knox test finds near repeats we planted and none in chance."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cspkit.stats.repeats import knox_test, near_repeat_table, nrc_bands, repeat_locations


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


# --- the Near Repeat Calculator's own output -------------------------------------------------------
# wsteenbeek/NearRepeat @ f48d2131980bc70baaa9f90b41caca0b9cb0eb34 (version 0.1.1):
# inst/extdata/chicago_arson.csv (522 arsons, Chicago 2016: x, y in metres, date) and the Near Repeat
# Calculator 1.3's verbose output for it, inst/extdata/chicago_arson_NRverbose_2019-09-23_145637.csv
# (first 35 lines kept here): spatial bandwidth 200 m x 3 bands, temporal bandwidth 1 day x 3 bands,
# Manhattan distance. The observed pair counts are deterministic and must match exactly; the
# expected counts and p-values come from the Calculator's unseeded simulation and are not compared.
# The counts match exactly when the coordinates are first held as 32-bit floats (one pair then sits
# at exactly 400 m rather than 399.96 m): the Calculator evidently reads them in single precision.
NEAR_REPEAT = Path(__file__).parent / "reference" / "NearRepeat"
NRC_OBSERVED = [  # rows: same location, "1 to 200", "201 to 400", "401 to 600", "More than 600"
    [0, 2, 0, 8],  # columns: "0 to 1", "2 to 2", "3 to 3", "More than 3" days
    [9, 1, 1, 45],
    [4, 0, 0, 140],
    [6, 0, 0, 234],
    [393, 710, 770, 133658],
]


def test_near_repeat_table_reproduces_the_near_repeat_calculator_counts() -> None:
    arson = pd.read_csv(NEAR_REPEAT / "chicago_arson.csv", header=None, names=["x", "y", "date"],
                        parse_dates=["date"])
    table = near_repeat_table(
        arson["x"].astype("float32"), arson["y"].astype("float32"), arson["date"].to_numpy(),
        distance_bands=nrc_bands(200, 3, same_location=True), time_bands=nrc_bands(1, 3),
        closed="left", permutations=9,
    )
    observed = table["observed"].to_numpy().reshape(5, 4)
    assert observed.tolist() == NRC_OBSERVED
    assert observed.sum() == 522 * 521 // 2


def test_near_repeat_calculator_edges_count_a_three_day_pair_from_3_days() -> None:
    """NearRepeat vignette 'NRC', pathological example: one pair 100 m and 3 days apart, bandwidths
    200 m and 3 days x 2 bands: the Calculator counts it in its second time band ('4 to 6' days,
    really [3, 6)) and in '1 to 200' metres."""
    table = near_repeat_table([0, 0], [0, 100], np.array(["2019-01-01", "2019-01-04"], dtype="datetime64[D]"),
                              distance_bands=nrc_bands(200, 2, same_location=True), time_bands=nrc_bands(3, 2),
                              closed="left", permutations=1)
    hit = table[table["observed"] == 1].iloc[0]
    assert (hit["distance_from"], hit["distance_to"], hit["time_from"], hit["time_to"]) == (1e-6, 200, 3, 6)


def test_manhattan_is_the_default_and_euclidean_an_option() -> None:
    x, y, t = [0, 3], [0, 4], [0, 0]  # 7 m apart along the grid, 5 m as the crow flies
    manhattan = near_repeat_table(x, y, t, distance_bands=[0, 6], time_bands=[0, 1], permutations=1)
    euclidean = near_repeat_table(x, y, t, distance_bands=[0, 6], time_bands=[0, 1], permutations=1,
                                  metric="euclidean")
    assert manhattan["observed"].tolist() == [0]
    assert euclidean["observed"].tolist() == [1]
    with pytest.raises(ValueError, match="metric"):
        near_repeat_table(x, y, t, distance_bands=[0, 6], time_bands=[0, 1], metric="chebyshev")
