"""The executive summary, the priorities chapter, the recommendations and the priority pages of
the demo report, composed (not written) with every candidate ranked as the demo's panel and
survey rank them: the words a board reads, checked against the evidence they are drawn from."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import pytest

from cspkit.assess.assessment import Assessment
from cspkit.assess.build import AssessmentRequest, build_assessment
from cspkit.assess.groups import ALL_CRIME
from cspkit.assess.period import parse_period
from cspkit.cli.report_assessment import lsoa_boundaries, lsoa_counts, with_survey
from cspkit.demo.loading import load_demo
from cspkit.demo.partnership import write_demo
from cspkit.priorities.candidates import evidence_for, load_candidates
from cspkit.priorities.demo_panel import write_demo_panel_scores
from cspkit.priorities.from_assessment import evidence_from_assessment
from cspkit.priorities.ranking import Ranking, score_candidates
from cspkit.priorities.scores import read_scores
from cspkit.priorities.survey_demo import write_demo_survey
from cspkit.priorities.template import load_template
from cspkit.reports.assessment import assessment_document
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.priority_facts import headline_facts, priority_facts, profile_of
from cspkit.reports.document import BulletList, Callout, Document, Heading, KeyFigures, Paragraph, Section, Table
from cspkit.store import open_store

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Composed:
    assessment: Assessment
    ranking: Ranking
    inputs: ReportInputs
    document: Document


@pytest.fixture(scope="module")
def composed(tmp_path_factory: pytest.TempPathFactory) -> Composed:
    folder = tmp_path_factory.mktemp("demo-summary")
    files = write_demo(folder / "files", seed=0)
    national = folder / "files" / "national"
    with open_store(folder / "evidence.duckdb") as store:
        load_demo(store, files)
        assessment = build_assessment(store, AssessmentRequest(
            area="Hartbury", period=parse_period("2025-10..2026-09"),
            published_file=national / "csp-crime-rates.csv", msg_file=national / "most-similar-group.csv"))
        template, candidates = load_template("morile-style"), load_candidates()
        scores = read_scores(write_demo_panel_scores(folder / "panel.csv", seed=0), template,
                             [c.name for c in candidates])
        evidence = with_survey(evidence_for(candidates, evidence_from_assessment(assessment, candidates)),
                               candidates, write_demo_survey(folder / "survey.csv", seed=2024))
        ranking = score_candidates(template, evidence, scores)
        options = {"ranking": ranking,
                   "boundaries": lsoa_boundaries(store.con, list(assessment.table("lsoas")["lsoa_code"])),
                   "lsoa_counts": lsoa_counts(store.con, assessment)}
    document = assessment_document(assessment, **options)
    inputs = ReportInputs(assessment, ranking, {}, options["boundaries"], options["lsoa_counts"])
    return Composed(assessment, ranking, inputs, document)


def section(document: Document, id: str) -> Section:
    return next(s for s in document.sections if s.id == id)


def words(blocks) -> str:
    """The text of blocks as a reader meets it, one string (tables and figures left out)."""
    found = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            found.append(block.text)
        elif isinstance(block, BulletList):
            found += list(block.items)
        elif isinstance(block, Callout):
            found += [block.title, block.text]
        elif isinstance(block, KeyFigures):
            found += [f"{k.value} {k.label} {k.detail}" for k in block.items]
    return " ".join(" ".join(found).split())




def summary_text(composed: Composed) -> str:
    return words(section(composed.document, "executive-summary").blocks)


def test_the_summary_gives_the_force_wide_search_ratio_its_own_heading_and_never_calls_them_residents(
        composed: Composed):
    blocks = list(section(composed.document, "executive-summary").blocks)
    heading = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text.startswith("Stop and search"))
    assert "force area" in blocks[heading].text
    sentence = blocks[heading + 1].text
    assert "times the rate of White people" in sentence and "whole of Mercia Vale's force area" in sentence
    assert "where they happen" in sentence
    assert "residents of" not in summary_text(composed) and "Black residents" not in summary_text(composed)


def ranked_items(composed: Composed) -> list[str]:
    blocks = list(section(composed.document, "executive-summary").blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Priorities in rank order")
    return list(next(b for b in blocks[start:] if isinstance(b, BulletList)).items)


def test_every_ranked_priority_in_the_summary_has_its_rank_and_a_reason_against_one_comparator(composed: Composed):
    ranked = composed.ranking.ranked
    ranks = [c.rank for c in ranked]
    assert len(set(ranks)) < len(ranks)  # the demo has joint ranks: the case the numbering must show
    items = ranked_items(composed)
    assert len(items) == len(ranked)
    benchmark = composed.inputs.main_benchmark
    for item, candidate in zip(items, ranked, strict=True):
        label = f"{candidate.rank}=" if ranks.count(candidate.rank) > 1 else str(candidate.rank)
        assert item.startswith(f"**{label} {candidate.name}**: "), item
        reason = item.split("**: ", 1)[1]
        assert len(reason) > 40 and reason.endswith("."), item
        assert reason.count(". ") == 0, item  # one sentence
        police = bool(candidate.evidence.crime_types)
        assert (benchmark in reason) if police else ("force area" in reason), item
        assert "typical candidate" in reason, item  # what lifts it or holds it back
    assert not any(") (" in item for item in items)  # no comparator's name and rate in nested brackets
    lead = summary_text(composed)
    assert f"compares the priority's rate with {benchmark}" in lead


def test_a_significant_verdict_is_never_contradicted_by_the_printed_figures(composed: Composed):
    """The figures printed beside 'significantly higher than England and Wales' must show the gap:
    the partnership's rate and the benchmark's differ once printed (3.35 against 3.10, not 3.3 against 3.1
    beside an interval printed 3.1 to 3.6)."""
    inputs, seen = composed.inputs, 0
    for item, candidate in zip(ranked_items(composed), composed.ranking.ranked, strict=True):
        found = re.search(r", ([\d.,]+) per 1,000 residents, significantly (?:higher|lower) than .+? at ([\d.,]+)[;.]",
                          item)
        if not found or not candidate.evidence.crime_types:
            continue
        facts = headline_facts(inputs, profile_of(inputs, candidate))
        places = len(found.group(1).split(".")[1])
        assert places == facts.places(), item  # the same places as the priority's page
        low, high = round(facts.lower, places), round(facts.upper, places)
        assert not low <= float(found.group(2)) <= high, (item, low, high)
        seen += 1
    assert seen
    profiles = [s for s in composed.document.sections if s.id.startswith("priority-")]
    checked = 0
    for page in profiles:
        tiles = next(b for b in page.blocks if isinstance(b, KeyFigures)).items
        rate = next((k for k in tiles if k.label == "per 1,000 residents"), None)
        if rate is None or not rate.detail:
            continue
        decimals = len(rate.value.split(".")[1]) if "." in rate.value else 0
        shown = rate.detail.split(": ")[1]
        assert (len(shown.split(".")[1]) if "." in shown else 0) == decimals, page.id
        checked += 1
    assert checked


def test_no_reader_meets_the_reports_settings_or_a_page_count_that_is_not_true(composed: Composed):
    text = " ".join(words(s.blocks) for s in composed.document.sections)
    assert "asked for" not in text
    assert "a page of their own" not in text and "a page of its own" not in text


def test_the_overall_recommendations_are_printed_once_and_referred_to_from_the_chapter(composed: Composed):
    summary = section(composed.document, "executive-summary").blocks
    chapter = section(composed.document, "recommendations").blocks
    adopt = [item for b in summary if isinstance(b, BulletList) for item in b.items if item.startswith("Adopt ")]
    assert adopt
    assert not any(isinstance(b, BulletList) for b in chapter)
    assert "set out in full in the executive summary" in words(chapter)
    # and the chapter does not repeat the priorities chapter's sentence about the priority sections
    priorities = {b.text for b in section(composed.document, "priorities").blocks if isinstance(b, Paragraph)}
    assert not priorities & {b.text for b in chapter if isinstance(b, Paragraph)}


def test_a_priority_page_does_not_repeat_the_priorities_chapters_reasons_word_for_word(composed: Composed):
    explanations = {c.name: c.explanation for c in composed.ranking.ranked}
    pages = [s for s in composed.document.sections if s.id.startswith("priority-")]
    assert pages
    for page in pages:
        box = next(b for b in page.blocks if isinstance(b, Callout) and b.title == "Why it ranks here")
        full = explanations[page.title]
        assert box.text != full and "Its place" not in box.text, page.title
        assert full.split(". ")[0] in box.text  # its rank and what lifts it, with a pointer to the rest
        assert "Local community safety priorities" in box.text


def test_the_summary_names_the_largest_significant_changes_and_the_latest_run_of_high_months(composed: Composed):
    text = summary_text(composed)
    change = composed.assessment.table("change")
    window = change[change["available"].astype(bool)]["comparison"].iloc[0]
    movers = change[(change["comparison"] == window) & change["verdict"].isin(["increase", "decrease"])
                    & (change["crime_group"] != ALL_CRIME)]
    assert not movers.empty
    largest = movers.loc[movers["percent_change"].abs().idxmax()]
    word = "up" if largest["verdict"] == "increase" else "down"
    assert f"{largest['crime_group'].lower()} {word} {abs(largest['percent_change']):.0f}%" in text
    # the all-crime control chart's last months: a run of special causes reaching the latest month
    spc = composed.assessment.table("spc")
    spc = spc[spc["crime_group"] == ALL_CRIME].sort_values("month")
    flags = (spc["signal_high"] | spc["signal_low"]).tolist()
    run = next(i for i, flag in enumerate(reversed(flags)) if not flag)
    assert run >= 2  # the demo ends on such a run
    assert f"marks each of the last {run} months" in text
    last = pd.Timestamp(spc["month"].iloc[-1])
    assert f"{last:%B %Y}" in text


def test_the_chapter_describes_every_special_cause_the_all_crime_chart_marks(composed: Composed):
    text = words(section(composed.document, "change-over-time").blocks)
    spc = composed.assessment.table("spc")
    spc = spc[spc["crime_group"] == ALL_CRIME]
    marked = int((spc["signal_high"] | spc["signal_low"]).sum())
    assert marked and f"The control chart marks {marked} months as special causes" in text


def priority_paragraphs(composed: Composed) -> dict[str, list[str]]:
    return {s.title: [b.text for b in s.blocks if isinstance(b, Paragraph)]
            for s in composed.document.sections if s.id.startswith("priority-")}


def test_each_priority_pages_comparators_are_grouped_by_verdict_and_agree_with_the_printed_interval(
        composed: Composed):
    checked = 0
    for name, paragraphs in priority_paragraphs(composed).items():
        first = next((p for p in paragraphs if "95% confidence interval" in p and "This is" in p), None)
        if first is None:
            continue
        comparison = first[first.index("This is"):]
        assert comparison.count("significantly higher than") <= 1 and comparison.count("similar to") <= 1, name
        assert ") (" not in comparison, name  # no comparator name and rate in nested brackets
        low, high = (float(v.replace(",", "")) for v in
                     re.search(r"95% confidence interval ([\d.,]+) to ([\d.,]+)\)", first).groups())
        for clause in comparison.split("; "):
            if "significantly" not in clause:
                continue
            for value in re.findall(r" at ([\d.,]+)", clause):
                assert not low <= float(value.replace(",", "")) <= high, (name, value, low, high)
                checked += 1
    assert checked


def test_the_domestic_abuse_page_describes_every_special_cause_its_chart_marks(composed: Composed):
    page = next(s for s in composed.document.sections if s.title == "Domestic abuse")
    text = words(page.blocks)
    candidate = next(c for c in composed.ranking.ranked if c.name == "Domestic abuse")
    spc = priority_facts(composed.inputs, profile_of(composed.inputs, candidate)).spc
    flagged = spc[spc["signal_high"] | spc["signal_low"]].assign(month=lambda f: pd.to_datetime(f["month"]))
    assert len(flagged) > 3  # the demo's chart marks a long low run in 2024 and a high month later
    assert f"The control chart marks {len(flagged)} months as special causes" in text
    # each stretch of consecutive months is named by its first and last month
    gaps = flagged["month"].diff().dt.days.fillna(99) > 31
    starts, ends = flagged["month"][gaps], flagged["month"][gaps.shift(-1, fill_value=True)]
    for first, last in zip(starts, ends, strict=True):
        begin = f"{first:%B}" if first.year == last.year else f"{first:%B %Y}"
        named = f"{first:%B %Y}" if first == last else f"{begin} to {last:%B %Y}"
        assert named in text, named


def recommendations_of(composed: Composed, title: str) -> str:
    page = next(s for s in composed.document.sections if s.title == title)
    return next(b.text for b in page.blocks if isinstance(b, Callout) and b.title.startswith("Recommendations"))


def test_the_domestic_abuse_recommendation_rests_on_the_comparison_the_report_makes(composed: Composed):
    text = " ".join(recommendations_of(composed, "Domestic abuse").split())
    row = composed.assessment.table("partner_indicators").set_index("measure").loc[
        "Domestic abuse-related incidents and crimes"]
    assert row["compared_with_force"] == "higher"
    assert "other districts" not in text and "where domestic abuse-related incidents and crimes is" not in text
    assert (f"Hartbury's rate of domestic abuse-related incidents and crimes is significantly higher than the force "
            f"area's as a whole ({row['rate']:.1f} against {row['force_rate']:.1f} per 1,000 residents)") in text


def test_the_drafted_recommendations_agree_in_number_and_credit_no_one_with_a_fall(composed: Composed):
    texts = {s.title: " ".join(recommendations_of(composed, s.title).split())
             for s in composed.document.sections if s.id.startswith("priority-")}
    joined = " ".join(texts.values())
    assert not re.search(r"where \w[\w ,-]* is significantly more common", joined)
    assert "rate of drugs is" not in joined and "where drugs is" not in joined
    asb = texts["Anti-social behaviour"]
    change = composed.assessment.table("change")
    fell = change[(change["crime_group"] == "Anti-social behaviour") & (change["verdict"] == "decrease")]
    assert not fell.empty
    assert "Keep what is working" not in asb and "record which activity contributed" not in asb
    assert "not what caused it" in asb


def test_a_significant_asb_fall_is_set_beside_project_places_that_fell_no_more_than_elsewhere(composed: Composed):
    """A project whose places saw ASB fall 1% against 6% elsewhere: the ASB recommendation must say so,
    not imply the partnership's work brought the fall."""
    from dataclasses import replace
    from datetime import date

    from cspkit.assess.place_change import PlaceChange
    from cspkit.assess.project_places import ProjectComparison
    from cspkit.reports.assessment.recommendations import priority_recommendations
    from cspkit.sources.projects import ProjectRecord
    from cspkit.stats.relative_change import ratio_of_rate_ratios

    project = ProjectRecord("P1", "Safer Streets", "Sport Trust", "Anti-social behaviour", ("E05900012",),
                            date(2026, 4, 1), date(2027, 3, 31), 1_800_000, 1_800_000, 890_050, "", "Active")
    asb = PlaceChange("Anti-social behaviour", 500, 495, 3000, 2820, ratio_of_rate_ratios(500, 495, 3000, 2820))
    assert asb.comparison.verdict == "no significant difference"
    compared = ProjectComparison(project, ("Hartbury Central",), (), date(2026, 4, 1), date(2026, 9, 1), (asb,))
    inputs = replace(composed.inputs, projects=(compared,), cache={})
    candidate = next(c for c in composed.ranking.ranked if c.name == "Anti-social behaviour")
    drafted = " ".join(priority_recommendations(inputs, priority_facts(inputs, profile_of(inputs, candidate))))
    assert ("in the places of Safer Streets (Hartbury Central) it went down 1% during the project against down 6% "
            "in the rest of the area, not a larger fall than elsewhere") in drafted
    without = " ".join(priority_recommendations(composed.inputs, priority_facts(
        composed.inputs, profile_of(composed.inputs, candidate))))
    assert "Safer Streets" not in without and "not what caused it" in without
    # two projects with the same figures share one clause rather than repeating it
    other = ProjectComparison(replace(project, reference="P2", name="Night Watch"), ("Kingsford",), (),
                              date(2026, 4, 1), date(2026, 9, 1), (asb,))
    both = replace(composed.inputs, projects=(compared, other), cache={})
    drafted = " ".join(priority_recommendations(both, priority_facts(both, profile_of(both, candidate))))
    assert ("in the places of Safer Streets (Hartbury Central) and Night Watch (Kingsford) it went down 1% during "
            "the projects against down 6%") in drafted
    assert drafted.count("not a larger fall than elsewhere") == 1


