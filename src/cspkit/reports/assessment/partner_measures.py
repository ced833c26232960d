"""The chapter "What partners' records show", and the words a priority page uses for a partner measure.

police.uk has no domestic abuse flag, no fires, nothing on treatment or reoffending. The
measures partners send are in the assessment's ``partner_indicators`` table
(:mod:`cspkit.assess.partner_indicators`): counts as rates per 1,000 residents, proportions as
shares, each against the same months a year earlier and against the force area. The chapter
is shown only when the assessment holds at least one.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cspkit.reports.assessment.direction import CHANGE_STATUS
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.wording import places_to_separate, signed_percent
from cspkit.reports.document import Block, Cell, Column, Interval, Paragraph, Section, Status, Table

SECTION_ID = "partner-measures"
TITLE = "What partners' records show"
INTRO = ("police.uk does not cover everything the partnership works on: it has no domestic abuse flag, no fires "
         "and nothing on treatment or reoffending. The measures below come from partners' own records. Each is "
         "compared with the same months a year earlier and with the force area as a whole. Partners count what "
         "is reported to them and recorded, so a change can follow recording practice or people's confidence "
         "to report as well as what happened.")


def status_key(area: str) -> dict[str, Status]:
    return {
        "higher": Status("Higher", f"{area}'s figure is statistically significantly higher (95% confidence)",
                         "higher"),
        "similar": Status("Similar", f"{area}'s figure is not significantly different", "similar"),
        "lower": Status("Lower", f"{area}'s figure is statistically significantly lower (95% confidence)", "lower"),
    }


def partner_table(inputs: ReportInputs) -> pd.DataFrame:
    table = inputs.assessment.tables.get("partner_indicators")
    return table if table is not None else pd.DataFrame()


def partner_sections(inputs: ReportInputs) -> list[Section]:
    """The chapter, or nothing when the assessment holds no partner measure."""
    table = partner_table(inputs)
    if table.empty:
        return []
    blocks: list[Block] = [Paragraph(INTRO), *inputs.blocks(SECTION_ID)]
    counts, shares = table[table["kind"] == "count"], table[table["kind"] == "proportion"]
    if not counts.empty:
        blocks.append(_counts_table(inputs, counts))
    if not shares.empty:
        blocks.append(_shares_table(inputs, shares))
    return [Section(SECTION_ID, TITLE, tuple(blocks), new_page=True)]


def partner_statements(inputs: ReportInputs) -> str:
    """The generated words of the chapter: a paragraph per measure (the analyst may rewrite them)."""
    return "\n\n".join(describe(inputs.area, row) for row in partner_table(inputs).to_dict("records"))


def describe(area: str, row: Mapping) -> str:
    """One measure in a sentence or two: its level, how it compares with the force, how it has changed."""
    months = _months(row)
    if row["kind"] == "proportion":
        text = (f"{row['measure']}: {row['value']:,.0f} of {row['denominator']:,.0f} "
                f"({_share(row['rate'])}, 95% confidence interval {_share(row['lower_95'])} to "
                f"{_share(row['upper_95'])}) in {area}, {months}")
        force = f" ({_share(row['force_rate'])})" if pd.notna(row["force_rate"]) else ""
    else:
        text = f"{row['measure']}: {row['value']:,.0f} in {area}, {months}"
        if pd.notna(row["rate"]):
            places = _places(row)
            text += (f", {row['rate']:,.{places}f} per 1,000 residents (95% confidence interval "
                     f"{row['lower_95']:,.{places}f} to {row['upper_95']:,.{places}f})")
        force = f" ({row['force_rate']:,.{_places(row)}f})" if pd.notna(row["force_rate"]) else ""
    verdict = row["compared_with_force"]
    if verdict in ("higher", "lower"):
        text += f", statistically significantly {verdict} than the force area as a whole{force}"
    elif verdict == "similar":
        text += f", similar to the force area as a whole{force}"
    return f"{text}. {_change_sentence(row)}".strip()


def key_figures(row: Mapping) -> list[tuple[str, str, str]]:
    """(value, label, detail) for a priority page's headline numbers from a partner measure."""
    found = []
    if row["kind"] == "proportion":
        found.append((_share(row["rate"]), row["measure"].lower(), f"{row['value']:,.0f} of {row['denominator']:,.0f}"))
    else:
        found.append((f"{row['value']:,.0f}", row["measure"].lower(), _months(row, short=True)))
        if pd.notna(row["rate"]):
            force = (f"Force area: {row['force_rate']:,.{_places(row)}f}" if pd.notna(row["force_rate"]) else "")
            found.append((f"{row['rate']:,.{_places(row)}f}", "per 1,000 residents", force))
    status = CHANGE_STATUS.get(str(row["change_verdict"]))
    if row["kind"] == "count" and pd.notna(row["change_pct"]):
        found.append((signed_percent(row["change_pct"]), "on the same months a year earlier",
                      status.label if status else ""))
    elif pd.notna(row["change_points"]):
        found.append((f"{row['change_points']:+.1f} points", "on the same months a year earlier",
                      status.label if status else ""))
    return found


def _change_sentence(row: Mapping) -> str:
    verdict = row["change_verdict"]
    if not verdict:
        return "The same months a year earlier are not loaded, so no change can be given."
    if row["kind"] == "proportion":
        earlier = _share(row["earlier_rate"])
        if verdict == "no significant change":
            return f"That is no significant change on the same months a year earlier ({earlier})."
        return (f"That is {abs(row['change_points']):.1f} percentage points "
                f"{'higher' if verdict == 'increase' else 'lower'} than the same months a year earlier ({earlier}), "
                "a statistically significant change.")
    earlier = f"{row['earlier_value']:,.0f}"
    if verdict == "no significant change" or pd.isna(row["change_pct"]):
        return f"That is no significant change on the same months a year earlier ({earlier})."
    return (f"That is {'up' if verdict == 'increase' else 'down'} {abs(row['change_pct']):.0f}% on the same months "
            f"a year earlier ({earlier}), a statistically significant {verdict}.")


