"""The section "ASB casework and powers": counts of cases, powers used, breaches, risk levels,
repeat victims and ASB Case Reviews, read from the web app's counts-only export
(:mod:`cspkit.sources.casework_counts`), like the casework section of seed 003. Counts only:
small numbers arrive already withheld and are printed as [c]."""

from __future__ import annotations

from cspkit.reports.assessment.wording import join_and
from cspkit.reports.document import Block, Cell, Column, NotAvailable, Paragraph, Row, Section, Table
from cspkit.sources.casework_counts import CaseworkCountsFile, CountLine
from cspkit.sources.records_csv import SUPPRESSED_MARK

SOURCE = "The partnership's ASB case management system, counts only"
NOT_RECORDED = "not recorded"


def casework_section(counts: CaseworkCountsFile) -> Section:
    latest = counts.periods[-1].label
    withheld = (
        f"Counts from 1 to {counts.smallest_shown - 1} are withheld and shown as {SUPPRESSED_MARK}, so that no "
        "victim, witness or perpetrator can be recognised; zero is shown."
        if counts.smallest_shown > 1
        else "No counts are withheld."
    )
    blocks: list[Block] = [
        Paragraph(
            "Anti-social behaviour is tackled case by case as well as in the numbers above: agencies open a case, "
            "assess the risk to the victim, and escalate from informal steps (warning letters, Acceptable Behaviour "
            "Contracts, mediation) to the powers of the Anti-social Behaviour, Crime and Policing Act 2014. "
            f"This section counts that casework in {join_and(p.label for p in counts.periods)}. {withheld}"
        ),
        Paragraph(_summary(counts, latest)),
        _table(counts),
    ]
    if counts.areas:
        blocks += [
            Paragraph(
                f"By ward, in {latest}: a case is counted in each ward where one of its incidents took place, so a "
                "case can count in two wards and a case with no known place in none; the wards do not add up to "
                "the partnership. A ward's count is also withheld where it is within a few of the partnership's, "
                "and a second ward's where only one would be withheld, so that no withheld count can be worked out."
            ),
            _area_table(counts),
        ]
    return Section("casework", "ASB casework and powers", tuple(blocks), new_page=True)


def _summary(counts: CaseworkCountsFile, latest: str) -> str:
    index = len(counts.periods) - 1
    cases = {line.measure: line.counts[index] for line in counts.in_group("Cases")}
    powers = sorted(
        ((line.counts[index], line.measure) for line in counts.in_group("Powers used") if line.counts[index]),
        reverse=True,
    )
    opened = cases.get("Cases opened")
    text = f"In {latest}, {_count(opened, 'case')} were opened" if opened is not None else (
        f"In {latest}, the number of cases opened is withheld"
    )
    text += "."
    if powers:
        top = [f"{measure.lower()} ({value:,})" for value, measure in powers[:3]]
        text += f" The powers and steps used most were {join_and(top)}."
    withheld = sum(1 for line in counts.lines if line.counts[index] is None)
    if withheld:
        text += f" {withheld} {'count is' if withheld == 1 else 'counts are'} withheld as small."
    return text


def _count(value: int, noun: str) -> str:
    return f"{value:,} {noun if value == 1 else noun + 's'}"


def _table(counts: CaseworkCountsFile) -> Table:
    columns = [Column("group", "Kind of count"), Column("measure", "Measure")] + [
        Column(f"period_{i}", period.label, "integer") for i, period in enumerate(counts.periods)
    ]
    before = _before_recording(counts)
    rows = [
        Row((Cell(line.group), Cell(line.measure),
             *(Cell(NotAvailable(NOT_RECORDED) if i < before else v) for i, v in enumerate(line.counts))))
        for line in counts.lines
        if _shown(line)
    ]
    notes = [
        f"{SUPPRESSED_MARK}: withheld because it is from 1 to {counts.smallest_shown - 1} (blank in the Excel file).",
        "Rows that are zero in every period are left out.",
    ]
    if before:
        notes.insert(0, f"{NOT_RECORDED.capitalize()}: the case management system holds no case in "
                        f"{join_and(p.label for p in counts.periods[:before])}; casework was first recorded in it "
                        f"in {counts.periods[before].label}, so the earlier figures are unknown, not zero "
                        "(blank in the Excel file).")
    return Table.build(
        "casework-counts",
        f"ASB casework and powers, {join_and(p.label for p in counts.periods)}",
        columns,
        rows,
        source=SOURCE,
        notes=notes,
        method="Counted the same way as in the partnership's board reports: cases opened, closed and open at the "
        "end of each period; interventions by the date made; breaches by the "
        "date recorded; risk assessments by level; victims meeting the repeat-victim rule; ASB Case Review "
        "applications received.",
        missing=SUPPRESSED_MARK,
        sheet_name="ASB casework",
    )


AREA_MEASURES = (
    "Cases opened",
    "Cases open at the end of the period",
    "Breaches recorded",
    "Assessed high risk",
    "Repeat victims",
)


def _area_table(counts: CaseworkCountsFile) -> Table:
    index = len(counts.periods) - 1
    latest = counts.periods[index].label
    columns = [Column("area", "Ward")] + [
        Column(f"measure_{i}", measure, "integer") for i, measure in enumerate(AREA_MEASURES)
    ]
    values = {area.name: [area.count(measure, index) for measure in AREA_MEASURES] for area in counts.areas}
    rows = [Row((Cell(name), *(Cell(v) for v in row))) for name, row in sorted(values.items()) if any(
        v != 0 for v in row)]
    empty = sorted(name for name, row in values.items() if all(v == 0 for v in row))
    left_out = [f"Wards where every count here is 0 are left out: {join_and(empty)}."] if empty else []
    return Table.build(
        "casework-counts-by-area",
        f"ASB casework by ward, {latest}",
        columns,
        rows,
        source=SOURCE,
        notes=[
            f"{SUPPRESSED_MARK}: withheld because it is from 1 to {counts.smallest_shown - 1}, because it is that "
            "close to the partnership's count, or so that another withheld count cannot be worked out (blank in the "
            "Excel file).",
            "Wards do not add up to the partnership: a case with incidents in two wards counts in both; one with no "
            "known place counts in none.",
            *left_out,
        ],
        method="The same counts as the table above, for the cases with an incident whose nearest LSOA lies in "
        "the ward (wards and their LSOAs from the ONS geography lookup).",
        missing=SUPPRESSED_MARK,
        sheet_name="ASB casework by ward",
    )


def _before_recording(counts: CaseworkCountsFile) -> int:
    """How many of the first periods come before casework was recorded: every count in them is 0,
    no case even open at their end, so the system held nothing then (a period with a withheld
    count held something). The last period always counts as recorded."""
    empty = 0
    for index in range(len(counts.periods) - 1):
        if any(line.counts[index] != 0 for line in counts.lines):
            break
        empty += 1
    return empty


def _shown(line: CountLine) -> bool:
    return any(value != 0 for value in line.counts)
