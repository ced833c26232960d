"""The crime-type mix, seasons and trends the generators share."""

from __future__ import annotations

import csv
from importlib.resources import files

import numpy as np
import pytest

from cspkit.demo.crime_types import ASB_INDEX, CRIME_TYPES, NAMES, SHARES, monthly_factors


def test_the_types_are_exactly_the_police_uk_types_cspkit_ships() -> None:
    with (files("cspkit.store") / "reference" / "police_uk_crime_types.csv").open(encoding="utf-8") as handle:
        shipped = {row["crime_type"] for row in csv.DictReader(handle)}
    assert set(NAMES) == shipped and NAMES[ASB_INDEX] == "Anti-social behaviour"


def test_shares_add_up_to_one_with_violence_largest_and_asb_next() -> None:
    assert SHARES.sum() == pytest.approx(1.0)
    order = np.argsort(SHARES)[::-1]
    assert [NAMES[i] for i in order[:2]] == ["Violence and sexual offences", "Anti-social behaviour"]


def test_seasonal_factors_average_one_over_a_year_so_only_the_trend_moves_the_total() -> None:
    year = np.array([monthly_factors(month, 0.0) for month in range(1, 13)])
    assert year.mean(axis=0) == pytest.approx(np.ones(len(CRIME_TYPES)))


def test_each_type_peaks_in_its_month_and_grows_by_its_trend() -> None:
    for i, crime_type in enumerate(CRIME_TYPES):
        year = [monthly_factors(month, 0.0)[i] for month in range(1, 13)]
        assert int(np.argmax(year)) + 1 == crime_type.peak_month
        ratio = monthly_factors(5, 1.0)[i] / monthly_factors(5, 0.0)[i]
        assert ratio == pytest.approx(1 + crime_type.yearly_trend)
