"""The optional chapter "What happened after crimes were recorded": police.uk outcomes.

Shown only when outcomes files are loaded (the Assessment then holds an ``outcomes`` table).
It answers the questions boards and panels ask: how many investigations ended with no suspect
identified, how many with a charge, how this compares with the force and peers, and how long
outcomes take, with the warning that recent months' outcomes are not final.
"""

from __future__ import annotations

import pandas as pd

from cspkit.assess.groups import ALL_CRIME, ASB
from cspkit.assess.outcomes import BROAD_OUTCOMES, CHARGED, NO_OUTCOME, NO_SUSPECT
from cspkit.reports.assessment.inputs import ReportInputs, RowLookup
from cspkit.reports.document import Block, BulletList, Cell, Column, Interval, Paragraph, Row, Section, Status, Table

SOURCE = "data.police.uk street-level crime and outcomes files (Home Office)"
METHOD = ("Each crime of the period (police.uk street files) is joined by its Crime ID to every outcomes file "
          "loaded and keeps its latest outcome. Share = crimes with that outcome / crimes, with a 95% Wilson score "
          "interval. A comparator's cell says whether {area}'s share is statistically significantly higher or lower "
          "than the comparator's (its 95% interval excludes it) or similar.")


def status_key(area: str) -> dict[str, Status]:
    return {
        "higher": Status("Higher", f"{area}'s share is statistically significantly higher (95% confidence)", "higher"),
        "similar": Status("Similar", f"{area}'s share is not significantly different", "similar"),
        "lower": Status("Lower", f"{area}'s share is statistically significantly lower (95% confidence)", "lower"),
    }


def outcomes_sections(inputs: ReportInputs) -> list[Section]:
    """The chapter, or nothing when no outcomes are in the assessment."""
    if "outcomes" not in inputs.assessment.tables:
        return []
    shares = inputs.assessment.table("outcomes")
    if shares.empty:
        return []
    caveats = [c for c in inputs.assessment.caveats if "outcome" in c.lower()]
    by_kind = _by_kind(shares)
    blocks: list[Block] = [Paragraph(_summary(inputs, by_kind)), BulletList(caveats), all_crime_table(inputs, shares)]
    by_group = group_table(inputs, shares, by_kind)
    if by_group is not None:
        blocks.append(by_group)
    if "outcome_times" in inputs.assessment.tables and not inputs.assessment.table("outcome_times").empty:
        blocks.append(times_table(inputs))
    return [Section("outcomes", "What happened after crimes were recorded", tuple(blocks), new_page=True)]


def _by_kind(shares: pd.DataFrame) -> RowLookup:
    """The first row of each (crime group, outcome, kind of comparator): the area's own share, the force's."""
    return RowLookup.of(shares, "crime_group", "outcome", "comparator_kind")


def _summary(inputs: ReportInputs, by_kind: RowLookup) -> str:
    charged = by_kind.get(ALL_CRIME, CHARGED, "area")
    no_suspect = by_kind.get(ALL_CRIME, NO_SUSPECT, "area")
    pending = by_kind.get(ALL_CRIME, NO_OUTCOME, "area")
    if charged is None:
        return f"Outcomes of crimes recorded in {inputs.area}, {inputs.period}."
    return (f"Of the {int(charged['crimes']):,} crimes recorded in {inputs.area} in {inputs.period}, "
            f"{charged['share']:.1%} had led to a charge or summons by the latest outcomes file loaded, and "
            f"{no_suspect['share']:.1%} had been closed with no suspect identified; {pending['share']:.1%} had no "
            "outcome recorded yet.")


