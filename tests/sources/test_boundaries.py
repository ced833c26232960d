"""Boundaries from GeoJSON, GeoPackage and shapefile: level and vintage from property names,
geometry stored in WGS84 whatever the file's coordinate system, bad features named."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
import shapely.ops

from cspkit.errors import InputError
from cspkit.sources.boundaries import read_boundaries


@pytest.fixture(scope="module")
def stoke(shared_data):
    return gpd.read_file(shared_data / "boundaries" / "lsoa11" / "E06000021.json")


def geometries(boundaries) -> dict[str, shapely.Geometry]:
    return dict(zip(boundaries.table["code"].to_pylist(), shapely.from_wkb(boundaries.table["geometry"]), strict=True))


def test_lsoa_geojson_is_read_as_2011_lsoas_with_names(shared_data, stoke):
    boundaries = read_boundaries(shared_data / "boundaries" / "lsoa11" / "E06000021.json")
    assert (boundaries.level, boundaries.vintage) == ("lsoa", "2011")
    assert boundaries.table.num_rows == len(stoke) == 159
    assert "Stoke-on-Trent 012A" in boundaries.table["name"].to_pylist()
    stored = geometries(boundaries)
    assert all(
        stored[code].equals_exact(geom, 1e-12) for code, geom in zip(stoke["LSOA11CD"], stoke.geometry, strict=True)
    )


def test_ward_geojson_is_read_as_2013_wards(shared_data):
    boundaries = read_boundaries(shared_data / "boundaries" / "wards13" / "E06000021.json")
    assert (boundaries.level, boundaries.vintage, boundaries.table.num_rows) == ("ward", "2013", 37)


def test_a_geopackage_in_british_national_grid_is_stored_in_wgs84(tmp_path, stoke):
    path = tmp_path / "stoke_lsoa.gpkg"
    stoke.to_crs(27700).to_file(path, driver="GPKG")
    stored = geometries(read_boundaries(path))
    for code, original in zip(stoke["LSOA11CD"], stoke.geometry, strict=True):
        assert shapely.hausdorff_distance(stored[code], original) < 1e-6  # about 10 cm


def test_geojson_with_latitude_first_is_refused_not_stored_in_the_sea(tmp_path, stoke):
    """The campaign's finding: [lat, lon] pairs with no crs were read as British National Grid metres,
    and every LSOA became a speck off the Scilly Isles, replacing the good boundaries held."""
    swapped = stoke.assign(geometry=stoke.geometry.map(lambda g: shapely.ops.transform(lambda x, y: (y, x), g)))
    path = tmp_path / "E06000021.json"
    path.write_text(swapped.to_json(drop_id=True), encoding="utf-8")  # no crs member, as some tools write it
    with pytest.raises(InputError, match="latitude first, then longitude"):
        read_boundaries(path)


def test_a_shapefile_is_read_with_its_level_from_the_field_names(tmp_path, stoke):
    path = tmp_path / "stoke_lsoa.shp"
    stoke.to_file(path)
    boundaries = read_boundaries(path)
    assert (boundaries.level, boundaries.vintage) == ("lsoa", "2011")
    stored = geometries(boundaries)
    assert all(stored[c].equals_exact(g, 1e-9) for c, g in zip(stoke["LSOA11CD"], stoke.geometry, strict=True))


def test_plain_code_fields_need_level_and_vintage(tmp_path, stoke):
    path = tmp_path / "areas.geojson"
    stoke.rename(columns={"LSOA11CD": "code", "LSOA11NM": "name"}).to_file(path)
    with pytest.raises(InputError, match="no area code field recognised"):
        read_boundaries(path)
    with pytest.raises(InputError, match="does not say which year's areas these are; give --vintage"):
        read_boundaries(path, level="lsoa")
    boundaries = read_boundaries(path, level="lsoa", vintage="2011")
    assert (boundaries.level, boundaries.vintage, boundaries.table.num_rows) == ("lsoa", "2011", 159)


def test_a_vintage_that_contradicts_the_field_names_is_refused(shared_data):
    with pytest.raises(InputError, match="--vintage 2021 was given but field 'LSOA11CD' says the codes are of 2011"):
        read_boundaries(shared_data / "boundaries" / "lsoa11" / "E06000021.json", vintage="2021")


def test_a_repeated_area_names_both_features(tmp_path, stoke):
    path = tmp_path / "twice.geojson"
    gpd.GeoDataFrame(gpd.pd.concat([stoke.head(3), stoke.head(1)]), crs=stoke.crs).to_file(path)
    with pytest.raises(InputError, match=r"feature 4: LSOA E01014210 appears twice \(first as feature 1\)"):
        read_boundaries(path)


def test_a_malformed_code_is_named_with_its_feature(tmp_path, stoke):
    path = tmp_path / "bad.geojson"
    bad = stoke.head(2).copy()
    bad.loc[1, "LSOA11CD"] = "E0101"
    bad.to_file(path)
    with pytest.raises(InputError, match="feature 2: 'E0101' in column 'LSOA11CD' is not a well-formed LSOA code"):
        read_boundaries(path)


def test_points_are_not_areas(tmp_path, stoke):
    path = tmp_path / "points.geojson"
    stoke.head(2).set_geometry(stoke.head(2).representative_point()).to_file(path)
    with pytest.raises(InputError, match=r"feature 1 \(E01014210\) is a Point, not an area"):
        read_boundaries(path)


def test_a_projected_shapefile_without_its_prj_file_is_refused(tmp_path, stoke):
    path = tmp_path / "noprj.shp"
    stoke.to_crs(27700).to_file(path)
    path.with_suffix(".prj").unlink()
    with pytest.raises(InputError, match="no coordinate system given"):
        read_boundaries(path)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("notes.json", b"this is not GeoJSON", r"not GeoJSON: it begins with 'this is not GeoJSON'\. Download"),
        ("E07000192.json", b"", r"the file is empty: download or export the boundaries again"),
        ("E07000192.json", b"  \n", r"the file is empty"),
        ("areas.gpkg", b"<!DOCTYPE html><html>", r"not a GeoPackage: it begins with '<!DOCTYPE.*a web page"),
        ("areas.geojson", b"PK\x03\x04\x00\x00\xff\xfe", r"not GeoJSON: it is not text"),
    ],
)
def test_a_file_that_is_not_a_boundary_file_says_what_it_is_instead(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=problem) as error:
        read_boundaries(path)
    assert "DRIVER" not in str(error.value)
