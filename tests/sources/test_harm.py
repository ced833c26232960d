"""The ONS Cambridge Crime Harm Index 2020 workbook reads as published, and a wrong workbook is explained."""

from __future__ import annotations

from datetime import date
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

    expected = r"cchi\.xlsx, line 3: sheet 'CCHI 2020 values sheet': the CCHI score of offence code 46 is text \('one"
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


def test_a_repeated_offence_is_refused_naming_both_rows_and_the_sheet(tmp_path):
    # a repeat would count the offence's weight twice in its code's median weight; the published 2020
    # workbook lists three offences twice under one code and title, with their own URNs: those are kept
    firearm = [("10.1", "Carrying a firearm", 730, "10B"), ("10.2", "Carrying a firearm", 730, "10B")]
    murder = ("1.1.1.1", "Murder", 5475, "1")
    path = write_workbook(tmp_path / "cchi.xlsx", [HEADER, murder, *firearm, murder])

    expected = r"line 5: sheet 'CCHI 2020 values sheet': rows 2 and 5 both give ATHENA URN 1\.1\.1\.1"
    with pytest.raises(InputError, match=expected):
        read_cchi_workbook(path)


def test_a_repeated_row_is_refused_when_the_workbook_has_no_urn_column(tmp_path):
    header = ("FULL_OFFENCE_TITLE", "CCHI Score", "CLASSIFICATION_CODE")
    path = write_workbook(tmp_path / "cchi.xlsx", [header, ("Murder", 5475, "1"), ("Murder", 5475, "1")])

    with pytest.raises(InputError, match=r"rows 2 and 3 both give the same cells \(offence code 1, Murder\)"):
        read_cchi_workbook(path)


