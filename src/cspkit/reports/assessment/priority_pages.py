"""Recommendations, and one page per key priority: its figures, findings and recommendations."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from cspkit.assess.groups import ASB
from cspkit.priorities.explain import number
from cspkit.reports import charts, maps
from cspkit.reports.assessment.direction import CHANGE_STATUS, monthly_chart
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.layout import (
    HOW_TO_READ,
    fit,
    how_to_read_comparison,
    how_to_read_hotspots,
    how_to_read_monthly,
    os_year,
    reliably_seasonal,
    seasonal_centre,
)
from cspkit.reports.assessment.partner_measures import key_figures as partner_key_figures
from cspkit.reports.assessment.priority_facts import PriorityFacts, choose_profiles, odd_type_months, priority_facts
from cspkit.reports.assessment.wording import signed_percent
from cspkit.reports.document import Block, Callout, Figure, KeyFigure, KeyFigures, Paragraph, Section

VERDICTS = ("higher", "similar", "lower")


class Note(Paragraph):
    """A paragraph saying how to read the chart or map above it: the same for every priority's chart of
    that kind, so printed once across the priorities' sections (see :func:`priority_page`)."""


def recommendation_sections(inputs: ReportInputs, said: Iterable[Section] = ()) -> list[Section]:
    """'Recommendations and key priorities': where the overall recommendations are (the executive
    summary gives them in full, so they are not printed twice), then a section for each key priority.
    ``said``: the sections before, whose notes on how to read a chart the priorities do not print again."""
    profiles, basis = choose_profiles(inputs)
    parts = []
    if inputs.blocks("recommendations"):
        parts.append("The partnership's overall recommendations are set out in full in the executive summary.")
    if profiles:
        ranked = inputs.ranking is not None and bool(inputs.ranking.ranked)
        parts.append(f"Each of the {len(profiles)} highest-ranked priorities has a section below, with the evidence "
                     "for it and the partnership's recommendations for it." if ranked and len(profiles) > 1 else
                     f"{basis} Each section gives the evidence for the priority and the partnership's "
                     "recommendations for it.")
        if len(profiles) > 1:
            parts.append("How to read each kind of chart and map is said under it the first time it appears; "
                         "later sections do not repeat it.")
    blocks: list[Block] = [Paragraph(" ".join(parts))] if parts else []
    if not blocks:  # nothing written yet and no priority pages asked for
        return []
    sections = [Section("recommendations", "Recommendations and key priorities", blocks, new_page=True)]
    # the notes on how to read a chart, each printed once in the report: under the first such chart
    explained = {block.text for section in said for block in section.blocks if isinstance(block, Paragraph)}
    for profile in profiles:  # the first follows the opening paragraph, which alone left a page nearly blank
        sections.append(priority_page(inputs, priority_facts(inputs, profile), explained, new_page=len(sections) > 1))
    return sections


def priority_page(inputs: ReportInputs, facts: PriorityFacts, explained: set[str] | None = None, *,
                  new_page: bool = True) -> Section:
    """A priority's section, starting a page unless ``new_page`` is false. ``explained``: the notes on how to
    read a chart that earlier priorities' sections printed (and this one adds to); a note printed there is not
    printed again. Seven sections repeating the same paragraph under each chart read as machine text, and kept
    with its chart each note pushed the next figure to a page of its own, leaving half-empty pages."""
    profile = facts.profile
    blocks: list[Block] = []
    figures = _key_figures(inputs, facts)
    if figures.items:
        blocks.append(figures)
    candidate = profile.candidate
    if candidate is not None and candidate.explanation:
        title = "Why it ranks here" if candidate.rank else "Why it is not ranked yet"
        blocks.append(Callout(title, rank_summary(candidate.explanation) if candidate.rank else candidate.explanation))
    blocks += inputs.blocks(profile.id)
    if facts.types:
        blocks += _figures(inputs, facts)
    elif facts.partner is not None and not facts.monthly.empty:
        blocks += _partner_figures(facts)
    if explained is not None:
        notes = [b for b in blocks if isinstance(b, Note)]
        blocks = [b for b in blocks if not isinstance(b, Note) or b.text not in explained]
        explained.update(b.text for b in notes)
    recommendations = inputs.texts.get(f"{profile.id}-recommendations", "").strip()
    if recommendations:
        blocks.append(Callout(f"Recommendations: {profile.name}", recommendations))
    return Section(profile.id, profile.name, blocks, level=2, new_page=new_page)


