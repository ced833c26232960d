"""What the money bought: the "summary of commissioned activity" (project, provider, purpose,
outputs, outcomes) that partnerships put in their annual report and board papers, and the return
each funder asks for in its reporting period.

Both are report documents, so the same writers make the web page's Word and Excel files and the
board report's section. Figures are summed from the providers' returns, never typed twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Sum

from cspkit.casework.funding import SpendPosition, format_pence
from cspkit.reports.document import Column, Document, Paragraph, Section, Table
from cspkit.web.commissioning.models import Fund, Output, Project, QuarterlyReturn
from cspkit.web.performance.quarters import Quarter

SUMMARY_COLUMNS = (
    Column("project", "Project and provider"),
    Column("purpose", "Purpose"),
    Column("outputs", "Outputs delivered"),
    Column("outcomes", "Outcomes and evidence"),
    Column("budget", "Budget (£)", "number", 2),
    Column("spent", "Spent (£)", "number", 2),
)


@dataclass(frozen=True)
class ProjectLine:
    """One project's figures up to and including a quarter."""

    project: Project
    spent_pence: int
    delivered: dict[int, int]  # output id -> delivered to date
    outcomes: list[str]
    warning: str | None

    def outputs_text(self) -> str:
        parts = [
            f"{self.delivered.get(o.pk, 0):,} of {o.promised:,} {o.unit} ({o.name})" for o in self.project.outputs.all()
        ]
        return "; ".join(parts) or "No outputs promised"


def project_lines(projects, up_to: Quarter | None = None) -> list[ProjectLine]:
    """Each project's spend, outputs delivered and outcomes reported, summed over its returns up to ``up_to``."""
    returns = QuarterlyReturn.objects.order_by("year", "quarter").prefetch_related("deliveries")
    lines = []
    for project in projects.select_related("provider", "partnership").prefetch_related(
        Prefetch("returns", queryset=returns), Prefetch("outputs", queryset=Output.objects.order_by("pk"))
    ):
        kept = [r for r in project.returns.all() if up_to is None or r.period <= up_to]
        delivered: dict[int, int] = {}
        for record in kept:
            for delivery in record.deliveries.all():
                delivered[delivery.output_id] = delivered.get(delivery.output_id, 0) + delivery.delivered
        outcomes = [
            f"{r.period.label}: {r.outcomes}" + (f" Evidence: {r.evidence}" if r.evidence else "")
            for r in kept
            if r.outcomes
        ]
        spent = sum(r.spend_pence for r in kept)
        warning = project.spend.warning(str(project)) if up_to is None else None
        lines.append(ProjectLine(project, spent, delivered, outcomes, warning))
    return lines


def summary_table(lines: list[ProjectLine], caption: str) -> Table:
    rows = [
        [
            f"{line.project.name} ({line.project.provider})",
            line.project.purpose,
            line.outputs_text(),
            " ".join(line.outcomes) or "No outcomes reported yet",
            line.project.budget_pence / 100,
            line.spent_pence / 100,
        ]
        for line in lines
    ]
    return Table.build(
        "commissioned-activity",
        caption,
        SUMMARY_COLUMNS,
        rows,
        source="Providers' quarterly returns",
        notes=("Outputs are counts summed over the returns received; outcomes are as providers reported them.",),
        missing="–",
        sheet_name="Commissioned activity",
    )


def summary_document(partnership, up_to: Quarter | None = None) -> Document:
    """The summary of commissioned activity of a partnership, as a report document."""
    lines = project_lines(Project.objects.filter(partnership=partnership), up_to)
    period = f"up to the end of {up_to.label}" if up_to else "to date"
    blocks: list = [
        Paragraph(
            f"What the partnership commissioned, who delivered it and what it achieved, {period}. "
            "Where a project worked in places where crime or ASB then fell, that is an association, "
            "not proof that the project caused it."
        ),
        summary_table(lines, f"Summary of commissioned activity, {period}"),
    ]
    warnings = [line.warning for line in lines if line.warning]
    if warnings:
        blocks.append(Paragraph("Over budget: " + " ".join(warnings) + "."))
    funds = Fund.objects.filter(partnership=partnership)
    if funds.exists():
        blocks.append(fund_table(funds))
    return Document(
        f"{partnership}: summary of commissioned activity",
        [Section("commissioned-activity", "Summary of commissioned activity", blocks)],
        metadata={"Partnership": str(partnership), "Period": period},
        author=str(partnership),
        contents=False,
    )


