"""Real police.uk outcomes files of two vintages load through the real reader and are counted exactly.

The extracts (tests/sources/data/police-uk-real/, see its README for the source) are the first rows
of three vintages: Metropolitan Police, January 2012 (court results only: "Offender sent to
prison", "Defendant found not guilty"); Metropolitan Police, June 2019 (police outcomes: "Suspect
charged", "Local resolution", "Investigation complete; no suspect identified", rows with "No
location", one Crime ID with two outcomes in the month); City of London Police, February 2026
("Unable to prosecute suspect", "Further investigation is not in the public interest", 2021
LSOAs, a row published twice). Every count is checked against Python's csv module.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from cspkit.assess.outcomes import CHARGED, NO_SUSPECT, OTHER, OUT_OF_COURT, UNABLE, broad_outcome
from cspkit.store.loaders.police_uk import load

REAL = Path(__file__).parent / "data" / "police-uk-real"
OUTCOME_FILES = sorted(REAL.rglob("*-outcomes.csv"))


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as stream:
        return list(csv.DictReader(stream))


def test_the_extracts_are_two_vintages_of_the_published_layout():
    assert [p.name for p in OUTCOME_FILES] == [
        "2012-01-metropolitan-outcomes.csv", "2019-06-metropolitan-outcomes.csv", "2026-02-city-of-london-outcomes.csv"]
    for path in OUTCOME_FILES:
        with open(path, newline="", encoding="utf-8") as stream:
            assert next(csv.reader(stream)) == [
                "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                "LSOA code", "LSOA name", "Outcome type"]


def test_real_outcomes_files_load_and_are_counted_exactly(store):
    report = load(store, OUTCOME_FILES)
    expected = {p.name[:7]: len(rows_of(p)) for p in OUTCOME_FILES}
    found = dict(store.con.execute(
        "SELECT strftime(month, '%Y-%m'), count(*) FROM outcomes GROUP BY ALL").fetchall())
    assert found == expected == {"2012-01": 30, "2019-06": 30, "2026-02": 25}
    assert report.rows == 85

    by_type = Counter((r["Month"], r["Outcome type"]) for p in OUTCOME_FILES for r in rows_of(p))
    held = store.con.execute(
        "SELECT strftime(month, '%Y-%m'), outcome_type, count(*) FROM outcomes GROUP BY ALL").fetchall()
    assert {(m, t): n for m, t, n in held} == dict(by_type)


def test_rows_without_a_location_are_kept_and_counted(store):
    load(store, OUTCOME_FILES)
    no_location = {p.name[:7]: sum(1 for r in rows_of(p) if not r["Longitude"]) for p in OUTCOME_FILES}
    assert no_location == {"2012-01": 0, "2019-06": 22, "2026-02": 6}
    recorded = dict(store.con.execute(
        "SELECT strftime(month, '%Y-%m'), rows_no_location FROM police_uk_files WHERE kind = 'outcomes'").fetchall())
    assert recorded == no_location
    stored = store.con.execute(
        "SELECT count(*) FROM outcomes WHERE longitude IS NULL AND location = 'No location'").fetchone()[0]
    assert stored == 28


def test_a_crime_with_two_outcomes_in_one_month_keeps_both_rows(store):
    load(store, OUTCOME_FILES)
    repeated = Counter(r["Crime ID"] for r in rows_of(REAL / "2019-06" / "2019-06-metropolitan-outcomes.csv"))
    twice = [crime for crime, n in repeated.items() if n > 1]
    assert len(twice) == 1
    held = store.con.execute(
        "SELECT outcome_type FROM outcomes WHERE crime_id = ? ORDER BY outcome_type", twice).fetchall()
    assert [t for (t,) in held] == ["Investigation complete; no suspect identified", "Suspect charged"]


def test_both_vintages_wording_falls_into_the_broad_outcomes_counted_by_hand():
    # 2012-01: all 30 are court results (prison 7, community sentence 8, fined 5, suspended 4,
    # not guilty 2, conditional discharge 2, court case unable to proceed 2) -> charged or summonsed.
    # 2019-06: charged 14; local resolution 7 + caution 4 + penalty notice 4 = 15 out of court; no suspect 1.
    counted = {p.name[:7]: Counter(broad_outcome(r["Outcome type"]) for r in rows_of(p)) for p in OUTCOME_FILES}
    # 2026-02: charged 11; unable to prosecute 7; no suspect 4; not in the public interest 2; caution 1.
    assert counted == {
        "2012-01": {CHARGED: 30},
        "2019-06": {CHARGED: 14, OUT_OF_COURT: 15, NO_SUSPECT: 1},
        "2026-02": {CHARGED: 11, UNABLE: 7, NO_SUSPECT: 4, OTHER: 2, OUT_OF_COURT: 1},
    }


def test_a_row_published_twice_is_kept_twice(store):
    # police.uk files sometimes repeat a row exactly (2026-02, Angel Lane); the store keeps what was published.
    load(store, OUTCOME_FILES)
    path = REAL / "2026-02" / "2026-02-city-of-london-outcomes.csv"
    lines = Counter(path.read_text(encoding="utf-8").splitlines()[1:])
    repeated = [line for line, n in lines.items() if n > 1]
    assert len(repeated) == 1
    crime_id = repeated[0].split(",")[0]
    held = store.con.execute("SELECT count(*) FROM outcomes WHERE crime_id = ?", [crime_id]).fetchone()[0]
    assert held == 2
