"""The casework counts and projects files the strategic assessment reads: a good file is read
exactly; a bad one is refused naming the file, the line and the problem in the user's words, and
a small count that was not withheld never gets through."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cspkit.errors import InputError
from cspkit.sources.casework_counts import read_casework_counts
from cspkit.sources.projects import read_projects

HEADER = "period,period_start,period_end,group,measure,count,smallest_shown\n"
EARLIER = "2024/25,2024-04-01,2025-03-31"
LATER = "2025/26,2025-04-01,2026-03-31"
PROJECTS_HEADER = "reference,project,provider,priority,places,starts,ends,budget,spent,funded,outputs,status\n"


def _write(tmp_path: Path, text: str, name: str = "counts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_counts_are_read_by_period_with_withheld_counts_as_none(tmp_path):
    path = _write(tmp_path, HEADER + "".join([
        f"{EARLIER},Cases,Cases opened,40,5\n",
        f"{EARLIER},Powers used,Warning letter,[c],5\n",
        f"{LATER},Cases,Cases opened,\"1,204\",5\n",
        f"{LATER},Powers used,Warning letter,0,5\n",
    ]))
    counts = read_casework_counts(path)
    assert [p.label for p in counts.periods] == ["2024/25", "2025/26"]
    assert counts.periods[1].ends == date(2026, 3, 31)
    assert [(line.measure, line.counts) for line in counts.lines] == [
        ("Cases opened", (40, 1204)),
        ("Warning letter", (None, 0)),
    ]
    assert counts.smallest_shown == 5


@pytest.mark.parametrize(
    ("row", "line", "problem"),
    [
        (f"{LATER},Powers used,Warning letter,3,5\n", 3, "the count of 'Warning letter' is 3, below the smallest"),
        (f"{LATER},Powers used,Warning letter,many,5\n", 3, "the count of 'Warning letter' 'many' is not a whole"),
        (f"{LATER},Powers used,Warning letter,-6,5\n", 3, "is not a whole number of 0 or more"),
        ("2025/26,2025-04-01,31/03/2026,Cases,Cases closed,6,5\n", 3,
         "the period's last day '31/03/2026' is not a date"),
        (f"{LATER},Powers,Warning letter,6,5\n", 3, "'Powers' is not a group of counts"),
        (f"{LATER},Cases,Cases opened,7,5\n", 3, "'Cases opened' in 2025/26 is on an earlier line too"),
        (f"{LATER},Cases,Cases closed,7,3\n", 3, "the smallest count shown is 3 here but 5 on an earlier line"),
        ("2025/26,2025-04-01,2025-03-31,Cases,Cases closed,6,5\n", 3, "the period ends (2025-03-31) before it starts"),
    ],
)
def test_a_bad_counts_row_is_refused_naming_the_line(tmp_path, row, line, problem):
    path = _write(tmp_path, HEADER + f"{LATER},Cases,Cases opened,8,5\n" + row)
    with pytest.raises(InputError) as raised:
        read_casework_counts(path)
    assert raised.value.line == line
    assert str(path) in str(raised.value) and problem in raised.value.problem


def test_a_file_of_another_kind_is_refused_with_its_columns(tmp_path):
    path = _write(tmp_path, "Month,LSOA code,Crime type\n2025-04,E01000001,Burglary\n")
    with pytest.raises(InputError) as raised:
        read_casework_counts(path)
    assert raised.value.line == 1
    assert "does not look like a casework counts file" in raised.value.problem
    assert "'Crime type'" in raised.value.problem


def test_a_measure_missing_from_a_period_is_refused(tmp_path):
    path = _write(tmp_path, HEADER + f"{EARLIER},Cases,Cases opened,8,5\n{LATER},Cases,Cases closed,8,5\n")
    with pytest.raises(InputError, match="'Cases opened' has no count for 2025/26"):
        read_casework_counts(path)


AREA_HEADER = HEADER.rstrip("\n") + ",area\n"


def test_counts_by_area_are_read_apart_from_the_partnerships(tmp_path):
    path = _write(tmp_path, AREA_HEADER + "".join([
        f"{EARLIER},Cases,Cases opened,40,5,All\n",
        f"{LATER},Cases,Cases opened,50,5,All\n",
        f"{EARLIER},Cases,Cases opened,12,5,Hartbury Central\n",
        f"{LATER},Cases,Cases opened,[c],5,Hartbury Central\n",
        f"{EARLIER},Cases,Cases opened,0,5,Old Town\n",
        f"{LATER},Cases,Cases opened,31,5,Old Town\n",
    ]))
    counts = read_casework_counts(path)
    assert [(line.measure, line.counts) for line in counts.lines] == [("Cases opened", (40, 50))]
    assert [(a.name, [(line.measure, line.counts) for line in a.lines]) for a in counts.areas] == [
        ("Hartbury Central", [("Cases opened", (12, None))]),
        ("Old Town", [("Cases opened", (0, 31))]),
    ]


def test_a_file_without_the_area_column_has_no_areas(tmp_path):
    path = _write(tmp_path, HEADER + f"{EARLIER},Cases,Cases opened,40,5\n{LATER},Cases,Cases opened,41,5\n")
    counts = read_casework_counts(path)
    assert counts.areas == () and counts.lines[0].counts == (40, 41)


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (f"{LATER},Cases,Cases opened,8,5,All\n{LATER},Cases,Cases opened,3,5,Old Town\n",
         "the count of 'Cases opened' is 3, below the smallest"),
        (f"{LATER},Cases,Cases opened,8,5,All\n{LATER},Cases,Cases opened,6,5,Old Town\n"
         f"{LATER},Cases,Cases opened,7,5,Old Town\n", "'Cases opened' in 2025/26 for Old Town is on an earlier"),
        (f"{EARLIER},Cases,Cases opened,8,5,All\n{LATER},Cases,Cases opened,8,5,\n"
         f"{LATER},Cases,Cases opened,6,5,Old Town\n", "'Cases opened' in Old Town has no count for 2024/25"),
        (f"{LATER},Cases,Cases opened,6,5,Old Town\n", "none for the whole partnership"),
    ],
)
def test_a_bad_area_row_is_refused(tmp_path, rows, problem):
    path = _write(tmp_path, AREA_HEADER + rows)
    with pytest.raises(InputError) as raised:
        read_casework_counts(path)
    assert problem in raised.value.problem


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "counts.csv"
    path.write_bytes(HEADER.encode() + f"{LATER},Cases,Cases opened \xe9,8,5\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_casework_counts(path)


@pytest.mark.parametrize(("content", "message"), [
    (PROJECTS_HEADER.encode("utf-16"), r"this is UTF-16 text \(Excel's 'Unicode Text'\)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), r"this is an old Excel 97-2003 workbook \(\.xls\)"),
    (b"PK\x03\x04" + bytes(60), r"this is an Excel workbook \(or a zip archive\), not a CSV file"),
], ids=["utf-16", "xls", "xlsx"])
def test_a_workbook_or_utf16_file_is_named_for_what_it_is(tmp_path, content, message):
    path = tmp_path / "projects.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_projects(path)
    with pytest.raises(InputError, match=message):
        read_casework_counts(path)


def test_projects_are_read_with_places_and_amounts_in_pence(tmp_path):
    path = _write(tmp_path, PROJECTS_HEADER + "".join([
        "P1,Diversionary sport,Hartbury Sport Trust,Anti-social behaviour,E05900012 Hartbury Central; Kingsford,"
        "2026-04-01,2027-03-31,\"£18,000\",8900.50,18000,69 of 130 sessions,Active\n",
        "P2,Link worker,Women's Aid,,,2026-04-01,2027-03-31,24000,0.05,,,\n",
    ]), "projects.csv")
    first, second = read_projects(path)
    assert first.places == ("E05900012 Hartbury Central", "Kingsford")
    assert (first.budget_pence, first.spent_pence, first.funded_pence) == (1_800_000, 890_050, 1_800_000)
    assert first.outputs == "69 of 130 sessions" and first.starts == date(2026, 4, 1)
    assert second.places == () and second.priority == "" and second.funded_pence is None and second.spent_pence == 5


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("P2,Mediation,Mediation Ltd,ASB,,2026-04-01,2027-03-31,six thousand,0,,,\n",
         "the budget of project P2 'six thousand' is not an amount in pounds"),
        ("P2,Mediation,Mediation Ltd,ASB,,2026-04-01,2027-03-31,6000.123,0,,,\n", "is not an amount in pounds"),
        ("P1,Mediation,Mediation Ltd,ASB,,2026-04-01,2027-03-31,6000,0,,,\n", "project P1 is on line 2 too"),
        ("P2,Mediation,Mediation Ltd,ASB,,2027-04-01,2026-03-31,6000,0,,,\n", "project P2 ends (2026-03-31) before"),
        ("P2,Mediation,Mediation Ltd,ASB,,April 2026,2027-03-31,6000,0,,,\n",
         "the start of project P2 'April 2026' is not a date"),
        (",Mediation,Mediation Ltd,ASB,,2026-04-01,2027-03-31,6000,0,,,\n", "the project has no reference"),
    ],
)
def test_a_bad_project_row_is_refused_naming_the_line(tmp_path, row, problem):
    good = "P1,Sport,Sport Trust,ASB,,2026-04-01,2027-03-31,100,0,,,\n"
    path = _write(tmp_path, PROJECTS_HEADER + good + row, "projects.csv")
    with pytest.raises(InputError) as raised:
        read_projects(path)
    assert raised.value.line == 3 and problem in raised.value.problem
    assert str(raised.value).startswith(f"{path}, line 3: ")
