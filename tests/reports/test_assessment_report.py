"""The strategic assessment report, built once for the demo partnership and once for Cannock Chase
(the real 2022 police.uk data), written in all four formats and read back with real readers:
poppler for the PDF, LibreOffice for the Word file, openpyxl for the workbook.

Each report goes through the analyst's cycle: the commentary file is started from the generated
statements, the analyst edits a part and writes recommendations, and the report is rebuilt.
"""

from __future__ import annotations

import csv
import pickle
import re
from collections import Counter
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from PIL import Image

from cspkit.assess.assessment import Assessment
from cspkit.assess.groups import ALL_CRIME
from cspkit.cli.report_assessment import lsoa_boundaries, with_survey
from cspkit.priorities.candidates import Candidate, evidence_for, load_candidates
from cspkit.priorities.demo_panel import write_demo_panel_scores
from cspkit.priorities.from_assessment import evidence_from_assessment
from cspkit.priorities.ranking import score_candidates
from cspkit.priorities.scores import read_scores
from cspkit.priorities.survey_demo import write_demo_survey
from cspkit.priorities.template import load_template
from cspkit.reports import figure_cache
from cspkit.reports.assessment import TOP_PRIORITIES, Cover, assessment_document, commentary_parts
from cspkit.reports.assessment import priority_facts as facts_module
from cspkit.reports.assessment.commentary import priority_text
from cspkit.reports.assessment.deprivation import decile_rates
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.layout import HOW_TO_READ
from cspkit.reports.assessment.priority_facts import Profile, choose_profiles, priority_facts, profile_of
from cspkit.reports.assessment.priority_pages import priority_page
from cspkit.reports.assessment.recommendations import priority_recommendations
from cspkit.reports.assessment.summary import why
from cspkit.reports.document import BulletList, Figure, Paragraph
from cspkit.reports.style import SEQUENTIAL
from cspkit.store import open_store

