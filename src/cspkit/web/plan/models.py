"""A partnership's plan for a period: priorities -> outcomes -> actions -> performance measures,
with assumptions and risks and links to the Police and Crime Commissioner's plan and other strategies.

Every record keeps its full history (django-simple-history) and a version for optimistic locking.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.web.accounts.models import Agency, Partnership
from cspkit.web.core.versioning import VersionedModel


class Plan(VersionedModel):
    """A plan period, e.g. the Community Safety Plan 2025 to 2028."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed by the board"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    starts = models.DateField(help_text="First day of the plan, e.g. 1 April 2025")
    ends = models.DateField(help_text="Last day of the plan, e.g. 31 March 2028")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    assessment = models.CharField(
        "strategic assessment",
        max_length=200,
        blank=True,
        help_text="The strategic assessment the plan answers, e.g. Strategic Assessment 2024",
    )
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("-starts", "title")
        constraints = (
            models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")), name="plan_ends_after_start"),
        )

    def __str__(self) -> str:
        return self.title


class Priority(VersionedModel):
    """A priority of the plan, linked to its place in the ranked priorities of an assessment."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(help_text="Order in the plan: 1, 2, 3…")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    ranked_position = models.PositiveSmallIntegerField(
        "position in the ranked priorities",
        null=True,
        blank=True,
        help_text="Where the assessment's scoring ranked this priority (1 is highest)",
    )
    assessment = models.CharField(
        "strategic assessment", max_length=200, blank=True, help_text="The assessment that ranked it"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("plan", "number")
        verbose_name_plural = "priorities"
        constraints = (models.UniqueConstraint(fields=["plan", "number"], name="priority_number_unique"),)

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Outcome(VersionedModel):
    """What the partnership aims to achieve under a priority (an "aim" in many plans)."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="outcomes")
    description = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ("priority", "pk")

    def __str__(self) -> str:
        return self.description


class Action(VersionedModel):
    """What we will do, how, by when, who leads, and who we work with."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        COMPLETE = "complete", "Complete"

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    reference = models.CharField(max_length=20, help_text="e.g. 1.3")
    we_will = models.TextField("we will")
    how = models.TextField(blank=True)
    timescale = models.CharField(max_length=200, blank=True, help_text="e.g. For the duration of the strategy")
    lead = models.CharField(max_length=200, blank=True, help_text="Lead as written in the plan, e.g. ASB Officer")
    owner_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name="owner",
        help_text="The agency whose officers update this action",
    )
    working_with = models.TextField("working with", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    history = HistoricalRecords()

    class Meta:
        ordering = ("priority", "reference", "pk")

    def __str__(self) -> str:
        return f"{self.reference} {self.we_will}"


class Measure(VersionedModel):
    """A performance measure: how we will know, checked each quarter against a target."""

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NONE = "none", "No target direction (monitor only)"

    class Unit(models.TextChoices):
        COUNT = "count", "Count (e.g. incidents)"
        PERCENT = "percent", "Percentage"
        RATE = "rate", "Rate per 1,000 people"
        NUMBER = "number", "Other number"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annually (in quarter 4)"

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by the owner"
        EVIDENCE = "evidence", "Computed from the evidence store"

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="measures")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures")
    reference = models.CharField(max_length=20, blank=True, help_text="e.g. 4.2")
    name = models.CharField(max_length=300, help_text="e.g. Anti-social behaviour incidents per quarter")
    definition = models.TextField(blank=True, help_text="What is counted, where and how")
    lead = models.CharField(max_length=200, blank=True, help_text="Owner as written in the plan")
    owner_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name="owner",
        help_text="The agency whose officers send the quarterly figure",
    )
    polarity = models.CharField(max_length=6, choices=Polarity.choices, default=Polarity.LOWER)
    unit = models.CharField(max_length=8, choices=Unit.choices, default=Unit.COUNT)
    baseline = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    baseline_period = models.CharField(max_length=60, blank=True, help_text="e.g. 2024/25")
    target = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    evidence_series = models.CharField(
        max_length=100,
        blank=True,
        help_text="For computed measures: what to count, e.g. 'Anti-social behaviour' or 'all crime'",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("priority", "reference", "pk")

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()


class Risk(VersionedModel):
    """An assumption the plan rests on, or a risk to it."""

    class Kind(models.TextChoices):
        ASSUMPTION = "assumption", "Assumption"
        RISK = "risk", "Risk"

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="risks")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RISK)
    description = models.TextField()
    mitigation = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("priority", "pk")
        verbose_name = "assumption or risk"

    def __str__(self) -> str:
        return self.description


class StrategyLink(VersionedModel):
    """A link from the plan to the Police and Crime Commissioner's plan or another strategy."""

    class Kind(models.TextChoices):
        PCC = "pcc", "Police and Crime Commissioner's plan"
        NATIONAL = "national", "National strategy"
        LOCAL = "local", "Local strategy"
        OTHER = "other", "Other"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strategy_links")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PCC)
    title = models.CharField(max_length=300, help_text="e.g. Staffordshire Police and Crime Plan 2021-24")
    url = models.URLField("web address", blank=True)
    how_it_links = models.TextField(blank=True, help_text="Which of its aims this plan supports")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="strategy_links")
    history = HistoricalRecords(m2m_fields=[priorities])

    class Meta:
        ordering = ("plan", "kind", "title")

    def __str__(self) -> str:
        return self.title
