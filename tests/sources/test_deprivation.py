"""Indices of Deprivation by LSOA: both layouts, official domain names, edition from the file
name or a year column, and refusals of impossible ranks and deciles."""

from __future__ import annotations

import csv

import pyarrow.compute as pc
import pytest

from cspkit.errors import InputError
from cspkit.sources.deprivation import read_deprivation

FILE_7_HEADER = [
    "LSOA code (2011)",
    "LSOA name (2011)",
    "Local Authority District code (2019)",
    "Index of Multiple Deprivation (IMD) Score",
    "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
    "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
    "Income Deprivation Affecting Children Index (IDACI) Decile (where 1 is most deprived 10% of LSOAs)",
    "Children and Young People Sub-domain Score",
    "Total population: mid 2015 (excluding prisoners)",
]


@pytest.fixture(scope="module")
def imd(shared_data):
    return read_deprivation(shared_data / "deprivation" / "imd2019_england_lsoa11.csv")


def test_every_lsoa_in_england_has_rank_and_decile_on_eight_domains(imd):
    assert imd.edition == 2019
    domains = set(imd.table["domain"].to_pylist())
    assert domains == {
        "Index of Multiple Deprivation",
        "Income",
        "Employment",
        "Education, Skills and Training",
        "Health Deprivation and Disability",
        "Crime",
        "Barriers to Housing and Services",
        "Living Environment",
    }
    assert imd.table.num_rows == 32844 * 8


def test_deciles_split_england_into_tenths_and_ranks_run_from_one(imd):
    overall = imd.table.filter(pc.equal(imd.table["domain"], "Index of Multiple Deprivation"))
    counts = overall.group_by("decile").aggregate([("lsoa_code", "count")]).to_pylist()
    assert sorted(c["decile"] for c in counts) == list(range(1, 11))
    assert all(3284 <= c["lsoa_code_count"] <= 3285 for c in counts)
    assert (pc.min(overall["rank"]).as_py(), pc.max(overall["rank"]).as_py()) == (1, 32844)


def test_the_published_values_of_an_lsoa_are_kept(imd):
    row = next(r for r in imd.table.to_pylist() if r["lsoa_code"] == "E01000001" and r["domain"] == "Crime")
    assert (row["rank"], row["decile"], row["score"]) == (32662, 10, None)


def test_the_mhclg_file_7_layout_is_recognised(tmp_path):
    path = tmp_path / "File_7_IoD2019.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(FILE_7_HEADER)
        writer.writerow(["E01014210", "Stoke-on-Trent 012A", "E06000021", "45.1", "1500", "1", "2", "0.3", "1600"])
    deprivation = read_deprivation(path)
    assert deprivation.edition == 2019
    rows = {r["domain"]: (r["rank"], r["decile"], r["score"]) for r in deprivation.table.to_pylist()}
    assert rows == {
        "Index of Multiple Deprivation": (1500, 1, 45.1),
        "Income Deprivation Affecting Children Index": (None, 2, None),
    }
    assert deprivation.warnings == (f"{path}: ignored column 'Children and Young People Sub-domain Score'",)


def write(tmp_path, text: str, name: str = "imd2019_test.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_edition_comes_from_a_year_column_or_the_option(tmp_path):
    with_year = write(tmp_path, "lsoa11_code,IMD_decile,year\nE01014210,1,2015\n", name="iod.csv")
    assert read_deprivation(with_year).edition == 2015
    without = write(tmp_path, "lsoa11_code,IMD_decile\nE01014210,1\n", name="iod.csv")
    with pytest.raises(InputError, match=r"cannot tell which edition .* give --year"):
        read_deprivation(without)
    assert read_deprivation(without, edition=2019).edition == 2019


def test_a_decile_outside_one_to_ten_is_refused(tmp_path):
    path = write(tmp_path, "lsoa11_code,IMD_decile\nE01014210,1\nE01014211,11\n")
    with pytest.raises(InputError, match=r"line 3: the Index of Multiple Deprivation decile .* cannot be above 10"):
        read_deprivation(path)


def test_a_file_without_deprivation_columns_is_refused(tmp_path):
    path = write(tmp_path, "lsoa11_code,population\nE01014210,1500\n")
    with pytest.raises(InputError, match="no deprivation ranks, deciles or scores recognised"):
        read_deprivation(path)


def test_a_table_under_a_title_row_names_the_line_of_its_column_names(tmp_path):
    path = write(tmp_path, "English indices of deprivation 2019,,\nlsoa11_code,IMD_decile,IMD_rank\nE01014210,1,10\n")
    with pytest.raises(InputError, match=r"line 1: the column names are on line 2, not line 1"):
        read_deprivation(path)


def test_an_lsoa_listed_twice_is_refused(tmp_path):
    path = write(tmp_path, "lsoa11_code,IMD_rank\nE01014210,5\nE01014210,6\n")
    with pytest.raises(InputError, match=r"line 3: LSOA E01014210 appears twice \(first on line 2\)"):
        read_deprivation(path)