from .demo_report import (
    ANALYST_OVERVIEW,
    Built,
    build_report,
    flat,
    pdf_pages,
    run,
)

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module")
def cannock(staffordshire_store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_report(
        staffordshire_store_file,
        "Cannock Chase",
        "2022-01..2022-11",
        tmp_path_factory.mktemp("cannock-report"),
        with_trend=True,
    )


@pytest.fixture(scope="module", params=["demo", "cannock"])
def built(request: pytest.FixtureRequest) -> Built:
    return request.getfixturevalue(request.param)


def area_rates(assessment: Assessment) -> pd.DataFrame:
    rates = assessment.table("rates")
    return rates[rates["comparator_kind"] == "area"].set_index("crime_group")


# The PDF


def test_the_pdf_has_every_section_in_the_order_of_the_cannock_chase_assessment(built: Built):
    body = "\n".join(pdf_pages(built.files["pdf"])[3:])  # after the cover, its details and the contents
    position = 0
    for section in built.document.sections:  # each title as a line of its own, after the one before
        match = re.compile(rf"^{re.escape(section.title)}\s*$", re.MULTILINE).search(body, position)
        assert match, section.title
        position = match.end()
    titles = [s.title for s in built.document.sections if s.level == 1]
    # The outcomes and stop-and-search chapters come after the overview when their police.uk files are loaded,
    # then partners' measures when any are loaded for the area (the demo loads all three).
    tables = built.assessment.tables
    optional = (["What happened after crimes were recorded"] if "outcomes" in tables else []) + (
        [f"Stop and search in {built.assessment.parameters['force']}'s area"] if "stop_search_rates" in tables else []
    ) + (["What partners' records show"] if not tables["partner_indicators"].empty else [])
    if built.assessment.area.name == "Hartbury":
        assert len(optional) == 3
    assert titles == [
        "Executive summary",
        "Introduction and context",
        "Overall direction of travel",
        "Local community safety priorities",
        "People and places at greatest risk",
        "Overview of crime and anti-social behaviour",
        *optional,
        "Recommendations and key priorities",
        "Data quality and methodology",
        "Glossary",
    ]


def test_the_cover_names_the_area_and_period_and_carries_the_licence_and_os_attribution(built: Built):
    cover = flat(" ".join(pdf_pages(built.files["pdf"])[:2]))  # the cover page and its details
    area, period = built.assessment.area, built.assessment.period
    assert f"{area.name} Community Safety Strategic Assessment" in cover
    assert period.label() in cover and area.code in cover
    assert "Open Government Licence v3.0" in cover
    assert "Contains OS data © Crown copyright and database right" in cover


def test_the_usage_statement_is_true_for_the_partners_data_in_the_pdf_and_the_workbook(demo: Built):
    """The review found the demo report offering partners' records for reuse under the OGL."""
    holders = set(demo.assessment.table("partner_indicators")["source"])
    assert holders
    details = flat(" ".join(pdf_pages(demo.files["pdf"])[:2]))
    notes = " ".join(str(row[0].value) for row in openpyxl.load_workbook(demo.files["xlsx"])["Notes"].iter_rows()
                     if row[0].value)
    for text in (details, notes):
        assert "may be shared and reused" not in text
        assert "may not be reused without their permission" in text
        assert all(f"{holder}: " in text for holder in holders) and "partners' records (" in text
        assert "officers' scores of the candidate priorities" in text


def test_a_report_still_lacking_its_local_context_says_draft_and_what_is_to_be_written(demo: Built):
    """The review found "Version 1.0" and nothing else on a report whose local context was never written."""
    assert not demo.analyst.text("introduction").strip()
    cover, details = (flat(page) for page in pdf_pages(demo.files["pdf"])[:2])
    assert "(draft)" in cover
    assert "Draft: still to be written: Introduction and context: local context" in details
    notes = [str(row[0].value) for row in openpyxl.load_workbook(demo.files["xlsx"])["Notes"].iter_rows()]
    assert any(line.startswith("Status: Draft: still to be written") for line in notes)


def test_with_its_local_context_written_the_report_takes_the_status_owner_and_approver_given(demo: Built):
    texts = {part: demo.analyst.text(part) for part in demo.analyst.sections}
    cover = Cover(version="2.0", status="Final", owner="Community safety team", contact="csp@example.org",
                  approved_by="Hartbury Community Safety Partnership board")
    document = assessment_document(demo.assessment, ranking=demo.ranking, cover=cover,
                                   analyst={**texts, "introduction": "The town centre reopened in May."})
    details = dict(document.metadata)
    assert document.version == "2.0" and details["Version"] == "2.0" and details["Status"] == "Final"
    assert details["Owner"] == "Community safety team" and details["Contact"] == "csp@example.org"
    assert details["Approved by"] == "Hartbury Community Safety Partnership board"
    drafted = assessment_document(demo.assessment, ranking=demo.ranking, cover=cover, analyst=texts)
    assert drafted.version == "2.0 (draft)" and dict(drafted.metadata)["Status"].startswith("Draft:")


def test_the_overview_table_in_the_pdf_shows_the_assessments_rates_and_verdicts_that_agree(built: Built):
    """Rates print to one decimal, or to more in a row where one would print a comparator judged
    higher or lower on the edge of the interval (1.5 beside "1.2 to 1.5" called Lower)."""
    text = "\n".join(pdf_pages(built.files["pdf"]))
    start = text.index("Rates of recorded crime and ASB per 1,000 residents")
    table = text[start : text.index("Key to the shading", start)]
    rates = built.assessment.table("rates")
    mine = area_rates(built.assessment)
    comparators = list(dict.fromkeys(rates[rates["comparator_kind"] != "area"]["comparator"]))
    row = re.compile(
        r"^\s*(?P<label>[A-Za-z][^\d]*?)\s+(?P<count>[\d,]+)\s+(?P<rate>\d+\.\d+)\s+"
        r"(?P<low>\d+\.\d+) to (?P<high>\d+\.\d+)\s+(?P<rest>.*)$"
    )
    # With four comparators the interval can wrap after "to": its upper end is then on the row's next line.
    wrapped = re.compile(
        r"^\s*(?P<label>[A-Za-z][^\d]*?)\s+(?P<count>[\d,]+)\s+(?P<rate>\d+\.\d+)\s+"
        r"(?P<low>\d+\.\d+) to\s{2,}(?P<rest>.*)$"
    )
    seen = set()
    blocks: list[tuple[re.Match, list[str]]] = []  # a row's first line, and the lines its wrapped cells add
    for line in table.splitlines():
        match = row.match(line) or wrapped.match(line)
        if match:
            blocks.append((match, []))
        elif blocks:
            blocks[-1][1].append(line)
    more_places = 0
    printed_places: set[int] = set()
    fewer_agree = []  # per row: would the verdicts still agree with one place fewer?
    for match, more in blocks:
        # a long group name wraps: the rest of it starts the row's next lines, at the left margin
        rest = []
        for line in more:  # the row's own lines: up to the first blank one
            if not (found := re.match(r"^\s{0,8}([A-Za-z(][^\d]*?)(?:\s{2,}|$)", line)):
                break
            rest.append(found[1])
        label = " ".join([match["label"].strip(), *rest])
        group = next((g for g in mine.index if g.startswith(label) and (label == g or len(label) > 6)), None)
        assert group is not None, (label, match[0], more)
        seen.add(group)
        places = len(match["rate"].split(".")[1])
        more_places += places > 1
        assert int(match["count"].replace(",", "")) == mine.loc[group, "count"]
        assert match["rate"] == f"{mine.loc[group, 'rate']:.{places}f}"
        high = match.groupdict().get("high") or re.search(r"\d+\.\d+", more[0])[0]
        low, upper = mine.loc[group, "lower_95"], mine.loc[group, "upper_95"]
        assert (match["low"], high) == (f"{low:.{places}f}", f"{upper:.{places}f}")
        expected = [rates[(rates["crime_group"] == group) & (rates["comparator"] == c)].iloc[0] for c in comparators]
        expected = [r for r in expected if pd.notna(r["rate"])]  # a rate not published is left blank
        assert re.findall(r"\d+\.\d+", match["rest"]) == [f"{r['rate']:.{places}f}" for r in expected], group
        # Each comparator's word is printed with the row (layout can set a wrapped word of the next row beside it).
        words = Counter(w.lower() for w in re.findall(r"Higher|Similar|Lower", " ".join([match["rest"], *more])))
        assert Counter(r["significance_95"] for r in expected) <= words, group

        def agrees(n: int, group=group, expected=expected, low=low, upper=upper) -> bool:
            judged = [round(r["rate"], n) for r in expected if r["significance_95"] in ("higher", "lower")]
            return all(v < round(low, n) or v > round(upper, n) for v in judged)

        assert agrees(places), group  # what is printed agrees with the verdicts printed beside it...
        printed_places.add(places)
        fewer_agree.append(places == 1 or agrees(places - 1))
    assert seen == set(mine.index)
    # ...every row to the same places (10.01 above 5.1 reads as two kinds of figure), no more than some row needs
    assert len(printed_places) == 1
    assert printed_places == {1} or not all(fewer_agree)
    if "Hartbury" in str(built.assessment.area):
        assert more_places  # the demo's robbery row: 1.54 for the similar partnerships beside 1.2 to 1.5


def test_a_significant_changes_printed_interval_excludes_no_change(built: Built):
    """Not "+3.7% Increase, interval 0% to +7%": an increase's printed interval lies above zero."""
    judged, tables = 0, 0
    for table in built.document.tables():
        labels = [c.label for c in table.columns]
        if "95% interval of the change" not in labels:
            continue
        tables += 1
        change, interval = labels.index("Change"), labels.index("95% interval of the change")
        for row in table.rows:
            status = row.cells[change].status
            if status is None or status.label not in ("Increase", "Decrease"):
                continue
            printed = table.columns[interval].format(row.cells[interval].value, table.missing,
                                                     row.cells[interval].decimals)
            low, high = (float(v) for v in re.findall(r"[-+]?\d+(?:\.\d+)?(?=%)", printed))
            assert (low > 0 and high > 0) if status.label == "Increase" else (low < 0 and high < 0), row
            judged += 1
    assert judged or not tables  # Cannock Chase 2022 has no earlier period to change from
    assert tables or "Cannock" in str(built.assessment.area)


def test_an_old_home_office_year_says_how_old_and_which_population_it_divides_by(cannock: Built):
    """Cannock Chase 2022 with the 2017/18 table the guide loads: once it sat under the 2022 rates
    with nothing to say it was four years older, its rates over the mid-2020 population."""
    (table,) = [t for t in cannock.document.tables() if t.id == "home-office-rates"]
    assert table.caption.endswith("2017/18 (April 2017 to March 2018, 4 years before this assessment)")
    assert "mid-2020" in table.source and any("nearest loaded to 2017/18" in note for note in table.notes)
    assert any("latest full year of Home Office figures loaded" in note for note in table.notes)


def test_the_headline_figures_say_what_to_read_with_care(built: Built):
    """Cannock Chase 2022: three flagged months and eleven months, not a year, were in the headline
    figures with no word of either."""
    (summary,) = [s for s in built.document.sections if s.id == "executive-summary"]
    text = " ".join(b.text for b in summary.blocks if hasattr(b, "text") and isinstance(b.text, str))
    monthly = built.assessment.table("monthly")
    period = built.assessment.period
    months = pd.to_datetime(monthly["month"].astype(str))
    inside = monthly[(months >= pd.Timestamp(period.start)) & (months <= pd.Timestamp(period.end))]
    flagged = sorted(set(pd.to_datetime(inside[inside["flagged"].astype(bool)]["month"].astype(str))))
    for month in flagged:
        assert f"{month:%B %Y}" in text, month
    assert ("not a whole year" in text) == (period.months != 12)
    if "Cannock" in str(built.assessment.area):
        assert len(flagged) == 3 and period.months == 11


def test_months_left_off_the_quarterly_chart_are_named(cannock: Built):
    """Cannock Chase's October and November 2022 were left off the quarterly chart without a word."""
    text = " ".join(b.text for s in cannock.document.sections if s.id == "change-over-time"
                    for b in s.blocks if isinstance(getattr(b, "text", None), str))
    assert "October 2022 and November 2022 do not make a whole quarter and are not drawn" in text


def test_the_quarterly_chart_sets_the_forces_own_quarters_beside_the_partnerships(cannock: Built, shared_data: Path):
    """The force was drawn as its average quarter of the period, January to March's undercount included, so
    Cannock Chase sat above it from April though significantly lower over the period."""
    geography = shared_data / "geography"
    pfa = next(geography.glob("Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas*"))
    with pfa.open(encoding="utf-8-sig") as stream:
        districts = {r["LAD17CD"] for r in csv.DictReader(stream) if r["PFA17NM"] == "Staffordshire"}
    with (geography / "lookup_lsoa11_ltla21.csv").open(encoding="utf-8-sig") as stream:
        lsoas = {r["lsoa11_code"] for r in csv.DictReader(stream) if r["ltla21_code"] in districts}
    with (shared_data / "population" / "population20_lsoa11.csv").open(encoding="utf-8-sig") as stream:
        residents = sum(float(r["total_population"]) for r in csv.DictReader(stream) if r["lsoa11_code"] in lsoas)
    expected = {}
    for label, months in (("Apr–Jun 2022", ("04", "05", "06")), ("Jul–Sep 2022", ("07", "08", "09"))):
        crimes = 0
        for month in months:
            path = shared_data / "police-uk" / f"2022-{month}" / f"2022-{month}-staffordshire-street.csv"
            with path.open(encoding="utf-8-sig") as stream:
                crimes += sum(1 for r in csv.DictReader(stream)
                              if r["LSOA code"] in lsoas and r["Crime type"] != "Anti-social behaviour")
        expected[label] = crimes / residents * 1000
    chart = next(b for s in cannock.document.sections for b in s.blocks
                 if isinstance(b, Figure) and b.id == "rate-by-quarter")
    force = {row.cells[0].value.replace("\n", " "): row.cells[2].value for row in chart.data.rows
             if row.cells[1].value == "Staffordshire (force area)"}
    for label, rate in expected.items():
        assert force[label] == pytest.approx(rate, abs=0.01), label
    text = " ".join(b.text for s in cannock.document.sections if s.id == "change-over-time"
                    for b in s.blocks if isinstance(getattr(b, "text", None), str))
    assert "drawn quarter by quarter over the same months" in text
    assert "average quarter" not in text


def test_numbers_print_as_a_reader_expects(built: Built):
    """No "0%" for a share that is not nothing, no "264.00" for a whole score, no blank place name."""
    from cspkit.reports.assessment.wording import share_text

    assert [share_text(v) for v in (0.0, 0.004, 0.005, 0.0051, 0.42)] == ["0%", "under 1%", "under 1%", "1%", "42%"]
    tables = {t.id: t for t in built.document.tables()}
    repeats = tables.get("repeat-locations")
    if repeats is not None:
        names = [str(row.cells[0].value).strip() for row in repeats.rows]
        assert all(name not in ("", "On or near") for name in names), names
    ranked = tables.get("ranked-priorities")
    if ranked is not None:
        score = next(i for i, c in enumerate(ranked.columns) if c.key == "score")
        for row in ranked.rows:
            cell = row.cells[score]
            text = ranked.columns[score].format(cell.value, ranked.missing, cell.decimals)
            assert not text.endswith(".00"), text
    assert built.document.tables()


def test_cannock_chases_maps_outline_and_name_its_wards_from_the_real_boundaries(
        cannock: Built, staffordshire_store_file: Path, shared_data: Path):
    """The lookup gives each LSOA its 2017 ward by code only; the names come from the ward boundaries
    loaded beside it (2013, the same wards in Cannock Chase), and the maps outline and name them."""
    import json

    with (shared_data / "boundaries" / "wards13" / "E07000192.json").open(encoding="utf-8") as stream:
        real = {f["properties"]["WD13NM"] for f in json.load(stream)["features"]}
    assert len(real) == 15
    lsoas = cannock.assessment.table("lsoas")
    assert set(lsoas["ward_name"]) == real
    with open_store(staffordshire_store_file, read_only=True) as store:
        shapes = lsoa_boundaries(store.con, list(lsoas["lsoa_code"]))
    outlined = ReportInputs(cannock.assessment, cannock.ranking, boundaries=shapes).ward_shapes
    assert outlined is not None and set(outlined["name"]) == real


def test_every_page_of_the_pdf_renders_and_the_map_pages_show_the_maps(built: Built, tmp_path: Path):
    pages = pdf_pages(built.files["pdf"])
    run("pdftoppm", "-r", "30", "-png", str(built.files["pdf"]), str(tmp_path / "page"))
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == len(pages) == int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(built.files["pdf"])))[1])
    classes = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in SEQUENTIAL])
    maps = 0
    for number, (image, text) in enumerate(zip(images, pages, strict=True), start=1):
        pixels = np.asarray(Image.open(image).convert("RGB")).astype(int).reshape(-1, 3)
        assert (pixels < 200).any(), f"page {number} is blank"
        if re.search(r"Figure \d+: .*per 1,000 residents by LSOA", text):
            maps += 1
            near = [(np.abs(pixels - colour).max(axis=1) < 12).mean() for colour in classes]
            assert sum(share > 0.001 for share in near) >= 3, f"page {number} should show the map's classes"
    assert maps == sum("per 1,000 residents by LSOA" in f.title for f in built.document.figures()) >= 2


