"""Comparators from published tables: the Most Similar Group, region and England and Wales."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspkit.assess.groups import ALL_CRIME
from cspkit.assess.published import describe_published, published_comparators, published_title, read_published_rates
from cspkit.errors import InputError

TABLE = """\
Area Code,Area Name,Total recorded crime (excluding fraud),Violence against the person,Sexual offences,Robbery
K04000001,England and Wales,88.0,34.0,3.3,1.3
E12000005,West Midlands,80.2,30.7,3.0,1.2
E22800001,Alpha,90.0,30.0,4.0,1.0
E22800002,Beta,70.0,20.0,2.0,2.0
"""
GROUPS = {ALL_CRIME, "Violence and sexual offences", "Robbery", "Burglary"}


def _write(tmp_path: Path, text: str, name: str = "rates.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_offence_groups_become_police_uk_crime_groups_adding_violence_and_sexual_offences(tmp_path: Path):
    table = read_published_rates(_write(tmp_path, TABLE))
    name, rates = table["K04000001"]
    assert name == "England and Wales"
    assert rates["Violence and sexual offences"] == pytest.approx(37.3)
    assert rates[ALL_CRIME] == 88.0 and rates["Robbery"] == 1.3


def test_the_msg_is_the_average_of_its_members_and_region_and_nation_come_from_their_rows(tmp_path: Path):
    msg = _write(tmp_path, "Area Code,Area Name\nE22800001,Alpha\nBeta\n", "msg.csv")
    found = published_comparators(_write(tmp_path, TABLE), msg_file=msg, region=("E12000005", "West Midlands"),
                                  known_groups=GROUPS)
    assert [c.label for c in found] == ["Most Similar Group (2 partnerships)", "West Midlands (region)",
                                        "England and Wales"]
    assert found[0].rates["Robbery"] == pytest.approx(1.5)
    assert found[0].rates["Violence and sexual offences"] == pytest.approx((34.0 + 22.0) / 2)
    assert "Burglary" not in found[0].rates  # not published: left blank, never guessed
    assert all(c.kind == "typed" for c in found)


def test_an_msg_member_missing_from_the_table_is_named(tmp_path: Path):
    msg = _write(tmp_path, "Gamma\n", "msg.csv")
    with pytest.raises(InputError, match=r"Gamma not found in rates\.csv"):
        published_comparators(_write(tmp_path, TABLE), msg_file=msg, region=None, known_groups=GROUPS)


def test_a_rate_that_is_not_a_number_names_the_row_and_column(tmp_path: Path):
    bad = TABLE.replace("1.2\n", "one\n")
    with pytest.raises(InputError, match=r"line 3: the rate 'one' for Robbery is not a number"):
        read_published_rates(_write(tmp_path, bad))


def test_a_table_without_area_columns_says_what_it_needs(tmp_path: Path):
    with pytest.raises(InputError, match="Area Code"):
        read_published_rates(_write(tmp_path, "Code,Robbery\nX,1\n"))


def test_title_lines_above_the_header_are_skipped_and_kept_as_the_tables_title(tmp_path: Path):
    title = '"Police recorded crime by CSP area, year ending March 2026",,\nSource: Home Office,,\n'
    path = _write(tmp_path, title + TABLE)
    assert read_published_rates(path)["K04000001"][1]["Robbery"] == 1.3
    assert published_title(path) == "Police recorded crime by CSP area, year ending March 2026 Source: Home Office"
    assert published_title(_write(tmp_path, TABLE, "plain.csv")) is None  # no title: the period is not known


def test_the_description_names_the_most_similar_groups_members_by_name(tmp_path: Path):
    msg = _write(tmp_path, "Area Code,Area Name\nE22800001,Alpha\nbeta\n", "msg.csv")
    found = describe_published(_write(tmp_path, "Year ending March 2026\n" + TABLE), msg)
    assert found == {"file": "rates.csv", "title": "Year ending March 2026", "msg_file": "msg.csv",
                     "msg_members": ["Alpha", "Beta"],
                     "offence_groups": ["Total recorded crime (excluding fraud)", "Violence against the person",
                                        "Sexual offences", "Robbery"]}
