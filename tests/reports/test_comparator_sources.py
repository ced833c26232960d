"""Where the report's comparators and sources come from, said to the reader: the published rates'
source and period on every table and chart that shows them, the Most Similar Group's members, the
sources one row each, the data-quality words and the glossary (review 11, findings 2, 12, 13, 19,
21, 24, 25 and 28). Built once from the demo partnership, with its published rates and group."""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from cspkit.assess.published import published_title
from cspkit.cli.report_assessment import with_survey
from cspkit.priorities.candidates import load_candidates
from cspkit.priorities.ranking import score_candidates
from cspkit.priorities.survey import read_survey
from cspkit.priorities.survey_demo import write_demo_survey
from cspkit.priorities.template import load_template
from cspkit.reports.assessment.inputs import ReportInputs, SurveyNote
from cspkit.reports.assessment.methodology import methodology_sections, methods_used
from cspkit.reports.assessment.priorities import priorities_section
from cspkit.reports.document import Paragraph, Table

from .demo_report import Built, flat, pdf_pages

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store_path(demo_store: Path) -> Path:
    return demo_store


@pytest.fixture(scope="module")
def built(demo: Built) -> Built:
    return demo


def _national(store_path: Path) -> Path:
    return store_path.parent / "files" / "national"


def _table(built: Built, id: str) -> Table:
    return next(t for t in built.document.tables() if t.id == id)


def _section_text(built: Built, id: str) -> str:
    section = next(s for s in built.document.sections if s.id == id)
    parts = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts += [block.caption, block.source, *block.notes]
            parts += [str(cell.value) for row in block.rows for cell in row.cells]
    return flat(" ".join(parts))


def test_every_table_and_chart_of_comparator_rates_names_the_published_table_and_its_period(
        built: Built, store_path: Path):
    title = published_title(_national(store_path) / "csp-crime-rates.csv")
    assert title and "year ending" in title
    for id in ("summary-comparators", "rates-overview"):
        table = _table(built, id)
        assert title in table.source, id
        notes = " ".join(table.notes)
        assert "Home Office offence group" in notes and "violence against the person and sexual offences" in notes
    charts = [f for f in built.document.figures() if f.id.endswith("-comparison") or f.id == "rate-by-quarter"]
    assert charts and all(title in f.source and "offence group matched to police.uk crime types" in f.source
                          for f in charts)


def test_the_most_similar_groups_members_are_named_and_the_offence_groups_matching_is_shown(
        built: Built, store_path: Path):
    with (_national(store_path) / "most-similar-group.csv").open(encoding="utf-8") as stream:
        members = [row["Area Name"] for row in csv.DictReader(stream)]
    text = _section_text(built, "comparator-sources")
    assert all(name in text for name in members)
    assert "most-similar-group.csv" in text and "defined by the Home Office" in text
    matching = {row.cells[0].value: row.cells[1].value for row in _table(built, "offence-group-matching").rows}
    assert matching["Violence and sexual offences"] == "Violence against the person + Sexual offences"
    assert matching["Other crime"] == "Miscellaneous crimes against society"
    with (_national(store_path) / "csp-crime-rates.csv").open(encoding="utf-8") as stream:
        header = list(csv.reader(stream))[1]  # under the title line
    # only the offence groups the loaded table has, as it names them (its burglary is one column)
    assert {o for text in matching.values() for o in text.split(" + ")} <= set(header)


def test_the_home_office_table_says_it_lacks_england_and_wales_and_where_the_other_tables_take_it(built: Built):
    table = _table(built, "home-office-rates")
    notes = " ".join(table.notes)
    assert "England and Wales is not in this table" in notes
    assert "England and Wales is not shown" not in notes
    assert re.search(r"take England and Wales and the Most Similar Group from the published rates by partnership, "
                     r"year ending \w+ \d{4}", notes)
    # the financial-year caveat is in the title and in the normal text before the table, not only in a note
    year = str(built.assessment.table("home_office_rates")["financial_year"].iloc[0])
    assert f"financial year {year} (April {year[:4]} to March {int(year[:4]) + 1}" in table.caption
    section = next(s for s in built.document.sections if s.id == "overview")
    lead = next(b.text for b in section.blocks if isinstance(b, Paragraph) and "Home Office publishes" in b.text)
    assert "should not be compared line by line" in lead


