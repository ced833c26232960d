"""Loading police.uk files: every row accounted for, reloads replace, bad files change nothing."""

from __future__ import annotations

import csv
import hashlib
import shutil
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from cspkit.errors import CspkitError, InputError
from cspkit.store import open_store
from cspkit.store.loaders.police_uk import load

MONTHS = [f"2022-{m:02d}" for m in range(1, 12)]


def street_file(folder: Path, month: str) -> Path:
    return folder / month / f"{month}-staffordshire-street.csv"


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def real_rows(shared_data: Path) -> dict[str, list[dict[str, str]]]:
    """The real Staffordshire rows, read with the csv module, by month."""
    return {month: read_rows(street_file(shared_data / "police-uk", month)) for month in MONTHS}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, shared_data):
    """A store holding the real Staffordshire files, loaded once for the read-only tests."""
    with open_store(tmp_path_factory.mktemp("loaded") / "evidence.duckdb") as opened:
        report = load(opened, [shared_data / "police-uk"])
        yield opened, report


def snapshot(store, *, load_ids: bool = True) -> dict:
    """Everything a police.uk load writes (row counts and a checksum of every row), comparable
    between two moments; without ``load_ids`` it ignores which load wrote what."""
    con = store.con
    dropped = "" if load_ids else " EXCLUDE (load_id)"
    state = {
        table: con.execute(
            f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM (SELECT *{dropped} FROM {table}) t").fetchone()
        for table in ("street_crimes", "outcomes", "stop_searches", "police_uk_files")
    }
    if load_ids:
        state["loads"] = con.execute("SELECT * FROM loads ORDER BY load_id").fetchall()
    return state


@pytest.mark.slow
def test_every_row_of_the_real_staffordshire_files_is_in_the_store(loaded, real_rows):
    store, report = loaded
    expected = Counter((month, row["Crime type"]) for month, rows in real_rows.items() for row in rows)
    found = store.con.execute(
        "SELECT strftime(month, '%Y-%m'), crime_type, count(*) FROM street_crimes GROUP BY ALL"
    ).fetchall()
    assert {(m, t): n for m, t, n in found} == expected
    assert sum(expected.values()) == report.rows == 102_793


@pytest.mark.slow
def test_rows_with_no_location_are_kept_and_counted(loaded, real_rows):
    store, _ = loaded
    expected = {m: sum(1 for r in rows if not r["Longitude"] or not r["LSOA code"]) for m, rows in real_rows.items()}
    found = dict(store.con.execute(
        "SELECT strftime(month, '%Y-%m'), rows_no_location FROM police_uk_files WHERE kind = 'street'").fetchall())
    assert found == expected
    assert sum(found.values()) == 569
    assert store.con.execute("SELECT count(*) FROM street_crimes WHERE longitude IS NULL").fetchone()[0] == 569


@pytest.mark.slow
def test_every_file_loaded_is_recorded_with_its_checksum_rows_and_time(loaded, real_rows, shared_data):
    store, _ = loaded
    recorded = store.con.execute(
        "SELECT source_file, sha256, rows, kind, loaded_at IS NOT NULL, detail->>'month' "
        "FROM loads ORDER BY source_file"
    ).fetchall()
    expected = [
        (str(street_file(shared_data / "police-uk", m)),
         hashlib.sha256(street_file(shared_data / "police-uk", m).read_bytes()).hexdigest(),
         len(real_rows[m]), "police-uk-street", True, m)
        for m in MONTHS
    ]
    assert recorded == expected


@pytest.mark.slow
def test_each_row_keeps_the_force_month_and_load_of_its_file(loaded):
    store, _ = loaded
    wrong = store.con.execute(
        "SELECT count(*) FROM street_crimes s JOIN police_uk_files f USING (load_id) "
        "WHERE s.force <> f.force OR s.month <> f.month OR s.force <> 'staffordshire'"
    ).fetchone()[0]
    assert wrong == 0
    sample = store.con.execute(
        "SELECT reported_by, falls_within, longitude, latitude, location, lsoa_code, lsoa_name, crime_type, "
        "last_outcome, context FROM street_crimes WHERE crime_id = "
        "'36213015dd1c3c1283b1bdbf6783794897fe6e96df972c6f776cbd6e84f584a9'"
    ).fetchall()
    assert sample == [("Staffordshire Police", "Staffordshire Police", -1.85034, 52.603083, "On or near Lydia Croft",
                       "E01009433", "Birmingham 001D", "Burglary", "Status update unavailable", None)]


@pytest.mark.slow
def test_loading_the_same_files_again_changes_nothing_but_the_load_log(store, shared_data):
    load(store, [shared_data / "police-uk"])
    before = snapshot(store, load_ids=False)
    report = load(store, [shared_data / "police-uk"])
    assert report.rows == 102_793
    assert snapshot(store, load_ids=False) == before
    assert before["street_crimes"][0] == 102_793
    assert store.con.execute("SELECT count(*) FROM loads").fetchone()[0] == 22
    assert store.con.execute(
        "SELECT count(*) FROM street_crimes WHERE load_id NOT IN (SELECT load_id FROM police_uk_files)"
    ).fetchone()[0] == 0


def test_a_revised_month_replaces_the_month_loaded_before(store, shared_data, tmp_path):
    may = street_file(shared_data / "police-uk", "2022-05")
    load(store, [may, street_file(shared_data / "police-uk", "2022-06")])
    revised = street_file(tmp_path, "2022-05")
    revised.parent.mkdir()
    revised.write_bytes(b"".join(may.read_bytes().splitlines(keepends=True)[:101]))
    load(store, [revised])
    counts = dict(store.con.execute(
        "SELECT strftime(month, '%Y-%m'), count(*) FROM street_crimes GROUP BY ALL").fetchall())
    assert counts == {"2022-05": 100, "2022-06": 10_633}
    assert store.con.execute("SELECT rows FROM police_uk_files WHERE month = DATE '2022-05-01'").fetchone() == (100,)


@pytest.mark.slow
def test_a_zip_archive_loads_the_same_rows_as_the_folder_without_unpacking(store, shared_data, tmp_path, real_rows):
    (tmp_path / "download").mkdir()
    archive = tmp_path / "download" / "staffordshire.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for month in MONTHS:
            out.write(street_file(shared_data / "police-uk", month), f"{month}/{month}-staffordshire-street.csv")
    report = load(store, [archive])
    assert report.rows == 102_793
    assert list(archive.parent.iterdir()) == [archive]
    recorded = store.con.execute("SELECT member, sha256, source_file FROM loads ORDER BY member").fetchall()
    assert recorded == [
        (f"{m}/{m}-staffordshire-street.csv",
         hashlib.sha256(street_file(shared_data / "police-uk", m).read_bytes()).hexdigest(), str(archive))
        for m in MONTHS
    ]
    by_type = Counter(row["Crime type"] for rows in real_rows.values() for row in rows)
    found = dict(store.con.execute("SELECT crime_type, count(*) FROM street_crimes GROUP BY ALL").fetchall())
    assert found == by_type


OUTCOMES_HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                   "LSOA code", "LSOA name", "Outcome type"]
STOP_AND_SEARCH = (
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing\r\n"
    "Person search,2022-01-04T10:00:00+00:00,False,,52.80,-2.11,Male,18-24,White - English,White,"
    "Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,False,False\r\n"
    "Vehicle search,2022-01-31T23:10:00+00:00,,,,,,,,,Police and Criminal Evidence Act 1984 (section 1),"
    "Stolen goods,Arrest,True,\r\n"
)


