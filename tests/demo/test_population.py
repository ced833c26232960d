"""Demo population: the ONS layouts, LSOAs that add up to districts, and an age mix that follows place."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cspkit.demo.partnership import DemoFiles
from cspkit.sources.population import read_population

from .files import first_line, read_rows


def lsoa_file(demo: DemoFiles) -> Path:
    return next(p for p in demo.files["population"] if "lsoa" in p.name)


def district_file(demo: DemoFiles) -> Path:
    return next(p for p in demo.files["population"] if "ltla" in p.name)


def test_headers_are_those_of_the_ons_files(demo: DemoFiles, shared_data: Path) -> None:
    real = shared_data / "population"
    assert first_line(lsoa_file(demo)) == first_line(real / "population20_lsoa11.csv")
    assert first_line(district_file(demo)) == first_line(real / "population20_ltla21.csv")


def test_counts_are_written_as_whole_floats_like_the_ons_files(demo: DemoFiles) -> None:
    row = read_rows([lsoa_file(demo)])[0]
    counts = [value for key, value in row.items() if not key.startswith("lsoa")]
    assert all(value.endswith(".0") and value[:-2].isdigit() for value in counts)


def test_lsoas_add_up_exactly_to_their_districts(demo: DemoFiles) -> None:
    district_of = {r["LSOA11CD"]: r["LAD21CD"] for r in read_rows(demo.files["lookup"])}
    sums: dict[tuple[str, str], float] = {}
    for row in read_rows([lsoa_file(demo)]):
        for column, value in row.items():
            if not column.startswith("lsoa"):
                key = (district_of[row["lsoa11_code"]], column)
                sums[key] = sums.get(key, 0.0) + float(value)
    for row in read_rows([district_file(demo)]):
        for column, value in row.items():
            if not column.startswith("ltla"):
                assert sums[row["ltla21_code"], column] == float(value)


def test_both_files_read_back_as_mid_2022_estimates(demo: DemoFiles) -> None:
    lsoa, district = read_population(lsoa_file(demo)), read_population(district_file(demo))
    assert (lsoa.level, lsoa.year, district.level, district.year) == ("lsoa", 2022, "lad", 2022)


def test_lsoas_hold_about_as_many_people_as_real_ones(demo: DemoFiles) -> None:
    totals = np.array([float(r["total_population"]) for r in read_rows([lsoa_file(demo)])])
    assert 1_400 < np.median(totals) < 1_900 and totals.min() >= 1_000 and totals.max() <= 3_200


def test_deprived_lsoas_are_younger_and_the_university_town_has_students(demo: DemoFiles) -> None:
    rows = read_rows([lsoa_file(demo)])
    imd = {r["lsoa11_code"]: float(r["IMD_rank"]) for r in read_rows(demo.files["deprivation"])}
    name = {r["lsoa11_code"]: r["lsoa11_name"] for r in rows}

    def share(row: dict[str, str], ages: range) -> float:
        return sum(float(row[str(a)]) for a in ages) / float(row["total_population"])

    children = np.array([share(r, range(16)) for r in rows])
    ranks = np.array([imd[r["lsoa11_code"]] for r in rows])
    assert np.corrcoef(ranks, children)[0, 1] < -0.2
    students = np.array([share(r, range(18, 23)) for r in rows])
    oakminster = np.array([name[r["lsoa11_code"]].startswith("Oakminster") for r in rows])
    assert students[oakminster].max() > 3 * np.median(students)
