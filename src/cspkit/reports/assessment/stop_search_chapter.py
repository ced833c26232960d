"""The optional chapter "Stop and search": why people were searched, what was found, and who.

Shown only when stop-and-search files are loaded. Searches per 1,000 residents by ethnicity
and the ratio to White residents' rate follow the Home Office's "Police powers and procedures:
stop and search and arrests" method (see :mod:`cspkit.stats.disproportionality`).
"""

from __future__ import annotations

import pandas as pd

from cspkit.assess.stop_search import CAVEATS, DIMENSIONS
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.document import (
    Block,
    BulletList,
    Cell,
    Column,
    Heading,
    Interval,
    Paragraph,
    Row,
    Section,
    Status,
    Table,
)

SOURCE = "data.police.uk stop-and-search files (Home Office)"
ETHNICITY_SOURCE = SOURCE + "; ONS Census 2021, TS021 Ethnic group"
GROUP_ORDER = ("White", "Asian", "Black", "Mixed", "Other")
RATIO_KEY = {
    "higher": Status("Higher", "Searches per resident of the group statistically significantly higher than for White "
                               "people (95% confidence)", "higher"),
    "similar": Status("Similar", "Not significantly different from the rate for White people", "similar"),
    "lower": Status("Lower", "Searches per resident of the group statistically significantly lower than for White "
                             "people (95% confidence)", "lower"),
}
#: Why the rates are per head of the resident population, not a share of residents searched.
WHERE_RECORDED = ("Searches are recorded where they happen, and the people searched need not live in the area, so "
                  "these are searches per head of each group's resident population, not the share of its residents "
                  "who were searched.")


def stop_search_sections(inputs: ReportInputs) -> list[Section]:
    """The chapter, or nothing when no searches are in the assessment."""
    tables = inputs.assessment.tables
    if "stop_search_rates" not in tables:
        return []
    rates = inputs.assessment.table("stop_search_rates")
    force = inputs.assessment.parameters.get("force") or "the force"
    caveats = [c for c in inputs.assessment.caveats if c in CAVEATS or "ethnic" in c.lower() or "search" in c.lower()]
    breakdown = inputs.assessment.table("stop_search")
    blocks: list[Block] = [Paragraph(_summary(rates, force, inputs.period) + _unrecorded_link(breakdown)),
                           BulletList(caveats), rates_table(rates, inputs.period)]
    blocks.append(breakdown_table(breakdown, inputs.period))
    if "stop_search_ethnicity" in tables:
        ethnicity = inputs.assessment.table("stop_search_ethnicity")
        blocks += [Heading("Searches by ethnicity"), Paragraph(ethnicity_sentence(ethnicity, force)),
                   ethnicity_table(ethnicity, inputs.period)]
    return [Section("stop-search", f"Stop and search in {force}'s area", tuple(blocks), new_page=True)]


def _summary(rates: pd.DataFrame, force: str, period: str) -> str:
    find = rates.iloc[0]
    return (f"{force} recorded {int(find['searches']):,} stop and searches in {period}. In {find['rate']:.1%} of "
            f"them (95% confidence interval {find['lower_95']:.1%} to {find['upper_95']:.1%}) the outcome was linked "
            "to the object of the search: what the officer was looking for was found.")


def _unrecorded_link(breakdown: pd.DataFrame) -> str:
    """Searches whose record does not say whether the outcome was linked to the object: they count as not
    linked (as the Home Office counts them), so the find rate is a floor, and a reader should know by how much."""
    rows = breakdown[(breakdown["dimension"] == DIMENSIONS["outcome_linked_to_object"])
                     & (breakdown["value"] == "Not recorded")] if not breakdown.empty else breakdown
    if rows.empty:
        return ""
    share = float(rows["share"].iloc[0])
    return (f" For {share:.1%} of the searches the record does not say whether it was; they count as not found, "
            "as the Home Office counts them, so the true find rate may be higher.")


def rates_table(rates: pd.DataFrame, period: str) -> Table:
    columns = [Column("measure", "Measure"), Column("searches_with_it", "Searches", "integer"),
               Column("rate", "Share of searches", "percent"),
               Column("interval", "95% confidence interval", "percent")]
    frame = rates.assign(interval=[Interval(lo, up) for lo, up in zip(rates["lower_95"], rates["upper_95"],
                                                                              strict=True)])
    return Table.from_frame("stop-search-rates", f"Find, positive outcome and arrest rates, {period}", frame, columns,
                            source=SOURCE, method="Share of all searches with a 95% Wilson score interval.",
                            sheet_name="Stop and search rates")


