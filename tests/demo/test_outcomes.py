"""Last outcomes: open cases fade with age, settled outcomes depend on the crime, ASB has none."""

from __future__ import annotations

import numpy as np
import pytest

from cspkit.demo.crime_types import ASB_INDEX, NAMES
from cspkit.demo.outcomes import CATEGORIES, SETTLED, last_outcome_categories, share_under_investigation


def test_settled_outcome_probabilities_are_a_distribution_for_every_type() -> None:
    assert SETTLED.sum(axis=1) == pytest.approx(np.ones(len(NAMES)))
    assert SETTLED[:, CATEGORIES.index("Under investigation")].sum() == 0


def test_about_half_of_this_months_crimes_are_open_and_almost_none_a_year_on() -> None:
    assert 0.45 < share_under_investigation(0) < 0.6
    assert share_under_investigation(12) < 0.02
    assert np.all(np.diff(share_under_investigation(np.arange(24))) < 0)


def test_asb_never_has_an_outcome_and_crimes_always_do() -> None:
    types = np.repeat(np.arange(len(NAMES)), 200)
    drawn = last_outcome_categories(np.random.default_rng(0), types, age_months=3)
    assert set(drawn[types == ASB_INDEX]) == {CATEGORIES.index("")}
    assert CATEGORIES.index("") not in set(drawn[types != ASB_INDEX])


def test_thefts_mostly_close_without_a_suspect_and_violence_without_a_prosecution() -> None:
    rng = np.random.default_rng(0)

    def most_common(crime_type: str) -> str:
        drawn = last_outcome_categories(rng, np.full(5_000, NAMES.index(crime_type)), age_months=30)
        return CATEGORIES[np.bincount(drawn).argmax()]

    assert most_common("Burglary") == "Investigation complete; no suspect identified"
    assert most_common("Violence and sexual offences") == "Unable to prosecute suspect"