def test_without_a_title_the_published_table_is_said_not_to_state_its_period(built: Built):
    parameters = dict(built.assessment.parameters)
    parameters["published"] = {**parameters["published"], "title": None}
    inputs = ReportInputs(replace(built.assessment, parameters=parameters))
    assert inputs.published_period is None
    assert "does not state its period" in inputs.rates_source
    assert "does not state its period" in (inputs.published_note or "")


def test_sources_are_one_row_each_with_their_period_and_no_checksums(built: Built):
    table = _table(built, "input-files")
    datasets = [row.cells[1].value for row in table.rows]
    assert len(datasets) == len(set(datasets))
    assert not any(re.fullmatch(r"[0-9a-f]{12}", str(cell.value)) for row in table.rows for cell in row.cells)
    by_dataset = {row.cells[1].value: row for row in table.rows}
    months = built.assessment.table("monthly")["month"]
    street = by_dataset["Street-level crime and anti-social behaviour"]
    assert street.cells[2].value == f"{months.min():%B %Y} to {built.assessment.period.end:%B %Y}"
    supplied = " ".join(datasets)
    assert "Recorded crime rates by partnership area" in supplied and "Most Similar Group list" in supplied
    assert "Scores of the candidate priorities by" in supplied
    pages = pdf_pages(built.files["pdf"])
    appendix = flat(" ".join(p for p in pages if "Sources the assessment drew on" in p))
    assert "SHA-256 (first 12)" not in appendix and ".csv (" not in appendix
    # the file-by-file list with checksums is in the workbook only
    inputs = pd.DataFrame(list(built.assessment.inputs))
    street = set(inputs.loc[inputs["kind"] == "police-uk-street", "sha256"])
    book = openpyxl.load_workbook(built.files["xlsx"], read_only=True)
    cells = {str(v) for row in book["Input files"].iter_rows(values_only=True) for v in row if v is not None}
    assert street <= cells
    assert not any(checksum[:12] in flat(" ".join(pages)) for checksum in street)


def test_reader_facing_text_has_no_store_or_file_jargon(built: Built):
    text = flat(" ".join(pdf_pages(built.files["pdf"])))
    for jargon in ("evidence store", "street rows", "loaded lookup", "load newer estimates", "are flagged too",
                   "used for trends", "Every file used is listed", "rows per day", "check it before comparing"):
        assert jargon not in text, jargon
    assert "police.uk crime and ASB records" in text


def test_the_glossary_defines_acquisitive_crime_by_its_crime_types_and_the_most_similar_group(built: Built):
    glossary = next(s for s in built.document.sections if s.id == "glossary")
    items = " ".join(glossary.blocks[0].items)
    members = built.assessment.parameters["groupings"]["Acquisitive crime"]
    definition = items.split("**Acquisitive crime**:")[1].split("**")[0]
    assert all(member.lower() in definition for member in members)
    assert "**Most Similar Group (MSG)**" in items
    # and where it is first used: the change table and the rates table say what it holds
    for id in ("change-table", "rates-overview"):
        note = next(n for n in _table(built, id).notes if n.startswith("Acquisitive crime is"))
        assert all(member.lower() in note for member in members), id


def test_the_rates_table_prints_each_column_to_one_number_of_places(built: Built):
    table = _table(built, "rates-overview")
    for index, column in enumerate(table.columns):
        if column.kind != "number" or index == 3:  # the interval column prints two numbers
            continue
        places = {len(text.split(".")[1]) if "." in text else 0
                  for row in table.rows if row.cells[index].value is not None and not pd.isna(row.cells[index].value)
                  for text in [column.format(row.cells[index].value, table.missing, row.cells[index].decimals)]}
        assert len(places) == 1, (column.label, places)