def breakdown_table(breakdown: pd.DataFrame, period: str) -> Table:
    columns = [Column("value", "Recorded as"), Column("searches", "Searches", "integer"),
               Column("share", "Share", "percent")]
    rows = []
    for dimension, part in breakdown.groupby("dimension", sort=False):
        rows.append(Row((Cell(dimension), Cell(None), Cell(None)), bold=True))
        rows += [Row((Cell(r["value"]), Cell(r["searches"]), Cell(r["share"])), level=1)
                 for r in part.to_dict("records")]
    return Table.build("stop-search-breakdown", f"Searches by legislation, object of search and outcome, {period}",
                       columns, rows, source=SOURCE, missing="", sheet_name="Stop and search")


def ethnicity_table(ethnicity: pd.DataFrame, period: str) -> Table:
    self_defined = ethnicity[ethnicity["ethnicity_basis"] == "self-defined"].set_index("ethnic_group")
    officer = ethnicity[ethnicity["ethnicity_basis"] == "officer-defined"].set_index("ethnic_group")
    columns = [Column("group", "Ethnic group"), Column("searches", "Searches (self-defined)", "integer"),
               Column("residents", "Residents (Census 2021)", "integer"),
               Column("rate", "Searches per 1,000 residents", "number"),
               Column("ratio", "Times the rate for White people", "number"),
               Column("interval", "95% confidence interval", "number"),
               Column("officer", "Ratio, officer-defined", "number")]
    rows = []
    for group in [g for g in GROUP_ORDER if g in self_defined.index]:
        row = self_defined.loc[group]
        interval = Interval(row["lower"], row["upper"]) if pd.notna(row["lower"]) else None
        ratio = Cell(row["ratio"], RATIO_KEY.get(row["significance"]) if group != "White" else None)
        rows.append(Row((Cell(group), Cell(row["searches"]), Cell(row["population"]), Cell(row["rate_per_1000"]),
                         ratio, Cell(interval), Cell(_officer_ratio(officer, group)))))
    stated = int(self_defined["not_stated"].iloc[0]) if not self_defined.empty else 0
    return Table.build(
        "stop-search-ethnicity", f"Searches per 1,000 residents of the force area by ethnicity, {period}", columns,
        rows, source=ETHNICITY_SOURCE,
        method=("Home Office method (Police powers and procedures: stop and search and arrests): searches of each "
                "self-defined ethnic group per 1,000 residents of that group (Census 2021), divided by the rate for "
                "White residents. 95% interval by the log method for a ratio of two rates."),
        notes=[f"{stated:,} searches with no self-defined ethnicity stated are left out.",
               "Officer-defined ethnicity has no Mixed category in many forces' records: N/A where officers recorded "
               "nobody in a group."],
        sheet_name="Stop and search ethnicity")


def _officer_ratio(officer: pd.DataFrame, group: str) -> float | None:
    """The officer-defined ratio, or None where officers recorded nobody in the group (often no 'Mixed' option)."""
    if group not in officer.index or officer.loc[group, "searches"] == 0:
        return None
    return float(officer.loc[group, "ratio"])


def ethnicity_sentence(ethnicity: pd.DataFrame, force: str) -> str:
    """What the ratios say, worded as rates per head of the resident population: a search is recorded
    where it happens, so the data cannot say that residents were searched."""
    higher = significant_ratios(ethnicity)
    if higher.empty:
        return (f"For no ethnic group were searches recorded in {force}'s area, per head of the group's residents, "
                f"at a rate significantly different from the rate for White people. {WHERE_RECORDED}")
    parts = [f"{r['ethnic_group']}, {r['ratio']:.1f} times the rate (95% confidence interval "
             f"{r['lower']:.1f} to {r['upper']:.1f})" for r in higher.to_dict("records")]
    return (f"Per head of each group's residents, searches recorded in {force}'s area were at a statistically "
            "significantly higher rate than for White people for these groups, by the ethnicity people gave "
            f"themselves: {'; '.join(parts)}. {WHERE_RECORDED}")


def significant_ratios(ethnicity: pd.DataFrame) -> pd.DataFrame:
    """Self-defined groups searched at a significantly higher rate than White residents, highest first."""
    own = ethnicity[(ethnicity["ethnicity_basis"] == "self-defined") & (ethnicity["significance"] == "higher")]
    return own.sort_values("ratio", ascending=False)
