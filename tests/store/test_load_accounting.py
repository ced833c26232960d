"""Counts users can check, replacements that are said, duplicates that status shows, and damaged
CSVs and boundaries named (issue 9): each test fails on the code before the issue."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from cspkit.errors import InputError
from cspkit.sources.boundaries import read_boundaries
from cspkit.store.loaders import deprivation, lookup, police_uk, population
from cspkit.store.quality import assess_quality


def head(source: Path, target: Path, rows: int, skip: int = 0) -> Path:
    lines = source.read_bytes().splitlines(keepends=True)
    target.write_bytes(b"".join([lines[0], *lines[1 + skip : 1 + skip + rows]]))
    return target


# --- Summaries count the file's own rows ------------------------------------------------------


def test_a_population_load_counts_the_files_rows_and_reports_the_values_stored(store, shared_data, tmp_path):
    path = head(shared_data / "population" / "population20_lsoa11.csv", tmp_path / "population20_lsoa11.csv", 120)
    report = population.load(store, [path])
    ages = store.con.execute("SELECT count(DISTINCT age) FROM population").fetchone()[0]
    assert report.rows == 120
    assert report.stored == 120 * ages == store.con.execute("SELECT count(*) FROM population").fetchone()[0]
    assert store.con.execute("SELECT rows FROM loads").fetchone()[0] == 120


def test_a_deprivation_load_counts_the_files_rows(store, shared_data, tmp_path):
    path = head(shared_data / "deprivation" / "imd2019_england_lsoa11.csv", tmp_path / "imd2019_lsoa11.csv", 80)
    report = deprivation.load(store, [path])
    assert report.rows == 80
    assert report.stored == store.con.execute("SELECT count(*) FROM deprivation").fetchone()[0] > 80


def test_a_lookup_load_counts_the_files_rows(store, shared_data, tmp_path):
    path = head(shared_data / "geography" / "lookup_lsoa11_ltla21.csv", tmp_path / "lookup_lsoa11_ltla21.csv", 300)
    report = lookup.load(store, [path])
    assert report.rows == 300
    assert report.stored > 300


# --- Replacements that remove what they do not replace are said --------------------------------


def test_a_small_lookup_keeps_the_links_of_areas_it_does_not_hold(store, shared_data, tmp_path):
    # A lookup replaces the links of the areas it holds, never those of others (a 300-row lookup once
    # silently removed 34,453 links).
    source = shared_data / "geography" / "lookup_lsoa11_ltla21.csv"
    lookup.load(store, [head(source, tmp_path / "lookup_lsoa11_ltla21.csv", 1000)])
    links = "SELECT count(*) FROM area_links WHERE child_level = 'lsoa'"
    before = store.con.execute(links).fetchone()[0]
    assert before >= 1000
    report = lookup.load(store, [head(source, tmp_path / "small_lsoa11_ltla21.csv", 300)])
    assert store.con.execute(links).fetchone()[0] == before
    assert not report.warnings


# --- status: the same crimes under two force names, 'Reported by' that disagrees -----------------


def test_status_flags_the_same_file_under_two_force_names_and_a_wrong_reported_by(store, shared_data, tmp_path):
    """Byte-for-byte copies are refused when loaded (below); copies saved again by a spreadsheet
    (other line endings, a byte-order mark) hold the same rows in other bytes, and status finds them."""
    january = (shared_data / "police-uk" / "2022-01" / "2022-01-staffordshire-street.csv").read_bytes()
    lf = january.replace(b"\r\n", b"\n")
    other_line_ends = lf.replace(b"\n", b"\r\n") if lf == january else lf
    folder = tmp_path / "police"
    folder.mkdir()
    copies = {"staffordshire": january, "staffs": other_line_ends, "west-midlands": b"\xef\xbb\xbf" + january}
    for force, content in copies.items():
        (folder / f"2022-01-{force}-street.csv").write_bytes(content)
    police_uk.load(store, [folder])
    flags = assess_quality(store.con).flags
    same = {(f.force, f.rows) for f in flags if f.flag == "same rows as another force"}
    assert same == {("staffs", 6_324), ("west-midlands", 6_324)}
    reported = [f for f in flags if f.flag == "Reported by differs"]
    assert [(f.force, f.rows) for f in reported] == [("west-midlands", 6_324)]
    assert "Staffordshire Police" in reported[0].message


def test_a_byte_for_byte_copy_under_another_force_name_is_refused_and_changes_nothing(store, shared_data, tmp_path):
    """The campaign's finding: 2022-01-staffs-street.csv, a copy, doubled Cannock Chase's crimes."""
    january = shared_data / "police-uk" / "2022-01" / "2022-01-staffordshire-street.csv"
    police_uk.load(store, [january])
    before = store.con.execute("SELECT count(*), (SELECT count(*) FROM loads) FROM street_crimes").fetchone()
    copy = tmp_path / "2022-01-staffs-street.csv"
    copy.write_bytes(january.read_bytes())
    with pytest.raises(InputError, match=r"exactly those of .*2022-01-staffordshire-street.csv.*counted twice"):
        police_uk.load(store, [copy])
    assert store.con.execute("SELECT count(*), (SELECT count(*) FROM loads) FROM street_crimes").fetchone() == before
    copies = tmp_path / "both"
    copies.mkdir()
    for force in ("staffordshire", "west-midlands"):  # two copies in one command: refused too
        (copies / f"2022-02-{force}-street.csv").write_bytes(
            (shared_data / "police-uk" / "2022-02" / "2022-02-staffordshire-street.csv").read_bytes())
    with pytest.raises(InputError, match="counted twice"):
        police_uk.load(store, [copies])
    police_uk.load(store, [january])  # the same file under its own name again replaces it
    assert store.con.execute("SELECT count(*) FROM street_crimes").fetchone()[0] == before[0]


def test_status_flags_nothing_for_distinct_forces(store, shared_data):
    police_uk.load(store, [shared_data / "police-uk" / "2022-01"])
    assert not [f for f in assess_quality(store.con).flags if f.flag in ("same rows as another force",
                                                                         "Reported by differs")]


# --- CSV readers account for every byte ------------------------------------------------------------


def test_a_population_file_with_a_null_tail_is_refused_at_its_offset(store, shared_data, tmp_path):
    path = head(shared_data / "population" / "population20_lsoa11.csv", tmp_path / "population20_lsoa11.csv", 50)
    size = path.stat().st_size
    with open(path, "r+b") as stream:
        stream.truncate(size + (33 << 20))
    with pytest.raises(InputError, match="NUL byte") as error:
        population.load(store, [path])
    assert error.value.offset == size
    assert store.con.execute("SELECT count(*) FROM population").fetchone()[0] == 0


def test_a_lookup_saved_as_csv_macintosh_loads_every_row(store, shared_data, tmp_path):
    path = head(shared_data / "geography" / "lookup_lsoa11_ltla21.csv", tmp_path / "lookup_lsoa11_ltla21.csv", 200)
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    assert lookup.load(store, [path]).rows == 200


# --- Boundaries: coordinates checked against the coordinate system ------------------------------


def _geojson(path: Path, frame: gpd.GeoDataFrame, *, crs: bool) -> Path:
    data = json.loads(frame.to_json(drop_id=True))
    data.pop("crs", None)
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def stoke(shared_data):
    return gpd.read_file(shared_data / "boundaries" / "lsoa11" / "E06000021.json").head(5)


def test_british_national_grid_without_its_crs_is_recognised_and_said(tmp_path, stoke):
    path = _geojson(tmp_path / "bng.geojson", stoke.to_crs(27700), crs=False)
    boundaries = read_boundaries(path)
    assert any("British National Grid" in w for w in boundaries.warnings)
    read = shapely.from_wkb(boundaries.table["geometry"].to_pylist())
    for got, expected in zip(read, stoke.geometry, strict=True):
        assert got.centroid.distance(expected.centroid) < 1e-5  # degrees: about a metre


def test_british_national_grid_with_its_crs_is_read_without_a_warning(tmp_path, stoke):
    assert read_boundaries(_geojson(tmp_path / "bng.geojson", stoke.to_crs(27700), crs=True)).warnings == ()


def test_metres_declared_as_degrees_are_refused(tmp_path, stoke):
    path = _geojson(tmp_path / "bad.geojson", stoke.to_crs(27700), crs=False)
    data = json.loads(path.read_text())
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match="outside Great Britain"):
        read_boundaries(path)


# GDAL warns about the unclosed ring these files carry on purpose; the reader refuses it by name.
@pytest.mark.filterwarnings("ignore:Non closed ring detected:RuntimeWarning")
def test_a_ring_that_is_not_closed_is_named_with_its_feature(tmp_path, stoke):
    data = json.loads(stoke.to_json(drop_id=True))
    ring = data["features"][2]["geometry"]["coordinates"][0]
    if data["features"][2]["geometry"]["type"] == "MultiPolygon":
        ring = ring[0]
    ring.pop()  # the closing point
    path = tmp_path / "open.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="feature 3: a boundary ring is not closed"):
        read_boundaries(path)


# --- Found by the fuzz suite ----------------------------------------------------------------------


def test_a_quoted_field_cut_short_at_the_end_of_a_csv_is_refused(store, tmp_path):
    from cspkit.store.loaders import indicators

    path = tmp_path / "fire.csv"
    path.write_bytes(
        b"area_code,period,measure,value,denominator,source\r\n"
        b"E06000021,2022/23 Q2,Deliberate fires,31,,Fire service\r\n"
        b'E07000192,2022/23 Q2,Deliberate fires,12,,"Fire service\r\n'
    )
    with pytest.raises(InputError, match="quoted field is not closed"):
        indicators.load(store, [path])
    assert store.con.execute("SELECT count(*) FROM indicators").fetchone()[0] == 0


def test_a_carriage_return_inside_an_outcomes_row_is_a_message(store, shared_data, tmp_path):
    lines = (shared_data / "police-uk" / "2022-01" / "2022-01-staffordshire-street.csv").read_bytes().split(b"\r\n")
    header = b"Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type"
    rows = [b",".join([*r.split(b",")[:9], b"Local resolution"]) for r in lines[1:30] if r and not r.startswith(b",")]
    rows[5] = rows[5].replace(b"On or near", b"On or\rnear", 1)
    path = tmp_path / "2022-01-staffordshire-outcomes.csv"
    path.write_bytes(b"\n".join([header, *rows]) + b"\n")
    try:
        report = police_uk.load(store, [path])
    except InputError as error:
        assert error.line is not None or "rows" in str(error)
        assert store.con.execute("SELECT count(*) FROM outcomes").fetchone()[0] == 0
    else:
        assert report.rows == len(rows)
