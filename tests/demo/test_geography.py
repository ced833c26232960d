"""The demo force's areas: codes that cannot collide with real ones, LSOAs that tile, wards that nest."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import shapely

from cspkit.demo.geography import LOOKUP_COLUMNS, Geography, build_geography
from cspkit.demo.partnership import DemoFiles
from cspkit.sources.geography import read_lookup

from .files import read_rows


def test_the_force_has_several_districts_and_a_few_hundred_lsoas_in_wards_of_about_five(geography: Geography) -> None:
    assert 4 <= len(geography.districts) <= 6
    assert 200 <= geography.lsoa_count <= 1000
    per_ward = np.bincount(geography.lsoa_ward)
    assert per_ward.min() >= 1 and 3.5 < per_ward.mean() < 7


def test_lsoas_tile_the_force_area_without_gaps_or_overlaps(geography: Geography) -> None:
    shapes = np.array(geography.lsoa_shapes, dtype=object)
    union = shapely.union_all(shapes)
    assert abs(union.area - geography.outline.area) < 1e-6 * geography.outline.area
    assert abs(shapely.area(shapes).sum() - geography.outline.area) < 1e-6 * geography.outline.area


def test_town_lsoas_are_small_and_country_lsoas_large(geography: Geography) -> None:
    areas = shapely.area(np.array(geography.lsoa_shapes, dtype=object))
    urban = geography.lsoa_urban
    most_rural, most_urban = urban < np.quantile(urban, 0.25), urban > np.quantile(urban, 0.75)
    assert np.median(areas[most_rural]) > 5 * np.median(areas[most_urban])


def test_every_ward_lies_in_one_district(geography: Geography) -> None:
    for ward, district in enumerate(geography.ward_district):
        assert set(geography.lsoa_district[geography.lsoa_ward == ward]) == {district}


def test_codes_use_ons_prefixes_with_numbers_no_real_area_has(geography: Geography, shared_data: Path) -> None:
    assert all(re.fullmatch(r"E019\d{5}", code) for code in geography.lsoa_codes)
    assert all(re.fullmatch(r"E059\d{5}", code) for code in geography.ward_codes)
    real = {row["lsoa11_code"] for row in read_rows([shared_data / "geography" / "lookup_lsoa11_ltla21.csv"])}
    assert not real & set(geography.lsoa_codes)


def test_lsoa_names_follow_the_ons_pattern_and_are_unique(geography: Geography) -> None:
    districts = {d.name for d in geography.districts}
    for name in geography.lsoa_names:
        district, number = name.rsplit(" ", 1)
        assert district in districts and re.fullmatch(r"\d{3}[A-Z]", number)
    assert len(set(geography.lsoa_names)) == geography.lsoa_count


def test_the_lookup_links_every_lsoa_once_and_reads_cleanly(demo: DemoFiles) -> None:
    (path,) = demo.files["lookup"]
    rows = read_rows([path])
    assert tuple(rows[0]) == LOOKUP_COLUMNS
    assert max(Counter(r["LSOA11CD"] for r in rows).values()) == 1
    lookup = read_lookup(path)
    assert lookup.warnings == ()
    assert {("lsoa", "ward"), ("ward", "lad"), ("lad", "csp"), ("csp", "pfa"), ("pfa", "region")} == {
        (child, parent) for child, _, parent, _ in lookup.link_pairs
    }


def test_the_same_seed_builds_the_same_areas_and_another_seed_different_ones(geography: Geography) -> None:
    again, other = build_geography(3), build_geography(4)
    assert again.lsoa_names == geography.lsoa_names
    assert all(a.equals_exact(b, 0) for a, b in zip(again.lsoa_shapes, geography.lsoa_shapes, strict=True))
    assert not other.lsoa_shapes[0].equals(geography.lsoa_shapes[0])
