"""Geography lookups of any vintage: levels and years from ONS or lower-case column names,
links from each level to the level it nests in, the LSOA change table, and clear refusals."""

from __future__ import annotations

import pytest

from cspkit.errors import InputError
from cspkit.sources.csvcheck import normalise
from cspkit.sources.geography import area_columns, read_lookup

ONS_2017 = (
    "Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas__January_2017__Lookup_"
    "in_England_and_Wales_Version_2.csv"
)


def levels(names: list[str]) -> list[tuple[str, str | None, str, str | None]]:
    return [(g.level, g.vintage, g.code, g.name) for g in area_columns(normalise(n) for n in names)]


def test_ons_column_names_give_level_and_vintage():
    assert levels(
        ["LSOA11CD", "LSOA11NM", "WD13CD", "LAD17CD", "CSP17CD", "PFA17CD", "RGN21CD", "CTRY21CD", "FID"]
    ) == [
        ("lsoa", "2011", "lsoa11cd", "lsoa11nm"),
        ("ward", "2013", "wd13cd", None),
        ("lad", "2017", "lad17cd", None),
        ("csp", "2017", "csp17cd", None),
        ("pfa", "2017", "pfa17cd", None),
        ("region", "2021", "rgn21cd", None),
        ("country", "2021", "ctry21cd", None),
    ]


def test_lower_case_and_spelled_out_column_names_give_level_and_vintage():
    assert levels(["ward17_code", "ltla21_name", "ltla21_code", "LSOA code (2011)", "csp24_code"]) == [
        ("lsoa", "2011", "lsoa_code_2011", None),
        ("ward", "2017", "ward17_code", None),
        ("lad", "2021", "ltla21_code", "ltla21_name"),
        ("csp", "2024", "csp24_code", None),
    ]


def test_the_ons_2017_lookup_links_districts_to_csps_to_force_areas(shared_data):
    lookup = read_lookup(shared_data / "geography" / ONS_2017)
    links = {(r["child_code"], r["parent_code"]) for r in lookup.links.to_pylist()}
    assert ("E06000021", "E22000270") in links  # Stoke-on-Trent district -> its CSP
    assert ("E22000263", "E23000015") in links  # Cannock Chase CSP -> Staffordshire
    assert lookup.link_pairs == {("lad", "2017", "csp", "2017"), ("csp", "2017", "pfa", "2017")}
    areas = {(r["code"], r["level"]): r["name"] for r in lookup.areas.to_pylist()}
    assert areas[("E23000015", "pfa")] == "Staffordshire"
    assert lookup.warnings == ()


def test_a_lookup_without_names_links_lsoas_to_wards(shared_data):
    lookup = read_lookup(shared_data / "geography" / "lookup_lsoa11_ward17.csv")
    assert lookup.link_pairs == {("lsoa", "2011", "ward", "2017")}
    assert lookup.links.num_rows == 34753
    assert set(lookup.areas["name"].to_pylist()) == {None}


def test_three_levels_are_linked_each_to_the_next(shared_data):
    lookup = read_lookup(shared_data / "geography" / "lookup_lsoa21_ward24_ltla24.csv")
    assert lookup.link_pairs == {("lsoa", "2021", "ward", "2024"), ("ward", "2024", "lad", "2024")}


def test_districts_that_straddle_2024_csps_are_linked_to_their_force_area_with_a_warning(shared_data):
    lookup = read_lookup(shared_data / "geography" / "lookup_ltla24_csp24_pfa24.csv")
    assert lookup.link_pairs == {("lad", "2024", "pfa", "2024"), ("csp", "2024", "pfa", "2024")}
    links = {r["child_code"]: r["parent_code"] for r in lookup.links.to_pylist() if r["child_level"] == "lad"}
    assert links["E06000060"] == "E23000029"  # Buckinghamshire -> Thames Valley
    assert "district 2024 areas do not all nest in Community Safety Partnership 2024 areas" in lookup.warnings[0]


def test_the_change_table_fills_lsoa_changes(shared_data):
    lookup = read_lookup(shared_data / "geography" / "lookup_lsoa11_lsoa21_ltla22.csv")
    changes = lookup.changes.to_pylist()
    assert len(changes) == 35795
    assert {c["change_code"] for c in changes} == {"U", "S", "M", "X"}
    assert {
        "lsoa11_code": "E01011949",
        "lsoa21_code": "E01011949",
        "change_code": "U",
        "lad_code": "E06000001",
    } in changes
    assert ("lsoa", "2021", "lad", "2022") in lookup.link_pairs