def _counts_table(inputs: ReportInputs, rows: pd.DataFrame) -> Table:
    force = inputs.assessment.parameters.get("force") or "Force"
    columns = [Column("measure", "Measure"), Column("source", "From"), Column("months", "Months"),
               Column("count", "Count", "integer"), Column("rate", "Per 1,000 residents", "number", 1),
               Column("interval", "95% interval", "number", 1), Column("earlier", "A year earlier", "integer"),
               Column("change", "Change", "percent", 0, signed=True),
               Column("force", f"{force} (force area) per 1,000", "number", 1)]
    statuses = status_key(inputs.area)
    table_rows = []
    for row in rows.to_dict("records"):
        places = _places(row)
        force_rate = row["force_rate"]
        # decimals that keep a force figure judged higher or lower outside the printed interval
        if pd.notna(row["lower_95"]) and pd.notna(force_rate) and row["compared_with_force"] in ("higher", "lower"):
            places = places_to_separate(row["lower_95"], row["upper_95"], [force_rate], places)
        interval = Interval(row["lower_95"], row["upper_95"]) if pd.notna(row["lower_95"]) else None
        table_rows.append([
            Cell(row["measure"]), Cell(row["source"]), Cell(_months(row, short=True)), Cell(row["value"]),
            Cell(row["rate"], decimals=places), Cell(interval, decimals=places),
            Cell(row["earlier_value"] if row["change_verdict"] else None),
            Cell(row["change_pct"] / 100 if pd.notna(row["change_pct"]) else None,
                 CHANGE_STATUS.get(str(row["change_verdict"]))),
            Cell(force_rate, statuses.get(str(row["compared_with_force"])), decimals=places),
        ])
    return Table.build(
        "partner-counts", f"Partners' counts in {inputs.area}, per 1,000 residents", columns, table_rows,
        source="Partners' records, as loaded for this assessment", sheet_name="Partner counts",
        method="Rate per 1,000 residents with a 95% interval (exact Poisson below 10, Byar's method from 10, as "
               "Fingertips). Change: the score test for the ratio of two Poisson counts over months of the same "
               "length a year apart (Gu et al. 2008). The force area's cell says whether the partnership's "
               "interval lies wholly above or below the force area's rate.",
        notes=_notes(rows))


def _shares_table(inputs: ReportInputs, rows: pd.DataFrame) -> Table:
    force = inputs.assessment.parameters.get("force") or "Force"
    columns = [Column("measure", "Measure"), Column("source", "From"), Column("months", "Months"),
               Column("count", "Count", "integer"), Column("of", "Out of", "integer"),
               Column("share", "Share", "percent", 1), Column("interval", "95% interval", "percent", 1),
               Column("earlier", "A year earlier", "percent", 1),
               Column("change", "Change (points)", "number", 1, signed=True),
               Column("force", f"{force} (force area)", "percent", 1)]
    statuses = status_key(inputs.area)
    table_rows = []
    for row in rows.to_dict("records"):
        table_rows.append([
            Cell(row["measure"]), Cell(row["source"]), Cell(_months(row, short=True)), Cell(row["value"]),
            Cell(row["denominator"]), Cell(row["rate"]),
            Cell(Interval(row["lower_95"], row["upper_95"])),
            Cell(row["earlier_rate"]),
            Cell(row["change_points"], CHANGE_STATUS.get(str(row["change_verdict"]))),
            Cell(row["force_rate"], statuses.get(str(row["compared_with_force"]))),
        ])
    return Table.build(
        "partner-shares", f"Partners' proportions in {inputs.area}", columns, table_rows,
        source="Partners' records, as loaded for this assessment", sheet_name="Partner proportions",
        method="Share with a 95% Wilson score interval (as Fingertips). Change: the score test for the difference "
               "of two independent proportions a year apart, in percentage points. The force area's cell says "
               "whether the partnership's interval lies wholly above or below the force area's share.",
        notes=_notes(rows))


def _notes(rows: pd.DataFrame) -> list[str]:
    notes = []
    if rows["latest_available"].any():
        notes.append("Where a partner reports by quarter or by year, the months are the latest twelve it reports "
                     "that end within the assessment's period, so they may differ from the police.uk months.")
    if (rows["change_verdict"] == "").any() or rows["force_rate"].isna().any():
        notes.append("N/A: the same months a year earlier, or every district of the force area, are not in the "
                     "partners' records loaded.")
    return notes


def _months(row: Mapping, *, short: bool = False) -> str:
    """'from October 2025 to September 2026'; in a table 'Oct 2025 to Sep 2026'."""
    start, end = pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
    if short:
        return f"{start:%b %Y} to {end:%b %Y}"
    span = f"{start:%B %Y} to {end:%B %Y}" if start.year != end.year else f"{start:%B} to {end:%B %Y}"
    if not row["latest_available"]:
        return f"from {span}"
    latest = {"1 year": "the latest year", "4 quarters": "the latest four quarters"}.get(
        str(row["periods"]), "the latest twelve months")
    return f"from {span}, {latest} {row['source'] or 'the partner'} reports"


def _share(share: float) -> str:
    return f"{share:.1%}"


def _places(row: Mapping) -> int:
    """One decimal place, two for a rare event (under 10 per 1,000) so small rates are not all '0.9'."""
    rate = row["rate"]
    return 2 if pd.notna(rate) and rate < 10 else 1