def test_the_analysts_edits_survive_the_rebuild_and_replace_the_generated_words(built: Built):
    assert {"overview", f"{built.first_profile.id}-recommendations"} <= set(built.analyst.kept)
    kept = built.commentary.read_text(encoding="utf-8")
    assert ANALYST_OVERVIEW in kept and "Agree a **delivery plan** for this priority with its lead partner." in kept
    text = flat("\n".join(pdf_pages(built.files["pdf"])))
    assert ANALYST_OVERVIEW in text
    headline = built.assessment.statements_for("overview")[0]
    assert flat(headline) not in text
    assert re.search(
        rf"Recommendations: {re.escape(built.first_profile.name)}\W+Agree a delivery plan for this priority with its "
        r"lead\s+partner\.", text
    )


def test_a_builds_shared_work_is_done_once_changes_nothing_and_serves_one_report_only(
    demo: Built, monkeypatch: pytest.MonkeyPatch
):
    worked_out: list[str] = []
    real = facts_module._work_out
    monkeypatch.setattr(facts_module, "_work_out",
                        lambda inputs, profile: worked_out.append(profile.name) or real(inputs, profile))
    alone = assessment_document(demo.assessment, ranking=demo.ranking, analyst=demo.analyst)
    assert worked_out and len(worked_out) == len(set(worked_out))
    worked_out.clear()
    work: dict = {}
    parts = commentary_parts(demo.assessment, ranking=demo.ranking, work=work)
    shared = assessment_document(demo.assessment, ranking=demo.ranking, analyst=demo.analyst, work=work)
    again = assessment_document(demo.assessment, ranking=demo.ranking, analyst=demo.analyst, work=work)
    # each priority's facts worked out once for the commentary and both compositions, not three times
    assert worked_out and len(worked_out) == len(set(worked_out))
    assert parts == commentary_parts(demo.assessment, ranking=demo.ranking)
    assert pickle.dumps(shared) == pickle.dumps(alone) == pickle.dumps(again)
    with pytest.raises(ValueError, match="another"):
        assessment_document(demo.assessment, ranking=None, work=work)


def test_composed_with_stand_ins_then_given_its_figures_the_report_is_the_one_composed_with_them(built: Built):
    """A first build lays out each PDF chapter as soon as its own figures are drawn, from the first
    composition (made with stand-ins) with the figures put in. Unless that is the document the second
    composition gives, the work is wasted: the PDF writer finds no chapter with the final one's hash."""
    firsts = []

    def compose():
        return assessment_document(built.assessment, analyst=built.analyst, **built.options)

    figure_cache._memory.clear()  # every figure is drawn again: the first composition gets stand-ins
    final = figure_cache.compose_in_parallel(compose, meanwhile=lambda first: firsts.append(first) or [])
    assert firsts and sum(figure_cache.is_stand_in(figure) for figure in firsts[0].figures()) > 5
    assert firsts[0].with_figures({figure.id: figure for figure in final.figures()}) == final


def test_a_first_composition_notes_a_figure_to_draw_before_it_works_out_the_summary(
    demo: Built, monkeypatch: pytest.MonkeyPatch
):
    """The drawing processes start with the first figure noted; the summary (the slowest section to
    compose before any figure) is composed after the direction of travel's charts are noted, though
    it is printed before them."""
    from cspkit.reports.assessment import compose as composing

    events: list[str] = []

    class Noting:  # what compose_in_parallel puts in place while it composes: figures noted, not drawn
        upset = None

        def note(self, key, draw, args, kwargs):
            events.append("figure")

    summary = composing.summary_section
    monkeypatch.setattr(composing, "summary_section", lambda inputs: events.append("summary") or summary(inputs))
    figure_cache._memory.clear()
    monkeypatch.setitem(figure_cache._state, "folder", None)
    monkeypatch.setitem(figure_cache._state, "also", ())
    monkeypatch.setitem(figure_cache._state, "planning", Noting())
    document = assessment_document(demo.assessment, analyst=demo.analyst, **demo.options)
    assert events.count("summary") == 1 and events.count("figure") >= len(document.figures()) > 20
    assert events.index("figure") < events.index("summary")
    assert document.sections[0].id == "executive-summary"


