"""Fuzzing every reader with hostile files (issue 9): each damaged file is either loaded with
every row accounted for (the rows loaded equal an independent count by Python's csv module) or
refused with a cspkit message, and a refused load leaves the store exactly as it was. Nothing
else (no traceback, no other exception) is allowed.

The normal test run tries a few seeded cases per reader; ``make fuzz`` runs 10,000 per reader.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspkit.errors import CspkitError
from cspkit.store.loaders import (
    boundaries,
    deprivation,
    harm,
    home_office,
    indicators,
    lookup,
    police_uk,
    population,
)

from .hostile import damaged, damaged_zip, records

LOG = os.environ.get("CSPKIT_FUZZ_LOG")  # a file the long run keeps its counts in, case by case
TABLES = ("street_crimes", "outcomes", "stop_searches", "police_uk_files", "loads", "areas", "area_links",
          "population", "boundaries", "deprivation", "ho_recorded_crime", "indicators", "harm_weights")
RESULTS: Counter = Counter()  # outcomes by reader, printed at the end of a long run


_SNAPSHOT = " UNION ALL ".join(
    f"SELECT '{t}', count(*), coalesce(sum(hash(x)), 0) FROM {t} x" for t in TABLES)


def snapshot(store) -> dict:
    """Every table's row count and content hash, in one query (a case takes milliseconds, not 13 queries)."""
    return {table: (rows, digest) for table, rows, digest in store.con.execute(_SNAPSHOT).fetchall()}


def _count(reader: str, outcome: str) -> None:
    RESULTS[(reader, outcome)] += 1
    if LOG and sum(RESULTS.values()) % 50 == 0:
        Path(LOG).write_text(json.dumps({f"{r} {o}": n for (r, o), n in sorted(RESULTS.items())}, indent=1))


_last: list = [None, None]  # [store, its snapshot after the last case]: the next case's "before"


def attempt(reader: str, store, load: Callable, path: Path, expected: int | None = None,
            check: Callable | None = None) -> None:
    """Load ``path``: a success must count exactly ``expected`` rows (or pass ``check(report)``),
    a failure must be a CspkitError that changes nothing. One snapshot per case: the store as the
    last case left it is the next case's "before"."""
    before = _last[1] if _last[0] is store else snapshot(store)
    try:
        report = load(store, [path])
    except CspkitError:
        _last[:] = [store, snapshot(store)]
        assert _last[1] == before, f"a refused load of {path.name} changed the store"
        _count(reader, "refused")
        return
    _last[:] = [store, snapshot(store)]
    if check is not None:
        check(report)
    else:
        assert expected is not None, "loaded a file that Python's csv module cannot read as UTF-8 CSV"
        assert report.rows == expected, f"loaded {report.rows} rows, the file holds {expected}"
    _count(reader, "loaded")


def stored_rows(store, table: str) -> Callable:
    """For files that are not CSV (a workbook, GeoJSON): the rows the load reports are the rows
    it stored."""
    def check(report) -> None:
        held = store.con.execute(f"SELECT count(*) FROM {table} WHERE load_id = ?",
                                 [report.files[0].load_id]).fetchone()[0]
        assert report.rows == held, f"reported {report.rows} rows loaded, stored {held}"
    return check


def first_lines(path: Path, rows: int) -> bytes:
    lines = path.read_bytes().splitlines(keepends=True)
    return b"".join(lines[: rows + 1])


@pytest.fixture(scope="module")
def street(shared_data) -> bytes:
    return first_lines(shared_data / "police-uk" / "2022-01" / "2022-01-staffordshire-street.csv", 20)


@pytest.fixture(scope="module")
def stop_and_search() -> bytes:
    real = Path(__file__).parents[1] / "sources" / "data" / "police-uk-real"
    return first_lines(real / "2017-12" / "2017-12-city-of-london-stop-and-search.csv", 20)


