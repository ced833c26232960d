"""The overview table: rates per 1,000 residents by crime group against every benchmark.

As in the Cannock Chase assessment (seed 002), crime groups are the rows and the partnership
and its comparators the columns.  Each comparator's cell is shaded by how the partnership
compares with it and says so in a word, and a key under the table explains the words, so
nothing is carried by colour alone.
"""

from __future__ import annotations

import pandas as pd

from cspkit.assess.groups import ALL_CRIME
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.wording import join_and, places_to_separate, plural
from cspkit.reports.document import Block, Cell, Column, Interval, Paragraph, Row, Section, Status, Table

METHOD = ("Rate = records in the period / residents x 1,000. 95% confidence intervals are exact (Poisson) below "
          "10 records and by Byar's method from 10, as Public Health England's Fingertips. A comparator's cell "
          "says whether {area}'s rate is statistically significantly higher or lower than that comparator's "
          "(the 95% interval of {area}'s rate excludes it) or similar to it.")


def significance_key(subject: str) -> dict[str, Status]:
    """Status of ``subject`` against the comparator in whose column the word is printed."""
    return {
        "higher": Status("Higher", f"{subject}'s rate is statistically significantly higher than the rate in that "
                                   "column (95% confidence)", "higher"),
        "similar": Status("Similar", f"{subject}'s rate is not significantly different from the rate in that column",
                          "similar"),
        "lower": Status("Lower", f"{subject}'s rate is statistically significantly lower than the rate in that "
                                 "column (95% confidence)", "lower"),
    }


def overview_section(inputs: ReportInputs) -> Section:
    blocks: list[Block] = [*inputs.blocks("overview"), rates_overview_table(inputs)]
    blocks += home_office_table(inputs)
    return Section("overview", "Overview of crime and anti-social behaviour", blocks, new_page=True)


def rates_overview_table(inputs: ReportInputs) -> Table:
    """Crime groups by rows; the area's count, rate and interval, then each comparator's rate."""
    key = significance_key(inputs.area)
    columns = [Column("group", "Crime group"), Column("count", "Recorded", "integer"),
               Column("rate", f"{inputs.area}", "number"), Column("interval", "95% confidence interval", "number")]
    columns += [Column(f"comparator_{i}", name, "number") for i, name in enumerate(inputs.comparators)]
    rows = []
    unavailable: dict[str, list[str]] = {}  # crime group -> comparators with no rate for it
    shown = _decimals(inputs)
    for group, level, bold in inputs.ordered_groups():
        mine = inputs.area_rates.loc[group]
        matches = [inputs.rate_rows.get(group, name) for name in inputs.comparators]
        interval = Interval(mine["lower_95"], mine["upper_95"]) if pd.notna(mine["lower_95"]) else None
        cells = [Cell(group), Cell(mine["count"]), Cell(mine["rate"], decimals=shown), Cell(interval, decimals=shown)]
        for name, match in zip(inputs.comparators, matches, strict=True):
            if match is None or pd.isna(match["rate"]):
                unavailable.setdefault(group, []).append(name)
                cells.append(Cell(None))
                continue
            cells.append(Cell(match["rate"], key.get(str(match["significance_95"])), decimals=shown))
        rows.append(Row(tuple(cells), level=level, bold=bold))
    notes = ["Anti-social behaviour counts incidents, which are not crimes; all crime excludes it.",
             "Indented rows are the police.uk crime types that make up all crime."]
    if ALL_CRIME not in inputs.area_rates.index:
        notes = notes[:1]
    notes += inputs.grouping_notes()
    notes += [not_available_note(unavailable)] if unavailable else []
    notes += [note] if (note := inputs.published_note) else []
    return Table.build(
        "rates-overview", f"Rates of recorded crime and ASB per 1,000 residents, {inputs.period}", columns, rows,
        source=inputs.rates_source, method=METHOD.format(area=inputs.area), notes=notes, sheet_name="Rates per 1,000",
    )


def _decimals(inputs: ReportInputs) -> int | None:
    """One number of decimal places for every rate in the table (None: the usual one): the most any row
    needs for a comparator judged different to print outside the interval beside it. Rows to different
    places in one column (10.01 above 5.1) read as different kinds of figure."""
    places = 1
    for group, _, _ in inputs.ordered_groups():
        mine = inputs.area_rates.loc[group]
        if pd.isna(mine["lower_95"]):
            continue
        matches = [inputs.rate_rows.get(group, name) for name in inputs.comparators]
        different = [m["rate"] for m in matches
                     if m is not None and pd.notna(m["rate"]) and str(m["significance_95"]) in ("higher", "lower")]
        places = max(places, places_to_separate(mine["lower_95"], mine["upper_95"], different))
    return None if places == 1 else places


def not_available_note(unavailable: dict[str, list[str]]) -> str:
    """Why a comparator's cell says N/A: the published tables it comes from do not give that grouping."""
    parts = [f"{group} against {join_and(names)}" for group, names in unavailable.items()]
    return (f"N/A: no rate is available for {join_and(parts)}: the published rates these comparators come from "
            "are not given for that grouping of crime types, so it cannot be compared.")


