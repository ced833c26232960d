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


def test_a_file_for_one_quarter_replaces_that_quarter_and_says_what_it_removed(store, table, tmp_path):
    home_office.load(store, [table])
    revised = tmp_path / "revised.csv"
    revised.write_text(
        f"{HEADER}\n2017/18,1,Staffordshire,Arson endangering life,Criminal damage and arson,Arson,56A, 9 \n",
        encoding="utf-8",
    )
    report = home_office.load(store, [revised])
    assert store.con.execute(
        "SELECT financial_quarter, count(*) FROM ho_recorded_crime GROUP BY ALL ORDER BY ALL"
    ).fetchall() == [(1, 1), (2, 5767), (3, 5767), (4, 5767)]
    assert any(
        "figures held for 46 police force areas not in it (e.g. Action Fraud) were removed" in w
        for w in report.warnings
    )


def test_an_offence_subgroup_cspkit_does_not_know_is_warned_about(store, tmp_path):
    path = tmp_path / "new.csv"
    path.write_text(
        f"{HEADER}\n2023/24,1,Staffordshire,Something new,Novel offences,Novel subgroup,999, 3 \n", encoding="utf-8"
    )
    report = home_office.load(store, [path])
    assert "subgroup 'Novel subgroup' is not in cspkit's offence hierarchy" in report.warnings[0]


def test_a_failed_load_changes_nothing(store, table, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n2018/19,1,Staffordshire,Arson,Criminal damage and arson,Arson,56A,x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.csv, line 2"):
        home_office.load(store, [table, bad])
    assert store.con.execute(
        "SELECT (SELECT count(*) FROM ho_recorded_crime) + (SELECT count(*) FROM loads)"
    ).fetchone() == (0,)


def test_two_files_for_the_same_quarter_in_one_load_are_refused(store, table, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text(f"{HEADER}\n2017/18,3,Kent,Arson,Criminal damage and arson,Arson,56A,1\n", encoding="utf-8")
    with pytest.raises(CspkitError, match="both hold police force area figures for 2017/18 quarter 3"):
        home_office.load(store, [table, other])


def test_options_are_refused(store, table):
    with pytest.raises(CspkitError, match="--year does not apply to Home Office files"):
        home_office.load(store, [table], year=2017)
