"""The demo's police.uk archive: exact file layout, and outcomes that follow their crimes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from cspkit.demo.partnership import DemoFiles
from cspkit.demo.police_uk_files import OUTCOME_DELAY, settle_delays
from cspkit.demo.police_uk_format import OUTCOME_COLUMNS
from cspkit.sources.police_uk import parse_file_name

from .files import first_line, read_rows


def test_street_files_have_the_header_and_line_endings_of_a_real_download(demo: DemoFiles, shared_data: Path) -> None:
    real = first_line(next((shared_data / "police-uk").glob("*/*-street.csv")))
    for path in demo.files["police_uk"]:
        if path.name.endswith("-street.csv"):
            assert first_line(path) == real
            data = path.read_bytes()
            assert data.count(b"\n") == data.count(b"\r\n")


def test_outcome_files_have_the_published_outcomes_header(demo: DemoFiles) -> None:
    for path in demo.files["police_uk"]:
        if path.name.endswith("-outcomes.csv"):
            assert first_line(path) == (",".join(OUTCOME_COLUMNS) + "\r\n").encode()


def test_file_names_parse_as_police_uk_names_for_every_month(demo: DemoFiles) -> None:
    for path in demo.files["police_uk"]:
        month, force, kind = parse_file_name(path.name)
        assert force == "mercia-vale" and path.parent.name == f"{month:%Y-%m}"
        assert kind in ("street", "outcomes", "stop-and-search")
    assert len(demo.files["police_uk"]) == 3 * 36


# The header of data.police.uk stop-and-search files since 2016 (e.g. 2022-01-staffordshire-stop-and-search.csv).
PUBLISHED_STOP_AND_SEARCH_HEADER = (
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing"
)


def test_stop_and_search_files_have_the_published_header_and_dates_in_their_month(demo: DemoFiles) -> None:
    files = [p for p in demo.files["police_uk"] if p.name.endswith("-stop-and-search.csv")]
    assert len(files) == 36
    for path in files:
        assert first_line(path) == (PUBLISHED_STOP_AND_SEARCH_HEADER + "\r\n").encode()
    rows = read_rows(files[:3])
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+00:00", r["Date"]) for r in rows)
    assert {r["Outcome linked to object of search"] for r in rows} <= {"True", "False", ""}


def test_street_values_look_like_police_uk_values(street, shared_data: Path) -> None:
    real = read_rows([next((shared_data / "police-uk").glob("*/*-street.csv"))])
    assert {r["Crime type"] for r in street} == {r["Crime type"] for r in real}
    for row in street:
        assert row["Reported by"] == row["Falls within"] == "Mercia Vale Police"
        if row["Crime type"] == "Anti-social behaviour":
            assert row["Crime ID"] == row["Last outcome category"] == ""
        else:
            assert re.fullmatch(r"[0-9a-f]{64}", row["Crime ID"])
        if row["Location"] == "No Location":
            assert row["Longitude"] == row["Latitude"] == row["LSOA code"] == ""
        else:
            assert row["Location"].startswith("On or near ") and re.fullmatch(r"-?\d\.\d{6}", row["Longitude"])


def test_every_outcome_of_an_archived_crime_comes_after_it_at_the_same_place(street, outcome_rows) -> None:
    crimes = {r["Crime ID"]: r for r in street if r["Crime ID"]}
    archived = [o for o in outcome_rows if o["Crime ID"] in crimes]
    assert len(archived) > 0.9 * len(outcome_rows)
    for outcome in archived:
        crime = crimes[outcome["Crime ID"]]
        assert crime["Month"] <= outcome["Month"]
        assert (crime["Longitude"], crime["Location"], crime["LSOA code"]) == (
            outcome["Longitude"],
            outcome["Location"],
            outcome["LSOA code"],
        )


def test_early_outcome_files_also_settle_crimes_reported_before_the_archive(street, outcome_rows) -> None:
    archived = {r["Crime ID"] for r in street if r["Crime ID"]}

    def earlier_share(first: str, last: str) -> float:
        rows = [o for o in outcome_rows if first <= o["Month"] <= last]
        return sum(o["Crime ID"] not in archived for o in rows) / len(rows)

    assert earlier_share("2023-10", "2023-12") > 0.3 and earlier_share("2025-10", "2026-09") == 0


def test_outcomes_agree_with_the_last_outcome_shown_in_street_files(street, outcome_rows) -> None:
    last = {r["Crime ID"]: r["Last outcome category"] for r in street if r["Crime ID"]}
    as_shown = {"Suspect charged": "Awaiting court outcome"}
    for outcome in outcome_rows:
        if outcome["Crime ID"] in last:
            assert last[outcome["Crime ID"]] == as_shown.get(outcome["Outcome type"], outcome["Outcome type"])
    recorded = {o["Crime ID"] for o in outcome_rows}
    open_cases = [r for r in street if r["Last outcome category"] == "Under investigation"]
    assert open_cases and not any(r["Crime ID"] in recorded for r in open_cases)


def test_outcome_volume_is_steady_rather_than_piling_up_in_the_last_month(outcome_rows) -> None:
    per_month = Counter(o["Month"] for o in outcome_rows)
    usual = np.median([n for month, n in per_month.items() if month >= "2024-03"])
    assert per_month["2026-09"] < 1.2 * usual and per_month["2023-10"] > 0.6 * usual


def test_settle_delays_never_exceed_the_months_left_and_follow_the_geometric_law() -> None:
    rng = np.random.default_rng(1)
    most = rng.integers(0, 4, 20_000)
    delays = settle_delays(rng, most)
    assert (delays >= 0).all() and (delays <= most).all() and (delays[most == 0] == 0).all()
    open_ended = settle_delays(rng, np.full(50_000, 1_000))
    assert open_ended.mean() == pytest.approx((1 - OUTCOME_DELAY) / OUTCOME_DELAY, rel=0.03)


def test_recent_crimes_are_mostly_still_under_investigation(street) -> None:
    def share(month: str) -> float:
        crimes = [r for r in street if r["Month"] == month and r["Crime ID"]]
        return sum(r["Last outcome category"] == "Under investigation" for r in crimes) / len(crimes)

    assert share("2026-09") > 0.4 and share("2024-09") < 0.05
