"""The sections from the partnership's own records: casework counts printed as the file gives them
(withheld counts as [c], all-zero rows left out), projects by priority with their before/during
comparison stated as association, and both written in every format."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from cspkit.assess.place_change import PlaceChange
from cspkit.assess.project_places import ProjectComparison
from cspkit.reports.assessment.partnership_records import PartnershipRecords, partnership_sections
from cspkit.reports.document import Document, Table
from cspkit.reports.writers import write_all
from cspkit.sources.casework_counts import read_casework_counts
from cspkit.sources.projects import ProjectRecord
from cspkit.stats.relative_change import ratio_of_rate_ratios

COUNTS = """period,period_start,period_end,group,measure,count,smallest_shown,area
2024/25,2024-04-01,2025-03-31,Cases,Cases opened,31,5,All
2024/25,2024-04-01,2025-03-31,Powers used,Warning letter,[c],5,All
2024/25,2024-04-01,2025-03-31,Powers used,Closure order,0,5,All
2025/26,2025-04-01,2026-03-31,Cases,Cases opened,44,5,All
2025/26,2025-04-01,2026-03-31,Powers used,Warning letter,72,5,All
2025/26,2025-04-01,2026-03-31,Powers used,Closure order,0,5,All
2024/25,2024-04-01,2025-03-31,Cases,Cases opened,9,5,Old Town
2025/26,2025-04-01,2026-03-31,Cases,Cases opened,[c],5,Old Town
2024/25,2024-04-01,2025-03-31,Cases,Cases opened,15,5,Hartbury Central
2025/26,2025-04-01,2026-03-31,Cases,Cases opened,23,5,Hartbury Central
2024/25,2024-04-01,2025-03-31,Breaches,Breaches recorded,0,5,Hartbury Central
2025/26,2025-04-01,2026-03-31,Breaches,Breaches recorded,6,5,Hartbury Central
2024/25,2024-04-01,2025-03-31,Cases,Cases opened,7,5,Yarton
2025/26,2025-04-01,2026-03-31,Cases,Cases opened,0,5,Yarton
"""


def _project(reference: str, priority: str, places: tuple[str, ...]) -> ProjectRecord:
    return ProjectRecord(reference, f"Project {reference}", "Sport Trust", priority, places, date(2026, 4, 1),
                         date(2027, 3, 31), 1_800_000, 1_800_000, 890_050, "69 of 130 sessions", "Active")


def _records(tmp_path: Path) -> PartnershipRecords:
    path = tmp_path / "counts.csv"
    path.write_text(COUNTS, encoding="utf-8")
    fell = PlaceChange("All crime", 400, 300, 4000, 4000, ratio_of_rate_ratios(400, 300, 4000, 4000))
    few = PlaceChange("Anti-social behaviour", 0, 3, 50, 60, None)
    comparisons = [
        ProjectComparison(_project("P2", "", ()), (), (), None, None, (), "works across the whole area"),
        ProjectComparison(_project("P1", "Anti-social behaviour", ("E05900012",)), ("Hartbury Central",), (),
                          date(2026, 4, 1), date(2026, 9, 1), (fell, few)),
    ]
    return PartnershipRecords(read_casework_counts(path), comparisons)


def _table(section, table_id: str) -> Table:
    return next(b for b in section.blocks if isinstance(b, Table) and b.id == table_id)


def test_casework_counts_are_printed_as_given_with_withheld_counts_and_zero_rows_left_out(tmp_path):
    casework, _ = partnership_sections(_records(tmp_path))
    table = _table(casework, "casework-counts")
    assert [c.label for c in table.columns] == ["Kind of count", "Measure", "2024/25", "2025/26"]
    rows = [[col.format(cell.value, table.missing) for col, cell in zip(table.columns, row.cells, strict=True)]
            for row in table.rows]
    assert rows == [["Cases", "Cases opened", "31", "44"], ["Powers used", "Warning letter", "[c]", "72"]]
    text = " ".join(b.text for b in casework.blocks if hasattr(b, "text"))
    assert "In 2025/26, 44 cases were opened" in text and "warning letter (72)" in text
    assert "Counts from 1 to 4 are withheld" in text


def test_casework_by_ward_prints_the_latest_period_per_ward(tmp_path):
    casework, _ = partnership_sections(_records(tmp_path))
    table = _table(casework, "casework-counts-by-area")
    assert table.caption == "ASB casework by ward, 2025/26"
    assert [c.label for c in table.columns][:2] == ["Ward", "Cases opened"]
    cells = [[cell.value for cell in row.cells] for row in table.rows]
    assert cells == [["Hartbury Central", 23, 0, 6, 0, 0], ["Old Town", None, 0, 0, 0, 0]]
    assert "Wards where every count here is 0 are left out: Yarton." in table.notes
    assert "evidence store" not in table.method and "ONS geography lookup" in table.method  # no tool internals


def test_projects_are_listed_by_priority_and_compared_only_where_they_have_places(tmp_path):
    _, projects = partnership_sections(_records(tmp_path))
    listed = _table(projects, "projects")
    assert [row.cells[0].value for row in listed.rows] == ["Anti-social behaviour", "Not tied to a priority"]
    assert listed.rows[0].cells[5].value == 18_000 and listed.rows[0].cells[6].value == 8_900.50
    change = _table(projects, "project-change")
    fell, few = change.rows
    assert (fell.cells[3].value, fell.cells[4].value) == (400, 300)
    assert fell.cells[7].value == pytest.approx(0.75) and fell.cells[7].status.label == "Fell more"
    assert few.cells[7].value is None and few.cells[8].value is None
    assert "N/A: too few records in the places or the rest of the area to compare." in change.notes
    words = " ".join(getattr(b, "text", "") + " ".join(getattr(b, "items", ())) for b in projects.blocks)
    assert "association, not proof" in words
    # one sentence a reason, naming every project it applies to (four bullets each giving it ran onto a page alone)
    assert "Not compared (works across the whole area): P2 Project P2." in words


BEFORE_RECORDING = """period,period_start,period_end,group,measure,count,smallest_shown,area,withheld
2023/24,2023-04-01,2024-03-31,Cases,Cases opened,,5,All,
2023/24,2023-04-01,2024-03-31,Cases,Cases closed,,5,All,
2023/24,2023-04-01,2024-03-31,Cases,Cases open at the end of the period,,5,All,
2023/24,2023-04-01,2024-03-31,Powers used,Warning letter,,5,All,
2023/24,2023-04-01,2024-03-31,Risk assessments,Assessed high risk,,5,All,
2023/24,2023-04-01,2024-03-31,Risk assessments,Assessed standard risk,,5,All,
2024/25,2024-04-01,2025-03-31,Cases,Cases opened,0,5,All,
2024/25,2024-04-01,2025-03-31,Cases,Cases closed,0,5,All,
2024/25,2024-04-01,2025-03-31,Cases,Cases open at the end of the period,0,5,All,
2024/25,2024-04-01,2025-03-31,Powers used,Warning letter,0,5,All,
2024/25,2024-04-01,2025-03-31,Risk assessments,Assessed high risk,0,5,All,
2024/25,2024-04-01,2025-03-31,Risk assessments,Assessed standard risk,0,5,All,
2025/26,2025-04-01,2026-03-31,Cases,Cases opened,12,5,All,
2025/26,2025-04-01,2026-03-31,Cases,Cases closed,[c],5,All,small
2025/26,2025-04-01,2026-03-31,Cases,Cases open at the end of the period,[c],5,All,secondary
2025/26,2025-04-01,2026-03-31,Powers used,Warning letter,[c],5,All,small
2025/26,2025-04-01,2026-03-31,Risk assessments,Assessed high risk,[c],5,All,small
2025/26,2025-04-01,2026-03-31,Risk assessments,Assessed standard risk,[c],5,All,secondary
"""


def _casework_rows(text: str, tmp_path: Path) -> tuple[list[list[str]], Table, str]:
    path = tmp_path / "counts.csv"
    path.write_text(text, encoding="utf-8")
    (casework,) = partnership_sections(PartnershipRecords(read_casework_counts(path)))
    table = _table(casework, "casework-counts")
    rows = [[col.format(cell.value, table.missing) for col, cell in zip(table.columns, row.cells, strict=True)]
            for row in table.rows]
    return rows, table, " ".join(getattr(b, "text", "") for b in casework.blocks)


def test_not_recorded_is_printed_where_the_file_says_so_and_zero_where_it_says_zero(tmp_path):
    """The review found the report saying "not recorded" where the export said 0, and claiming casework
    was first recorded in a year when the system held older cases: the file decides, the report follows."""
    rows, table, _ = _casework_rows(BEFORE_RECORDING, tmp_path)
    assert len(rows) == 6 and [row[2] for row in rows] == ["not recorded"] * 6
    assert [row[3:] for row in rows] == [["0", "12"], ["0", "[c]"], ["0", "[c]"], ["0", "[c]"], ["0", "[c]"],
                                         ["0", "[c]"]]
    assert table.notes[0].startswith("Not recorded: the case management system holds no casework at all in 2023/24:")
    assert not any("first recorded" in note for note in table.notes)


def test_withheld_counts_are_counted_by_reason_and_the_note_explains_both(tmp_path):
    """The review read "12 counts are withheld as small" and "[c]: from 1 to 4" beside two counts of 10
    and 9, withheld only so that the small ones could not be worked out."""
    _, table, words = _casework_rows(BEFORE_RECORDING, tmp_path)
    assert "5 counts are withheld: 3 because they are from 1 to 4 and 2 so that a withheld count cannot be " \
           "worked out from the others." in words
    note = next(n for n in table.notes if n.startswith("[c]"))
    assert "from 1 to 4" in note and "so that a withheld count cannot be worked out" in note
    # nearly everything withheld: said plainly, with what to read instead
    assert "That is 5 of the 6 counts in the table for 2025/26, so the table cannot show how much casework" in words


def test_a_file_with_only_small_counts_withheld_says_only_that(tmp_path):
    text = BEFORE_RECORDING.replace("[c],5,All,secondary", "10,5,All,")
    _, table, words = _casework_rows(text, tmp_path)
    assert "3 counts are withheld because they are from 1 to 4." in words
    note = next(n for n in table.notes if n.startswith("[c]"))
    assert "cannot be worked out" not in note
    assert "That is" not in words


def test_a_period_partly_blank_is_refused(tmp_path):
    from cspkit.errors import InputError

    path = tmp_path / "counts.csv"
    path.write_text(BEFORE_RECORDING.replace("2023/24,2023-04-01,2024-03-31,Cases,Cases closed,,5",
                                             "2023/24,2023-04-01,2024-03-31,Cases,Cases closed,0,5"), encoding="utf-8")
    with pytest.raises(InputError, match="blank and some are not"):
        read_casework_counts(path)


def test_a_project_filed_under_a_priority_the_assessment_never_weighed_is_flagged_not_counted(tmp_path):
    """The demo filed 'ASB powers training' under 'Serious violence and the night-time economy', none of
    its 12 candidates, and said its projects served 3 priorities."""
    records = _records(tmp_path)
    night = ProjectComparison(_project("P6", "Serious violence and the night-time economy", ()), (), (), None, None,
                              (), "works across the whole area")
    records = PartnershipRecords(records.casework, [*records.projects, night])
    _, projects = partnership_sections(records, ["Anti-social behaviour", "Burglary"])
    listed = _table(projects, "projects")
    assert [row.cells[0].value for row in listed.rows] == [
        "Anti-social behaviour", "Serious violence and the night-time economy (not scored in this assessment)",
        "Not tied to a priority"]
    assert any(note.startswith("Marked (not scored in this assessment): the project is filed under a priority")
               for note in listed.notes)
    lead = projects.blocks[0].text
    assert "They serve 1 of the candidate priorities this assessment weighed." in lead
    assert "1 project is filed under 'Serious violence and the night-time economy', which is not one of them" in lead
    _, unchecked = partnership_sections(records)
    assert "They serve 2 priorities." in unchecked.blocks[0].text


def test_no_records_no_sections():
    assert partnership_sections(None) == []
    assert partnership_sections(PartnershipRecords()) == []


@pytest.mark.slow
def test_both_sections_are_written_in_every_format(tmp_path):
    import docx
    import openpyxl

    document = Document("Sections", tuple(partnership_sections(_records(tmp_path))))
    paths = [tmp_path / f"report.{fmt}" for fmt in ("html", "pdf", "docx", "xlsx")]
    write_all(document, paths)
    html = paths[0].read_text(encoding="utf-8")
    assert "ASB casework and powers" in html and "[c]" in html and "Commissioned projects by priority" in html
    pdf = subprocess.run(["pdftotext", str(paths[1]), "-"], check=True, capture_output=True, text=True).stdout
    assert "ASB casework and powers" in pdf and "[c]" in pdf and "Fell more" in pdf
    word = docx.Document(paths[2])
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert {"[c]", "72", "P1 Project P1", "Whole area"} <= cells
    book = openpyxl.load_workbook(paths[3])
    sheet = book["ASB casework"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[:4] == ["Powers used", "Warning letter", "[c]", 72] for row in values)
    assert "Projects" in book.sheetnames and "Project places" in book.sheetnames
    assert "ASB casework by ward" in html and "ASB casework by ward" in pdf and "Hartbury Central" in pdf
    assert {"Hartbury Central", "Old Town", "23"} <= cells
    wards = [[c.value for c in row] for row in book["ASB casework by ward"].iter_rows()]
    assert ["Hartbury Central", 23, 0, 6, 0, 0] in wards and ["Old Town", "[c]", 0, 0, 0, 0] in wards


def test_the_casework_notes_say_how_the_excel_file_shows_unknown_and_withheld_counts(tmp_path):
    """The notes said "blank in the Excel file" for both; the workbook now shows [x] and [c]."""
    import io

    import openpyxl

    from cspkit.reports.writers.xlsx import render_xlsx

    path = tmp_path / "counts.csv"
    path.write_text(BEFORE_RECORDING.replace("Cases open at the end of the period,10,5",
                                             "Cases open at the end of the period,[c],5"), encoding="utf-8")
    (casework,) = partnership_sections(PartnershipRecords(read_casework_counts(path)))
    table = _table(casework, "casework-counts")
    notes = " ".join(table.notes)
    assert "blank in the Excel file" not in notes and "(shown as [x], not available, in the Excel file)" in notes
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(Document("T", [casework]))))
    sheet = book[table.sheet_name]
    rows = {row[1].value: [c.value for c in row][2:] for row in sheet.iter_rows(min_row=4)}
    assert rows["Cases opened"] == ["[x]", 0, 12]  # not recorded, a recorded zero, a count
    assert rows["Cases open at the end of the period"] == ["[x]", 0, "[c]"]
