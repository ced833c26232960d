"""The section "Commissioned projects by priority and place": what the partnership funds for each
priority, where, and how crime and ASB in each project's places changed before and during it
against the rest of the area (:mod:`cspkit.assess.project_places`). Stated as association, not
proof: places are chosen because crime is high there, so some fall is expected anyway."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cspkit.assess.project_places import ProjectComparison
from cspkit.reports.assessment.wording import join_and, plural
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
from cspkit.sources.projects import ProjectRecord

SOURCE = "The partnership's commissioning records"
CHANGE_SOURCE = "data.police.uk street-level crime and ASB; the partnership's commissioning records"
NO_PRIORITY = "Not tied to a priority"
UNSCORED = "(not scored in this assessment)"
VERDICTS = {
    "fell more than elsewhere": Status(
        "Fell more", "Fell more than in the rest of the area, beyond what chance alone would produce (95%)", "lower"
    ),
    "rose more than elsewhere": Status(
        "Rose more", "Rose more than in the rest of the area, beyond what chance alone would produce (95%)", "higher"
    ),
    "no significant difference": Status(
        "No difference", "No difference from the rest of the area beyond what chance would produce", "similar"
    ),
}
CAVEAT = (
    "These comparisons show association, not proof that a project caused a change: projects are placed where "
    "crime and ASB are high, so some fall would be expected anyway (regression to the mean), and other work in "
    "the same places is not separated out."
)


def projects_section(comparisons: list[ProjectComparison], priorities: Sequence[str] | None = None) -> Section:
    """``priorities`` are the names of the assessment's candidate priorities: a project filed under
    any other name is flagged, not counted as serving a priority the assessment weighed."""
    projects = [c.project for c in comparisons]
    budget = sum(p.budget_pence for p in projects)
    spent = sum(p.spent_pence for p in projects)
    unknown = _unscored(projects, priorities)
    served = {p.priority for p in projects if p.priority and p.priority not in unknown}
    text = (f"The partnership commissions {plural(len(projects), 'project')}, with budgets of {_money(budget)} in "
            f"all, of which {_money(spent)} has been spent. ")
    if priorities is None:
        text += f"They serve {plural(len(served), 'priority', 'priorities')}. "
    else:
        text += f"They serve {len(served)} of the candidate priorities this assessment weighed. "
    if unknown:
        filed = sum(p.priority in unknown for p in projects)
        names = join_and(f"'{name}'" for name in unknown)
        text += (f"{plural(filed, 'project is', 'projects are')} filed under {names}, "
                 f"{'which is not one' if len(unknown) == 1 else 'which are not'} of them: the table marks "
                 f"{'it' if filed == 1 else 'them'}. ")
    text += "The table lists the projects by priority with the places they work in."
    blocks: list[Block] = [
        Paragraph(text),
        _projects_table(comparisons, unknown),
        Heading("Crime and ASB where projects work, before and during them"),
        Paragraph(
            "For each project that works in particular wards or LSOAs, crime and anti-social behaviour recorded "
            "there during the project are compared with the same months a year earlier, and that change with the "
            "change in the rest of the area over the same months (the ratio of rate ratios, with its 95% "
            "confidence interval). " + CAVEAT
        ),
    ]
    compared = [c for c in comparisons if c.changes]
    if compared:
        blocks.append(_change_table(compared))
        blocks.append(BulletList(tuple(_sentence(c, change) for c in compared for change in c.changes)))
    others = [c for c in comparisons if not c.changes]
    if others:  # one sentence a reason: four bullets each saying "works across the whole area" ran onto a page alone
        reasons: dict[str, list[str]] = {}
        for c in others:
            reasons.setdefault(c.reason, []).append(f"{c.project.reference} {c.project.name}")
        blocks += [Paragraph(f"Not compared ({reason}): {join_and(names)}.") for reason, names in reasons.items()]
    return Section("projects", "Commissioned projects by priority and place", tuple(blocks), new_page=True)


def _unscored(projects: Sequence[ProjectRecord], priorities: Sequence[str] | None) -> list[str]:
    """The priorities projects are filed under that are none of the assessment's candidates
    (matched ignoring case and spacing), in the order first met."""
    if priorities is None:
        return []
    known = {_plain(name) for name in priorities}
    return list(dict.fromkeys(p.priority for p in projects if p.priority and _plain(p.priority) not in known))


def _plain(name: str) -> str:
    return " ".join(name.lower().split())


def _projects_table(comparisons: list[ProjectComparison], unknown: Sequence[str] = ()) -> Table:
    columns = [
        Column("priority", "Priority"),
        Column("project", "Project"),
        Column("provider", "Provider"),
        Column("places", "Places"),
        Column("dates", "Runs"),
        Column("budget", "Budget (£)", "number", 0),
        Column("spent", "Spent (£)", "number", 0),
        Column("outputs", "Outputs delivered"),
    ]
    ordered = sorted(comparisons, key=lambda c: (c.project.priority == "", c.project.priority, c.project.reference))
    rows = [
        Row((
            Cell(f"{c.project.priority} {UNSCORED}" if c.project.priority in unknown
                 else c.project.priority or NO_PRIORITY),
            Cell(f"{c.project.reference} {c.project.name}"),
            Cell(c.project.provider),
            Cell(_places(c)),
            Cell(f"{_day(c.project.starts)} to {_day(c.project.ends)}"),
            Cell(c.project.budget_pence / 100),
            Cell(c.project.spent_pence / 100),
            Cell(c.project.outputs or "Not reported"),
        ))
        for c in ordered
    ]
    return Table.build(
        "projects", "Commissioned projects by priority", columns, rows, source=SOURCE, sheet_name="Projects",
        notes=("Places: the wards or LSOAs a project works in; 'Whole area' where none are given.",
               *([f"Marked {UNSCORED}: the project is filed under a priority that is none of the candidate priorities "
                  "this assessment scored, so it is not counted as serving one of them."] if unknown else [])),
    )


def _change_table(compared: list[ProjectComparison]) -> Table:
    columns = [
        Column("project", "Project"),
        Column("months", "Months compared"),
        Column("measure", "Measure"),
        Column("before", "Places: year before", "integer"),
        Column("during", "Places: during", "integer"),
        Column("place_ratio", "Places: change", "percent", 0),
        Column("rest_ratio", "Rest of area: change", "percent", 0),
        Column("ratio", "Ratio of rate ratios (against the rest of the area)", "number", 2),
        Column("interval", "95% confidence interval", "number", 2),
    ]
    rows = []
    for c in compared:
        for change in c.changes:
            r = change.comparison
            rows.append(Row((
                Cell(f"{c.project.reference} {c.project.name}"),
                Cell(_months(c.first_month, c.last_month)),
                Cell(change.measure),
                Cell(change.place_before),
                Cell(change.place_during),
                Cell(r.place_ratio - 1 if r else None),
                Cell(r.rest_ratio - 1 if r else None),
                Cell(r.ratio if r else None, VERDICTS[r.verdict] if r else None),
                Cell(Interval(r.lower, r.upper) if r else None),
            )))
    return Table.build(
        "project-change", "Crime and ASB in projects' places, during the project and a year before", columns, rows,
        source=CHANGE_SOURCE, sheet_name="Project places",
        method="Counts of police.uk records in the project's LSOAs during its months (up to the last month loaded) "
        "and the same months a year earlier; the same for the rest of the area. Ratio of rate ratios = "
        "(during/before in the places) / (during/before elsewhere), with the Altman & Bland (2003) test of "
        "interaction; below 1 means a larger fall (or smaller rise) than elsewhere.",
        notes=(CAVEAT, *(["N/A: too few records in the places or the rest of the area to compare."]
                         if any(row.cells[-1].value is None for row in rows) else [])),
    )


def _sentence(c: ProjectComparison, change) -> str:
    return f"{c.project.reference} {c.project.name}. " + change.sentence(
        join_and(c.place_names), _months(c.first_month, c.last_month)
    )


def _places(c: ProjectComparison) -> str:
    """The project's places by name (as found among the area's wards and LSOAs), not by the codes the
    commissioning records may give ("E05900012 Hartbury Central"); places not found, as written."""
    if not c.project.places:
        return "Whole area"
    named = [*c.place_names, *c.unknown]
    return "; ".join(named or c.project.places)


def _months(first: date | None, last: date | None) -> str:
    if first is None or last is None:
        return ""
    if first == last:
        return f"{first:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}" if first.year != last.year else f"{first:%B} to {last:%B %Y}"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _money(pence: int) -> str:
    return f"£{pence / 100:,.0f}" if pence % 100 == 0 else f"£{pence / 100:,.2f}"