@pytest.fixture(scope="module")
def outcomes(street) -> bytes:
    header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type"
    rows = [line.split(",") for line in street.decode().splitlines()[1:] if not line.startswith(",")]
    body = [",".join([*r[:9], "Investigation complete; no suspect identified"]) for r in rows]
    return ("\r\n".join([header, *body]) + "\r\n").encode()


@pytest.fixture(scope="module")
def lookup_csv(shared_data) -> bytes:
    return first_lines(shared_data / "geography" / "lookup_lsoa11_ltla21.csv", 30)


@pytest.fixture(scope="module")
def population_csv(shared_data) -> bytes:
    return first_lines(shared_data / "population" / "population20_lsoa11.csv", 8)


@pytest.fixture(scope="module")
def geojson(shared_data) -> bytes:
    frame = gpd.read_file(shared_data / "boundaries" / "lsoa11" / "E06000021.json").head(3)
    return json.dumps(json.loads(frame.to_json(drop_id=True))).encode()


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _folder(tmp_path: Path) -> Path:
    """A fresh, empty folder for this case: the last case's file is removed first, so a long run
    (cases of up to a mebibyte, 10,000 per reader) does not fill the disk."""
    folder = tmp_path / "case"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


@given(data=st.data())
def test_police_uk_street_files(store, tmp_path, street, data):
    damaged_file = data.draw(damaged(street))
    path = _write(_folder(tmp_path), "2022-01-staffordshire-street.csv", damaged_file)
    attempt("police-uk street", store, police_uk.load, path, records(damaged_file))


@given(data=st.data())
def test_police_uk_outcomes_files(store, tmp_path, outcomes, data):
    damaged_file = data.draw(damaged(outcomes))
    path = _write(_folder(tmp_path), "2022-01-staffordshire-outcomes.csv", damaged_file)
    attempt("police-uk outcomes", store, police_uk.load, path, records(damaged_file))


@given(data=st.data())
def test_police_uk_stop_and_search_files(store, tmp_path, stop_and_search, data):
    damaged_file = data.draw(damaged(stop_and_search))
    path = _write(_folder(tmp_path), "2017-12-city-of-london-stop-and-search.csv", damaged_file)
    attempt("police-uk stop-and-search", store, police_uk.load, path, records(damaged_file))


@given(data=st.data())
def test_police_uk_zips(store, tmp_path, street, data):
    member = data.draw(st.sampled_from(["2022-01/", "police [2022]/2022-01/", "a*b?/"])) + (
        "2022-01-staffordshire-street.csv")
    archive = data.draw(damaged_zip(member, street))
    path = _write(_folder(tmp_path), "police.zip", archive)
    attempt("police-uk zip", store, police_uk.load, path, _zip_records(path, member))


def _zip_records(path: Path, member: str) -> int | None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return records(archive.read(member))
    except Exception:
        return None


@given(data=st.data())
def test_lookups(store, tmp_path, lookup_csv, data):
    damaged_file = data.draw(damaged(lookup_csv))
    path = _write(_folder(tmp_path), "lookup_lsoa11_ltla21.csv", damaged_file)
    attempt("lookup", store, lookup.load, path, records(damaged_file))


@given(data=st.data())
def test_population_files(store, tmp_path, population_csv, data):
    damaged_file = data.draw(damaged(population_csv))
    path = _write(_folder(tmp_path), "population20_lsoa11.csv", damaged_file)
    attempt("population", store, population.load, path, records(damaged_file))


@pytest.fixture(scope="module")
def deprivation_csv(shared_data) -> bytes:
    return first_lines(shared_data / "deprivation" / "imd2019_england_lsoa11.csv", 10)


@pytest.fixture(scope="module")
def home_office_csv(shared_data) -> bytes:
    return first_lines(shared_data / "home-office" / "prc-pfa-mar2013-onwards-tables201718.csv", 15)


