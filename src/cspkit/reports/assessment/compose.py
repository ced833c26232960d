"""The strategic assessment report, composed from an Assessment in the shape of seed 002.

Cover, contents, executive summary, introduction and context, overall direction of travel (change over time,
year to date), the priorities and how they were set, people and places at greatest risk, the
overview table of rates against benchmarks, recommendations with a page per key priority,
data quality and methodology, and a glossary.  Pure over its inputs: no store, no clock
(dates come from the Assessment), so the same inputs make the same report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from cspkit.assess.assessment import Assessment
from cspkit.assess.series import TOO_SHORT
from cspkit.priorities.ranking import Ranking
from cspkit.reports.analyst_text import AnalystText, read_analyst_text
from cspkit.reports.assessment.archives import archive_sections
from cspkit.reports.assessment.commentary import drafts, generated_parts
from cspkit.reports.assessment.direction import direction_sections
from cspkit.reports.assessment.inputs import TOP_PRIORITIES, ReportInputs, SurveyNote
from cspkit.reports.assessment.methodology import glossary_section, harm_index, methodology_sections
from cspkit.reports.assessment.overview_table import overview_section
from cspkit.reports.assessment.partner_measures import partner_sections
from cspkit.reports.assessment.partnership_records import PartnershipRecords, partnership_sections
from cspkit.reports.assessment.places import places_sections
from cspkit.reports.assessment.priorities import priorities_section
from cspkit.reports.assessment.priority_pages import recommendation_sections
from cspkit.reports.assessment.summary import summary_section
from cspkit.reports.assessment.usage import attribution_lines, data_used, usage_statement
from cspkit.reports.assessment.wording import date_in_words, join_and, plural
from cspkit.reports.document import Block, BulletList, Document, Heading, Paragraph, Section

DESCRIPTION = ("This strategic assessment provides the evidence to inform the partnership's strategic decisions: "
               "helping partners and commissioners decide the priorities that need particular attention in the area.")
STATUTORY = (
    "Section 6 of the Crime and Disorder Act 1998, as amended by the Police and Justice Act 2006, requires the "
    "responsible authorities of each area (the council, police, fire and rescue, probation and health services) to "
    "work together as a Community Safety Partnership to reduce crime and disorder, anti-social behaviour, "
    "substance misuse and reoffending. The Crime and Disorder (Formulation and Implementation of Strategy) "
    "Regulations 2007 require the partnership to prepare a strategic assessment every year: an evidence base that "
    "identifies its priorities and informs its partnership plan. How the assessment is done is not prescribed."
)
SOURCE_NAMES = {
    "population": "ONS mid-year population estimates by LSOA",
    "lookup": "ONS geography lookups (LSOA to ward, district, Community Safety Partnership and police force area)",
    "boundaries": "ONS boundaries of LSOAs for the maps (contains OS data)",
    "deprivation": "The English Indices of Deprivation 2019 by LSOA (MHCLG)",
    "home-office": "Home Office police recorded crime tables",
    "indicators": "Partner indicators",
    "ethnicity": "ONS Census 2021 ethnic group by local authority (TS021)",
}


#: Parts of the commentary only people can write (cspkit leaves them empty): while one is empty the
#: report is a draft, and its cover and details page say so.
WRITTEN_BY_PEOPLE = ("introduction",)


@dataclass(frozen=True)
class Cover:
    """What the cover and its details page say besides the title: protective marking, version, the
    partnership's logo, and, when given, the report's status (e.g. "Final"), its owner (author or
    team), a contact and the body that approves it. A report whose commentary still lacks a part
    only people can write is a draft whatever ``status`` says."""

    marking: str = "OFFICIAL"
    version: str = "1.0"
    logo: bytes | None = None
    logo_type: str = ""
    status: str = ""
    owner: str = ""
    contact: str = ""
    approved_by: str = ""


def commentary_parts(
    assessment: Assessment,
    *,
    ranking: Ranking | None = None,
    boundaries: Mapping[str, bytes] | None = None,
    lsoa_counts: pd.DataFrame | None = None,
    top: int = TOP_PRIORITIES,
    work: dict | None = None,
    records: PartnershipRecords | None = None,
    edited_in: Path | None = None,
) -> dict[str, tuple[str, str]]:
    """Part id -> (heading, generated Markdown) in report order: what ``sync_analyst_text`` needs.

    ``work``: as for :func:`assessment_document`; give both the same dict. ``edited_in``: the
    commentary file these parts will refresh, if it exists: a draft that quotes another part (the
    overall recommendations quote each priority's first) quotes the analyst's words where the
    analyst has rewritten that part, so the executive summary never contradicts a priority's page.
    """
    edited = {}
    if edited_in is not None and Path(edited_in).is_file():
        edited = {part.id: part.text for part in read_analyst_text(edited_in)[1] if part.edited}
    inputs = ReportInputs(assessment, ranking, edited, boundaries or {}, lsoa_counts, None, top, _projects(records),
                          cache=_work_for(work, assessment, ranking, boundaries, lsoa_counts))
    return generated_parts(inputs)


def _projects(records: PartnershipRecords | None) -> tuple:
    """The projects' before-and-during comparisons, which the drafted recommendations weigh a fall against."""
    return tuple(records.projects or ()) if records is not None else ()


def _work_for(work: dict | None, *owners: object) -> dict:
    """``work`` (or a new dict), checked to belong to this report: the same assessment, ranking,
    boundaries and LSOA counts, the very objects, as the call that started it."""
    if work is None:
        return {}
    kept = work.setdefault(("report of",), owners)
    if any(a is not b for a, b in zip(kept, owners, strict=True)):
        raise ValueError("the work kept for one report was given to the composition of another")
    return work


def assessment_document(
    assessment: Assessment,
    *,
    ranking: Ranking | None = None,
    analyst: AnalystText | Mapping[str, str] | None = None,
    boundaries: Mapping[str, bytes] | None = None,
    lsoa_counts: pd.DataFrame | None = None,
    session_id: int | None = None,
    top: int = TOP_PRIORITIES,
    cover: Cover | None = None,
    records: PartnershipRecords | None = None,
    work: dict | None = None,
    survey: SurveyNote | None = None,
) -> Document:
    """The strategic assessment report of ``assessment`` as a :class:`Document` (write it with
    :func:`cspkit.reports.writers.write`).

    ``ranking`` is the scored priorities (``cspkit.priorities.ranking.score_candidates``);
    ``analyst`` the analyst's words (from ``sync_analyst_text``, or part id -> Markdown), which
    replace the generated statements part by part; ``boundaries`` maps LSOA codes to WKB for
    the maps; ``lsoa_counts`` (lsoa_code, crime_type, count over the period) lets each priority
    have its own map; ``session_id`` is the recorded scoring session; ``top`` how many priorities
    get a page; ``records`` the partnership's casework counts and projects (from the web app's exports);
    ``survey`` the consultation survey the public-expectation scores came from, described where it is used.

    ``work`` keeps what is worked out once per report (each priority's facts, the drafted
    recommendations, LSOA shapes) for the next call about the same report: a build gives the
    same dict to :func:`commentary_parts` and to each composition, which would otherwise work it
    all out again. Only data is kept there, never a figure or the analyst's words.
    """
    generated = ReportInputs(assessment, ranking, {}, boundaries or {}, lsoa_counts, session_id, top,
                             _projects(records), cache=_work_for(work, assessment, ranking, boundaries, lsoa_counts),
                             survey=survey)
    inputs = replace(generated, texts=_texts(generated, analyst))
    # Composed first, though it follows the summary: its charts are the first figures a build draws, so
    # the drawing processes start (compose_in_parallel) before the summary is worked out, not after.
    direction = direction_sections(inputs)
    sections = [
        summary_section(inputs),
        introduction(inputs),
        *direction,
        priorities_section(inputs),
        *places_sections(inputs),
        overview_section(inputs),
        *archive_sections(inputs),
        *partner_sections(inputs),
        *partnership_sections(records, [c.name for c in ranking.candidates] if ranking else None),
    ]
    sections += [
        *recommendation_sections(inputs, said=sections),  # a note on reading a chart said before is not said again
        *methodology_sections(inputs, records),
        glossary_section(inputs),
    ]
    area = assessment.area
    cover = cover or Cover()
    partnership = f"{area.name} Community Safety Partnership"
    used = data_used(inputs, records.casework if records else None, bool(records and records.projects))
    missing = still_to_write(inputs)
    version = f"{cover.version} (draft)" if missing and cover.version else cover.version
    return Document(
        f"{area.name} Community Safety Strategic Assessment",
        sections,
        subtitle=assessment.period.label(),
        author=f"{area.name} Community Safety Partnership",
        metadata={
            "Title": f"{area.name} Community Safety Partnership: strategic assessment, {assessment.period.label()}",
            "Description": DESCRIPTION,
            "Area": f"{area.name} ({area.code}), {area.level_name}",
            "Period": assessment.period.label(),
            "Date created": date_in_words(assessment.created_at),
            "Version": version,
            **_status(cover, missing),
            **{key: value for key, value in (("Owner", cover.owner), ("Contact", cover.contact),
                                             ("Approved by", cover.approved_by)) if value},
            "Protective marking": cover.marking or "None",
            "Usage": usage_statement(used),
        },
        attributions=attribution_lines(used, inputs, partnership),
        marking=cover.marking,
        organisation=f"{area.name} Community Safety Partnership",
        date=date_in_words(assessment.created_at),
        version=version,
        logo=cover.logo,
        logo_type=cover.logo_type,
    )


def still_to_write(inputs: ReportInputs) -> list[str]:
    """The headings of the commentary's parts that only people can write and that are still empty."""
    headings = {part: heading for part, (heading, _) in drafts(inputs).items()}
    return [headings[part] for part in WRITTEN_BY_PEOPLE if part in headings and not inputs.texts.get(part, "").strip()]


def _status(cover: Cover, missing: list[str]) -> dict[str, str]:
    """The details page's "Status": a draft while parts are still to be written (and what they are),
    else the status given, else none."""
    if missing:
        return {"Status": f"Draft: still to be written: {'; '.join(missing)}."}
    return {"Status": cover.status} if cover.status else {}


def _texts(inputs: ReportInputs, analyst: AnalystText | Mapping[str, str] | None) -> dict[str, str]:
    """Each part's words: the analyst's where the commentary has the part, else generated. Only
    the parts the analyst lacks are generated: generating is much of the work of a build."""
    if isinstance(analyst, AnalystText):
        given = {part: analyst.text(part) for part in analyst.sections}
    else:
        given = dict(analyst or {})
    return {part: given[part] if part in given else draft() for part, (_, draft) in drafts(inputs).items()}


def introduction(inputs: ReportInputs) -> Section:
    assessment = inputs.assessment
    area = assessment.area
    monthly = assessment.table("monthly")
    first = pd.Timestamp(monthly["month"].min()) if not monthly.empty else None
    covered = (f"This assessment covers {area.name}, a {area.level_name}, over {inputs.period} "
               f"({plural(assessment.period.months, 'month')}).")
    if first is not None and first.date() < assessment.period.start:
        covered += f" {_earlier_months_used(assessment)} also use the months loaded before it, from {first:%B %Y}."
    if inputs.comparators:
        covered += f" {area.name} is compared with {join_and(inputs.comparators)}."
    if inputs.population:
        covered += (f" Its population is {inputs.population:,.0f} (ONS mid-{inputs.population_year} estimate), "
                    "which every rate per 1,000 residents uses.")
    blocks: list[Block] = [Paragraph(STATUTORY), Paragraph(covered), *inputs.blocks("introduction"),
                           Heading("Sources"), BulletList(_sources(inputs))]
    return Section("introduction", "Introduction and context", blocks, new_page=False)


def _earlier_months_used(assessment: Assessment) -> str:
    """What reads the months before the period: only the methods this assessment gives (the introduction
    named control charts and forecasts that a short series never has)."""
    tables = assessment.tables
    trend = tables.get("trend", pd.DataFrame())
    used = (["trends"] if "verdict" in trend.columns and (trend["verdict"] != TOO_SHORT).any() else []) + [
        name for name, table in (("control charts", "spc"), ("forecasts", "forecast"))
        if table in tables and not tables[table].empty]
    said = join_and(used) if used else "comparisons with earlier periods"
    return said[0].upper() + said[1:]


def _sources(inputs: ReportInputs) -> list[str]:
    files = pd.DataFrame(list(inputs.assessment.inputs))
    monthly = inputs.assessment.table("monthly")
    items = []
    if not monthly.empty:
        first, last = pd.Timestamp(monthly["month"].min()), pd.Timestamp(monthly["month"].max())
        items.append(f"police.uk street-level crime and anti-social behaviour records, {first:%B %Y} to {last:%B %Y} "
                     "(data.police.uk, Home Office)")
    kinds = list(dict.fromkeys(files["kind"])) if not files.empty else []
    names = dict(SOURCE_NAMES)
    if "wards" not in inputs.assessment.tables or inputs.assessment.table("wards").empty:
        names["lookup"] = "ONS geography lookups (LSOA to district, Community Safety Partnership and force area)"
    # partner indicators are a source only when some measure was read for this area and period
    read = {"indicators"} if not inputs.assessment.tables.get("partner_indicators", pd.DataFrame()).empty else set()
    index = harm_index(inputs)  # named as everywhere else in the report; left out where no harm figure is given
    names["harm"] = f"The {index.name} (weights in {index.unit})" if index else ""
    items += [names[kind] for kind in kinds if names.get(kind) and (kind != "indicators" or kind in read)]
    if inputs.published_comparators:
        period = f", {inputs.published_period}," if inputs.published_period else ""
        items.append(f"Published recorded crime rates by partnership area{period} for "
                     f"{join_and(inputs.published_comparators)}")
    if inputs.published.get("msg_members"):
        items.append(f"The Most Similar Group's list of {plural(len(inputs.published['msg_members']), 'partnership')}")
    if inputs.survey is not None:
        when = inputs.survey.when()
        items.append(f"The partnership's consultation survey ({inputs.survey.respondents:,} responses"
                     + (f", {when})" if when else ")"))
    if inputs.ranking is not None and inputs.ranking.scorers:
        items.append(f"The scores {plural(len(inputs.ranking.scorers), 'person', 'people')} gave the candidate "
                     "priorities")
    items.append("Every source, with its period, is listed under Sources in the data quality and methodology "
                 "section.")
    return items