def test_unedited_parts_of_the_commentary_hold_the_generated_statements(built: Built):
    direction = built.analyst.text("direction-of-travel")
    for statement in built.assessment.statements_for("direction_of_travel"):
        assert statement in direction
    inputs = ReportInputs(built.assessment, built.ranking)
    second = [p for p in choose_profiles(inputs)[0]][1]
    drafted = built.analyst.text(f"{second.id}-recommendations")
    assert drafted.startswith("- ") and "Agree a measure of success" in drafted  # drafted from the evidence
    first_draft = priority_recommendations(inputs, priority_facts(inputs, second))[0]
    assert f"- {first_draft}" in drafted


def test_each_top_priority_has_a_section_starting_a_page_with_its_figures(built: Built):
    """Each starts a page but the first, which follows the opening paragraph of 'Recommendations and key
    priorities' (that paragraph alone left a page nearly blank)."""
    profiles, sentence = choose_profiles(ReportInputs(built.assessment, built.ranking))
    ranked = built.ranking.ranked
    if ranked:  # every candidate ranked as high as the last of the top ones: a tie is not broken in silence
        cutoff = ranked[min(TOP_PRIORITIES, len(ranked)) - 1].rank
        assert [p.name for p in profiles] == [c.name for c in ranked if c.rank <= cutoff]
        if len(profiles) > TOP_PRIORITIES:
            assert "place, so the top" in sentence and "asked for" not in sentence
    by_id = {s.id: s for s in built.document.sections}
    for profile in profiles:
        page = by_id[profile.id]
        assert page.new_page == (profile != profiles[0]) and page.level == 2
        figures = {b.id for b in page.blocks if isinstance(b, Figure)}
        assert {f"{profile.id}-monthly", f"{profile.id}-map"} <= figures
        # A comparison chart needs the partnership and another comparator beside the benchmark line.
        others = set(built.assessment.table("rates").query("comparator_kind != 'area'")["comparator"])
        assert (f"{profile.id}-comparison" in figures) == (len(others) >= 2), profile.name


def test_the_priorities_section_says_how_they_were_set(built: Built):
    text = flat("\n".join(pdf_pages(built.files["pdf"])))
    assert "MoRiLE-style harm, likelihood and organisational position" in text
    assert "Not the official MoRiLE template" in text
    assert "1 person (Panel member) scored" in text
    # the scores are kept to reproduce the ranking; the session's number is for the methodology appendix
    assert "The scores are kept with the assessment's data, so the ranking can be reproduced." in text
    (section,) = [s for s in built.document.sections if s.id == "priorities"]
    said = " ".join(str(getattr(block, "text", "")) for block in section.blocks)
    assert "scoring session 7" not in said.lower()
    sources = next(t for t in built.document.tables() if t.id == "input-files")
    assert any(str(cell.value) == "Scoring session 7" for row in sources.rows for cell in row.cells)
    for candidate in built.ranking.ranked:
        assert f"{candidate.name}: Ranked {candidate.rank} of {len(built.ranking.ranked)}" in text


def test_methods_are_referenced_and_every_source_used_is_listed_once(built: Built):
    text = flat("\n".join(pdf_pages(built.files["pdf"])))
    for reference in ("Breslow, N. E.", "Getis, A. and Ord, J. K.", "Benjamini, Y."):
        assert reference in text, reference
    # the references of methods this report does not use are left out (Cannock Chase: no control chart,
    # forecast, outcomes or tested change; the demo: no harm index)
    tables = built.assessment.tables
    drawn = not tables["spc"].empty
    for reference, used in (("Gu, K.", bool(tables["change"].get("available", pd.Series(dtype=bool)).any())),
                            ("Wilson, E. B.", not tables["outcomes"].empty if "outcomes" in tables else False),
                            ("Making Data Count", drawn), ("Hyndman", drawn), ("Cleveland", drawn),
                            ("Sherman, L. W.", not tables["harm"].empty)):
        assert (reference in text) == used, reference
    listed = next(t for t in built.document.tables() if t.id == "input-files")
    datasets = [row.cells[1].value for row in listed.rows]
    assert len(datasets) == len(set(datasets))  # one row per source, not one per file
    assert "Street-level crime and anti-social behaviour" in datasets
    # the outcomes and stop and search chapters' files are listed when those chapters were written
    for dataset, table in (("Outcomes of crimes", "outcomes"), ("Stop and search", "stop_search")):
        tables = built.assessment.tables
        assert (dataset in datasets) == (table in tables and not tables[table].empty), dataset


# Word, Excel and HTML


def test_libreoffice_opens_the_word_file_and_prints_every_section_and_the_rates(built: Built, tmp_path: Path):
    profile = (tmp_path / "profile").as_uri()
    run(
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(built.files["docx"]),
    )
    text = run("pdftotext", "-layout", str(tmp_path / "report.pdf"), "-")
    for section in built.document.sections:
        assert re.search(rf"^\s*{re.escape(section.title)}\s*$", text, re.MULTILINE), section.title
    rate = area_rates(built.assessment).loc[ALL_CRIME, "rate"]
    assert any(
        line.lstrip().startswith("All crime (excluding") and (f" {rate:.1f} " in line or f" {rate:.2f} " in line)
        for line in text.splitlines()
    )


def test_the_workbook_has_every_table_on_its_own_sheet_with_the_assessments_numbers(built: Built):
    book = openpyxl.load_workbook(built.files["xlsx"])
    labels = built.document.numbering()
    for table in built.document.tables():
        sheet = book[table.sheet_name or labels[table.id]]
        assert table.caption in sheet["A1"].value
    sheet = book["Rates per 1,000"]
    header = [c.value for c in sheet[3]]
    area = built.assessment.area.name
    rates = built.assessment.table("rates")
    mine = area_rates(built.assessment)
    found = 0
    for row in sheet.iter_rows(min_row=4, values_only=True):
        group = row[0]
        assert isinstance(row[header.index("Recorded")], int)
        assert row[header.index(area)] == pytest.approx(mine.loc[group, "rate"], rel=1e-12)
        for comparator in rates[rates["comparator_kind"] != "area"]["comparator"].unique():
            expected = rates[(rates["crime_group"] == group) & (rates["comparator"] == comparator)].iloc[0]
            if pd.isna(expected["rate"]):  # not published for this group: "[x]", never a made-up figure
                assert row[header.index(comparator)] == "[x]"
                continue
            assert row[header.index(comparator)] == pytest.approx(expected["rate"], rel=1e-12)
            assert row[header.index(f"{comparator}: compared")].lower() == expected["significance_95"]
        found += 1
    assert found == len(mine)


def test_the_web_page_describes_every_figure_in_words(built: Built):
    html = built.files["html"].read_text(encoding="utf-8")
    alts = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)"', html)
    assert len(alts) == len(built.document.figures())
    assert all(len(alt) > 40 for alt in alts)


# What the pages are made from


def test_a_priority_spanning_several_crime_types_adds_up_their_counts(demo: Built):
    theft = Candidate("Theft", ("Other theft", "Theft from the person", "Bicycle theft"))
    facts = priority_facts(ReportInputs(demo.assessment, demo.ranking), Profile(theft.name, theft.crime_types))
    mine = area_rates(demo.assessment)
    count = mine.loc[list(theft.crime_types), "count"].sum()
    assert facts.count == count
    assert facts.rate == pytest.approx(count / mine.loc["Bicycle theft", "population"] * 1000)
    monthly = demo.assessment.table("monthly")
    summed = monthly[monthly["crime_group"].isin(theft.crime_types)].groupby("month")["count"].sum()
    assert facts.monthly.set_index("month")["count"].to_dict() == summed.to_dict()
    change = demo.assessment.table("change")
    window = change[
        (change["comparison"] == facts.change["comparison"]) & change["crime_group"].isin(theft.crime_types)
    ]
    assert facts.change["count_current"] == window["count_current"].sum()
    assert facts.change["count_earlier"] == window["count_earlier"].sum()