def rank_summary(explanation: str) -> str:
    """The first sentence of a ranked priority's explanation (its rank, score and what lifts or holds it
    back), pointing to the priorities chapter for the rest: the chapter gives it in full, and a page that
    repeated it word for word would read as machine text."""
    first = explanation.split(". ", 1)[0].rstrip(".")
    return f"{first}. Local community safety priorities gives the rest of the reasons."


def _key_figures(inputs: ReportInputs, facts: PriorityFacts) -> KeyFigures:
    items = []
    candidate = facts.profile.candidate
    if candidate is not None and candidate.rank is not None and inputs.ranking is not None:
        band = f" ({candidate.band})" if candidate.band else ""
        items.append(KeyFigure(f"{candidate.rank} of {len(inputs.ranking.ranked)}", "in the ranking",
                               f"score {number(candidate.score)}{band}"))
    if facts.partner is not None:
        items += [KeyFigure(*figure) for figure in partner_key_figures(facts.partner)]
    if facts.count is not None:
        noun = "incidents" if facts.types == (ASB,) else "crimes"
        items.append(KeyFigure(f"{facts.count:,.0f}", f"{noun} recorded", inputs.period))
        places = facts.places()
        items.append(KeyFigure(f"{facts.rate:,.{places}f}", "per 1,000 residents", _benchmark(inputs, facts, places)))
    if facts.change is not None and pd.notna(facts.change["percent_change"]):
        status = CHANGE_STATUS.get(str(facts.change["verdict"]))
        items.append(KeyFigure(signed_percent(facts.change["percent_change"]), f"on the {facts.change['comparison']}",
                               status.label if status else ""))
    return KeyFigures(items)


def _benchmark(inputs: ReportInputs, facts: PriorityFacts, places: int) -> str:
    """The main benchmark's rate, to the places of the partnership's tile beside it (3.35 against 3.10)."""
    rows = facts.comparisons[facts.comparisons["area"] == inputs.main_benchmark]
    if rows.empty or pd.isna(rows["value"].iloc[0]):
        return ""
    return f"{inputs.main_benchmark}: {rows['value'].iloc[0]:,.{places}f}"


def _figures(inputs: ReportInputs, facts: PriorityFacts) -> list[Block]:
    name, id = facts.profile.name, facts.profile.id
    found: list[Block] = [
        monthly_chart(inputs, name, id=f"{id}-monthly", spc=facts.spc, forecast=facts.forecast,
                      monthly=_with_odd_months(inputs, facts),
                      title=f"{name}: records each month" + (", with control limits" if facts.spc is not None else "")
                      + (" and forecast" if facts.forecast is not None else "")),
        Note(how_to_read_monthly(facts.spc is not None, facts.forecast is not None,
                                 seasonal=seasonal_centre(facts.spc))),
    ]
    if reliably_seasonal(facts.seasonality):
        found += [charts.seasonality_profile(facts.seasonality, id=f"{id}-seasonality", source=inputs.source,
                                             title=f"{name}: how each calendar month compares"),
                  Note(HOW_TO_READ["seasonal"])]
    comparison = _comparison_chart(inputs, facts)
    if comparison is not None:
        found += [comparison,
                  Note(how_to_read_comparison(inputs.area, facts.comparisons.dropna(subset=["value"])))]
    found += _maps(inputs, facts)
    return found


def _with_odd_months(inputs: ReportInputs, facts: PriorityFacts) -> pd.DataFrame:
    """The priority's months, those the checks found odd for its crime type alone marked flagged too, for its
    chart only: they stay in its totals, trend and limits, so the chart shades them "counted, read with care"
    (Cannock Chase's ASB in November 2022, 46% low, was named on the page but looked like a real fall)."""
    odd = odd_type_months(inputs, facts.types)
    if odd.empty or "month" not in odd.columns:
        return facts.monthly
    months = {pd.Timestamp(m) for m in odd["month"].dropna()}
    return facts.monthly.assign(flagged=facts.monthly["flagged"].astype(bool)
                                | pd.to_datetime(facts.monthly["month"].astype(str)).isin(months))


