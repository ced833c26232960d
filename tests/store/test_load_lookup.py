"""Loading lookups fills areas and links by vintage; the change table fills lsoa_changes; a
reload replaces, a failed load changes nothing."""

from __future__ import annotations

import pytest

from cspkit.errors import CspkitError, InputError
from cspkit.store.loaders import lookup

ONS_2017 = (
    "Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas__January_2017__Lookup_"
    "in_England_and_Wales_Version_2.csv"
)


def count(store, table: str) -> int:
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_the_2017_lookup_places_each_district_in_its_csp_and_force_area(store, shared_data):
    report = lookup.load(store, [shared_data / "geography" / ONS_2017])
    assert len(report.files) == 1
    parents = dict(
        store.con.execute(
            "SELECT child_level || ' ' || child_code, parent_code FROM area_links WHERE child_vintage = '2017'"
        ).fetchall()
    )
    assert parents["lad E06000021"] == "E22000270"  # Stoke-on-Trent
    assert parents["csp E22000270"] == "E23000015"  # -> Staffordshire
    assert store.con.execute(
        "SELECT name FROM areas WHERE code = 'E07000192' AND level = 'lad' AND vintage = '2017'"
    ).fetchone() == ("Cannock Chase",)


def test_loading_the_same_lookup_twice_counts_it_once(store, shared_data):
    path = shared_data / "geography" / "lookup_ltla24_csp24_pfa24.csv"
    lookup.load(store, [path])
    before = (count(store, "areas"), count(store, "area_links"))
    report = lookup.load(store, [path])
    assert (count(store, "areas"), count(store, "area_links")) == before == (675, 632)
    assert count(store, "loads") == 2
    assert any("do not all nest" in w for w in report.warnings)


def test_the_change_table_fills_lsoa_changes_and_reloads_cleanly(store, shared_data):
    path = shared_data / "geography" / "lookup_lsoa11_lsoa21_ltla22.csv"
    lookup.load(store, [path])
    lookup.load(store, [path])
    assert count(store, "lsoa_changes") == 35795
    assert store.con.execute("SELECT change_code, count(*) FROM lsoa_changes GROUP BY ALL ORDER BY ALL").fetchall() == [
        ("M", 239),
        ("S", 1900),
        ("U", 33647),
        ("X", 9),
    ]


def test_a_lookup_without_names_keeps_the_names_already_held(store, shared_data):
    lookup.load(store, [shared_data / "geography" / "lookup_lsoa11_ltla21.csv"])
    lookup.load(store, [shared_data / "geography" / "lookup_lsoa11_ward17.csv"])
    assert store.con.execute(
        "SELECT name FROM areas WHERE code = 'E01014210' AND level = 'lsoa' AND vintage = '2011'"
    ).fetchone() == ("Stoke-on-Trent 012A",)
    assert store.con.execute("SELECT count(*) FROM area_links WHERE child_code = 'E01014210'").fetchone() == (
        2,
    )  # its 2021 district and its 2017 ward


def test_a_failed_load_changes_nothing(store, shared_data, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("LSOA11CD,WD17CD\nE01014210,E05008714\nE01014210,E05008715\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.csv, line 3"):
        lookup.load(store, [shared_data / "geography" / ONS_2017, bad])
    assert (count(store, "areas"), count(store, "area_links"), count(store, "loads")) == (0, 0, 0)


def test_two_files_with_the_same_links_in_one_load_are_refused(store, shared_data, tmp_path):
    copy = tmp_path / "copy.csv"
    copy.write_text("lsoa11_code,ltla21_code\nE01014210,E06000021\n", encoding="utf-8")
    with pytest.raises(CspkitError, match="both hold links from LSOA 2011 to district 2021"):
        lookup.load(store, [shared_data / "geography" / "lookup_lsoa11_ltla21.csv", copy])
    assert count(store, "loads") == 0


def test_the_vintage_option_dates_columns_without_a_year(store, tmp_path):
    path = tmp_path / "local.csv"
    path.write_text("lsoa_code,lad_code\nE01014210,E06000021\n", encoding="utf-8")
    lookup.load(store, [path], vintage="2021")
    assert store.con.execute("SELECT child_vintage, parent_vintage FROM area_links").fetchall() == [("2021", "2021")]


def test_options_that_mean_nothing_for_a_lookup_are_refused(store, shared_data):
    with pytest.raises(CspkitError, match="--level does not apply to lookup files"):
        lookup.load(store, [shared_data / "geography" / ONS_2017], level="lsoa")