def test_without_peoples_scores_the_pages_profile_the_most_recorded_and_say_it_is_not_a_ranking(cannock: Built):
    template = load_template("morile-style")
    unscored = score_candidates(template, [c.evidence for c in cannock.ranking.candidates])
    assert not unscored.ranked
    profiles, basis = choose_profiles(ReportInputs(cannock.assessment, unscored, top=2))
    assert "with the most records. This order is not a ranking" in basis
    mine = area_rates(cannock.assessment)
    assert [p.name for p in profiles] == ["Violence and sexual offences", "Anti-social behaviour"]
    assert (
        mine.loc["Violence and sexual offences", "count"]
        > mine.loc["Anti-social behaviour", "count"]
        > max(
            mine.loc[g, "count"]
            for g in mine.index
            if g not in ("Violence and sexual offences", "Anti-social behaviour", ALL_CRIME, "Acquisitive crime")
        )
    )


def test_deprivation_deciles_pool_the_lsoas_and_compare_with_the_area(built: Built):
    table = decile_rates(ReportInputs(built.assessment, built.ranking)).set_index("decile")
    lsoas = built.assessment.table("lsoas")
    pooled = lsoas.groupby("imd_decile")[["population", "all_crime_excluding_asb"]].sum()
    assert table["population"].to_dict() == pooled["population"].to_dict()
    assert table["count"].to_dict() == pooled["all_crime_excluding_asb"].to_dict()
    area = area_rates(built.assessment).loc[ALL_CRIME, "rate"]
    assert ((table["status"] == "higher") == (table["lower"] > area)).all()
    assert ((table["status"] == "lower") == (table["upper"] < area)).all()


def test_every_shaded_table_prints_a_key_in_words_under_it(built: Built):
    text = flat("\n".join(pdf_pages(built.files["pdf"])))
    shaded = [t for t in built.document.tables() if t.statuses_used()]
    assert {"rates-overview", "wards"} <= {t.id for t in shaded}
    for table in shaded:
        for status in table.statuses_used():
            assert f"{status.label} {status.description}" in text, (table.id, status.label)


# Publishable as it stands (issue 11)

#: Words of the tool, not of a report, that must not appear before the methodology appendix.
FORBIDDEN = (
    "checksum",
    "cspkit priorities",
    "data_quality",
    "ETS(",
    "Getis-Ord",
    "month(s)",
    "LSOA(s)",
    "file(s)",
    "(0.0%)",
    "`",
    "Not ranked",
    "(cspkit)",
    "one function",
    "--msg",
    "--published",
    "--benchmark",
)
STORED_PERIOD = re.compile(r"\b\d{4}-\d{2}\.\.\d{4}-\d{2}\b")


def body_before_methodology(built: Built) -> str:
    """The PDF's text from the executive summary to the methodology appendix (cover and contents left out)."""
    text = "\n".join(pdf_pages(built.files["pdf"])[3:])
    return text[: re.search(r"^Data quality and methodology\s*$", text, re.MULTILINE).start()]


def test_a_higher_rate_of_offences_the_police_find_themselves_is_not_read_as_more_harm(demo: Built):
    """Drugs and weapons possession are recorded mostly when the police find them: the draft asks how much of
    a higher rate is proactive policing, and never tells the partnership to learn from lower rates."""
    inputs = ReportInputs(demo.assessment, demo.ranking)
    checked = 0
    for name in ("Drugs", "Possession of weapons"):
        candidate = next(c for c in demo.ranking.candidates if c.name == name)
        facts = priority_facts(inputs, profile_of(inputs, candidate))
        drafts = priority_recommendations(inputs, facts)
        assert not any("Learn from partnerships with lower rates" in d for d in drafts)
        if facts.higher_than():
            checked += 1
            assert any(d.startswith(f"Ask the police how much of the higher rate of {name.lower()}") for d in drafts)
    assert checked  # the demo has such a rate above a comparator
    burglary = next(c for c in demo.ranking.candidates if c.name == "Burglary")
    facts = priority_facts(inputs, profile_of(inputs, burglary))
    assert not any(d.startswith("Ask the police how much") for d in priority_recommendations(inputs, facts))


def test_a_priority_with_no_reliably_high_or_low_month_says_so_once(demo: Built):
    """The drugs page said "no calendar month is reliably higher or lower than the others" at the end of its
    forecast's sentence and again, alone, as the next paragraph."""
    inputs = ReportInputs(demo.assessment, demo.ranking)
    said = {c.name: flat(priority_text(inputs, priority_facts(inputs, profile_of(inputs, c)))).lower().count(
        "no calendar month is reliably higher or lower than the others") for c in demo.ranking.ranked}
    assert said["Drugs"] == 1 and all(count <= 1 for count in said.values()), said


def test_a_month_the_checks_found_odd_for_one_crime_type_is_named_on_its_priority_page(cannock: Built):
    """Staffordshire's November 2022 file holds about half the usual ASB records, though its other records are
    as usual: the ASB priority's page says so where its figures are read; the other pages do not."""
    inputs = ReportInputs(cannock.assessment, cannock.ranking)
    pages = {c.name: flat(priority_text(inputs, priority_facts(inputs, profile_of(inputs, c))))
             for c in cannock.ranking.ranked if c.name in ("Anti-social behaviour", "Burglary")}
    assert ("The data-quality checks found that November 2022 has 46% fewer anti-social behaviour records per day"
            in pages["Anti-social behaviour"])
    assert "November 2022 has" not in pages["Burglary"]


def test_how_to_read_a_chart_is_said_once_across_the_priorities_not_under_every_chart(demo: Built):
    """Seven sections repeating the same paragraph under each chart read as machine text, and each note,
    kept with its chart, pushed the next figure to a page of its own: half-empty pages. Each note is said
    the first time its kind of chart appears; the recommendations' opening says so."""
    from cspkit.reports.assessment.priority_pages import Note

    sections = priority_sections(demo)
    assert len(sections) >= 6
    notes = [block.text for section in sections for block in section.blocks if isinstance(block, Note)]
    assert notes and len(notes) == len(set(notes))
    # nor is a note said again that an earlier chapter printed under the same kind of chart (the map's note,
    # under the places chapter's maps; the page read as it said it would not repeat)
    ids = [section.id for section in demo.document.sections]
    earlier = {block.text for section in demo.document.sections[: ids.index("recommendations")]
               for block in section.blocks if isinstance(block, Paragraph)}
    assert HOW_TO_READ["map"] in earlier and not earlier & set(notes)
    first = [block for block in sections[0].blocks + sections[1].blocks if isinstance(block, Note)]
    assert first  # the first priorities' charts not explained before are explained there
    opening = next(s for s in demo.document.sections if s.id == "recommendations").blocks[0].text
    assert "said under it the first time it appears" in opening
    pages = pdf_pages(demo.files["pdf"])
    assert sum("In the chart above, the lines are 95% confidence intervals" in page for page in pages) == 1


def priority_sections(built: Built) -> list:
    """The priorities' sections: those after 'Recommendations and key priorities', up to the next chapter."""
    ids = [section.id for section in built.document.sections]
    after = built.document.sections[ids.index("recommendations") + 1 :]
    return after[: next(i for i, section in enumerate(after) if section.level == 1)]