def test_time_to_outcome_prints_whole_months_and_says_what_the_share_is_of(built: Built):
    table = _table(built, "outcome-times")
    median = next(c for c in table.columns if c.key == "median_months")
    medians = built.assessment.table("outcome_times")["median_months"].dropna()
    if (medians == medians.round()).all():
        assert all("." not in median.format(v, table.missing) for v in medians)
    assert any("with an outcome" in c.label and "3 months" in c.label for c in table.columns)


def test_each_busy_location_is_placed_in_the_ward_and_lsoa_its_records_give(built: Built, store_path: Path):
    table = _table(built, "repeat-locations")
    assert [c.label for c in table.columns][1] == "Ward and LSOA"
    repeats = built.assessment.table("repeat_locations").head(len(table.rows))
    lsoas = built.assessment.table("lsoas").set_index("lsoa_code")
    con = duckdb.connect(str(store_path), read_only=True)
    try:
        for row, (_, place) in zip(table.rows, repeats.iterrows(), strict=True):
            codes = {code for (code,) in con.execute(
                "SELECT DISTINCT lsoa_code FROM street_crimes WHERE round(longitude, 6) = ? AND round(latitude, 6) = ?",
                [place["longitude"], place["latitude"]]).fetchall()}
            named = {f"{lsoas.loc[c, 'ward_name']}; {lsoas.loc[c, 'lsoa_name']}" for c in codes if c in lsoas.index}
            assert row.cells[1].value in named, (row.cells[0].value, row.cells[1].value, named)
    finally:
        con.close()


def test_the_methods_leave_out_what_the_report_does_not_use(built: Built):
    methods = " ".join(methods_used(ReportInputs(built.assessment)))
    assert "survey results" not in methods
    harm = built.assessment.tables.get("harm")
    assert ("**Harm** weights each crime type by the" in methods) == (harm is not None and not harm.empty)



def test_change_columns_print_whole_signed_percentages_as_the_text_words_them(built: Built):
    table = _table(built, "change-table")
    change = next(c for c in table.columns if c.key == "change")
    window = re.search(r"\(the (.+)\)$", table.caption)[1]
    rows = built.assessment.table("change")
    rows = rows[rows["comparison"] == window].set_index("crime_group")
    printed = {}
    for row in table.rows:
        group, value = row.cells[0].value, row.cells[3].value
        if value is None:
            continue
        text = printed[group] = change.format(value, table.missing)
        assert "." not in text, (group, text)
        if rows.loc[group, "percent_change"] >= 0.5:
            assert text.startswith("+"), (group, text)
    # the text rounds the same change the same way ("up 3%" beside "+3%", never "3.5%")
    words = flat(" ".join(pdf_pages(built.files["pdf"])))
    for group, text in printed.items():
        if text.startswith("+") and f"{group}: up " in words:
            assert f"{group}: up {text[1:]}" in words, group


def test_the_survey_behind_public_expectation_is_described_where_used_dated_and_listed(built: Built, tmp_path: Path):
    path = write_demo_survey(tmp_path / "consultation-survey.csv")
    with path.open(encoding="utf-8-sig") as stream:
        answered = [datetime.strptime(row["Completion time"], "%d/%m/%Y %H:%M:%S").date()
                    for row in csv.DictReader(stream)]
    responses = read_survey(path)
    candidates = load_candidates()
    evidence = with_survey([c.evidence for c in built.ranking.candidates], candidates, path, responses)
    ranking = score_candidates(load_template("morile-style"), evidence)
    inputs = ReportInputs(built.assessment, ranking, survey=SurveyNote.of(responses))
    section = priorities_section(inputs)
    text = flat(" ".join(b.text for b in section.blocks if isinstance(b, Paragraph)))
    first, last = min(answered), max(answered)
    assert f"{len(answered):,} responses" in text
    assert f"{first.day}" in text and f"{last.day} {last:%B %Y}" in text
    assert "How important is it that the partnership tackles each of these?" in text
    start = built.assessment.period.start
    if (start - last).days > 183:  # the demo's survey closed long before the period: said so
        assert "months before this assessment's period began" in text
    sources = next(b for b in methodology_sections(inputs)[-2].blocks if isinstance(b, Table))
    assert any(f"Consultation survey ({len(answered):,} responses)" == row.cells[1].value for row in sources.rows)
