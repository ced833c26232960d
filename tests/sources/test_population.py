"""Population estimates: year from the file name or option, level from the code column, ages
that add up to the total, and a named line for every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc
import pytest

from cspkit.errors import InputError
from cspkit.sources.population import read_population, year_from_name


@pytest.fixture(scope="module")
def districts(shared_data):
    return read_population(shared_data / "population" / "population20_ltla21.csv")


def total(population, code: str) -> float:
    table = population.table
    mask = pc.and_(pc.equal(table["area_code"], code), pc.equal(table["age"], "all"))
    return table.filter(mask)["population"].to_pylist()[0]


def test_the_district_file_gives_level_year_and_the_published_totals(districts):
    assert (districts.level, districts.vintage, districts.year) == ("lad", "2021", 2020)
    assert total(districts, "E06000021") == 256_622  # Stoke-on-Trent
    assert total(districts, "E07000192") == 101_484  # Cannock Chase
    assert total(districts, "E07000197") == 137_858  # Stafford
    assert total(districts, "E07000198") == 98_427  # Staffordshire Moorlands


def test_every_area_has_a_total_and_92_single_years_of_age(districts):
    ages = districts.table.filter(pc.equal(districts.table["area_code"], "E06000021"))["age"].to_pylist()
    assert ages == ["all", *map(str, range(90)), "90+"]
    assert districts.table.num_rows == 331 * 92


def test_the_lsoa_file_is_recognised_as_2011_lsoas(shared_data):
    lsoas = read_population(shared_data / "population" / "population20_lsoa11.csv")
    assert (lsoas.level, lsoas.vintage, lsoas.year) == ("lsoa", "2011", 2020)
    assert total(lsoas, "E01011949") == 1944  # Hartlepool 009A, written 1944.0


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("population20_lsoa11.csv", 2020),
        ("sape23dt2-mid-2019-lsoa.csv", 2019),
        ("pop_18_lad.csv", 2018),
        ("lsoa.csv", None),
    ],
)
def test_the_year_is_read_from_the_file_name(name, year):
    assert year_from_name(Path(name)) == year


def write(tmp_path, text: str, name: str = "population20_test.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_year_in_the_name_the_year_option_is_asked_for(tmp_path):
    path = write(tmp_path, "lsoa11_code,total_population\nE01014210,1500.0\n", name="lsoa.csv")
    with pytest.raises(InputError, match=r"cannot tell the year of these estimates from the file name.*give --year"):
        read_population(path)
    assert read_population(path, year=2021).year == 2021


def test_a_plain_code_column_needs_the_level_option(tmp_path):
    path = write(tmp_path, "Code,All Ages\nE06000021,256622\n")
    with pytest.raises(InputError, match="no area code column recognised"):
        read_population(path)
    population = read_population(path, level="lad")
    assert (population.level, total(population, "E06000021")) == ("lad", 256_622)


def test_ages_that_do_not_add_up_to_the_total_are_refused(tmp_path):
    path = write(
        tmp_path, "lsoa11_code,total_population,0,1,90+\nE01014210,10.0,2.0,3.0,5.0\nE01014211,10.0,2.0,3.0,4.0\n"
    )
    with pytest.raises(InputError, match="line 3: the ages add up to 9 but 'total_population' says 10"):
        read_population(path)


def test_a_negative_count_is_refused(tmp_path):
    path = write(tmp_path, "lsoa11_code,total_population\nE01014210,-5\n")
    with pytest.raises(InputError, match=r"line 2: the total population .* cannot be below 0"):
        read_population(path)


def test_an_area_listed_twice_is_refused(tmp_path):
    path = write(tmp_path, "ltla21_code,total_population\nE06000021,1\nE07000192,2\nE06000021,1\n")
    with pytest.raises(InputError, match=r"line 4: district E06000021 appears twice \(first on line 2\)"):
        read_population(path)


def test_a_missing_total_column_is_named(tmp_path):
    path = write(tmp_path, "ltla21_code,people\nE06000021,1\n")
    with pytest.raises(
        InputError, match="line 1: this does not look like a population table: no column 'total_population'"
    ):
        read_population(path)


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("population20_lsoa11.csv", 2020),
        ("sape-mid-2020.csv", 2020),
        ("mid2021-lsoa2021.csv", 2021),
        ("lsoa2011_population.csv", None),  # 2011 is the LSOAs' vintage: the campaign's "mid-2011" estimates
        ("population11_lsoa_mid2020.csv", None),  # two years: which is meant is asked, not guessed
    ],
)
def test_the_year_is_taken_from_the_name_only_when_the_name_gives_one(name, year):
    assert year_from_name(Path(name)) == year


def test_a_table_under_a_title_row_names_the_line_of_its_column_names(tmp_path):
    path = write(tmp_path, "Mid-2020 population estimates,\nlsoa11_code,total_population\nE01014210,1500\n")
    with pytest.raises(InputError, match=r"line 1: the column names are on line 2, not line 1"):
        read_population(path)


def test_the_load_says_which_year_it_took_from_the_name(store, shared_data, tmp_path):
    from cspkit.store.loaders import population

    path = tmp_path / "population20_lsoa11.csv"
    path.write_bytes(b"".join((shared_data / "population" / "population20_lsoa11.csv").read_bytes()
                              .splitlines(keepends=True)[:20]))
    report = population.load(store, [path])
    assert report.notes == ["population20_lsoa11.csv: read as the mid-2020 estimates, the year in its file name "
                            "(give --year if that is wrong)."]
    assert population.load(store, [path], year=2020).notes == []