@pytest.mark.parametrize("which", ["demo", "cannock"])
def test_no_page_of_the_priorities_sections_is_left_half_empty_but_a_sections_last(which: str, request):
    """A priority's comparator chart used to sit alone above half a page of nothing, its map too tall for the
    rest of the page, and the opening of 'Recommendations and key priorities' had a page to itself. Read
    off the printed pages: from that opening to the methodology, every page but a section's last is at
    least half filled, and the first priority follows the opening on its page."""
    built: Built = request.getfixturevalue(which)
    pages = pdf_pages(built.files["pdf"])
    titles = {section.title for section in priority_sections(built)}

    def heading(page: str) -> str:  # the first line under the running header
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        return lines[1] if len(lines) > 1 else ""

    first = next(i for i, page in enumerate(pages) if heading(page) == "Recommendations and key priorities")
    end = next(i for i, page in enumerate(pages) if i > first and heading(page) == "Data quality and methodology")
    assert re.search(rf"^\s*{re.escape(priority_sections(built)[0].title)}\s*$", pages[first], re.MULTILINE)
    filled = page_fill(built.files["pdf"])
    starts = {i for i in range(first, end) if heading(pages[i]) in titles} | {end}
    half_empty = [i + 1 for i in range(first, end) if i + 1 not in starts and filled[i] < 0.5]
    assert not half_empty, f"pages {half_empty} are less than half filled"


def page_fill(pdf: Path) -> list[float]:
    """How far down each page's text area (within the A4 margins, 22 mm top and 20 mm foot) its last mark is."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), f"{folder}/page"], check=True, timeout=300)
        fills = []
        for path in sorted(Path(folder).glob("page-*.pgm"), key=lambda p: int(p.stem.split("-")[-1])):
            grey = np.asarray(Image.open(path))
            top, bottom = round(grey.shape[0] * 22 / 297), round(grey.shape[0] * (297 - 20) / 297)
            marked = np.flatnonzero((grey[top:bottom] < 200).any(axis=1))
            fills.append(float(marked.max() + 1) / (bottom - top) if marked.size else 0.0)
    return fills


def test_the_executive_summary_names_the_candidates_left_unranked_and_whose_scores_rank_them(cannock: Built):
    """A board reading the summary alone must not take a candidate nobody scored (domestic abuse, in the
    Cannock Chase scoring sheet) for one that was scored and ranked low, nor one person's scores for a panel's."""
    pages = pdf_pages(cannock.files["pdf"])
    body = "\n".join(pages[3:])
    summary = flat(body[: re.search(r"^Introduction and context\s*$", body, re.MULTILINE).start()])
    unranked = [c.name for c in cannock.ranking.unranked]
    assert "Domestic abuse" in unranked and cannock.ranking.ranked
    named = summary[summary.index(f"{len(cannock.ranking.ranked)} were ranked") :][:600]
    assert all(name in named for name in unranked), named
    assert "are not ranked: a part of the score has no level yet" in named
    people = len(cannock.ranking.scorers)
    assert f"The scores are those of {people} {'person' if people == 1 else 'people'}." in named


def test_the_summarys_recommendations_quote_a_priority_recommendation_the_analyst_rewrote(built: Built):
    """The fixture rewrites the first priority's recommendations in the commentary file and leaves the
    overall ones alone: the executive summary quotes the analyst's first, never the draft it replaced."""
    pages = pdf_pages(built.files["pdf"])
    body = "\n".join(pages[3:])
    summary = flat(body[: re.search(r"^Introduction and context\s*$", body, re.MULTILINE).start()])
    recommendations = summary[summary.rindex("Recommendations") :]
    quoted = f"{built.first_profile.name}: agree a delivery plan for this priority with its lead partner."
    assert quoted in recommendations
    inputs = ReportInputs(built.assessment, built.ranking)
    drafted = priority_recommendations(inputs, priority_facts(inputs, built.first_profile))[0]
    assert flat(drafted[1:])[:40] not in recommendations
    assert not built.analyst.sections["recommendations"].edited  # the overall part is still cspkit's draft


def test_the_executive_summary_comes_first_and_names_every_ranked_priority(built: Built):
    pages = pdf_pages(built.files["pdf"])
    body = "\n".join(pages[3:])
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    first = next(line for line in lines if not line.startswith(built.document.title))  # past the running header
    assert first == "Executive summary"
    summary = flat(body[: re.search(r"^Introduction and context\s*$", body, re.MULTILINE).start()])
    assert built.ranking.ranked
    listed = summary[summary.index("Priorities in rank order") :]
    ranks = [candidate.rank for candidate in built.ranking.ranked]
    # each named by its rank, never by its place in the list: '6= Burglary', not '7. Burglary'
    labels = [f"{c.rank}{'=' if ranks.count(c.rank) > 1 else ''} {c.name}:" for c in built.ranking.ranked]
    positions = [listed.find(label) for label in labels]
    assert -1 not in positions and positions == sorted(positions)  # every ranked priority, in rank order
    for heading in ("The headline picture", "Priorities in rank order", "Recommendations"):
        assert heading in summary
    starts = [
        next(i for i, page in enumerate(pages) if i >= 3 and re.search(rf"^{title}\s*$", page, re.MULTILINE))
        for title in ("Executive summary", "Introduction and context")
    ]
    assert 2 <= starts[1] - starts[0] + 1 <= 4  # two to four pages, as seed 002's


def test_the_demo_rates_table_has_a_column_for_each_comparator(demo: Built):
    text = "\n".join(pdf_pages(demo.files["pdf"]))
    start = text.index("Rates of recorded crime and ASB per 1,000 residents")
    header = flat(text[start : text.index("Key to the shading", start)])
    for column in (
        "Mercia Vale (force area)",
        "Most Similar Group (15 partnerships)",
        "West Midlands (region)",
        "England and Wales",
    ):  # headings wrap in narrow columns: every word is there
        assert all(word in header.split() for word in column.split()), column
    kinds = set(demo.assessment.table("rates")["comparator"])
    assert {"Most Similar Group (15 partnerships)", "West Midlands (region)", "England and Wales"} <= kinds
    workbook = openpyxl.load_workbook(demo.files["xlsx"], read_only=True)
    header_row = next(row for row in workbook["Rates per 1,000"].iter_rows(values_only=True) if row[0] == "Crime group")
    assert {"Most Similar Group (15 partnerships)", "West Midlands (region)", "England and Wales"} <= set(header_row)


def test_the_msg_average_is_the_mean_of_its_members_published_rates(demo: Built, demo_store: Path):
    national = demo_store.parent / "files" / "national"
    with (national / "most-similar-group.csv").open(encoding="utf-8") as stream:
        members = {row["Area Code"] for row in csv.DictReader(stream)}
    with (national / "csp-crime-rates.csv").open(encoding="utf-8") as stream:
        next(stream)  # the published table's title line
        robbery = [float(row["Robbery"]) for row in csv.DictReader(stream) if row["Area Code"] in members]
    assert len(robbery) == len(members) == 15
    rates = demo.assessment.table("rates")
    msg = rates[(rates["crime_group"] == "Robbery") & rates["comparator"].str.startswith("Most Similar Group")]
    assert msg["rate"].iloc[0] == pytest.approx(sum(robbery) / 15, abs=0.001)


def test_missing_comparators_are_named_with_how_to_add_them(cannock: Built):
    text = flat(body_before_methodology(cannock))
    assert "No comparison with the Most Similar Group: it needs the group's list of partnerships" in text
    assert "--msg" not in text and "--published" not in text  # a board reads this, not the analyst's commands
    assert "No comparison with England and Wales" in text


def test_no_tool_internals_appear_before_the_methodology_appendix(built: Built):
    body = body_before_methodology(built)
    for word in FORBIDDEN:
        assert word not in body, word
    assert not STORED_PERIOD.search(body), STORED_PERIOD.search(body)


def test_the_demo_report_has_recommendations_overall_and_for_each_priority(demo: Built):
    text = flat("\n".join(pdf_pages(demo.files["pdf"])))
    # the overall recommendations are printed once, in the summary; the chapter refers to them
    assert text.count("as the partnership's priorities") == 1 and "Adopt " in text
    assert "overall recommendations are set out in full in the executive summary" in text
    profiles, _ = choose_profiles(ReportInputs(demo.assessment, demo.ranking))
    for profile in profiles:
        assert f"Recommendations: {profile.name}" in text, profile.name


