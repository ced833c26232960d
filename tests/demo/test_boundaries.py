"""Demo boundaries: the ONS GeoJSON layout, levels that tile and nest, and crimes inside their LSOA."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

from cspkit.demo.partnership import DemoFiles
from cspkit.sources.boundaries import read_boundaries

from .files import read_rows


def features(paths: list[Path]) -> list[dict]:
    return [feature for path in paths for feature in json.loads(path.read_text())["features"]]


def files_of(demo: DemoFiles, folder: str) -> list[Path]:
    return [p for p in demo.files["boundaries"] if p.parent.name == folder or p.stem == folder]


def test_lsoa_files_copy_the_ons_layout_one_file_per_district(demo: DemoFiles, shared_data: Path) -> None:
    real = json.loads(next((shared_data / "boundaries" / "lsoa11").glob("*.json")).read_text())
    for path in files_of(demo, "lsoa11"):
        ours = json.loads(path.read_text())
        assert ours.keys() == real.keys() and ours["crs"] == real["crs"]
        assert {tuple(f["properties"]) for f in ours["features"]} == {tuple(real["features"][0]["properties"])}
    assert len(files_of(demo, "lsoa11")) == 5


def test_every_level_reads_back_with_its_level_and_vintage(demo: DemoFiles) -> None:
    expected = {"lsoa11": ("lsoa", "2011"), "wards21": ("ward", "2021"), "lad21": ("lad", "2021")}
    for path in demo.files["boundaries"]:
        read = read_boundaries(path)
        level = path.stem if path.parent == demo.folder / "boundaries" else path.parent.name
        assert (read.level, read.vintage) == expected[level]
        assert read.warnings == ()


def test_boundaries_cover_exactly_the_lsoas_and_wards_of_the_lookup(demo: DemoFiles) -> None:
    lookup = read_rows(demo.files["lookup"])
    lsoas = {(f["properties"]["LSOA11CD"], f["properties"]["LSOA11NM"]) for f in features(files_of(demo, "lsoa11"))}
    wards = {(f["properties"]["WD21CD"], f["properties"]["WD21NM"]) for f in features(files_of(demo, "wards21"))}
    assert lsoas == {(r["LSOA11CD"], r["LSOA11NM"]) for r in lookup}
    assert wards == {(r["WD21CD"], r["WD21NM"]) for r in lookup}


def test_lsoas_tile_and_each_ward_is_exactly_the_union_of_its_lsoas(demo: DemoFiles) -> None:
    lsoas = {f["properties"]["LSOA11CD"]: shape(f["geometry"]) for f in features(files_of(demo, "lsoa11"))}
    wards = {f["properties"]["WD21CD"]: shape(f["geometry"]) for f in features(files_of(demo, "wards21"))}
    union = shapely.union_all(list(lsoas.values()))
    total = sum(s.area for s in lsoas.values())
    assert abs(total - union.area) < 1e-6 * union.area
    in_ward = defaultdict(list)
    for row in read_rows(demo.files["lookup"]):
        in_ward[row["WD21CD"]].append(lsoas[row["LSOA11CD"]])
    for code, ward in wards.items():
        assert abs(ward.area - sum(s.area for s in in_ward[code])) < 1e-6 * ward.area
        assert ward.symmetric_difference(shapely.union_all(in_ward[code])).area < 1e-6 * ward.area


def test_every_located_crime_lies_inside_its_lsoa_and_outside_crimes_outside_the_force(demo, street) -> None:
    lsoas = {f["properties"]["LSOA11CD"]: shape(f["geometry"]) for f in features(files_of(demo, "lsoa11"))}
    force = shapely.union_all(list(lsoas.values()))
    by_lsoa = defaultdict(list)
    for row in street:
        if row["LSOA code"]:
            by_lsoa[row["LSOA code"]].append((float(row["Longitude"]), float(row["Latitude"])))
    outside = 0
    for code, points in by_lsoa.items():
        xy = np.array(points)
        if code in lsoas:
            assert shapely.contains_xy(lsoas[code], xy[:, 0], xy[:, 1]).all(), code
        else:
            outside += len(xy)
            assert not shapely.contains_xy(force, xy[:, 0], xy[:, 1]).any(), code
    assert outside > 0