def test_outcomes_and_stop_and_search_files_load_into_their_own_tables(store, tmp_path, real_rows):
    crimes = [r for r in real_rows["2022-01"] if r["Crime ID"] and r["Last outcome category"]][:50]
    folder = tmp_path / "download"
    outcomes = folder / "2022-01" / "2022-01-staffordshire-outcomes.csv"
    outcomes.parent.mkdir(parents=True)
    with open(outcomes, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(OUTCOMES_HEADER)
        writer.writerows([*(r[c] for c in OUTCOMES_HEADER[:-1]), r["Last outcome category"]] for r in crimes)
    searches = folder / "2022-01" / "2022-01-staffordshire-stop-and-search.csv"
    searches.write_text(STOP_AND_SEARCH, encoding="utf-8")

    report = load(store, [folder])

    assert report.rows == 52
    loaded = store.con.execute("SELECT crime_id, outcome_type FROM outcomes ORDER BY crime_id").fetchall()
    assert loaded == sorted((r["Crime ID"], r["Last outcome category"]) for r in crimes)
    searches_loaded = store.con.execute(
        "SELECT force, month, search_type, latitude, longitude, outcome FROM stop_searches ORDER BY searched_at"
    ).fetchall()
    assert searches_loaded == [
        ("staffordshire", date(2022, 1, 1), "Person search", 52.80, -2.11, "A no further action disposal"),
        ("staffordshire", date(2022, 1, 1), "Vehicle search", None, None, "Arrest"),
    ]
    files = store.con.execute("SELECT kind, rows, rows_no_location FROM police_uk_files ORDER BY kind").fetchall()
    assert files == [("outcomes", 50, sum(1 for r in crimes if not r["Longitude"])), ("stop-and-search", 2, 1)]


# --- Bad input: each gets a clear error (file, line, problem) and leaves the store as it was ----


def _spoil_line(number: int, change):
    def spoil(lines: list[bytes]) -> None:
        lines[number - 1] = change(lines[number - 1])
    return spoil


def _set_field(index: int, value: bytes):
    def change(line: bytes) -> bytes:
        parts = line.rstrip(b"\r\n").split(b",")
        parts[index] = value
        return b",".join(parts) + b"\r\n"
    return change


BAD_FILES = {
    "wrong header": (_spoil_line(1, lambda h: h.replace(b"LSOA code", b"LSOA")), 1, "header should be: Crime ID,"),
    "missing header": (lambda lines: lines.pop(0), 1, "header should be"),
    "truncated": (lambda lines: lines.__setitem__(-1, lines[-1][:100]), 3000, "expected 12 fields, found"),
    "too many fields": (_spoil_line(57, lambda row: row.rstrip(b"\r\n") + b",surplus\r\n"), 57,
                        "expected 12 fields, found 13"),
    "name and Month disagree": (_spoil_line(2, lambda row: row.replace(b",2022-03,", b",2022-04,", 1)), 2,
                                "the file name says 2022-03 but Month is 2022-04"),
    "mixed forces": (_spoil_line(1500, lambda row: row.replace(b"Staffordshire Police,", b"West Midlands Police,", 1)),
                     1500, "more than one force: 'Staffordshire Police' and 'West Midlands Police'"),
    "not UTF-8": (_spoil_line(9, lambda row: row.replace(b"On or near", b"On or n\xe9ar", 1)), 9,
                  "bytes that are not UTF-8"),
    "empty": (lambda lines: lines.clear(), None, "the file is empty"),
    "outside Great Britain": (_spoil_line(700, _set_field(5, b"48.1")), 700, "outside Great Britain"),
    "bad LSOA code": (_spoil_line(800, _set_field(7, b"Birmingham")), 800, "'Birmingham' is not an LSOA code"),
    "no crime type": (_spoil_line(900, _set_field(9, b"")), 900, "Crime type is empty"),
    "not a number": (_spoil_line(1000, _set_field(4, b"west")), 1000, "Longitude 'west'"),
}


@pytest.fixture
def store_with_two_months(store, shared_data):
    load(store, [street_file(shared_data / "police-uk", m) for m in ("2022-01", "2022-02")])
    return store


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_gets_a_clear_error_and_leaves_the_store_unchanged(store_with_two_months, shared_data, tmp_path,
                                                                      case):
    spoil, line, problem = BAD_FILES[case]
    folder = tmp_path / "download"
    for month in ("2022-02", "2022-04"):
        street_file(folder, month).parent.mkdir(parents=True)
        shutil.copy(street_file(shared_data / "police-uk", month), street_file(folder, month))
    bad = street_file(folder, "2022-03")
    bad.parent.mkdir()
    lines = street_file(shared_data / "police-uk", "2022-03").read_bytes().splitlines(keepends=True)[:3000]
    spoil(lines)
    bad.write_bytes(b"".join(lines))
    before = snapshot(store_with_two_months)

    with pytest.raises(InputError) as error:
        load(store_with_two_months, [folder])

    assert (error.value.source, error.value.line) == (str(bad), line)
    assert problem in error.value.problem
    assert str(bad) in str(error.value)
    assert snapshot(store_with_two_months) == before


def test_a_zip_with_unrelated_files_is_refused_and_changes_nothing(store_with_two_months, shared_data, tmp_path):
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(street_file(shared_data / "police-uk", "2022-03"), "2022-03/2022-03-staffordshire-street.csv")
        out.writestr("budget.xlsx", b"PK")
    before = snapshot(store_with_two_months)
    with pytest.raises(InputError, match=r"download\.zip: the zip archive holds files that are not police\.uk data"):
        load(store_with_two_months, [archive])
    assert snapshot(store_with_two_months) == before


def test_a_bad_zip_member_is_named_inside_its_archive(store, shared_data, tmp_path):
    lines = street_file(shared_data / "police-uk", "2022-03").read_bytes().splitlines(keepends=True)[:100]
    lines[41] = lines[41].rstrip(b"\r\n") + b",surplus\r\n"
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("2022-03/2022-03-staffordshire-street.csv", b"".join(lines))
    with pytest.raises(InputError) as error:
        load(store, [archive])
    assert str(error.value) == (f"{archive}: 2022-03/2022-03-staffordshire-street.csv, line 42: "
                                "expected 12 fields, found 13")


def test_progress_is_reported_until_every_file_is_done(store, shared_data):
    calls = []
    load(store, [shared_data / "police-uk"], progress=lambda done, total, label: calls.append((done, total)))
    assert calls[0] == (0, 11)
    assert calls[-1] == (11, 11)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_an_option_that_police_uk_files_do_not_take_is_refused(store, shared_data):
    with pytest.raises(CspkitError, match="does not take the option --year"):
        load(store, [shared_data / "police-uk"], year=2022)


def test_a_file_whose_force_is_not_the_one_in_its_name_gives_a_warning(store, shared_data, tmp_path):
    renamed = tmp_path / "2022-01-west-midlands-street.csv"
    shutil.copy(street_file(shared_data / "police-uk", "2022-01"), renamed)
    report = load(store, [renamed])
    assert report.warnings == [
        f"{renamed}: the file name says west-midlands (West Midlands Police) but 'Reported by' is Staffordshire Police"
    ]


def test_crime_ids_repeated_in_a_file_are_warned_of_and_real_files_have_none(store, shared_data, tmp_path):
    january = street_file(shared_data / "police-uk", "2022-01")
    assert not [w for w in load(store, [january]).warnings if "Crime IDs" in w]
    pasted = street_file(tmp_path, "2022-02")
    pasted.parent.mkdir(parents=True)
    february = street_file(shared_data / "police-uk", "2022-02").read_bytes().splitlines(keepends=True)
    repeated = [line for line in february[1:101] if not line.startswith(b",")]  # rows with a Crime ID
    pasted.write_bytes(b"".join([*february, *repeated]))
    (warning,) = [w for w in load(store, [pasted]).warnings if "Crime IDs" in w]
    assert f"{len(repeated):,} Crime IDs appear more than once" in warning and str(pasted) in warning