def test_the_demos_panel_sheet_and_survey_rank_every_candidate(demo: Built, tmp_path: Path):
    template = load_template("morile-style")
    candidates = load_candidates()
    scores = write_demo_panel_scores(tmp_path / "panel.csv", seed=0)
    survey = write_demo_survey(tmp_path / "survey.csv", seed=2024)
    evidence = with_survey(
        evidence_for(candidates, evidence_from_assessment(demo.assessment, candidates)), candidates, survey
    )
    ranking = score_candidates(template, evidence, read_scores(scores, template, [c.name for c in candidates]))
    assert not ranking.unranked and len(ranking.ranked) == len(candidates) == 12
    assert all(c.evidence.public_expectation is not None for c in ranking.candidates)  # from the survey


def test_the_cannock_chase_report_states_no_annual_trend_and_the_reason(cannock: Built):
    # 11 months of 2022 files, January to March flagged as short: 8 usable months, 24 needed.
    for text in (
        flat(" ".join(pdf_pages(cannock.files["pdf"]))),
        flat(re.sub(r"<[^>]+>", " ", cannock.files["html"].read_text(encoding="utf-8"))),
    ):
        assert (
            "No annual trend is given for crime in Cannock Chase: 8 usable months are fewer than the 24 (two "
            "full years) needed to tell a lasting rise or fall apart from the usual seasonal pattern"
        ) in text
        assert "% a year" not in text


def test_domestic_abuse_is_evidenced_by_the_partners_measure_it_names(demo: Built, demo_store: Path):
    # counted straight from the demo's partner file: Hartbury's district, October 2025 to September 2026
    with open_store(demo_store) as store:
        district = store.con.execute("SELECT code FROM areas WHERE level = 'lad' AND name = 'Hartbury'").fetchone()[0]
    measure = "Domestic abuse-related incidents and crimes"
    each_month: dict[str, float] = {}
    for path in (demo_store.parent / "files").rglob("indicators/*.csv"):
        with path.open(encoding="utf-8") as stream:
            for r in csv.DictReader(stream):
                if r["area_code"] == district and r["measure"] == measure and r["period"] <= "2026-09":
                    each_month[r["period"]] = each_month.get(r["period"], 0.0) + float(r["value"])
    expected = sum(value for month, value in each_month.items() if month >= "2025-10")
    assert expected > 0
    row = demo.assessment.table("partner_indicators").set_index("measure").loc[measure]
    assert row["value"] == expected
    candidate = next(c for c in demo.ranking.candidates if c.name == "Domestic abuse")
    assert (candidate.evidence.count, candidate.evidence.partner_measure) == (expected, measure)
    inputs = ReportInputs(demo.assessment, demo.ranking)
    facts = priority_facts(inputs, Profile("Domestic abuse", (), candidate, partner_measure=measure))
    words = flat(priority_text(inputs, facts))
    assert f"{measure}: {expected:,.0f} in Hartbury" in words and "per 1,000 residents" in words
    assert "no police.uk figures" not in words
    assert why(inputs, facts).startswith(f"{expected:,.0f} {measure.lower()}")
    assert not any("Bring partners' records" in r for r in priority_recommendations(inputs, facts))
    # its page charts the measure month by month, with control limits, as police.uk priorities are charted
    page = priority_page(inputs, facts)
    (chart,) = [b for b in page.blocks if isinstance(b, Figure)]
    assert "with control limits" in chart.title and chart.source == "Mercia Vale Police"
    charted = {str(row.cells[0].value)[:7]: row.cells[1].value for row in chart.data.rows}
    assert charted == {month: value for month, value in sorted(each_month.items())}
    assert "The control chart" in words
    pages = pdf_pages(demo.files["pdf"])
    chapter = flat(next(p for p in pages if "What partners' records show" in p and "Table" in p))
    assert "Deliberate fires" in chapter and measure in chapter
    workbook = openpyxl.load_workbook(demo.files["xlsx"], read_only=True)
    assert {"Partner counts", "Partner proportions"} <= set(workbook.sheetnames)


def test_the_home_office_table_has_counts_intervals_the_force_and_says_why_a_comparator_is_missing(demo: Built):
    """The review found the demo's Home Office table with one column, no counts, and a note claiming
    intervals it did not show, although the loaded table covered every partnership of the force."""
    text = flat("\n".join(pdf_pages(demo.files["pdf"])))
    start = text.index("Police recorded crime by Home Office offence group per 1,000 residents")
    table = text[start : text.index("from the published rates by partnership", start)]
    home = demo.assessment.table("home_office_rates")
    total = home.iloc[0]
    assert (f"{total['area_count']:,.0f} {total['area_rate']:.1f} {total['area_lower_95']:.1f} to "
            f"{total['area_upper_95']:.1f} {total['force_rate']:.1f} Higher") in table
    (built,) = [t for t in demo.document.tables() if t.id == "home-office-rates"]
    assert [c.label for c in built.columns] == ["Offence group", "Recorded", "Hartbury", "95% confidence interval",
                                                "Mercia Vale (force area)"]
    assert "England and Wales is not in this table" in table and "Nor is the Most Similar Group" in table
    assert "The Home Office publishes police recorded crime by offence group" in text


def test_na_in_the_rates_table_is_explained_only_where_it_appears(demo: Built):
    (table,) = [t for t in demo.document.tables() if t.id == "rates-overview"]
    missing = [row.cells[0].value for row in table.rows if any(c.value is None for c in row.cells[4:])]
    assert missing == ["Acquisitive crime"]
    assert [n for n in table.notes if n.startswith("N/A")] == [
        "N/A: no rate is available for Acquisitive crime against Most Similar Group (15 partnerships), West Midlands "
        "(region) and England and Wales: the published rates these comparators come from are not given for that "
        "grouping of crime types, so it cannot be compared."]
    text = flat("\n".join(pdf_pages(demo.files["pdf"])))
    assert "N/A: no rate is available for Acquisitive crime" in text


def test_the_comparator_charts_give_the_partnerships_verdict_against_each_comparator(demo: Built):
    # Each comparator's marker says how Hartbury compares with it, by the rates table's test: Hartbury's 95%
    # interval lies wholly above the comparator's rate (Higher), wholly below (Lower), or includes it (Similar).
    rates = demo.assessment.table("rates")
    own = rates[rates["comparator_kind"] == "area"].set_index("crime_group")
    profiles, _ = choose_profiles(ReportInputs(demo.assessment, demo.ranking))
    by_id = {s.id: s for s in demo.document.sections}
    checked = 0
    for profile in profiles:
        chart = next((b for b in by_id[profile.id].blocks
                      if isinstance(b, Figure) and b.id == f"{profile.id}-comparison"), None)
        if chart is None or len(profile.crime_types) != 1:
            continue
        group = profile.crime_types[0]
        lower, upper = own.loc[group, "lower_95"], own.loc[group, "upper_95"]
        words = {row.cells[0].value: row.cells[-1].value for row in chart.data.rows}
        others = rates[(rates["crime_group"] == group) & (rates["comparator_kind"] != "area")].dropna(subset=["rate"])
        for name, rate in zip(others["comparator"], others["rate"], strict=True):
            assert words[name] == ("Higher" if lower > rate else "Lower" if upper < rate else "Similar"), (group, name)
            checked += 1
    assert checked >= 8  # four comparators on each of the single-type priority pages
    text = flat(" ".join(pdf_pages(demo.files["pdf"])))
    assert "Not compared" not in text
    assert "its marker gives the verdict in the words of the rates tables (Higher, Similar or Lower)" in text


def test_the_evidence_table_says_what_change_and_trend_measure(demo: Built):
    # The trend reads every loaded month the checks did not flag: 36 before the period's end, 3 flagged.
    monthly = demo.assessment.table("monthly")
    usable = monthly[(monthly["crime_group"] == ALL_CRIME) & ~monthly["flagged"].astype(bool)]
    text = flat(" ".join(pdf_pages(demo.files["pdf"])))
    assert len(usable) == 33
    assert ("Trend: the direction of a log-linear regression over the 33 months analysed, leaving out months the "
            "data-quality checks flagged") in text
    assert ("Change: the records of October 2025 to September 2026 against the previous period (October 2024 to "
            "September 2025)") in text


