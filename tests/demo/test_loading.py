"""Loading the demo through the real loaders: every kind loads cleanly, and loading twice counts once."""

from __future__ import annotations

import pytest

from cspkit.demo.geography import PFA_CODE
from cspkit.demo.loading import LOADERS, load_demo
from cspkit.demo.partnership import DemoFiles
from cspkit.store import Store, open_store

from .files import read_rows


@pytest.fixture(scope="module")
def loaded(demo: DemoFiles, tmp_path_factory: pytest.TempPathFactory):
    with open_store(tmp_path_factory.mktemp("store") / "evidence.duckdb") as store:
        yield store, load_demo(store, demo)


def table_rows(store: Store, table: str) -> int:
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_every_kind_loads_every_file_without_warnings(loaded, demo: DemoFiles) -> None:
    _, reports = loaded
    assert len(reports) == len(LOADERS)
    for kind, report in zip(LOADERS, reports, strict=True):
        assert len(report.files) == len(demo.files[kind]) and report.rows > 0, kind
        assert report.warnings == [], kind


def test_the_store_knows_the_five_partnerships_and_the_force_area(loaded) -> None:
    store, _ = loaded
    csps = store.con.execute("SELECT count(DISTINCT code) FROM areas WHERE level = 'csp'").fetchone()[0]
    assert csps == 5
    force = store.con.execute("SELECT pfa_code FROM police_forces WHERE force = 'mercia-vale'").fetchone()
    assert force == (PFA_CODE,)


def test_street_crimes_in_the_store_match_the_rows_of_the_files(loaded, street) -> None:
    store, _ = loaded
    assert table_rows(store, "street_crimes") == len(street)


def test_loading_the_demo_again_replaces_rather_than_doubles(loaded, demo: DemoFiles) -> None:
    store, _ = loaded
    before = {t: table_rows(store, t) for t in ("street_crimes", "outcomes", "areas", "population", "indicators")}
    load_demo(store, demo)
    assert {t: table_rows(store, t) for t in before} == before


def test_stop_searches_in_the_store_match_the_rows_of_the_files(loaded, demo: DemoFiles) -> None:
    store, _ = loaded
    files = [p for p in demo.files["police_uk"] if p.name.endswith("-stop-and-search.csv")]
    rows = read_rows(files)
    assert len(files) == 36 and rows
    assert table_rows(store, "stop_searches") == len(rows)
    linked = sum(r["Outcome linked to object of search"] == "True" for r in rows)
    assert store.con.execute(
        "SELECT count(*) FROM stop_searches WHERE outcome_linked_to_object = 'True'").fetchone()[0] == linked


def test_census_ethnic_groups_add_up_to_the_district_populations(loaded, demo: DemoFiles) -> None:
    store, _ = loaded
    census = {r["geography code"]: float(r["Ethnic group: Total: All usual residents"])
              for r in read_rows(demo.files["ethnicity"])}
    held = dict(store.con.execute(
        "SELECT area_code, sum(residents) FROM ethnicity_population GROUP BY area_code").fetchall())
    assert held == census
    districts = dict(store.con.execute(
        "SELECT area_code, population FROM population WHERE area_level = 'lad' AND age = 'all'").fetchall())
    assert all(abs(census[code] - districts[code]) <= 1 for code in census)