def write(tmp_path, text: str, name: str = "lookup.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_without_geography_columns_lists_what_was_expected(tmp_path):
    with pytest.raises(
        InputError, match=r"line 1: no geography columns recognised\. Expected ONS code columns such as LSOA11CD"
    ):
        read_lookup(write(tmp_path, "Area,Parent\nE01014210,E06000021\n"))


def test_a_lookup_under_a_title_row_names_the_line_of_its_column_names(tmp_path):
    path = write(tmp_path, "Lookup of LSOAs to districts,\n,\nLSOA11CD,LAD21CD\nE01014210,E06000021\n")
    with pytest.raises(InputError, match=r"line 1: the column names are on line 3, not line 1"):
        read_lookup(path)


def test_an_lsoa_in_two_districts_is_refused_naming_both_lines(tmp_path):
    path = write(tmp_path, "LSOA11CD,LAD21CD\nE01014210,E06000021\nE01014211,E06000021\nE01014210,E07000192\n")
    with pytest.raises(
        InputError, match=r"line 4: LSOA E01014210 is in district E07000192 here but in E06000021 on line 2"
    ):
        read_lookup(path)


def test_a_malformed_code_is_named_with_its_level(tmp_path):
    path = write(tmp_path, "lsoa11_code,ltla21_code\nE01014210,E06000021\nE0101421,E06000021\n")
    with pytest.raises(InputError, match=r"line 3: 'E0101421' in column 'lsoa11_code' is not a well-formed LSOA code"):
        read_lookup(path)


def test_a_code_of_the_wrong_level_is_refused(tmp_path):
    path = write(tmp_path, "LSOA11CD,LAD21CD\nE06000021,E06000021\n")
    with pytest.raises(InputError, match="line 2: 'E06000021' in column 'LSOA11CD' is not a well-formed LSOA code"):
        read_lookup(path)


def test_an_empty_code_is_refused(tmp_path):
    path = write(tmp_path, "LSOA11CD,LAD21CD\nE01014210,\n")
    with pytest.raises(InputError, match=r"line 2: the district code \(column 'LAD21CD'\) is empty"):
        read_lookup(path)


def test_one_code_with_two_names_is_refused(tmp_path):
    path = write(tmp_path, "LSOA11CD,LAD21CD,LAD21NM\nE01014210,E06000021,Stoke\nE01014211,E06000021,Stoke-on-Trent\n")
    with pytest.raises(
        InputError, match="line 3: district E06000021 is called 'Stoke-on-Trent' here but 'Stoke' on line 2"
    ):
        read_lookup(path)


def test_columns_without_a_year_need_the_vintage_option(tmp_path):
    path = write(tmp_path, "lsoa_code,lad_code\nE01014210,E06000021\n")
    with pytest.raises(InputError, match="does not say which year's codes it holds"):
        read_lookup(path)
    assert read_lookup(path, vintage="2021").link_pairs == {("lsoa", "2021", "lad", "2021")}


def test_the_vintage_option_is_refused_when_the_columns_give_theirs(tmp_path):
    path = write(tmp_path, "LSOA11CD,LAD21CD\nE01014210,E06000021\n")
    with pytest.raises(InputError, match="--vintage 2024 was given but every column already says its year"):
        read_lookup(path, vintage="2024")


def test_a_change_table_with_an_unknown_change_code_is_refused(tmp_path):
    path = write(tmp_path, "lsoa11_code,lsoa21_code,change_code\nE01014210,E01014210,U\nE01014211,E01034000,Q\n")
    with pytest.raises(InputError, match="line 3: change code 'Q' in column 'change_code' is not one of U, S, M or X"):
        read_lookup(path)


def test_a_list_of_areas_alone_records_the_areas_and_warns_that_nothing_is_linked(tmp_path):
    lookup = read_lookup(write(tmp_path, "LAD21CD,LAD21NM\nE06000021,Stoke-on-Trent\n"))
    assert lookup.areas.to_pylist() == [
        {"code": "E06000021", "name": "Stoke-on-Trent", "level": "lad", "vintage": "2021"}
    ]
    assert lookup.links.num_rows == 0
    assert "only one geography (district 2021)" in lookup.warnings[0]