def write_sheets(path: Path, sheets: list[tuple[str, str, list[tuple]]]) -> Path:
    """A workbook of (title, state, rows) sheets: state 'visible' or 'hidden'."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_hidden_sheet_with_the_columns_is_passed_over_and_the_note_says_what_was_read(tmp_path):
    path = write_sheets(tmp_path / "cchi.xlsx", [
        ("old 2016 values", "hidden", [HEADER, ("1.1", "Murder", 54750, "1")]),
        ("CCHI 2020 values sheet", "visible", [HEADER, ("1.1", "Murder", 5475, "1")]),
    ])

    book = read_cchi_workbook(path)

    assert (book.sheet, book.edition, book.offences["weight"].tolist()) == ("CCHI 2020 values sheet", "2020", [5475])
    assert book.describe() == (
        "cchi.xlsx: read sheet 'CCHI 2020 values sheet' as the 2020 edition of the Cambridge Crime Harm Index "
        "(the year in the sheet's name); the hidden sheet 'old 2016 values' was not read"
    )


def test_the_only_sheet_with_the_columns_being_hidden_is_said(tmp_path):
    path = write_sheets(tmp_path / "cchi.xlsx", [
        ("Cover", "visible", [("Cambridge Crime Harm Index 2020",)]),
        ("values", "hidden", [HEADER, ("1.1", "Murder", 5475, "1")]),
    ])

    with pytest.raises(InputError, match=r"the only sheet with the Cambridge Crime Harm Index columns, 'values', is "
                                         r"hidden"):
        read_cchi_workbook(path)


def test_two_visible_sheets_with_the_columns_are_refused_naming_both(tmp_path):
    path = write_sheets(tmp_path / "cchi.xlsx", [
        ("CCHI 2016 values", "visible", [HEADER, ("1.1", "Murder", 5475, "1")]),
        ("CCHI 2020 values", "visible", [HEADER, ("1.1", "Murder", 5475, "1")]),
    ])

    with pytest.raises(InputError, match=r"two sheets .* 'CCHI 2016 values' and 'CCHI 2020 values'"):
        read_cchi_workbook(path)


def test_the_edition_from_a_cover_sheet_is_said_to_come_from_it(tmp_path):
    path = write_sheets(tmp_path / "cchi.xlsx", [
        ("Cover", "visible", [("Cambridge Crime Harm Index 2020",)]),
        ("values", "visible", [HEADER, ("1.1", "Murder", 5475, "1")]),
    ])

    assert "as the 2020 edition of the Cambridge Crime Harm Index (the year in sheet 'Cover')" in (
        read_cchi_workbook(path).describe())


def test_an_old_xls_workbook_is_named_as_one_and_an_xlsx_named_xls_reads(tmp_path):
    old = tmp_path / "cchi.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    renamed = write_workbook(tmp_path / "cchi2020.xls", [HEADER, ("1.1", "Murder", 5475, "1")])

    with pytest.raises(InputError, match=r"cchi\.xls: this is an old Excel 97-2003 \(\.xls\) workbook.*save it as an "
                                         r"Excel Workbook \(\.xlsx\)") as error:
        read_cchi_workbook(old)
    assert "xlrd" not in str(error.value)
    assert len(read_cchi_workbook(renamed).offences) == 1


@pytest.mark.parametrize(("score", "expected"), [
    (None, "the CCHI score of offence code 46 is empty"),
    (date(2020, 1, 5), r"the CCHI score of offence code 46 is a date \(05/01/2020\), not a number"),
    (True, "the CCHI score of offence code 46 is TRUE, not a number"),
    ("..", r"the CCHI score of offence code 46 is text \('\.\.'\), not a number"),
    ("5475 days", r"the CCHI score of offence code 46 is text \('5475 days'\), not a number"),
])
def test_a_score_that_is_not_a_number_is_described_as_excel_shows_it(tmp_path, score, expected):
    path = write_workbook(tmp_path / "cchi.xlsx", [HEADER, ("1.1", "Murder", 5475, "1"),
                                                   ("46.1", "Shoplifting", score, "46"), ("46.2", "Theft", 2, "46")])

    with pytest.raises(InputError, match=r"line 3: sheet 'CCHI 2020 values sheet': " + expected) as error:
        read_cchi_workbook(path)
    assert "None" not in str(error.value) and "datetime" not in str(error.value)


def test_a_formula_whose_result_was_never_saved_is_named_as_one_not_as_empty(tmp_path):
    # openpyxl, like other programs that do not calculate, writes the formula without its result
    path = write_workbook(tmp_path / "cchi.xlsx", [HEADER, ("1.1", "Murder", 5475, "1"),
                                                   ("46.1", "Shoplifting", "=C2/100", "46")])

    with pytest.raises(InputError, match=r"line 3: .*offence code 46 is a formula \(=C2/100\) whose result was "
                                         r"not saved in the file.*open the workbook in Excel or LibreOffice and save"):
        read_cchi_workbook(path)


def test_scores_stored_as_text_that_are_plain_numbers_are_read_and_noted(tmp_path):
    path = write_workbook(tmp_path / "cchi.xlsx", [HEADER, ("1.1", "Murder", "5,475", "1"),
                                                   ("46.1", "Shoplifting", " 2 ", "46"), ("46.2", "Theft", 2.5, "46")])

    book = read_cchi_workbook(path)

    assert book.offences["weight"].tolist() == [5475, 2, 2.5]
    assert book.scores_as_text == 2
    assert "2 scores stored as text in Excel were read as numbers" in book.describe()


def test_a_header_below_the_rows_searched_is_explained(tmp_path):
    path = write_workbook(tmp_path / "cchi.xlsx", [*[("Title",)] * 24, HEADER, ("1.1", "Murder", 5475, "1")])

    with pytest.raises(InputError, match=r"looked in the first 20 rows of each visible sheet \('CCHI 2020 values "
                                         r"sheet'\) for a row naming CLASSIFICATION_CODE, FULL_OFFENCE_TITLE and "
                                         r"CCHI Score.*below row 20"):
        read_cchi_workbook(path)
