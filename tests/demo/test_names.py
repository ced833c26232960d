"""Fictional names: police.uk-style slugs, distinct place names, plausible locations."""

from __future__ import annotations

import numpy as np
import pytest

from cspkit.demo.names import FORCE_AREAS, force_display_name, force_slug, location_labels, place_names


def test_slugs_are_lower_case_and_hyphenated_like_police_uk_file_names() -> None:
    assert force_slug("Calder Vale") == "calder-vale"
    assert len({force_slug(name) for name in FORCE_AREAS}) == len(FORCE_AREAS) == 43


def test_forces_are_called_police_or_constabulary() -> None:
    assert {force_display_name("Ashdown", i).split()[-1] for i in range(3)} == {"Police", "Constabulary"}


def test_place_names_are_distinct_and_refused_beyond_what_can_be_made() -> None:
    names = place_names(np.random.default_rng(0), 300)
    assert len(set(names)) == 300
    with pytest.raises(ValueError, match="distinct place names"):
        place_names(np.random.default_rng(0), 10_000)


def test_locations_read_like_police_uk_locations_without_commas() -> None:
    labels = location_labels(np.random.default_rng(0), 500)
    assert all(label.startswith("On or near ") and "," not in label for label in labels)