def all_crime_table(inputs: ReportInputs, shares: pd.DataFrame) -> Table:
    """Broad outcomes of all crime: the area's share and interval, and each comparator's share."""
    group = ALL_CRIME if ALL_CRIME in set(shares["crime_group"]) else shares["crime_group"].iloc[0]
    mine = shares[shares["crime_group"] == group]
    comparators = list(dict.fromkeys(mine.loc[mine["comparator_kind"] != "area", "comparator"]))
    by_kind, by_name = RowLookup.of(mine, "outcome", "comparator_kind"), RowLookup.of(mine, "outcome", "comparator")
    key = status_key(inputs.area)
    columns = [Column("outcome", "Latest outcome"), Column("count", "Crimes", "integer"),
               Column("share", inputs.area, "percent"), Column("interval", "95% confidence interval", "percent")]
    columns += [Column(f"c{i}", name, "percent") for i, name in enumerate(comparators)]
    rows = []
    for outcome in BROAD_OUTCOMES:
        area = by_kind.get(outcome, "area")
        cells = [Cell(outcome), Cell(area["count"]), Cell(area["share"]),
                 Cell(Interval(area["lower_95"], area["upper_95"]))]
        for name in comparators:
            other = by_name.get(outcome, name)
            cells.append(Cell(other["share"], key.get(other["significance_95"])) if other is not None
                         else Cell(None))
        rows.append(Row(tuple(cells)))
    return Table.build("outcomes-all-crime", f"Latest outcomes: {group}, {inputs.period}", columns, rows,
                       source=SOURCE, method=METHOD.format(area=inputs.area), sheet_name="Outcomes")


def group_table(inputs: ReportInputs, shares: pd.DataFrame, by_kind: RowLookup) -> Table | None:
    """Per crime group: the share charged and the share with no suspect, against the force."""
    present = set(shares["crime_group"])
    groups = [g for g, _, _ in inputs.ordered_groups() if g not in (ALL_CRIME, ASB) and g in present]
    if not groups:
        return None
    key = status_key(inputs.area)
    # each force column says which share it is: two headed "Force" left the reader to count columns
    columns = [Column("group", "Crime group"), Column("crimes", "Crimes", "integer"),
               Column("charged", "Charged or summonsed", "percent"),
               Column("charged_force", "Force area: charged or summonsed", "percent"),
               Column("no_suspect", "No suspect identified", "percent"),
               Column("no_suspect_force", "Force area: no suspect identified", "percent"),
               Column("pending", "No outcome yet", "percent")]
    rows = []
    for group in groups:
        charged, no_suspect = by_kind.get(group, CHARGED, "area"), by_kind.get(group, NO_SUSPECT, "area")
        pending = by_kind.get(group, NO_OUTCOME, "area")
        cells = [Cell(group), Cell(charged["crimes"])]
        for outcome, mine in ((CHARGED, charged), (NO_SUSPECT, no_suspect)):
            theirs = by_kind.get(group, outcome, "force")
            word = theirs["significance_95"] if theirs is not None else None
            cells += [Cell(mine["share"], key.get(word)) if word else Cell(mine["share"]),
                      Cell(theirs["share"] if theirs is not None else None)]
        cells.append(Cell(pending["share"]))
        rows.append(Row(tuple(cells)))
    return Table.build("outcomes-by-group", f"Charges and crimes with no suspect identified by crime group, "
                       f"{inputs.period}", columns, rows, source=SOURCE, method=METHOD.format(area=inputs.area),
                       notes=[f"The colour and word on {inputs.area}'s share compare it with the force's."],
                       sheet_name="Outcomes by crime group")


def times_table(inputs: ReportInputs) -> Table:
    times = inputs.assessment.table("outcome_times")
    medians = times["median_months"].dropna()
    # whole months print whole (a median of two middle values can end in .5, and then one place is kept)
    places = 0 if (medians == medians.round()).all() else 1
    columns = [Column("crime_group", "Crime group"), Column("crimes", "Crimes", "integer"),
               Column("with_outcome", "With an outcome", "integer"),
               Column("median_months", "Median months to outcome", "number", places),
               Column("within_3_months", "Of those with an outcome: reached within 3 months", "percent")]
    present = set(times["crime_group"])
    order = [g for g, _, _ in inputs.ordered_groups() if g in present]
    times = times.set_index("crime_group").loc[order].reset_index()
    return Table.from_frame("outcome-times", f"Time from the month of the crime to the month of its latest outcome, "
                            f"{inputs.area}", times, columns, source=SOURCE,
                            method="Whole calendar months from the crime's month to the month of the outcomes file "
                                   "holding its latest outcome (police.uk gives months, not dates): 0 means the "
                                   "outcome was recorded in the month of the crime. The share reached within 3 "
                                   "months is of the crimes with an outcome, not of all crimes.",
                            sheet_name="Time to outcome")