def _partner_figures(facts: PriorityFacts) -> list[Block]:
    """The partner measure behind the priority, month by month with control limits (domestic abuse)."""
    measure, limits = str(facts.partner["measure"]), facts.spc is not None
    observed = (facts.spc[["month", "value", "centre", "lower", "upper", "signal_high", "signal_low"]] if limits
                else facts.monthly[["month", "count"]].rename(columns={"count": "value"}))
    title = f"{facts.profile.name}: {measure[0].lower() + measure[1:]} each month" + (
        ", with control limits" if limits else "")
    return [charts.control_chart(observed.reset_index(drop=True), id=f"{facts.profile.id}-monthly", title=title,
                                 source=str(facts.partner["source"]) or "partners' records", unit=f"{measure} a month"),
            Note(how_to_read_monthly(limits, False, seasonal=seasonal_centre(facts.spc)))]


def _comparison_chart(inputs: ReportInputs, facts: PriorityFacts) -> Figure | None:
    """The partnership and its comparators with 95% intervals, each comparator marked with the
    partnership's verdict against it: the test and the words of the rates table (Higher, Similar,
    Lower), so the chart and the table cannot disagree."""
    table = facts.comparisons.dropna(subset=["value"])
    if len(table) < 3:  # the partnership against one comparator: the sentence above says it in words
        return None
    own = table[table["kind"] == "area"].iloc[0]
    points = table.copy()
    points["status"] = ["neutral" if kind == "area" else str(status) if status in VERDICTS else "not compared"
                        for kind, status in zip(points["kind"], points["status"], strict=True)]
    area = inputs.area
    unit = "Incidents per 1,000 residents" if facts.types == (ASB,) else "Crimes per 1,000 residents"
    verdicts = {"higher": f"Higher: {area} is significantly higher than this area",
                "similar": f"Similar: {area} is not significantly different",
                "lower": f"Lower: {area} is significantly lower than this area",
                "neutral": area if (points["status"] != "not compared").all() else f"{area}, or not compared"}
    band = (float(own["lower"]), float(own["upper"])) if pd.notna(own["lower"]) and pd.notna(own["upper"]) else None
    return charts.comparison_dotplot(
        points[["area", "value", "lower", "upper", "status"]], id=f"{facts.profile.id}-comparison",
        title=f"{facts.profile.name}: {area} against its comparators, {inputs.period}", source=inputs.rates_source,
        unit=unit, focus=area, verdicts=verdicts, verdict_heading=f"{area} compared with it",
        band=band, band_label=f"{area}'s 95% confidence interval")


def _maps(inputs: ReportInputs, facts: PriorityFacts) -> list[Block]:
    if facts.lsoa is None:
        return []
    shapes = inputs.lsoa_shapes(facts.lsoa.set_index("lsoa_code")["rate"])
    if shapes is None:
        return []
    name, id = facts.profile.name, facts.profile.id
    unit = "Incidents per 1,000 residents" if facts.types == (ASB,) else "Crimes per 1,000 residents"
    drawn = maps.choropleth(shapes, id=f"{id}-map", source=inputs.source, value_label=unit, os_year=os_year(inputs),
                            places=inputs.ward_shapes,
                            title=f"{name}: {unit.lower()} by LSOA")
    found: list[Block] = [fit(drawn), Note(HOW_TO_READ["map"])]
    hot = facts.hotspots
    if hot is not None and (hot["hotspot"] != "not significant").any():
        cells = hot.merge(shapes[["code", "name", "geometry"]], left_on="lsoa_code", right_on="code")
        found += [fit(maps.hotspot_map(cells, id=f"{id}-hotspots", source=inputs.source, boundary=shapes,
                                       subject=name.lower(), os_year=os_year(inputs), places=inputs.ward_shapes,
                                       title=f"{name}: hot and cold spots by LSOA")),
                  Note(how_to_read_hotspots(hot["hotspot"]))]
    return found
