"""The board report as a report document, so the PDF and Word files say what the web page says.

Composed from the same summary as the page (:func:`cspkit.web.performance.summary.summarise`)
into :class:`cspkit.reports.document.Document`, which the report writers turn into PDF and Word.
A RAG rating is always a word in its cell; only red is shaded, to draw the eye to exceptions.
"""

from __future__ import annotations

from cspkit.reports.document import (
    BulletList,
    Cell,
    Column,
    Document,
    Heading,
    Paragraph,
    Section,
    Status,
    Table,
    markdown_blocks,
)
from cspkit.web.board.models import BoardReport
from cspkit.web.commissioning.summary import commissioned_activity_section
from cspkit.web.performance.rag import Rating
from cspkit.web.performance.summary import TREND_QUARTERS, ActionLine, MeasureLine, PrioritySummary, summarise

RATING_STATUS = {
    Rating.GREEN: Status("Green", "Green: the target is met", "neutral"),
    Rating.AMBER: Status("Amber", "Amber: the target is missed by no more than the plan's rule allows", "neutral"),
    Rating.RED: Status("Red", "Red: the target is missed by more than the plan's rule allows", "higher"),
    Rating.NONE: Status("Not rated", "Not rated: no target, or no figure sent", "neutral"),
}
PERFORMANCE_COLUMNS = (
    Column("measure", "Measure"),
    Column("baseline", "Baseline"),
    Column("target", "Target"),
    Column("previous", "Last quarter"),
    Column("value", "This quarter"),
    Column("rag", "RAG"),
    Column("trend", f"Trend (up to {TREND_QUARTERS} quarters)"),
    Column("why", "Why"),
)
ACTION_COLUMNS = (
    Column("ref", "Ref"),
    Column("action", "Action"),
    Column("owner", "Owner"),
    Column("status", "Status"),
    Column("commentary", "Commentary"),
)


def figure(value: object) -> str:
    if value is None:
        return "–"
    rounded = round(float(value), 1)
    return f"{rounded:,.0f}" if rounded.is_integer() else f"{rounded:,.1f}"


def board_document(report: BoardReport, version: int | None = None) -> Document:
    """The whole report: the summary, then each priority's four parts; ``version`` when publishing it."""
    plan = report.plan
    quarter = report.period
    sections = {s.priority_id: s for s in report.sections.all()}
    parts = [Section("summary", "Summary", markdown_blocks(report.summary) or [Paragraph("No summary written.")])]
    for summary in summarise(plan, quarter):
        parts.append(_priority_section(summary, sections.get(summary.priority.pk), quarter.label))
    parts.append(_casework_section(plan.partnership, quarter))
    parts.append(_registers_section(plan.partnership, quarter))
    commissioned = commissioned_activity_section(plan.partnership, quarter)
    if commissioned is not None:
        parts.append(commissioned)
    if version is not None:
        published = f"Version {version}, published {report.published_at:%-d %B %Y}"
    else:
        published = "Draft, not published" if not report.is_published else "Draft of the next version"
    return Document(
        f"{plan.partnership}: board report for {quarter.label}",
        parts,
        subtitle=f"{plan.title}. {quarter.months}.",
        metadata={
            "Partnership": str(plan.partnership),
            "Plan": plan.title,
            "Quarter": quarter.label,
            "Status": published,
        },
        author=str(plan.partnership),
        contents=False,
    )


