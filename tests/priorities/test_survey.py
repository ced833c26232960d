"""Survey exports are read as the common tools write them, and bad files get clear errors."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from cspkit.errors import InputError
from cspkit.priorities.survey import parse_answer, read_survey

HEADER = ["Respondent ID", "Start time", "Email", "Burglary", "Drugs", "Anything else?"]


def _write(path, rows, header=HEADER):
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_ratings_free_text_and_tool_columns_are_told_apart(tmp_path):
    path = _write(tmp_path / "s.csv", [
        ["101", "2024-03-01 10:00", "a@b.c", "5", "4 - Important", "Speeding cars"],
        ["102", "2024-03-02 11:00", "", "Don't know", "2", ""],
        ["103", "2024-03-02 12:00", "", "3", "1 (Least important)", "Drug dealing in the park"],
    ])
    survey = read_survey(path)
    assert survey.id_column == "Respondent ID"
    assert survey.respondent_ids == ("101", "102", "103")
    assert survey.ratings == {"Burglary": (5, None, 3), "Drugs": (4, 2, 1)}
    assert survey.comments == {"Anything else?": ("Speeding cars", "", "Drug dealing in the park")}


@pytest.mark.parametrize(("answer", "expected"), [
    ("5", 5), (5, 5), (5.0, 5), ("5 - Most important", 5), ("5 (Most important)", 5), ("2. Low", 2),
    ("3.5", None), ("2017-03-01", None), ("10:30", None), ("Very important", None), (4.5, None),
])
def test_answers_are_numbers_or_labels_that_start_with_one(answer, expected):
    assert parse_answer(answer) == expected


def test_google_forms_grid_headings_give_each_item_its_own_question(tmp_path):
    header = ["Timestamp", "How important is each? [Anti-social behaviour]", "How important is each? [Burglary]"]
    path = _write(tmp_path / "g.csv", [["01/03/2024 10:00:00", "5", "3"], ["01/03/2024 10:05:00", "4", "4"]],
                  header=header)
    survey = read_survey(path)
    assert list(survey.ratings) == ["Anti-social behaviour", "Burglary"]
    assert survey.question_text["Burglary"] == "How important is each? [Burglary]"
    assert survey.respondent_ids == ("2", "3")  # no id column: each row (by line) is a respondent


def test_surveymonkey_two_row_headings_name_matrix_items(tmp_path):
    path = tmp_path / "monkey.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Respondent ID", "Collector ID", "How important is tackling...", "", "Comments"])
        writer.writerow(["", "", "Burglary", "Drugs", "Open-Ended Response"])
        writer.writerow(["11843", "4251", "5", "4", "More patrols"])
        writer.writerow(["11844", "4251", "3", "", ""])
    survey = read_survey(path)
    assert survey.ratings == {"Burglary": (5, 3), "Drugs": (4, None)}
    assert survey.question_text["Drugs"] == "How important is tackling... [Drugs]"
    assert survey.comments == {"Comments": ("More patrols", "")}


def test_an_excel_export_reads_like_its_csv(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID", "Completion time", "Burglary", "Drugs", "Anything else?"])
    sheet.append([1, "2024-03-01", 5, 4.0, "Speeding"])
    sheet.append([2, "2024-03-01", 2, None, None])
    book.save(tmp_path / "forms.xlsx")
    survey = read_survey(tmp_path / "forms.xlsx")
    assert survey.respondent_ids == ("1", "2")
    assert survey.ratings == {"Burglary": (5, 2), "Drugs": (4, None)}


def test_questions_can_be_named_when_detection_is_not_wanted(tmp_path):
    path = _write(tmp_path / "s.csv", [["1", "x", "", "5", "4", ""], ["2", "y", "", "3", "2", ""]])
    survey = read_survey(path, questions=["Drugs"], text_columns=[])
    assert list(survey.ratings) == ["Drugs"] and survey.comments == {}


@pytest.mark.parametrize(("rows", "options", "line", "message"), [
    ([["1", "", "", "5", "7", ""]], {}, 2, "'Drugs': answer 7 is outside 1 to 5"),
    ([["1", "", "", "5", "4", ""], ["2", "", "", "5", "4", ""], ["3", "", "", "5", "4", ""],
      ["4", "", "", "5", "4", ""], ["5", "", "", "Very", "4", ""]], {}, 6,
     "'Burglary': answer 'Very' is not a number from 1 to 5"),
    ([["1", "", "", "5", "4", ""], ["2", "", "", "3", "3", ""], ["1", "", "", "2", "2", ""]], {}, 4,
     "respondent id '1' appears twice (lines 2 and 4)"),
    ([["1", "", "", "5", "4", ""], ["", "", "", "3", "3", ""]], {}, 3, "no respondent id in column 'Respondent ID'"),
    ([["1", "", "", "5", "4"]], {}, 2, "this row has 5 cells but the first row names 6 columns"),
    ([["1", "", "", "5", "4", ""]], {"questions": ["Burglary", "Hate crime"]}, 1,
     "no question column 'Hate crime' (columns: 'Respondent ID', 'Start time', 'Email', 'Burglary'"),
    ([["1", "", "", "5", "4", ""]], {"id_column": "Response number"}, 1, "no respondent id column 'Response number'"),
    ([["1", "", "", "a lot", "some", ""]], {}, 1, "found no questions answered 1 to 5"),
])
def test_bad_survey_files_name_the_line_and_the_problem(tmp_path, rows, options, line, message):
    path = _write(tmp_path / "bad.csv", rows)
    with pytest.raises(InputError) as caught:
        read_survey(path, **options)
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_two_columns_with_the_same_heading_are_refused(tmp_path):
    path = _write(tmp_path / "dup.csv", [["1", "5", "4"]], header=["ID", "Burglary", "burglary"])
    with pytest.raises(InputError, match=r"two columns are both called 'burglary' \(columns 2 and 3\)"):
        read_survey(path)


def test_a_utf16_export_is_named_as_such_not_read_as_mojibake(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("Respondent ID,Burglary\n1,5\n2,4\n", encoding="utf-16")

    with pytest.raises(InputError, match=r"this is UTF-16 text.*save it as 'CSV UTF-8 \(comma delimited\)'"):
        read_survey(path, questions=["Burglary"])


def test_an_old_xls_export_is_named_and_an_xlsx_named_xls_reads(tmp_path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    book = openpyxl.Workbook()
    book.active.append(["Respondent ID", "Burglary"])
    book.active.append([1, 5])
    book.save(tmp_path / "renamed.xls")

    with pytest.raises(InputError, match=r"old Excel 97-2003 \(\.xls\) workbook.*save it as an Excel Workbook"):
        read_survey(old)
    assert read_survey(tmp_path / "renamed.xls").ratings == {"Burglary": (5,)}


def test_responses_are_dated_from_the_tools_time_column_day_first_as_uk_exports_write_it(tmp_path):
    from datetime import date, datetime

    path = _write(tmp_path / "forms.csv", [
        ["1", "08/03/2024 03:18:00", "", "5", "4", ""],
        ["2", "29/03/2024 10:00:00", "", "3", "2", ""],
        ["3", "not a date", "", "3", "2", ""],
    ])
    assert read_survey(path).dates == (date(2024, 3, 8), date(2024, 3, 29))
    book = openpyxl.Workbook()
    book.active.append(["ID", "Completion time", "Burglary"])
    book.active.append([1, datetime(2024, 2, 28, 9, 0), 5])
    book.active.append([2, datetime(2024, 3, 2, 9, 0), 4])
    book.save(tmp_path / "forms.xlsx")
    assert read_survey(tmp_path / "forms.xlsx").dates == (date(2024, 2, 28), date(2024, 3, 2))
    assert read_survey(_write(tmp_path / "undated.csv", [["1", "", "", "5", "4", ""]])).dates is None
