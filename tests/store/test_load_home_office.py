"""Loading Home Office tables: every row kept, whole quarters replaced on reload, failed loads
change nothing."""

from __future__ import annotations

import csv

import pytest

from cspkit.errors import CspkitError, InputError
from cspkit.store.loaders import home_office

HEADER = (
    "Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,"
    "Offence Code,Number of Offences"
)


@pytest.fixture
def table(shared_data):
    return shared_data / "home-office" / "prc-pfa-mar2013-onwards-tables201718.csv"


def staffordshire_total(table) -> int:
    with open(table, encoding="utf-8") as f:
        return sum(int(row[7].strip()) for row in csv.reader(f) if row[2] == "Staffordshire")


def test_every_published_row_is_stored_and_adds_up(store, table):
    report = home_office.load(store, [table])
    assert report.rows == 23068
    assert store.con.execute("SELECT count(*) FROM ho_recorded_crime").fetchone() == (23068,)
    stored = store.con.execute(
        "SELECT sum(offences) FROM ho_recorded_crime WHERE area_name = 'Staffordshire' AND area_type = 'pfa'"
    ).fetchone()[0]
    assert stored == staffordshire_total(table)
    assert not any("offence hierarchy" in w for w in report.warnings)  # every subgroup maps


def test_loading_the_same_table_twice_counts_it_once(store, table):
    home_office.load(store, [table])
    home_office.load(store, [table])
    assert store.con.execute("SELECT count(*), count(DISTINCT load_id) FROM ho_recorded_crime").fetchone() == (23068, 1)


def test_a_file_for_one_area_and_quarter_replaces_that_area_and_quarter_only(store, table, tmp_path):
    """A revision of one force's quarter replaces that force's quarter; every other area is kept (a
    second extract of one force used to remove the first force's figures, warning only afterwards)."""
    home_office.load(store, [table])
    before = dict(store.con.execute(
        "SELECT area_name = 'Staffordshire' AND financial_quarter = 1, count(*) FROM ho_recorded_crime GROUP BY ALL"
    ).fetchall())
    revised = tmp_path / "revised.csv"
    revised.write_text(
        f"{HEADER}\n2017/18,1,Staffordshire,Arson endangering life,Criminal damage and arson,Arson,56A, 9 \n",
        encoding="utf-8",
    )
    report = home_office.load(store, [revised])
    after = dict(store.con.execute(
        "SELECT area_name = 'Staffordshire' AND financial_quarter = 1, count(*) FROM ho_recorded_crime GROUP BY ALL"
    ).fetchall())
    assert before[True] > 1 and after == {True: 1, False: before[False]}
    assert not [w for w in report.warnings if "removed" in w]


def test_an_offence_subgroup_cspkit_does_not_know_is_warned_about(store, tmp_path):
    path = tmp_path / "new.csv"
    path.write_text(
        f"{HEADER}\n2023/24,1,Staffordshire,Something new,Novel offences,Novel subgroup,999, 3 \n", encoding="utf-8"
    )
    report = home_office.load(store, [path])
    assert "subgroup 'Novel subgroup' is not in cspkit's offence hierarchy" in report.warnings[0]


def test_a_force_name_cspkit_does_not_know_is_warned_about(store, tmp_path):
    path = tmp_path / "typed.csv"
    path.write_text(f"{HEADER}\n2017/18,1,E0101200,Arson endangering life,Criminal damage and arson,Arson,56A, 7 \n"
                    "2017/18,1,Devon and Cornwall,Arson endangering life,Criminal damage and arson,Arson,56A, 7 \n",
                    encoding="utf-8")
    report = home_office.load(store, [path])
    assert [w for w in report.warnings if "force cspkit does not know ('E0101200'; first on line 2)" in w]
    assert not [w for w in report.warnings if "Devon" in w]


def test_a_failed_load_changes_nothing(store, table, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n2018/19,1,Staffordshire,Arson,Criminal damage and arson,Arson,56A,x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.csv, line 2"):
        home_office.load(store, [table, bad])
    assert store.con.execute(
        "SELECT (SELECT count(*) FROM ho_recorded_crime) + (SELECT count(*) FROM loads)"
    ).fetchone() == (0,)


def test_two_files_for_the_same_area_and_quarter_in_one_load_are_refused(store, table, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text(f"{HEADER}\n2017/18,3,Kent,Arson,Criminal damage and arson,Arson,56A,1\n", encoding="utf-8")
    with pytest.raises(CspkitError, match="both hold police force area figures for Kent, 2017/18 quarter 3"):
        home_office.load(store, [table, other])


def test_extracts_of_two_forces_sit_side_by_side(store, tmp_path):
    for force, count in (("Staffordshire", 9), ("West Midlands", 30)):
        extract = tmp_path / f"{force}.csv"
        extract.write_text(f"{HEADER}\n2017/18,1,{force},Arson,Criminal damage and arson,Arson,56A,{count}\n",
                           encoding="utf-8")
        home_office.load(store, [extract])
    assert store.con.execute("SELECT area_name, offences FROM ho_recorded_crime ORDER BY 1").fetchall() == [
        ("Staffordshire", 9), ("West Midlands", 30)]


def test_options_are_refused(store, table):
    with pytest.raises(CspkitError, match="--year does not apply to Home Office files"):
        home_office.load(store, [table], year=2017)