def test_the_places_statements_say_all_and_nest_no_brackets(composed: Composed):
    places = composed.assessment.statements_for("places")
    busiest = next(s for s in places if "the busiest" in s)
    assert not re.search(r"\([^()]*\(", busiest), busiest  # no bracket opened inside another
    trend = next(s for s in places if s.startswith("Quarter by quarter"))
    hot = re.search(r"of the (\d+) hot spots above, (all )?(\d+) were", trend)
    if hot and hot.group(1) == hot.group(3):
        assert hot.group(2) == "all ", trend


def test_the_summarys_comparator_table_gives_every_rate_to_one_number_of_decimal_places(composed: Composed):
    """Table 1 of the demo printed 3.35, 1.2 and 10.01 in one column: rows to different places read as different
    kinds of figure. Every row takes the places its most demanding row needs (the drugs row's, here)."""
    table = next(b for b in section(composed.document, "executive-summary").blocks
                 if isinstance(b, Table) and b.id == "summary-comparators")
    places = {cell.decimals for row in table.rows for cell in row.cells[1:] if cell.value is not None}
    assert len(places) == 1, places


def test_the_summarys_comparator_table_prints_each_row_so_its_verdicts_show(composed: Composed):
    table = next(b for b in section(composed.document, "executive-summary").blocks
                 if isinstance(b, Table) and b.id == "summary-comparators")
    area = composed.inputs.area_rates
    checked = 0
    for row in table.rows:
        group, own = row.cells[0].value, row.cells[1]
        places = own.decimals if own.decimals is not None else 1
        low, high = round(area.loc[group, "lower_95"], places), round(area.loc[group, "upper_95"], places)
        for cell in row.cells[2:]:
            if cell.value is None or cell.status is None or cell.status.label not in ("Higher", "Lower"):
                continue
            assert cell.decimals == own.decimals, group
            assert not low <= round(cell.value, places) <= high, (group, cell.value, low, high)
            checked += 1
    assert checked
