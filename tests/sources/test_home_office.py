"""Home Office recorded crime tables: both layouts, padded numbers, fraud bodies as forces,
and a named line for every kind of bad input."""

from __future__ import annotations

import csv

import pyarrow.compute as pc
import pytest

from cspkit.errors import InputError
from cspkit.sources.home_office import read_recorded_crime

HEADER = (
    "Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,"
    "Offence Code,Number of Offences"
)
ROW = "2017/18,1,Staffordshire,Arson endangering life,Criminal damage and arson,Arson,56A, 7 "


@pytest.fixture(scope="module")
def pfa(shared_data):
    return read_recorded_crime(shared_data / "home-office" / "prc-pfa-mar2013-onwards-tables201718.csv")


def published_rows(shared_data, force: str) -> list[list[str]]:
    with open(shared_data / "home-office" / "prc-pfa-mar2013-onwards-tables201718.csv", encoding="utf-8") as f:
        return [row for row in csv.reader(f) if row[2] == force]


def test_the_force_area_table_is_read_row_for_row(pfa):
    assert pfa.area_type == "pfa"
    assert pfa.table.num_rows == 23068
    assert pfa.quarters == {("2017/18", 1), ("2017/18", 2), ("2017/18", 3), ("2017/18", 4)}


def test_padded_counts_and_minus_zero_are_read_as_numbers(pfa, shared_data):
    rows = {
        (r["area_name"], r["financial_quarter"], r["offence_code"], r["offence_description"]): r["offences"]
        for r in pfa.table.to_pylist()
    }
    assert rows[("Action Fraud", 1, "AF", "Fraud offences recorded by Action Fraud")] == 66776
    assert rows[("Wiltshire", 4, "96", "Wildlife")] == 0  # published as '-00 '
    staffordshire = published_rows(shared_data, "Staffordshire")
    table = pfa.table.filter(pc.equal(pfa.table["area_name"], "Staffordshire"))
    assert pc.sum(table["offences"]).as_py() == sum(int(r[7].strip()) for r in staffordshire)


def test_national_fraud_bodies_are_kept_as_published(pfa):
    names = set(pfa.table["area_name"].to_pylist())
    assert {"Action Fraud", "CIFAS", "UK Finance", "Financial Fraud Action UK"} <= names
    assert len(names) == 44 + 4  # 43 forces and British Transport Police, plus the four fraud bodies


def test_negative_counts_are_kept_with_a_warning(pfa):
    assert pc.min(pfa.table["offences"]).as_py() == -45
    assert "36 rows have negative counts" in pfa.warnings[0]


def test_the_homicide_rows_published_four_times_under_a_merged_code_are_all_kept(pfa):
    homicide = pfa.table.filter(pc.equal(pfa.table["offence_code"], "1/4.1/4.10/4.2"))
    assert homicide.num_rows == 44 * 4 * 4


@pytest.mark.parametrize("csp_column", ["CSP Name", "Community Safety Partnership"])
def test_the_csp_layout_is_recognised_by_its_csp_column(tmp_path, shared_data, csp_column):
    rows = published_rows(shared_data, "Staffordshire")
    path = tmp_path / "prc-csp.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Financial Year", "Financial Quarter", "Force Name", csp_column, *HEADER.split(",")[3:]])
        writer.writerows([*r[:3], "Stoke-on-Trent", *r[3:]] for r in rows)
    crime = read_recorded_crime(path)
    assert crime.area_type == "csp"
    assert set(crime.table["area_name"].to_pylist()) == {"Stoke-on-Trent"}
    assert set(crime.table["force_name"].to_pylist()) == {"Staffordshire"}
    assert crime.table.num_rows == len(rows)


def write(tmp_path, *lines: str):
    path = tmp_path / "prc.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_count_that_is_not_a_number_names_its_line(tmp_path):
    path = write(tmp_path, HEADER, ROW, ROW.replace("56A, 7 ", "56B,n/a"))
    with pytest.raises(InputError, match=r"line 3: the number of offences in column 'Number of Offences' is 'n/a'"):
        read_recorded_crime(path)


def test_a_quarter_outside_one_to_four_is_refused(tmp_path):
    with pytest.raises(InputError, match="line 2: financial quarter '5' should be 1, 2, 3 or 4"):
        read_recorded_crime(write(tmp_path, HEADER, ROW.replace(",1,", ",5,")))


def test_a_financial_year_whose_years_do_not_follow_is_refused(tmp_path):
    with pytest.raises(InputError, match="line 2: financial year '2017/19' should be written like 2017/18"):
        read_recorded_crime(write(tmp_path, HEADER, ROW.replace("2017/18", "2017/19")))


@pytest.mark.parametrize("year", ["1066/67", "1999/00", "2099/00"])
def test_a_financial_year_no_partnership_could_have_is_refused(tmp_path, year):
    with pytest.raises(InputError, match=rf"line 3: financial year '{year}' is outside the years a partnership's "
                                         r"figures can cover \(2000 to \d{4}\)"):
        read_recorded_crime(write(tmp_path, HEADER, ROW, ROW.replace("2017/18", year)))


def test_rows_of_a_force_name_the_store_does_not_know_are_counted_with_an_example(tmp_path):
    path = write(tmp_path, HEADER, ROW, ROW.replace("Staffordshire", "Devon and Cornwall"),
                 ROW.replace("Staffordshire", "Action Fraud"), ROW.replace("Staffordshire", "E0101200"),
                 ROW.replace("Staffordshire", "E0101200").replace("56A", "56B"))
    known = {"Staffordshire", "Devon & Cornwall"}
    assert read_recorded_crime(path, known_forces=known).warnings == (
        f"{path}: 2 rows name forces cspkit does not know ('E0101200'; first on line 5): they are loaded, but match "
        "no police force area. Check the column 'Force Name'",
    )
    assert read_recorded_crime(path).warnings == ()


def test_a_row_repeated_under_a_single_offence_code_is_refused(tmp_path):
    with pytest.raises(
        InputError, match=r"line 3: Staffordshire, 2017/18 quarter 1, offence '56A' appears twice \(first on line 2\)"
    ):
        read_recorded_crime(write(tmp_path, HEADER, ROW, ROW))


def test_a_missing_column_is_named(tmp_path):
    header = HEADER.replace(",Number of Offences", "")
    with pytest.raises(
        InputError,
        match="line 1: this does not look like a Home Office police recorded crime table: "
        "no column 'Number of Offences'",
    ):
        read_recorded_crime(write(tmp_path, header, ROW.rsplit(",", 1)[0]))


def test_an_empty_force_name_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"line 2: the force \(column 'Force Name'\) is empty"):
        read_recorded_crime(write(tmp_path, HEADER, ROW.replace("Staffordshire", "")))
