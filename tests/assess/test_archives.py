"""Outcomes and stop and search from police.uk files in the published layouts, against hand counts."""

from __future__ import annotations

import csv
from datetime import date

import pandas as pd
import pytest

from cspkit.assess import extract
from cspkit.assess.benchmarks import Comparator
from cspkit.assess.outcomes import CHARGED, NO_OUTCOME, NO_SUSPECT, OUT_OF_COURT, UNABLE, crime_outcomes, outcome_shares
from cspkit.assess.outcomes import outcome_times as times_of
from cspkit.assess.period import Period
from cspkit.assess.stop_search import breakdown, ethnic_group, ethnicity_table, find_rates, searches
from cspkit.store.loaders import police_uk

STREET = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context")
OUTCOMES = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
            "LSOA name", "Outcome type")
SEARCH = ("Type", "Date", "Part of a policing operation", "Policing operation", "Latitude", "Longitude", "Gender",
          "Age range", "Self-defined ethnicity", "Officer-defined ethnicity", "Legislation", "Object of search",
          "Outcome", "Outcome linked to object of search", "Removal of more than just outer clothing")
AREA, OTHER = "E01029706", "E01029750"
FORCE = "Staffordshire Police"


def _id(letter: str) -> str:
    return letter * 64


def _write(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def _place(lsoa):
    return ["-2.000000", "52.700000", "On or near High Street", lsoa, f"Somewhere {lsoa[-3:]}"]


def _street(letter, month, lsoa, crime_type):
    return [_id(letter), month, FORCE, FORCE, *_place(lsoa), crime_type, "", ""]


def _outcome(letter, month, lsoa, outcome):
    return [_id(letter), month, FORCE, FORCE, *_place(lsoa), outcome]


@pytest.fixture
def loaded(store, tmp_path):
    folder = tmp_path / "download"
    _write(folder / "2022-01" / "2022-01-staffordshire-street.csv", STREET, [
        _street("a", "2022-01", AREA, "Burglary"), _street("b", "2022-01", AREA, "Burglary"),
        _street("c", "2022-01", AREA, "Shoplifting"), _street("d", "2022-01", AREA, "Shoplifting"),
        _street("e", "2022-01", OTHER, "Burglary"), _street("f", "2022-01", OTHER, "Shoplifting"),
        ["", "2022-01", FORCE, FORCE, *_place(AREA), "Anti-social behaviour", "", ""],
    ])
    _write(folder / "2022-01" / "2022-01-staffordshire-outcomes.csv", OUTCOMES, [
        _outcome("a", "2022-01", AREA, "Investigation complete; no suspect identified"),
        _outcome("9", "2022-01", AREA, "Suspect charged"),  # a crime from before the street files
    ])
    _write(folder / "2022-02" / "2022-02-staffordshire-outcomes.csv", OUTCOMES, [
        _outcome("b", "2022-02", AREA, "Suspect charged"),
        _outcome("e", "2022-02", OTHER, "Suspect charged"),
    ])
    _write(folder / "2022-04" / "2022-04-staffordshire-outcomes.csv", OUTCOMES, [
        _outcome("a", "2022-04", AREA, "Unable to prosecute suspect"),  # a's later outcome replaces the first
        _outcome("c", "2022-04", AREA, "Local resolution"),
        _outcome("f", "2022-04", OTHER, "Investigation complete; no suspect identified"),
    ])
    search_rows = [
        ["Person search", "2022-01-05T14:00:00+00:00", "False", "", "52.7", "-2.0", "Male", "18-24",
         "White - English/Welsh/Scottish/Northern Irish/British", "White", "Misuse of Drugs Act 1971 (section 23)",
         "Controlled drugs", "A no further action disposal", "False", "False"],
        ["Person search", "2022-01-06T10:00:00+00:00", "False", "", "52.7", "-2.0", "Male", "18-24",
         "Black/African/Caribbean/Black British - Caribbean", "Black", "Misuse of Drugs Act 1971 (section 23)",
         "Controlled drugs", "Community resolution", "True", "False"],
        ["Person search", "2022-01-07T10:00:00+00:00", "False", "", "", "", "Female", "25-34",
         "Other ethnic group - Not stated", "White", "Police and Criminal Evidence Act 1984 (section 1)",
         "Stolen goods", "Arrest", "True", ""],
        ["Vehicle search", "2022-01-08T10:00:00+00:00", "", "", "", "", "", "", "", "",
         "Police and Criminal Evidence Act 1984 (section 1)", "Stolen goods", "Arrest", "", ""],
        ["Person search", "2022-01-09T10:00:00+00:00", "False", "", "52.7", "-2.0", "Male", "over 34",
         "Asian/Asian British - Pakistani", "Asian", "Misuse of Drugs Act 1971 (section 23)", "Controlled drugs",
         "A no further action disposal", "", "False"],
    ]
    _write(folder / "2022-01" / "2022-01-staffordshire-stop-and-search.csv", SEARCH, search_rows)
    police_uk.load(store, [folder])
    extract.register_members(store.con, {"area": [AREA], "force": [AREA, OTHER]})
    return store


COMPARATORS = [Comparator("area", "Area", "area"), Comparator("force", "Staffordshire (force area)", "force")]
GROUPS = {"All crime (excluding ASB)": ["Burglary", "Shoplifting"], "Burglary": ["Burglary"],
          "Anti-social behaviour": ["Anti-social behaviour"]}


def test_each_crime_keeps_its_latest_outcome(loaded):
    crimes = crime_outcomes(loaded.con, Period(date(2022, 1, 1), date(2022, 3, 1)))
    area = crimes[crimes["area_key"] == "area"].set_index("crime_id")
    assert len(area) == 4  # ASB has no Crime ID; the earlier crime '9' is not a crime of the period
    assert area.loc[_id("a"), "outcome_type"] == "Unable to prosecute suspect"
    assert area.loc[_id("a"), "outcome_month"] == pd.Timestamp("2022-04-01")
    assert area.loc[_id("b"), "outcome_type"] == "Suspect charged"
    assert pd.isna(area.loc[_id("d"), "outcome_type"])
    assert len(crimes[crimes["area_key"] == "force"]) == 6


def test_outcome_shares_and_intervals_match_hand_counts(loaded):
    crimes = crime_outcomes(loaded.con, Period(date(2022, 1, 1), date(2022, 3, 1)))
    shares = outcome_shares(crimes, GROUPS, COMPARATORS)
    assert "Anti-social behaviour" not in set(shares["crime_group"])
    mine = shares[(shares["crime_group"] == "All crime (excluding ASB)")].set_index(["comparator_kind", "outcome"])
    # Area: a unable, b charged, c local resolution, d none -> 1 of 4 each.
    for outcome in (CHARGED, UNABLE, OUT_OF_COURT, NO_OUTCOME):
        assert (mine.loc[("area", outcome), "count"], mine.loc[("area", outcome), "crimes"]) == (1, 4)
    assert mine.loc[("area", NO_SUSPECT), "count"] == 0
    # Wilson 95% for 1 of 4: 0.0456 to 0.6994 (Newcombe 1998, table I method 3 arithmetic).
    assert (mine.loc[("area", CHARGED), "lower_95"], mine.loc[("area", CHARGED), "upper_95"]) == pytest.approx(
        (0.04559, 0.69936), abs=1e-4)
    # Force: b and e charged of 6 crimes.
    assert mine.loc[("force", CHARGED), "share"] == pytest.approx(2 / 6)
    assert mine.loc[("force", CHARGED), "significance_95"] == "similar"


def test_time_to_outcome_counts_calendar_months(loaded):
    crimes = crime_outcomes(loaded.con, Period(date(2022, 1, 1), date(2022, 3, 1)))
    times = times_of(crimes, GROUPS).set_index("crime_group")
    # Burglary in the area: a (Jan -> Apr, 3 months), b (Jan -> Feb, 1 month).
    assert times.loc["Burglary", "with_outcome"] == 2
    assert times.loc["Burglary", "median_months"] == 2.0
    assert times.loc["Burglary", "within_3_months"] == 1.0


def test_stop_and_search_breakdown_and_find_rate_match_hand_counts(loaded):
    frame = searches(loaded.con, ["staffordshire"], Period(date(2022, 1, 1), date(2022, 1, 1)))
    assert len(frame) == 5
    table = breakdown(frame).set_index(["dimension", "value"])
    assert table.loc[("Legislation", "Misuse of Drugs Act 1971 (section 23)"), "searches"] == 3
    assert table.loc[("Object of search", "Stolen goods"), "share"] == pytest.approx(0.4)
    assert table.loc[("Outcome linked to object of search", "Not recorded"), "searches"] == 2
    assert table.loc[("Outcome linked to object of search", "Yes"), "searches"] == 2
    rates = find_rates(frame).set_index("measure")
    find = rates.iloc[0]
    assert (find["searches_with_it"], find["searches"]) == (2, 5)
    # Wilson 95% for 2 of 5: 0.1176 to 0.7693.
    assert (find["lower_95"], find["upper_95"]) == pytest.approx((0.11762, 0.76928), abs=1e-4)
    assert rates.loc["Arrest rate", "searches_with_it"] == 2
    assert rates.loc["Positive outcome rate (any outcome but no further action)", "searches_with_it"] == 3


@pytest.mark.parametrize(("published", "group"), [
    ("White - Any other White background", "White"), ("Black/African/Caribbean/Black British - African", "Black"),
    ("Asian/Asian British - Any other Asian background", "Asian"), ("Other ethnic group - Not stated", None),
    ("Mixed/Multiple ethnic groups - White and Asian", "Mixed"),
    ("Other ethnic group - Any other ethnic group", "Other"),
    ("Black", "Black"), ("", None),
])
def test_police_uk_ethnicities_map_to_census_groups(published, group):
    assert ethnic_group(published) == group


def test_searches_by_self_defined_ethnicity_against_residents(loaded):
    frame = searches(loaded.con, ["staffordshire"], Period(date(2022, 1, 1), date(2022, 1, 1)))
    residents = pd.Series({"White": 1000.0, "Black": 100.0, "Asian": 400.0, "Mixed": 50.0, "Other": 50.0})
    table = ethnicity_table(frame, residents)
    own = table[table["ethnicity_basis"] == "self-defined"].set_index("ethnic_group")
    # Self-defined: one White, one Black, one Asian search; one not stated and one blank are left out.
    assert own["searches"].to_dict() == {"White": 1, "Black": 1, "Asian": 1, "Mixed": 0, "Other": 0}
    assert own.loc["Black", "rate_per_1000"] == pytest.approx(10.0)
    assert own.loc["Black", "ratio"] == pytest.approx(10.0)
    assert own["not_stated"].iloc[0] == 2
    officer = table[table["ethnicity_basis"] == "officer-defined"].set_index("ethnic_group")
    assert officer.loc["White", "searches"] == 2  # the not-stated person was recorded as White by the officer