FUND_COLUMNS = (
    Column("fund", "Fund"),
    Column("funder", "Funder"),
    Column("years", "Financial years"),
    Column("amount", "Amount (£)", "number", 2),
    Column("allocated", "Allocated (£)", "number", 2),
    Column("unallocated", "Unallocated (£)", "number", 2),
)


def fund_table(funds) -> Table:
    rows = []
    for fund in funds.annotate(allocated=Sum("allocations__amount_pence")):
        allocated = fund.allocated or 0
        rows.append(
            [
                fund.name,
                fund.funder,
                fund.years_label,
                fund.amount_pence / 100,
                allocated / 100,
                (fund.amount_pence - allocated) / 100,
            ]
        )
    return Table.build("funds", "Funds and what is allocated", FUND_COLUMNS, rows, sheet_name="Funds")


RETURN_COLUMNS = (
    Column("project", "Project"),
    Column("provider", "Provider"),
    Column("allocated", "Allocated from this fund (£)", "number", 2),
    Column("spent", "Spent in the period (£)", "number", 2),
    Column("outputs", "Outputs delivered in the period"),
    Column("outcomes", "Outcomes reported"),
)


def funder_return(fund: Fund, quarter: Quarter) -> Document:
    """The return for ``fund``'s funder covering its reporting period that ends with ``quarter``.

    The period runs from the quarter after the previous reporting quarter (or the fund's first
    quarter) to ``quarter``; spend is each project's spend in that period, all of it funded by
    the partnership's funds together (the return says so), since providers report spend per project.
    """
    due = fund.reporting_quarters()
    earlier = [q for q in due if q < quarter]
    first = earlier[-1].next() if earlier else Quarter(fund.first_year, 1)
    rows = []
    for allocation in fund.allocations.select_related("project__provider").order_by("project__reference"):
        project = allocation.project
        kept = [r for r in project.returns.all() if first <= r.period <= quarter]
        delivered: dict[str, int] = {}
        for record in kept:
            for delivery in record.deliveries.select_related("output"):
                key = f"{delivery.output.name} ({delivery.output.unit})"
                delivered[key] = delivered.get(key, 0) + delivery.delivered
        rows.append(
            [
                str(project),
                str(project.provider),
                allocation.amount_pence / 100,
                sum(r.spend_pence for r in kept) / 100,
                "; ".join(f"{k}: {v:,}" for k, v in delivered.items()) or "None reported",
                " ".join(r.outcomes for r in kept if r.outcomes) or "None reported",
            ]
        )
    period = f"{first.label} to {quarter.label}" if first != quarter else quarter.label
    table = Table.build(
        "funder-return",
        f"{fund.name}: return for {period}",
        RETURN_COLUMNS,
        rows,
        source="Providers' quarterly returns",
        sheet_name="Return",
        missing="–",
    )
    intro = Paragraph(
        f"Return to {fund.funder} for {fund.name} ({format_pence(fund.amount_pence)}, {fund.years_label}), "
        f"covering {period}. {format_pence(fund.allocated_pence)} is allocated to "
        f"{fund.allocations.count()} projects and {format_pence(fund.unallocated_pence)} is unallocated. "
        "Spend is each project's whole spend in the period as its provider reported it."
    )
    blocks: list = [intro, table]
    if fund.funder_measures.strip():
        blocks.append(
            Paragraph(
                "The funder's own measures: "
                + "; ".join(line.strip() for line in fund.funder_measures.splitlines() if line.strip())
            )
        )
    return Document(
        f"{fund.name}: return to {fund.funder}",
        [Section("funder-return", f"Return for {period}", blocks)],
        metadata={"Fund": fund.name, "Funder": fund.funder, "Period": period},
        author=str(fund.partnership),
        contents=False,
    )


def commissioned_activity_section(partnership, quarter: Quarter) -> Section | None:
    """The board report's "Commissioned activity" section: each project's outputs, outcomes and
    spend up to the end of ``quarter``; None when the partnership has commissioned nothing."""
    projects = Project.objects.filter(partnership=partnership, starts__lte=quarter.ends)
    if not projects.exists():
        return None
    lines = project_lines(projects, quarter)
    blocks: list = [
        Paragraph(
            "What the partnership's commissioned projects delivered up to the end of the quarter, from the "
            "providers' returns. Changes in crime or ASB where a project works are an association, not proof of effect."
        ),
        summary_table(lines, f"Summary of commissioned activity up to the end of {quarter.label}"),
    ]
    over = [SpendPosition(line.project.budget_pence, line.spent_pence).warning(str(line.project)) for line in lines]
    if any(over):
        blocks.append(Paragraph("Over budget: " + " ".join(w for w in over if w) + "."))
    return Section("commissioned-activity", "Commissioned activity", blocks)
