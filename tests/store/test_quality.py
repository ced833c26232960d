"""Coverage and data-quality flags of the police.uk data in the store."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from cspkit.store import open_store
from cspkit.store.loaders.police_uk import load
from cspkit.store.quality import assess_quality, volume_ratios

MONTHS = [date(2022, m, 1) for m in range(1, 12)]
LSOA_TO_DISTRICT = "geography/lookup_lsoa11_ltla21.csv"
DISTRICT_TO_FORCE_AREA = "geography/lookup_ltla24_csp24_pfa24.csv"


def street_rows(shared_data: Path) -> list[dict[str, str]]:
    rows = []
    for path in sorted((shared_data / "police-uk").glob("*/*.csv")):
        with open(path, newline="", encoding="utf-8") as stream:
            rows.extend(csv.DictReader(stream))
    return rows


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, shared_data):
    """The real Staffordshire files in a store with no lookups loaded."""
    with open_store(tmp_path_factory.mktemp("quality") / "evidence.duckdb") as opened:
        load(opened, [shared_data / "police-uk"])
        yield opened


def add_lookups(con, shared_data: Path) -> None:
    """The real ONS lookups as the lookup loader stores them: LSOA -> district -> police force area."""
    con.execute(
        "INSERT INTO areas SELECT lsoa11_code, lsoa11_name, 'lsoa', '2011', 0 FROM read_csv(?)",
        [str(shared_data / LSOA_TO_DISTRICT)],
    )
    con.execute(
        "INSERT INTO area_links SELECT lsoa11_code, 'lsoa', '2011', ltla21_code, 'lad', '2021', 0 FROM read_csv(?)",
        [str(shared_data / LSOA_TO_DISTRICT)],
    )
    con.execute(
        "INSERT INTO area_links SELECT DISTINCT ltla24_code, 'lad', '2024', pfa24_code, 'pfa', '2024', 0 "
        "FROM read_csv(?)",
        [str(shared_data / DISTRICT_TO_FORCE_AREA)],
    )


@pytest.fixture
def with_lookups(loaded, shared_data):
    """The loaded store with the lookups added for one test, then taken away again."""
    loaded.con.execute("BEGIN TRANSACTION")
    try:
        add_lookups(loaded.con, shared_data)
        yield loaded
    finally:
        loaded.con.execute("ROLLBACK")


def test_volume_ratios_compare_rows_per_day_with_the_median_of_the_other_months():
    rows = {date(2022, 1, 1): 310, date(2022, 2, 1): 280, date(2022, 3, 1): 620, date(2022, 4, 1): 300}
    ratios = volume_ratios(rows)
    # Every month runs at 10 a day except March at 20: the others' median is 10 a day.
    assert ratios[date(2022, 3, 1)] == pytest.approx(2.0)
    assert ratios[date(2022, 2, 1)] == pytest.approx(1.0)
    assert ratios[date(2022, 1, 1)] == pytest.approx(1.0)


def test_volume_ratios_need_at_least_three_other_months():
    assert volume_ratios({date(2022, m, 1): 100 * m for m in (1, 2, 3)}) == {}


@pytest.mark.slow
def test_the_low_staffordshire_months_of_early_2022_are_flagged_and_no_others(loaded):
    report = assess_quality(loaded.con)
    volume = [(f.flag, f.month) for f in report.flags if f.flag.endswith("volume")]
    assert volume == [("low volume", date(2022, m, 1)) for m in (1, 2, 3)]
    assert "January 2022 has 38% fewer records per day" in report.flags[0].message


@pytest.mark.slow
def test_one_common_crime_types_odd_month_is_flagged_for_that_type_only(loaded, shared_data):
    """In months of the usual size, Staffordshire's 2022 files hold 1,045 ASB records in November against
    1,794 to 2,189 a month from April to October, 698 shoplifting records in April against about 410, and
    265 vehicle crimes in May against about 520 (counted here from the CSV files). Each is flagged for its
    type alone, and is not counted as a flagged month; January to March, whose whole files are low, are
    not flagged again type by type."""
    counted = Counter((row["Crime type"], row["Month"]) for row in street_rows(shared_data))
    assert (counted["Anti-social behaviour", "2022-11"], counted["Shoplifting", "2022-04"],
            counted["Vehicle crime", "2022-05"]) == (1045, 698, 265)
    report = assess_quality(loaded.con)
    odd = [(f.flag, f.month, f.rows, f.message.split(" records per day")[0]) for f in report.flags
           if f.flag.startswith("one crime type")]
    assert sorted(odd, key=lambda flag: flag[1]) == [
        ("one crime type high", date(2022, 4, 1), 698, "April 2022 has 78% more shoplifting"),
        ("one crime type low", date(2022, 5, 1), 265, "May 2022 has 50% fewer vehicle crime"),
        ("one crime type low", date(2022, 11, 1), 1045, "November 2022 has 46% fewer anti-social behaviour"),
    ]
    assert counted["Vehicle crime", "2022-01"] < 0.6 * 520  # low too, but its whole file is flagged already


@pytest.mark.slow
def test_coverage_lists_each_month_loaded_with_its_rows(loaded, shared_data):
    report = assess_quality(loaded.con)
    counted = Counter(row["Month"] for row in street_rows(shared_data))
    assert [(c.force, c.kind, c.month) for c in report.coverage] == [("staffordshire", "street", m) for m in MONTHS]
    assert {f"{c.month:%Y-%m}": c.rows for c in report.coverage} == counted
    assert {c.force_name for c in report.coverage} == {"Staffordshire Police"}
    assert all(c.source_file.endswith("-staffordshire-street.csv") and c.loaded_at for c in report.coverage)


@pytest.mark.slow
def test_rows_with_no_location_are_counted_per_month_and_in_total(loaded, shared_data):
    report = assess_quality(loaded.con)
    expected = Counter(r["Month"] for r in street_rows(shared_data) if not r["Longitude"] and not r["LSOA code"])
    assert {f"{c.month:%Y-%m}": c.rows_no_location for c in report.coverage} == expected
    (flag,) = [f for f in report.flags if f.flag == "no location"]
    assert flag.rows == 569
    assert flag.message.startswith("569 of 102,793 police.uk crime and ASB records (0.6%) have neither coordinates "
                                   "nor an LSOA code")


STREET_HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
                 "Last outcome category,Context")


def street_file(folder: Path, *places: str) -> Path:
    """A street file of one row per place ('longitude,latitude,LSOA code', any part blank)."""
    path = folder / "2022-01-staffordshire-street.csv"
    rows = [f"{i:064x},2022-01,Staffordshire Police,Staffordshire Police,{lon},{lat},On or near X,{lsoa},"
            f"Stoke 001A,Burglary,,"
            for i, (lon, lat, lsoa) in enumerate(place.split(",") for place in places)]
    path.write_text("\n".join([STREET_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_rows_without_coordinates_without_an_lsoa_or_without_both_are_kept_apart(store, tmp_path):
    load(store, [street_file(tmp_path, "-2.18,53.0,E01014210", "-2.18,53.0,", ",,E01014210", ",,E01014210", ",,")])
    report = assess_quality(store.con)
    (month,) = report.coverage
    assert (month.rows_no_location, month.rows_no_lsoa, month.rows_no_coordinates) == (1, 1, 2)
    assert {"no location", "no LSOA", "no coordinates"} <= set(month.flags)
    messages = {f.flag: f.message for f in report.flags if f.month is None}
    # records, as a reader calls them, not a file's "street rows"
    assert messages["no location"] == ("1 of 5 police.uk crime and ASB records (20.0%) have neither coordinates nor "
                                       "an LSOA code, so they cannot be counted in any area")
    assert messages["no LSOA"].startswith("1 of 5 police.uk crime and ASB records (20.0%) have coordinates but no "
                                          "LSOA code")
    assert messages["no coordinates"] == ("2 of 5 police.uk crime and ASB records (40.0%) have an LSOA code but no "
                                          "coordinates: they are counted in their area but left out of maps, grid hot "
                                          "spots and repeat locations")


@pytest.mark.slow
def test_without_lookups_the_area_checks_say_they_were_not_run(loaded):
    report = assess_quality(loaded.con)
    assert all(c.rows_lsoa_not_in_lookup is None and c.rows_outside_force_area is None for c in report.coverage)
    assert len(report.notes) == 2
    assert "no LSOA lookup is loaded" in report.notes[0]
    assert "do not link LSOAs to police force areas" in report.notes[1]


@pytest.mark.slow
def test_lsoas_the_loaded_lookup_does_not_know_are_counted(with_lookups, shared_data):
    dropped = ("E01029433", "E01009433")  # a Staffordshire LSOA and a Birmingham one
    with_lookups.con.execute("DELETE FROM areas WHERE code IN (SELECT unnest(?))", [list(dropped)])
    with_lookups.con.execute("DELETE FROM area_links WHERE child_code IN (SELECT unnest(?))", [list(dropped)])
    report = assess_quality(with_lookups.con)
    expected = Counter(r["Month"] for r in street_rows(shared_data) if r["LSOA code"] in dropped)
    assert {f"{c.month:%Y-%m}": c.rows_lsoa_not_in_lookup for c in report.coverage} == {
        f"{m:%Y-%m}": expected.get(f"{m:%Y-%m}", 0) for m in MONTHS
    }
    (flag,) = [f for f in report.flags if f.flag == "LSOA not in lookup"]
    assert flag.rows == sum(expected.values()) > 0


@pytest.mark.slow
def test_crimes_recorded_outside_the_force_area_are_counted(with_lookups, shared_data):
    with open(shared_data / LSOA_TO_DISTRICT, newline="", encoding="utf-8") as stream:
        district_of = {r["lsoa11_code"]: r["ltla21_code"] for r in csv.DictReader(stream)}
    with open(shared_data / DISTRICT_TO_FORCE_AREA, newline="", encoding="utf-8") as stream:
        force_area_of = {r["ltla24_code"]: r["pfa24_code"] for r in csv.DictReader(stream)}
    outside = Counter(
        r["Month"] for r in street_rows(shared_data)
        if force_area_of.get(district_of.get(r["LSOA code"]), "E23000015") != "E23000015"
    )

    report = assess_quality(with_lookups.con)

    assert {f"{c.month:%Y-%m}": c.rows_outside_force_area for c in report.coverage} == outside
    (flag,) = [f for f in report.flags if f.flag == "outside force area"]
    assert flag.rows == sum(outside.values()) > 0
    assert report.notes == []
    assert all(c.rows_lsoa_not_in_lookup == 0 for c in report.coverage)


def test_a_month_missing_between_loaded_months_is_flagged(store, shared_data, tmp_path):
    folder = tmp_path / "download"
    shutil.copytree(shared_data / "police-uk", folder, ignore=shutil.ignore_patterns("2022-06*"))
    load(store, [folder])
    report = assess_quality(store.con)
    june = [c for c in report.coverage if c.month == date(2022, 6, 1)]
    assert [(c.rows, c.flags) for c in june] == [(None, ("missing month",))]
    (flag,) = [f for f in report.flags if f.flag == "missing month"]
    assert flag.message == "no street file for 2022-06, between the force's first and last street files"


def test_each_force_is_judged_against_its_own_months_and_different_spans_get_a_note(store, shared_data, tmp_path):
    # Staffordshire without June, and a second force with only March to May of the same year.
    folder = tmp_path / "download"
    shutil.copytree(shared_data / "police-uk", folder, ignore=shutil.ignore_patterns("2022-06*"))
    for month in ("2022-03", "2022-04", "2022-05"):
        source = shared_data / "police-uk" / month / f"{month}-staffordshire-street.csv"
        # a second force's file: not a byte-for-byte copy, which would be refused as counted twice
        lines = source.read_bytes().splitlines(keepends=True)
        (folder / month / f"{month}-west-mercia-street.csv").write_bytes(b"".join(lines[:-1]))
    load(store, [folder])

    report = assess_quality(store.con)

    missing = [(c.force, c.month) for c in report.coverage if "missing month" in c.flags]
    assert missing == [("staffordshire", date(2022, 6, 1))]
    assert {c.month for c in report.coverage if c.force == "west-mercia"} == {date(2022, m, 1) for m in (3, 4, 5)}
    (note,) = [n for n in report.notes if "different months" in n]
    assert "staffordshire 2022-01..2022-11" in note and "west-mercia 2022-03..2022-05" in note
    frame = report.coverage_frame()
    assert str(frame["rows"].dtype) == "Int64" and frame["rows"].isna().sum() == 1
    written = list(csv.DictReader(io.StringIO(frame.to_csv(index=False))))
    assert {r["rows"] for r in written if r["month"] == "2022-06-01"} == {""}
    assert all(r["rows"].isdigit() for r in written if r["month"] != "2022-06-01")  # 734, never 734.0


def test_an_empty_store_has_no_coverage_and_no_flags(store):
    report = assess_quality(store.con)
    assert (report.coverage, report.flags) == ([], [])
