"""The ONS Cambridge Crime Harm Index 2020 workbook reads as published, and a wrong workbook is explained."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cspkit.errors import InputError
from cspkit.sources.harm import read_cchi_workbook


@pytest.fixture(scope="module")
def cchi(shared_data):
    return read_cchi_workbook(shared_data / "harm" / "cchi2020dataxls.xlsx")


def test_the_2020_workbook_holds_698_offences_in_days(cchi):
    assert cchi.scheme == "cchi"
    assert cchi.edition == "2020"
    assert cchi.unit == "days"
    assert len(cchi.offences) == 698
    assert cchi.offences["offence_code"].nunique() == 122


def test_murder_scores_fifteen_years_of_days_as_the_cover_sheet_says(cchi):
    # "for murder the minimum sentence is 15 years - 15 X 365 = 5475 CCHI points"
    murder = cchi.offences[cchi.offences["offence_description"].str.startswith("Murder - of persons")]

    assert murder["weight"].tolist() == [15 * 365, 15 * 365]
    assert set(murder["offence_code"]) == {"1"}


def test_offence_codes_are_written_as_in_the_home_office_tables(cchi):
    codes = set(cchi.offences["offence_code"])

    assert {"4.3", "37.1", "37.2", "8N", "105A", "28E"} <= codes
    assert not any("/" in c for c in codes)


def test_every_offence_has_a_title_and_a_weight_of_zero_or_more(cchi):
    offences = cchi.offences

    assert (offences["weight"] >= 0).all()
    assert offences["offence_description"].str.len().gt(0).all()
    burglary = offences[offences["offence_code"] == "28E"].set_index("offence_description")["weight"]
    assert burglary.to_dict() == {"Burglary - Residential - Dwelling": 19, "Burglary - Residential - Non-Dwelling": 10}
    assert not offences.loc[offences["offence_code"] == "NN", "notifiable"].any()


def write_workbook(path: Path, rows: list[tuple], title: str = "CCHI 2020 values sheet") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


HEADER = ("ATHENA URN", "FULL_OFFENCE_TITLE", "CCHI Score", "CLASSIFICATION_CODE")


def test_a_score_that_is_not_a_number_is_reported_with_its_sheet_and_line(tmp_path):
    path = write_workbook(
        tmp_path / "cchi.xlsx", [HEADER, ("1.1", "Murder", 5475, "1"), ("46.1", "Shoplifting", "one day", "46")]
    )

    expected = r"cchi\.xlsx, line 3: sheet 'CCHI 2020 values sheet': the CCHI score 'one day'"
    with pytest.raises(InputError, match=expected):
        read_cchi_workbook(path)


def test_a_negative_score_or_an_empty_code_is_refused(tmp_path):
    negative = write_workbook(tmp_path / "negative.xlsx", [HEADER, ("1.1", "Murder", -5, "1")])
    no_code = write_workbook(tmp_path / "no_code.xlsx", [HEADER, ("1.1", "Murder", 5475, None)])

    with pytest.raises(InputError, match=r"line 2.*negative"):
        read_cchi_workbook(negative)
    with pytest.raises(InputError, match=r"line 2.*offence code .* is empty"):
        read_cchi_workbook(no_code)


def test_a_workbook_without_the_cchi_columns_is_not_mistaken_for_one(tmp_path):
    path = write_workbook(tmp_path / "other.xlsx", [("Area", "Crimes"), ("Stafford", 8170)])

    with pytest.raises(InputError, match="no sheet with the Cambridge Crime Harm Index columns"):
        read_cchi_workbook(path)


def test_the_edition_comes_from_the_sheet_name_and_is_required(tmp_path):
    later = write_workbook(tmp_path / "later.xlsx", [HEADER, ("1.1", "Murder", 5475, "1")], title="CCHI 2024 values")
    undated = write_workbook(tmp_path / "undated.xlsx", [HEADER, ("1.1", "Murder", 5475, "1")], title="values")

    assert read_cchi_workbook(later).edition == "2024"
    with pytest.raises(InputError, match="which edition"):
        read_cchi_workbook(undated)


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "cchi.xlsx"
    path.write_text("Offence,Score\n")

    with pytest.raises(InputError, match="not an Excel workbook"):
        read_cchi_workbook(path)
