"""The section "ASB casework and powers": counts of cases, powers used, breaches, risk levels,
repeat victims and ASB Case Reviews, read from the web app's counts-only export
(:mod:`cspkit.sources.casework_counts`), like the casework section of seed 003. Counts only:
small numbers arrive already withheld and are printed as [c], and so do counts withheld so that a
small one cannot be worked out (secondary suppression); the file says which, and the section says
how many of each. A period the file marks as not recorded is printed "not recorded", as the file
gives it: the report does not decide that itself, so the two always agree."""

from __future__ import annotations

from cspkit.reports.assessment.wording import join_and
from cspkit.reports.document import Block, Cell, Column, NotAvailable, Paragraph, Row, Section, Table
from cspkit.sources.casework_counts import SECONDARY, SMALL, CaseworkCountsFile, CountLine
from cspkit.sources.records_csv import SUPPRESSED_MARK

SOURCE = "The partnership's ASB case management system, counts only"
NOT_RECORDED = "not recorded"
#: Above this share of a period's counts withheld, the section says plainly that the table shows little.
MOSTLY_WITHHELD = 0.75


def casework_section(counts: CaseworkCountsFile) -> Section:
    latest = counts.periods[-1].label
    withheld = (
        f"Counts from 1 to {counts.smallest_shown - 1} are withheld and shown as {SUPPRESSED_MARK}, so that no "
        "victim, witness or perpetrator can be recognised; zero is shown. Where a withheld count could be worked "
        "out from the counts beside it (cases open at the end from those opened and closed, say), one of those "
        f"is withheld too and also shown as {SUPPRESSED_MARK}."
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
    verb = 'was' if opened == 1 else 'were'
    text = f"In {latest}, {_count(opened, 'case')} {verb} opened" if opened is not None else (
        f"In {latest}, the number of cases opened is withheld"
    )
    text += "."
    if powers:
        top = [f"{measure.lower()} ({value:,})" for value, measure in powers[:3]]
        text += f" The powers and steps used most were {join_and(top)}."
    return " ".join([text, *_withheld_sentences(counts, index, latest)])


def _withheld_sentences(counts: CaseworkCountsFile, index: int, latest: str) -> list[str]:
    """How many of the period's counts are withheld, for each reason the file gives, and, when
    nearly all are, that the table says little and what to read instead."""
    shown_lines = [line for line in counts.lines if _shown(line, counts)]
    withheld = [line for line in shown_lines if line.counts[index] is None]
    if not withheld:
        return []
    small = sum(1 for line in withheld if line.reason(index) == SMALL)
    secondary = sum(1 for line in withheld if line.reason(index) == SECONDARY)
    verb = "count is" if len(withheld) == 1 else "counts are"
    if small == len(withheld):
        sentences = [f"{small} {verb} withheld because {'it is' if small == 1 else 'they are'} from 1 to "
                     f"{counts.smallest_shown - 1}."]
    elif small + secondary == len(withheld):
        parts = [f"{small} because {'it is' if small == 1 else 'they are'} from 1 to {counts.smallest_shown - 1}"
                 ] if small else []
        if secondary:
            parts.append(f"{secondary} so that a withheld count cannot be worked out from the others")
        sentences = [f"{len(withheld)} {verb} withheld: {join_and(parts)}."]
    else:  # an older file does not say why each one is withheld
        sentences = [f"{len(withheld)} {verb} withheld, as small or so that a small count cannot be worked out."]
    if len(withheld) >= MOSTLY_WITHHELD * len(shown_lines):
        sentences.append(
            f"That is {len(withheld)} of the {len(shown_lines)} counts in the table for {latest}, so the table "
            "cannot show how much casework there was or which powers were used most. The scale of anti-social "
            "behaviour is better read from the incidents the police recorded, earlier in this report; casework "
            "counts over a longer period, once more than one year is recorded, are likely to need fewer withheld."
        )
    return sentences


def _count(value: int, noun: str) -> str:
    return f"{value:,} {noun if value == 1 else noun + 's'}"


def _table(counts: CaseworkCountsFile) -> Table:
    columns = [Column("group", "Kind of count"), Column("measure", "Measure")] + [
        Column(f"period_{i}", period.label, "integer") for i, period in enumerate(counts.periods)
    ]
    rows = [
        Row((Cell(line.group), Cell(line.measure),
             *(Cell(v if counts.is_recorded(i) else NotAvailable(NOT_RECORDED)) for i, v in enumerate(line.counts))))
        for line in counts.lines
        if _shown(line, counts)
    ]
    notes = [_withheld_note(counts), "Rows that are zero in every period are left out."]
    unrecorded = [p.label for i, p in enumerate(counts.periods) if not counts.is_recorded(i)]
    if unrecorded:
        notes.insert(0, f"{NOT_RECORDED.capitalize()}: the case management system holds no casework at all in "
                        f"{join_and(unrecorded)}: no case was open at any time in it and no power, breach, risk "
                        "assessment or repeat victim is dated in it. That casework was not recorded in the system, "
                        "so the figures are unknown, not zero (shown as [x], not available, in the Excel file).")
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
            "close to the partnership's count, or so that another withheld count cannot be worked out.",
            "Wards do not add up to the partnership: a case with incidents in two wards counts in both; one with no "
            "known place counts in none.",
            *left_out,
        ],
        method="The same counts as the table above, for the cases with an incident whose nearest LSOA lies in "
        "the ward (wards and their LSOAs from the ONS geography lookup).",
        missing=SUPPRESSED_MARK,
        sheet_name="ASB casework by ward",
    )


def _withheld_note(counts: CaseworkCountsFile) -> str:
    """What [c] means in the table: small, and, where the file withheld any count to protect another
    (or does not say), that reason too."""
    small = f"{SUPPRESSED_MARK}: withheld because it is from 1 to {counts.smallest_shown - 1}"
    reasons = {line.reason(i) for line in counts.lines if _shown(line, counts)
               for i, value in enumerate(line.counts) if value is None and counts.is_recorded(i)}
    if reasons - {SMALL}:
        small += ", or, as secondary suppression, so that a withheld count cannot be worked out from the others shown"
    return small + "."


def _shown(line: CountLine, counts: CaseworkCountsFile) -> bool:
    """A row is printed unless it is zero in every recorded period (a withheld count is not zero)."""
    return any(value != 0 for i, value in enumerate(line.counts) if counts.is_recorded(i))