def home_office_table(inputs: ReportInputs) -> list[Block]:
    """Home Office offence groups per 1,000 residents, where a Home Office table is loaded: the
    subject's count, rate and interval, then the force and England and Wales where the loaded
    figures give them, and a note saying why any comparator is missing."""
    table = inputs.assessment.table("home_office_rates")
    if table.empty:
        return []
    force = inputs.assessment.parameters.get("force")
    force_name = f"{force} (force area)" if force else "Force area"
    names = {"area": inputs.area, "force": force_name, "England and Wales": "England and Wales"}
    present = [k for k in names if f"{k}_rate" in table.columns]
    subject = present[0]
    key = significance_key(names[subject])
    columns = [Column("group", "Offence group"), Column("count", "Recorded", "integer"),
               Column("rate", names[subject], "number"), Column("interval", "95% confidence interval", "number")]
    columns += [Column(k, names[k], "number") for k in present[1:]]
    rows = []
    for record in table.to_dict("records"):
        cells = [Cell(record["offence_group"]), Cell(record[f"{subject}_count"]), Cell(record[f"{subject}_rate"]),
                 Cell(Interval(record[f"{subject}_lower_95"], record[f"{subject}_upper_95"]))]
        for column in present[1:]:
            status = record.get(f"{subject}_vs_{column}")
            cells.append(Cell(record[f"{column}_rate"], key.get(str(status)) if status else None))
        rows.append(Row(tuple(cells), bold=record["offence_group"].startswith("Total")))
    year = str(table["financial_year"].iloc[0])
    population = int(table["population_year"].iloc[0]) if "population_year" in table.columns else int(year[:4])
    notes: list[str] = []
    months = _financial_year_months(year)
    said = [months] if months else []  # in the title: the months of the year, and how old it is
    ends = int(year[:4]) + 1  # a financial year ends in March of the next year
    behind = inputs.assessment.period.start.year - ends
    if behind >= 1:
        said.append(f"{plural(behind, 'year')} before this assessment")
        notes.insert(0, f"{year} is the latest full year of Home Office figures loaded, {plural(behind, 'year')} "
                        "before this assessment's period: the picture may have changed since.")
    title = (f"Police recorded crime by Home Office offence group per 1,000 residents, financial year {year}"
             + (f" ({', '.join(said)})" if said else ""))
    if population != int(year[:4]):
        notes.append(f"The rates divide by the ONS mid-{population} population estimates, the nearest loaded to "
                     f"{year}.")
    notes += _missing_home_office_columns(inputs, present, names, year)
    lead = Paragraph(
        f"The Home Office publishes police recorded crime by offence group for each partnership and force. The "
        f"table below gives {names[subject]}'s {year} figures"
        + (f" against {join_and(names[k] for k in present[1:])}" if present[1:] else "")
        + ": a second view of the level of crime, by the offence groups the Home Office uses. "
        + f"**Its offence groups and financial year ({year}{', ' + months if months else ''}) differ from "
          "the police.uk crime types and the period of the table above, so the two tables should not be compared "
          "line by line.**"
    )
    return [lead, Table.build(
        "home-office-rates", title, columns, rows,
        source=f"Home Office, police recorded crime, financial year {year}; ONS mid-{population} population estimates",
        method=METHOD.format(area=names[subject]) if len(present) > 1 else METHOD.split(" A comparator")[0],
        sheet_name="Home Office rates", notes=notes,
    )]


def _financial_year_months(year: str) -> str:
    """'April 2025 to March 2026' for '2025/26': a financial year in words, so no one reads it as a
    calendar year; empty when the year is not written that way."""
    if len(year) < 4 or not year[:4].isdigit():
        return ""
    start = int(year[:4])
    return f"April {start} to March {start + 1}"


def _missing_home_office_columns(inputs: ReportInputs, present: list[str], names: dict[str, str],
                                 year: str) -> list[str]:
    """Why a comparator of the table above has no column in the Home Office table."""
    missing = []
    if "force" not in present and inputs.assessment.parameters.get("force") and present[0] != "force":
        missing.append(f"{names['force']} is not shown: the Home Office figures loaded for {year} have neither a "
                       "row for the force nor one for each of its partnerships.")
    published = set(inputs.published_comparators)
    taken = []
    if "England and Wales" not in present:
        missing.append(f"England and Wales is not in this table: the Home Office figures loaded for {year} do not "
                       "cover every police force area, so they give no England and Wales total.")
        taken += ["England and Wales"] if "England and Wales" in published else []
    msg = [c for c in inputs.comparators if c.startswith("Most Similar Group")]
    if msg:
        missing.append(f"Nor is the {msg[0].split(' (')[0]}: those figures do not give its partnerships' average.")
        taken += [f"the {msg[0].split(' (')[0]}"] if msg[0] in published else []
    if taken:
        period = f", {inputs.published_period}" if inputs.published_period else ""
        missing.append(f"The table of rates above and the other tables and charts of rates take {join_and(taken)} "
                       f"from the published rates by partnership{period}.")
    if missing:
        return [" ".join(missing)]
    return []
