"""The Excel file: a Notes sheet, then one table a sheet with typed numbers and words for colours."""

from __future__ import annotations

import openpyxl
import pytest

from cspkit.reports import style

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def book(written):
    return openpyxl.load_workbook(written["xlsx"])


def test_notes_come_first_then_each_table_and_the_data_of_each_figure(book):
    assert book.sheetnames == ["Notes", "Figure 1 data", "Table 1", "Figure 2 data", "Table 2",
                               "Figure 3 data", "Figure 4 data"]


def test_the_notes_sheet_gives_every_tables_source_and_method_with_links(book):
    rows = {row[0].value: row for row in book["Notes"].iter_rows() if row[0].value in book.sheetnames}
    rates = rows["Table 2"]
    assert rates[1].value == "Table 2: Rates of recorded crime per 1,000 residents, April 2022 to March 2023"
    assert rates[2].value == "Home Office, police recorded crime by CSP, year ending March 2023"
    assert rates[3].value.startswith("Crimes divided by the mid-2022 population")
    assert rates[5].value.startswith("Similar: Not significantly different from England and Wales")
    assert rates[0].hyperlink.location == "'Table 2'!A1"
    assert rows["Figure 3 data"][4].value == "Contains OS data © Crown copyright and database right 2022"
    column_a = [c.value for c in book["Notes"]["A"]]
    assert "Contains OS data © Crown copyright and database right 2024." in column_a


def test_a_table_sheet_starts_with_its_title_and_freezes_its_header(book):
    sheet = book["Table 2"]
    assert sheet["A1"].value == "Table 2: Rates of recorded crime per 1,000 residents, April 2022 to March 2023"
    assert sheet["A2"].value.startswith("Source: Home Office")
    assert [c.value for c in sheet[3]] == ["Offence group", "Cannock Chase", "Cannock Chase: compared",
                                          "Staffordshire", "England and Wales"]
    assert sheet.freeze_panes == "B4"
    assert sheet.tables["Table_2"].ref == "A3:E8"


def test_numbers_are_numbers_with_formats_and_statuses_are_words(book):
    sheet = book["Table 2"]
    assert sheet["B4"].value == 83.0 and sheet["B4"].number_format == "#,##0.0"
    assert sheet["C4"].value == "Similar" and sheet["C5"].value == "Lower"
    assert sheet["B4"].fill.fgColor.rgb == "00" + style.CELL_FILLS["similar"].lstrip("#")
    assert sheet["E8"].value == "[x]"  # not published: the shorthand, explained under the title
    assert "[x]: not available." in sheet["A2"].value
    assert sheet["A6"].alignment.indent == 2  # Burglary sits under theft offences
    changes = book["Table 1"]
    assert changes["B4"].value == 9123 and changes["B4"].number_format == "#,##0"
    assert changes["C4"].value == 0.53 and changes["C4"].number_format == "0.0%"


def test_an_interval_is_two_number_columns_and_a_rank_range_two_whole_numbers():
    """The review found "101.3 to 103.8" and ranks "3" / "1 to 2" stored as text in the workbook."""
    import io

    from cspkit.reports.document import Cell, Column, Document, Interval, Section, Table
    from cspkit.reports.writers.xlsx import render_xlsx

    rates = Table.build("rates", "Rates", [Column("group", "Crime group"), Column("rate", "Rate", "number"),
                                           Column("interval", "95% confidence interval", "number")],
                        [["All crime", 102.54, Interval(101.26, 103.81)],
                         ["Robbery", 1.41, Cell(Interval(1.27, 1.534), decimals=2)], ["Drugs", None, None]])
    ranks = Table.build("ranks", "Ranks", [Column("name", "Priority"), Column("range", "Rank if a weight moves",
                                                                               "integer", ends=("highest", "lowest"))],
                        [["Burglary", Interval(3, 3)], ["Robbery", Interval(1, 2)]])
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(Document("T", [Section("s", "S", [rates, ranks])]))))
    sheet = book["Table 1"]
    assert [c.value for c in sheet[3]] == ["Crime group", "Rate", "95% confidence interval: lower",
                                          "95% confidence interval: upper"]
    assert [sheet["C4"].value, sheet["D4"].value] == [101.26, 103.81]
    assert sheet["C4"].number_format == "#,##0.0" and sheet["D5"].number_format == "#,##0.00"
    assert sheet["C6"].value == "[x]" and sheet["D6"].value == "[x]"
    ranked = book["Table 2"]
    assert [c.value for c in ranked[3]] == ["Priority", "Rank if a weight moves: highest",
                                           "Rank if a weight moves: lowest"]
    assert [[c.value for c in row] for row in ranked.iter_rows(min_row=4)] == [["Burglary", 3, 3], ["Robbery", 1, 2]]
    assert ranked["B5"].data_type == "n" and ranked["B5"].number_format == "#,##0"


def test_withheld_and_not_recorded_counts_are_told_apart_and_the_numbers_stay_numbers():
    """The review found "not recorded" (unknown) and "[c]" (withheld) both left blank in the casework sheets."""
    import io

    from cspkit.reports.document import Cell, Column, Document, NotAvailable, Section, Table
    from cspkit.reports.writers.xlsx import render_xlsx

    columns = [Column("measure", "Measure"), Column("before", "A year earlier", "integer"),
               Column("latest", "This year", "integer")]
    unknown = Cell(NotAvailable("not recorded"))
    cases = Table.build("cases", "Casework", columns, [["Cases opened", unknown, 12], ["Cases closed", unknown, None],
                                                      ["Breaches", unknown, 0]], missing="[c]")
    headings = Table.build("headings", "Searches", columns, [["By legislation", None, None], ["Section 1", 40, 52]],
                           missing="")
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(Document("T", [Section("s", "S", [cases, headings])]))))
    sheet = book["Table 1"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=4)] == [
        ["Cases opened", "[x]", 12], ["Cases closed", "[x]", "[c]"], ["Breaches", "[x]", 0]]
    assert sheet["C4"].data_type == "n" and sheet["C6"].data_type == "n"  # a count and a true zero
    assert sheet["C5"].alignment.horizontal == "right"
    assert "[x]: not recorded. [c]: withheld to protect confidentiality." in sheet["A2"].value
    notes = [row[0] for row in book["Notes"].iter_rows(values_only=True)]
    assert ("A number that is not shown is marked with the statistical shorthand: [c] withheld to protect "
            "confidentiality; [x] not available. The second row of each sheet says which it uses and why.") in notes
    plain = book["Table 2"]
    assert plain["B4"].value is None  # a heading row prints nothing, so it says nothing
    assert "[x]" not in plain["A2"].value and "[c]" not in plain["A2"].value
