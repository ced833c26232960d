"""The national benchmark archive: police.uk layout, realistic values, deterministic, scalable."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from cspkit.demo.national import split_counts, write_national_archive

from .files import read_rows

SMALL = {"forces": 3, "months": 4, "rows_per_force_month": 1500, "lsoas_per_force": 60}


def digest(paths: list[Path]) -> str:
    total = hashlib.sha256()
    for path in paths:
        total.update(path.read_bytes())
    return total.hexdigest()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_national_archive(tmp_path_factory.mktemp("national"), seed=7, **SMALL)


@pytest.fixture(scope="module")
def rows(archive: list[Path]) -> list[dict[str, str]]:
    return read_rows(archive)


@pytest.fixture(scope="module")
def real_rows(shared_data: Path) -> list[dict[str, str]]:
    return read_rows(sorted((shared_data / "police-uk").glob("*/*-street.csv")))


def test_files_are_laid_out_like_a_police_uk_archive_download(archive: list[Path]) -> None:
    assert len(archive) == 3 * 4
    months = {path.parent.name for path in archive}
    assert months == {"2023-10", "2023-11", "2023-12", "2024-01"}
    for path in archive:
        assert re.fullmatch(rf"{path.parent.name}-[a-z]+(-[a-z]+)*-street\.csv", path.name)
    assert len({path.name.split("-", 2)[2] for path in archive}) == 3


def test_each_file_starts_with_the_same_header_bytes_and_line_endings_as_a_real_file(
    archive: list[Path], shared_data: Path
) -> None:
    real = next((shared_data / "police-uk").glob("*/*-street.csv")).read_bytes()
    real_header = real[: real.index(b"\n") + 1]
    for path in archive:
        data = path.read_bytes()
        assert data.startswith(real_header)
        assert data.count(b"\n") == data.count(b"\r\n")
        assert b'"' not in data


def test_crime_types_and_outcome_categories_are_those_police_uk_publishes(rows, real_rows) -> None:
    assert {r["Crime type"] for r in rows} == {r["Crime type"] for r in real_rows}
    assert {r["Last outcome category"] for r in rows} <= {r["Last outcome category"] for r in real_rows}


def test_crime_type_mix_is_close_to_real_street_data(rows, real_rows) -> None:
    # Within a fifth of one real force's shares: forces differ from each other by about that much.
    ours, real = Counter(r["Crime type"] for r in rows), Counter(r["Crime type"] for r in real_rows)
    for crime_type in ("Anti-social behaviour", "Violence and sexual offences", "Criminal damage and arson"):
        assert ours[crime_type] / len(rows) == pytest.approx(real[crime_type] / len(real_rows), rel=0.2)


def test_asb_rows_have_no_crime_id_or_outcome_and_crimes_have_a_64_hex_id(rows) -> None:
    for row in rows:
        if row["Crime type"] == "Anti-social behaviour":
            assert row["Crime ID"] == "" and row["Last outcome category"] == ""
        else:
            assert re.fullmatch(r"[0-9a-f]{64}", row["Crime ID"])
            assert row["Last outcome category"] != ""
    ids = [row["Crime ID"] for row in rows if row["Crime ID"]]
    assert len(set(ids)) == len(ids)


def test_located_rows_have_six_decimal_coordinates_in_great_britain_and_an_lsoa(rows) -> None:
    located = [row for row in rows if row["Location"] != "No Location"]
    for row in located:
        assert re.fullmatch(r"-?\d+\.\d{6}", row["Longitude"]) and re.fullmatch(r"\d+\.\d{6}", row["Latitude"])
        assert -6.0 < float(row["Longitude"]) < 1.8 and 50.0 < float(row["Latitude"]) < 55.8
        assert row["Location"].startswith("On or near ")
        assert re.fullmatch(r"E01[89]\d{5}", row["LSOA code"])
        assert re.fullmatch(r"[A-Z][a-z]+ \d{3}[A-E]", row["LSOA name"])


def test_about_half_a_percent_of_rows_have_no_location_and_then_no_coordinates_or_lsoa(rows) -> None:
    unlocated = [row for row in rows if row["Location"] == "No Location"]
    assert 0.002 < len(unlocated) / len(rows) < 0.01
    for row in unlocated:
        assert row["Longitude"] == row["Latitude"] == row["LSOA code"] == row["LSOA name"] == ""


def test_an_lsoa_code_keeps_one_name_and_one_force_in_every_month(rows) -> None:
    names, forces = {}, {}
    for row in rows:
        if row["LSOA code"]:
            assert names.setdefault(row["LSOA code"], row["LSOA name"]) == row["LSOA name"]
            assert forces.setdefault(row["LSOA code"], row["Reported by"]) == row["Reported by"]


def test_rows_are_ordered_like_police_uk_by_lsoa_then_crime_type_with_no_location_last(archive) -> None:
    for path in archive:
        rows = read_rows([path])
        located = [(r["LSOA name"], r["Crime type"]) for r in rows if r["LSOA code"]]
        assert located == sorted(located)
        assert all(not r["LSOA code"] for r in rows[len(located) :])


def test_crime_concentrates_in_a_minority_of_lsoas_and_repeats_at_the_same_points(rows) -> None:
    per_lsoa = sorted(Counter(r["LSOA code"] for r in rows if r["LSOA code"]).values(), reverse=True)
    top_fifth = per_lsoa[: len(per_lsoa) // 5]
    assert sum(top_fifth) / sum(per_lsoa) > 0.35
    per_point = Counter((r["Longitude"], r["Latitude"]) for r in rows if r["LSOA code"])
    assert max(per_point.values()) >= 20


def test_the_archive_holds_about_forces_times_months_times_rows(rows) -> None:
    assert len(rows) == pytest.approx(3 * 4 * 1500, rel=0.1)


def test_asb_peaks_in_summer_and_burglary_in_winter(tmp_path: Path) -> None:
    paths = write_national_archive(
        tmp_path, forces=1, months=12, rows_per_force_month=4000, first_month="2024-01", lsoas_per_force=20
    )
    by_month = Counter((r["Month"][5:], r["Crime type"]) for r in read_rows(paths))
    assert by_month["07", "Anti-social behaviour"] > 1.3 * by_month["01", "Anti-social behaviour"]
    assert by_month["12", "Burglary"] > 1.15 * by_month["06", "Burglary"]


def test_recent_crimes_are_more_often_still_under_investigation(rows) -> None:
    def share(month: str) -> float:
        crimes = [r for r in rows if r["Month"] == month and r["Crime ID"]]
        return sum(r["Last outcome category"] == "Under investigation" for r in crimes) / len(crimes)

    assert share("2024-01") > 0.4 > 0.1 > share("2023-10")


def test_the_same_seed_writes_byte_identical_files_and_another_seed_does_not(tmp_path: Path, archive) -> None:
    again = write_national_archive(tmp_path / "again", seed=7, **SMALL)
    other = write_national_archive(tmp_path / "other", seed=8, **SMALL)
    assert [p.name for p in again] == [p.name for p in archive]
    assert digest(again) == digest(archive)
    assert digest(other) != digest(archive)


def test_split_counts_gives_non_empty_parts_that_sum_to_the_total() -> None:
    assert split_counts(10, [0.5, 0.5]).tolist() == [5, 5]
    counts = split_counts(10, [0.7, 0.299, 0.001])
    assert counts.sum() == 10 and counts.min() == 1 and counts[0] > counts[1]
    with pytest.raises(ValueError, match="cannot split"):
        split_counts(2, [1, 1, 1])
