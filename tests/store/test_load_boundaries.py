"""Loading boundaries: folders of files, WKB that reads back as the same shapes, reloads that
replace, failed loads that change nothing."""

from __future__ import annotations

import shutil

import geopandas as gpd
import pytest
import shapely

from cspkit.errors import CspkitError, InputError
from cspkit.store.loaders import boundaries


def test_a_folder_of_lsoa_and_ward_files_is_loaded_with_levels_and_vintages(store, shared_data):
    report = boundaries.load(store, [shared_data / "boundaries"])
    assert len(report.files) == 18
    assert store.con.execute(
        "SELECT level, vintage, count(*) FROM boundaries GROUP BY ALL ORDER BY ALL"
    ).fetchall() == [("lsoa", "2011", 687), ("ward", "2013", 211)]


def test_stored_geometry_reads_back_as_the_published_shape(store, shared_data):
    path = shared_data / "boundaries" / "wards13" / "E07000199.json"
    boundaries.load(store, [path])
    published = gpd.read_file(path).set_index("WD13CD").geometry
    stored = dict(store.con.execute("SELECT code, geometry FROM boundaries").fetchall())
    assert set(stored) == set(published.index)
    assert all(shapely.from_wkb(stored[code]).equals_exact(published[code], 1e-12) for code in stored)


def test_loading_the_same_files_twice_counts_them_once(store, shared_data):
    folder = shared_data / "boundaries" / "lsoa11"
    boundaries.load(store, [folder, folder / "E06000021.json"])  # the file named twice is read once
    boundaries.load(store, [folder])
    assert store.con.execute("SELECT count(*) FROM boundaries").fetchone() == (687,)


def test_a_failed_load_changes_nothing(store, shared_data, tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"LSOA11CD": "E01014210"}, "geometry": null}]}',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"bad.geojson: feature 1 \(E01014210\) has no boundary"):
        boundaries.load(store, [shared_data / "boundaries" / "lsoa11", bad])
    assert store.con.execute("SELECT (SELECT count(*) FROM boundaries) + (SELECT count(*) FROM loads)").fetchone() == (
        0,
    )


def test_two_files_with_the_same_area_in_one_load_are_refused(store, shared_data, tmp_path):
    original = shared_data / "boundaries" / "lsoa11" / "E07000199.json"
    shutil.copy(original, tmp_path / "copy.json")
    with pytest.raises(CspkitError, match="both hold the boundary of LSOA"):
        boundaries.load(store, [original, tmp_path / "copy.json"])


def test_a_file_of_another_kind_is_refused(store, tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("code\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"not a boundary file \(expected .geojson, .json, .gpkg, .shp, .zip\)"):
        boundaries.load(store, [path])


def test_the_year_option_is_refused(store, shared_data):
    with pytest.raises(CspkitError, match="--year does not apply to boundary files"):
        boundaries.load(store, [shared_data / "boundaries" / "lsoa11"], year=2011)