def _priority_section(summary: PrioritySummary, section, quarter_label: str) -> Section:
    number = summary.priority.number
    blocks = [Heading("Highlights")]
    blocks += (
        markdown_blocks(section.highlights)
        if section and section.highlights
        else [Paragraph("No highlights recorded.")]
    )
    blocks.append(Heading("Exceptions"))
    if section and section.exceptions:
        blocks += markdown_blocks(section.exceptions)
    exceptions = [_exception(line) for line in summary.exceptions]
    if exceptions:
        blocks.append(BulletList(exceptions))
    elif not (section and section.exceptions):
        blocks.append(Paragraph("No measures are red and no actions are at risk or off track."))
    blocks.append(Heading("Performance"))
    blocks.append(
        Table.build(
            f"performance-{number}",
            f"Performance measures of priority {number}, {quarter_label}",
            PERFORMANCE_COLUMNS,
            [_measure_row(line) for line in summary.measures],
            missing="–",
        )
    )
    blocks.append(Heading("Action plan update"))
    blocks.append(
        Table.build(
            f"actions-{number}",
            f"Action plan update of priority {number}, {quarter_label}",
            ACTION_COLUMNS,
            [_action_row(line) for line in summary.actions],
            missing="–",
        )
    )
    return Section(f"priority-{number}", str(summary.priority), blocks)


def _exception(line: MeasureLine | ActionLine) -> str:
    if isinstance(line, MeasureLine):
        return f"{line.measure}: {figure(line.update.value)}, rated red. {line.update.rating_reason}"
    commentary = f": {line.update.commentary}" if line.update and line.update.commentary else ""
    return (
        f"Action {line.action.reference} ({line.action.owner_agency or 'Partnership'}) is "
        f"{line.status_label.lower()}{commentary}"
    )


def _measure_row(line: MeasureLine) -> list:
    update = line.update
    why = ""
    if update is not None:
        why = (
            f"Overridden from {update.get_rating_display().lower()}: {update.override_reason}"
            if update.override
            else update.rating_reason
        )
    trend = line.trend.description.removeprefix("Trend, oldest first. ") if line.trend else "–"
    return [
        str(line.measure),
        figure(line.measure.baseline),
        figure(line.measure.target),
        figure(line.previous.value if line.previous else None),
        figure(update.value if update else None),
        Cell(line.rating.label, RATING_STATUS[line.rating]),
        trend,
        why,
    ]


def _action_row(line: ActionLine) -> list:
    return [
        line.action.reference,
        line.action.we_will,
        str(line.action.owner_agency or "Partnership"),
        line.status_label,
        line.update.commentary if line.update else "",
    ]


def _casework_section(partnership, quarter) -> Section:
    """Seed 003's "ASB casework and powers": counts only, small numbers suppressed."""
    from cspkit.web.cases.report_section import casework_rows

    headers, rows, smallest = casework_rows(partnership, quarter.starts, quarter.ends)
    if not rows:
        return Section("casework", "ASB casework and powers", [Paragraph("No casework recorded.")])
    table = Table.build(
        "casework",
        f"ASB casework and powers, {quarter.label} and the year to date",
        (Column("what", "What"), *(Column(f"p{i}", header) for i, header in enumerate(headers))),
        [[row.label, *row.values] for row in rows],
        notes=(f"[c]: fewer than {smallest}, withheld so no one can be identified.",),
    )
    return Section("casework", "ASB casework and powers", [table])


def _registers_section(partnership, quarter) -> Section:
    """Both statutory registers as counts (PSPOs; death reviews with 1 to 4 shown as "fewer than 5")."""
    from django.utils import timezone

    from cspkit.web.registers.statement import register_statement

    statement = register_statement(partnership, min(timezone.localdate(), quarter.ends), quarter.year)
    blocks = [
        Paragraph(
            f"As at {statement.as_at:%-d %B %Y}, for the financial year from {statement.year_from:%-d %B %Y}. "
            'Counts about people of 1 to 4 are shown as "fewer than 5".'
        )
    ]
    for key, caption, lines in (
        ("register-pspos", "Public Spaces Protection Orders", statement.orders),
        ("register-reviews", "Domestic Abuse Related Death Reviews", statement.reviews),
    ):
        blocks.append(
            Table.build(
                key,
                caption,
                (Column("what", "What"), Column("count", "Number")),
                [[line.label, line.value] for line in lines],
            )
        )
    return Section("registers", "Statutory registers", blocks)