def test_every_change_column_prints_a_rise_with_its_plus_sign(demo: Built):
    """Tables 2 and 3 printed "+6%" and the candidates' and partners' tables "6%" for the same kind of
    figure: every column of changes, in every table, signs a rise."""
    from cspkit.reports.document import Table

    tables = [block for section in demo.document.sections for block in section.blocks if isinstance(block, Table)]
    changes = [(table.id, column) for table in tables for column in table.columns
               if column.label.startswith("Change") and column.kind in ("percent", "number")]
    assert len({id for id, _ in changes}) >= 4  # two change tables, the candidates' and the partners'
    unsigned = [(id, column.label) for id, column in changes if not column.format(0.06, "").startswith("+")]
    assert not unsigned


def test_two_busiest_locations_of_one_name_in_one_place_are_told_apart(cannock: Built):
    """Cannock Chase's busiest locations listed "On or near Parking Area" twice in one LSOA, read as one place
    counted twice: each such row says where its point is."""
    (table,) = [t for t in cannock.document.tables() if t.id == "repeat-locations"]
    rows = [tuple(str(cell.value) for cell in row.cells[:2]) for row in table.rows]
    assert len(rows) == len(set(rows)), rows
    assert any(" (at 52." in name for name, _ in rows)  # the repeated names were there to tell apart


def test_no_table_has_two_columns_with_one_heading(demo: Built):
    """The outcomes table had two columns headed "Force", one after each share, leaving a reader to work out
    which share each belonged to."""
    from cspkit.reports.document import Table

    tables = [block for section in demo.document.sections for block in section.blocks if isinstance(block, Table)]
    assert any(table.id == "outcomes-by-group" for table in tables)
    repeated = [(table.id, label) for table in tables for label, count in
                Counter(column.label for column in table.columns).items() if count > 1]
    assert not repeated


def test_the_grid_hot_spot_map_says_where_it_differs_from_the_lsoa_map_and_why(demo: Built):
    """The demo's LSOA hot spots are all in Hartbury Central, while the 250 m grid also finds clusters in wards the
    LSOA map leaves white; side by side, nothing reconciled them. The note under the grid map counts the hot
    squares outside the LSOA hot spots, names their wards (each checked against the store's LSOAs) and says why."""
    import shapely

    places = next(s for s in demo.document.sections if s.id == "places-hot-spots")
    blocks = list(places.blocks)
    grid_at = next(i for i, b in enumerate(blocks) if isinstance(b, Figure) and b.id == "map-grid-hotspots")
    note = blocks[grid_at + 1].text
    found = re.search(r"Of the grid's (\d+) hot squares, (\d+) lies? outside the LSOA hot spots, in ([^.]+)\.", note)
    assert found, note
    grid = demo.assessment.table("grid_hotspots")
    hot = grid[grid["hotspot"] == "hot spot"]
    assert int(found.group(1)) == len(hot)
    lsoa = demo.assessment.table("lsoa_hotspots").query("crime_group == @ALL_CRIME")
    hot_lsoas = set(lsoa.loc[lsoa["hotspot"] == "hot spot", "lsoa_code"])
    boundaries = lsoa_boundaries_of(demo)
    wards = demo.assessment.table("lsoas").set_index("lsoa_code")["ward_name"]
    by_ward = Counter()
    for lon, lat in zip(hot["longitude"], hot["latitude"], strict=True):
        point = shapely.Point(lon, lat)
        code = next((c for c, shape in boundaries.items() if shape.contains(point)), None)
        if code is not None and code not in hot_lsoas:
            by_ward[wards[code]] += 1
    assert int(found.group(2)) == sum(by_ward.values()) > 0
    ward, most = by_ward.most_common(1)[0]
    assert found.group(3).startswith(f"{ward} ({most})"), (by_ward, note)
    others = len(by_ward) - 4
    assert found.group(3).endswith(f"{others} other wards") if others > 1 else "other ward" not in found.group(3)
    assert "same test on different areas" in note


def lsoa_boundaries_of(built: Built) -> dict:
    import shapely

    return {code: shapely.from_wkb(geometry) for code, geometry in built.options["boundaries"].items()}


def test_a_change_or_trend_no_candidate_has_is_not_a_column_of_na_but_said_missing(cannock: Built):
    """Cannock Chase 2022 has no earlier period and too few months for a trend: its evidence table printed
    "N/A N/A" under Change and Change verdict on every row, and a note on what they measure. The columns
    are left out and the note says why; the demo, which has both, keeps them with a signed change."""
    table = next(t for t in cannock.document.tables() if t.id == "priority-evidence")
    assert not {"change", "verdict", "trend"} & {column.key for column in table.columns}
    note = " ".join(table.notes)
    assert "No change is given" in note and "No trend is given" in note and "log-linear" not in note


def test_the_introductions_sources_name_the_harm_index_as_the_rest_of_the_report_does(cannock: Built):
    """The introduction listed "A crime harm index (Cambridge Crime Harm Index, ONS)" while the tables and methods
    name it "Cambridge Crime Harm Index (ONS 2020)", in days of imprisonment."""
    (intro,) = [s for s in cannock.document.sections if s.id == "introduction"]
    sources = next(b for b in intro.blocks if isinstance(b, BulletList))
    harm = cannock.assessment.table("harm")
    name, unit = str(harm["harm_index"].iloc[0]), str(harm["unit"].iloc[0])
    assert f"The {name} (weights in {unit})" in sources.items
    assert not any("A crime harm index" in item for item in sources.items)


def test_a_hot_spot_recommendation_describes_the_test_as_the_maps_do(demo: Built):
    """The recommendations said hot spots record more "than in the areas around them"; Gi* finds an LSOA that,
    with its neighbours, records more than chance would give, as the maps' notes say."""
    inputs = ReportInputs(demo.assessment, demo.ranking)
    drafts = [d for c in demo.ranking.ranked for d in priority_recommendations(inputs, priority_facts(
        inputs, profile_of(inputs, c))) if d.startswith("Focus problem-solving on the hot spots")]
    assert drafts and all("with their neighbours, record significantly more" in d for d in drafts)
    assert not any("areas around them" in d for d in drafts)


def test_one_comparator_is_named_not_called_comparators(built: Built):
    """Cannock Chase, compared with its force alone, read "Cannock Chase and its comparators" and "Against every
    comparator"."""
    inputs = ReportInputs(built.assessment, built.ranking)
    figure = next(f for f in built.document.figures() if f.id == "rate-by-quarter")
    (summary,) = [s for s in built.document.sections if s.id == "executive-summary"]
    headings = [b.text for b in summary.blocks if type(b).__name__ == "Heading"]
    if len(inputs.comparators) == 1:
        (only,) = inputs.comparators
        assert figure.title.endswith(f"and {only}") and f"Against {only}" in headings
    else:
        assert figure.title.endswith("and its comparators") and "Against every comparator" in headings


def test_a_month_the_checks_found_odd_for_one_crime_type_is_shaded_on_its_priority_chart(cannock: Built):
    """Cannock Chase's ASB page named November 2022 (46% fewer ASB records than usual), but its chart shaded only
    January to March, so the drop looked real. The month is shaded "counted, read with care" on the ASB chart,
    and on no other priority's."""
    from cspkit.reports.charts import COUNTED

    def noted(id: str) -> dict[str, str]:
        figure = next(f for f in cannock.document.figures() if f.id == id)
        keys = [c.key for c in figure.data.columns]
        return {str(row.cells[0].value): str(row.cells[keys.index("note")].value or "") for row in figure.data.rows}

    asb = noted("priority-anti-social-behaviour-monthly")
    assert asb["2022-11"] == COUNTED and asb["2022-10"] == ""
    assert noted("priority-burglary-monthly")["2022-11"] == ""
