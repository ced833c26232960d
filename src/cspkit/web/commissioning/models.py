"""Funds, allocations, projects, promised outputs and quarterly returns.

Every amount is whole pence (integers), every record keeps its history, and the records people
edit together carry a version so two people cannot overwrite each other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Sum
from simple_history.models import HistoricalRecords

from cspkit.casework.funding import SpendPosition, financial_year_label, format_pence
from cspkit.web.accounts.models import Agency, Partnership
from cspkit.web.core.versioning import VersionedModel
from cspkit.web.performance.quarters import Quarter
from cspkit.web.plan.models import Action, Priority


class Fund(VersionedModel):
    """Money the partnership can spend: a PCC grant, a council budget, partners' contributions, other grants."""

    class Kind(models.TextChoices):
        PCC_GRANT = "pcc_grant", "Police and Crime Commissioner grant"
        COUNCIL = "council", "Council budget"
        PARTNER = "partner", "Partner contributions"
        OTHER_GRANT = "other_grant", "Other grant"

    class Reporting(models.TextChoices):
        QUARTERLY = "quarterly", "Every quarter"
        HALF_YEARLY = "half_yearly", "Every half year (Q2 and Q4)"
        YEARLY = "yearly", "Once a year (Q4)"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="funds")
    name = models.CharField(max_length=200, help_text="e.g. PCC locality grant 2025/26")
    funder = models.CharField(max_length=200, help_text="Who gives the money, e.g. Office of the PCC")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER_GRANT)
    amount_pence = models.BigIntegerField("amount (pence)")
    first_year = models.PositiveSmallIntegerField(help_text="Financial year the fund starts, e.g. 2025 for 2025/26")
    last_year = models.PositiveSmallIntegerField(help_text="Financial year the fund ends, e.g. 2025 for 2025/26")
    conditions = models.TextField(blank=True, help_text="The funder's conditions of grant")
    reporting = models.CharField(
        "returns to the funder", max_length=20, choices=Reporting.choices, default=Reporting.QUARTERLY
    )
    funder_measures = models.TextField(
        "the funder's own measures", blank=True, help_text="One per line, e.g. Number of young people engaged"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("-first_year", "name")
        constraints = (
            models.CheckConstraint(condition=models.Q(amount_pence__gt=0), name="fund_amount_positive"),
            models.CheckConstraint(condition=models.Q(last_year__gte=models.F("first_year")), name="fund_years_order"),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def years_label(self) -> str:
        first, last = financial_year_label(self.first_year), financial_year_label(self.last_year)
        return first if first == last else f"{first} to {last}"

    @property
    def allocated_pence(self) -> int:
        return self.allocations.aggregate(total=Sum("amount_pence"))["total"] or 0

    @property
    def unallocated_pence(self) -> int:
        return self.amount_pence - self.allocated_pence

    @property
    def amount(self) -> str:
        return format_pence(self.amount_pence)

    def reporting_quarters(self) -> list[Quarter]:
        """The quarters after which the funder expects a return."""
        numbers = {self.Reporting.QUARTERLY: (1, 2, 3, 4), self.Reporting.HALF_YEARLY: (2, 4)}.get(self.reporting, (4,))
        return [Quarter(y, q) for y in range(self.first_year, self.last_year + 1) for q in numbers]


class Project(VersionedModel):
    """A commissioned project, delivered by a provider, serving a priority of the plan."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        STOPPED = "stopped", "Stopped early"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="projects")
    reference = models.CharField(max_length=20, help_text="A short reference used on returns, e.g. P1")
    name = models.CharField(max_length=200)
    provider = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="projects")
    purpose = models.TextField()
    priority = models.ForeignKey(
        Priority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        help_text="The plan priority the project serves",
    )
    actions = models.ManyToManyField(Action, blank=True, related_name="projects", help_text="Plan actions it delivers")
    places = models.TextField(
        blank=True,
        help_text="Where it works: ward or LSOA codes or names, one per line (e.g. E05009876 or Hartbury Central)",
    )
    starts = models.DateField()
    ends = models.DateField()
    budget_pence = models.BigIntegerField("budget (pence)")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    risks = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("partnership", "reference")
        constraints = (
            models.UniqueConstraint(fields=["partnership", "reference"], name="project_reference_unique"),
            models.CheckConstraint(condition=models.Q(budget_pence__gte=0), name="project_budget_not_negative"),
            models.CheckConstraint(condition=models.Q(ends__gte=models.F("starts")), name="project_ends_after_start"),
        )

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    @property
    def spent_pence(self) -> int:
        return self.returns.aggregate(total=Sum("spend_pence"))["total"] or 0

    @property
    def spend(self) -> SpendPosition:
        return SpendPosition(self.budget_pence, self.spent_pence)

    @property
    def funded_pence(self) -> int:
        return self.allocations.aggregate(total=Sum("amount_pence"))["total"] or 0

    def place_list(self) -> list[str]:
        return [line.strip() for line in self.places.splitlines() if line.strip()]


class Allocation(VersionedModel):
    """Money from a fund given to a project."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="allocations")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="allocations")
    amount_pence = models.BigIntegerField("amount (pence)")
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("fund", "project")
        constraints = (models.CheckConstraint(condition=models.Q(amount_pence__gt=0), name="allocation_positive"),)

    def __str__(self) -> str:
        return f"{format_pence(self.amount_pence)} from {self.fund} to {self.project}"


class Output(VersionedModel):
    """An output the provider promised: a count with a unit (sessions, participants, households)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    name = models.CharField(max_length=200, help_text="e.g. Diversionary sport sessions")
    unit = models.CharField(max_length=40, help_text="e.g. sessions, participants, households, locations")
    promised = models.PositiveIntegerField(help_text="How many over the whole project")
    history = HistoricalRecords()

    class Meta:
        ordering = ("project", "pk")
        constraints = (models.UniqueConstraint(fields=["project", "name"], name="output_name_unique"),)

    def __str__(self) -> str:
        return self.name

    @property
    def delivered(self) -> int:
        return self.deliveries.aggregate(total=Sum("delivered"))["total"] or 0


class QuarterlyReturn(VersionedModel):
    """What a provider reports for one quarter: spend, outputs delivered, outcomes with their evidence."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="returns")
    year = models.PositiveSmallIntegerField(help_text="Financial year, e.g. 2025 for 2025/26")
    quarter = models.PositiveSmallIntegerField(choices=[(n, f"Q{n}") for n in range(1, 5)])
    spend_pence = models.BigIntegerField("spend this quarter (pence)")
    spend_lines = models.JSONField(default=dict, blank=True, help_text="Spend by heading, in pence")
    progress = models.TextField("progress this quarter", blank=True)
    outcomes = models.TextField("outcomes achieved", blank=True)
    evidence = models.TextField("evidence of the outcomes", blank=True)
    risks = models.TextField("risks and issues", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now=True)
    source = models.CharField(max_length=10, default="web", help_text="web or excel")
    history = HistoricalRecords()

    class Meta:
        ordering = ("project", "year", "quarter")
        constraints = (
            models.UniqueConstraint(fields=["project", "year", "quarter"], name="return_once_per_quarter"),
            models.CheckConstraint(condition=models.Q(spend_pence__gte=0), name="return_spend_not_negative"),
        )

    def __str__(self) -> str:
        return f"{self.project.reference} {self.period.label}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


class Delivery(models.Model):
    """How many of one promised output a return reports delivered in its quarter."""

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="deliveries")
    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="deliveries")
    delivered = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        constraints = (models.UniqueConstraint(fields=["quarterly_return", "output"], name="delivery_once"),)