INDICATORS = (
    b"area_code,period,measure,value,denominator,source\r\n"
    b"E06000021,2022/23 Q2,Deliberate fires,31,,Fire service\r\n"
    b"E06000021,2022/23 Q3,Deliberate fires,27,,Fire service\r\n"
    b"E07000192,2022/23 Q2,Deliberate fires,12,,Fire service\r\n"
)


@given(data=st.data())
def test_deprivation_files(store, tmp_path, deprivation_csv, data):
    damaged_file = data.draw(damaged(deprivation_csv))
    path = _write(_folder(tmp_path), "imd2019_england_lsoa11.csv", damaged_file)
    attempt("deprivation", store, deprivation.load, path, records(damaged_file))


@given(data=st.data())
def test_home_office_files(store, tmp_path, home_office_csv, data):
    damaged_file = data.draw(damaged(home_office_csv))
    path = _write(_folder(tmp_path), "prc-pfa-tables201718.csv", damaged_file)
    attempt("home-office", store, home_office.load, path, records(damaged_file))


@given(data=st.data())
def test_indicator_files(store, tmp_path, data):
    damaged_file = data.draw(damaged(INDICATORS))
    path = _write(_folder(tmp_path), "fire.csv", damaged_file)
    attempt("indicators", store, indicators.load, path, records(damaged_file))


@pytest.fixture(scope="module")
def harm_workbook(shared_data) -> bytes:
    """The real CCHI workbook cut to its first rows (same sheets, headers and edition): the full
    workbook takes a second to read, this one milliseconds, so 10,000 cases fit in a run."""
    real = openpyxl.load_workbook(shared_data / "harm" / "cchi2020dataxls.xlsx", read_only=True, data_only=True)
    small = openpyxl.Workbook()
    small.remove(small.active)
    for sheet in real.worksheets:
        cut = small.create_sheet(sheet.title)
        for row in sheet.iter_rows(max_row=40, values_only=True):
            cut.append(row)
    real.close()
    buffer = io.BytesIO()
    small.save(buffer)
    return buffer.getvalue()


def test_the_cut_harm_workbook_is_a_valid_one(store, tmp_path, harm_workbook):
    report = harm.load(store, [_write(tmp_path, "cchi2020dataxls.xlsx", harm_workbook)])
    assert report.rows > 20  # the fuzz cases below start from a workbook the reader accepts


@given(data=st.data())
def test_harm_workbooks(store, tmp_path, harm_workbook, data):
    workbook = harm_workbook
    cut = data.draw(st.integers(0, len(workbook)))
    at = data.draw(st.integers(0, max(len(workbook) - 1, 0)))
    kind = data.draw(st.sampled_from(["truncate", "flip", "tail"]))
    if kind == "truncate":
        workbook = workbook[:cut]
    elif kind == "flip":
        workbook = workbook[:at] + bytes([workbook[at] ^ data.draw(st.integers(1, 255))]) + workbook[at + 1 :]
    else:
        workbook += data.draw(st.binary(max_size=64))
    path = _write(_folder(tmp_path), "cchi2020dataxls.xlsx", workbook)
    attempt("harm", store, harm.load, path, check=stored_rows(store, "harm_weights"))


# GDAL warns about the unclosed ring these files carry on purpose; the reader refuses it by name.
@pytest.mark.filterwarnings("ignore:Non closed ring detected:RuntimeWarning")
@given(data=st.data())
def test_boundary_files(store, tmp_path, geojson, data):
    damaged_file = data.draw(damaged(geojson))
    path = _write(_folder(tmp_path), "lsoa11.geojson", damaged_file)
    attempt("boundaries", store, boundaries.load, path, check=stored_rows(store, "boundaries"))


def teardown_module() -> None:
    if LOG:
        Path(LOG).write_text(json.dumps({f"{r} {o}": n for (r, o), n in sorted(RESULTS.items())}, indent=1))
    if RESULTS:
        print("\nfuzz cases:", ", ".join(f"{r} {o} {n:,}" for (r, o), n in sorted(RESULTS.items())))
