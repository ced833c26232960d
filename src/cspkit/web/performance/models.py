"""Quarterly updates of actions and measures, and each plan's RAG rule."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.web.core.versioning import VersionedModel
from cspkit.web.performance import rag
from cspkit.web.performance.quarters import Quarter
from cspkit.web.plan.models import Action, Measure, Plan

RATING_CHOICES = [(r.value, r.label) for r in rag.Rating]


class RagRule(VersionedModel):
    """How a plan's measures are rated; one per plan (the default rule until someone sets it)."""

    class Method(models.TextChoices):
        TOLERANCE = rag.Method.TOLERANCE.value, "Tolerance against target"
        STATISTICAL = rag.Method.STATISTICAL.value, "Statistical: confidence intervals and control limits"

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="rag_rule")
    method = models.CharField(max_length=12, choices=Method.choices, default=Method.TOLERANCE)
    tolerance_percent = models.DecimalField(
        "amber tolerance (%)",
        max_digits=5,
        decimal_places=1,
        default=Decimal("5.0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="How far from the target, as a percentage of it, a figure may be and still be amber",
    )
    confidence = models.DecimalField(
        "confidence level (%)",
        max_digits=4,
        decimal_places=1,
        default=Decimal("95.0"),
        validators=[MinValueValidator(50), MaxValueValidator(99.9)],
        help_text="Statistical rule only: usually 95",
    )
    min_history = models.PositiveSmallIntegerField(
        "quarters before control limits are used",
        default=8,
        validators=[MinValueValidator(2)],
        help_text="Statistical rule only: earlier quarters needed before a control chart is drawn",
    )
    history = HistoricalRecords()

    def as_rule(self) -> rag.Rule:
        return rag.Rule(
            method=rag.Method(self.method),
            tolerance_percent=float(self.tolerance_percent),
            confidence=float(self.confidence) / 100,
            min_history=self.min_history,
        )


class QuarterlyUpdate(VersionedModel):
    """What every update has: the quarter, the commentary, who sent it and when."""

    year = models.PositiveSmallIntegerField(help_text="Financial year starting in April of this year")
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    commentary = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


class ActionUpdate(QuarterlyUpdate):
    """An action's status and commentary for one quarter."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=12, choices=Action.Status.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ("action", "year", "quarter")
        constraints = (
            models.UniqueConstraint(fields=["action", "year", "quarter"], name="one_update_per_action_quarter"),
        )


class MeasureUpdate(QuarterlyUpdate):
    """A measure's figure and commentary for one quarter, its computed RAG rating and any override."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    value = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    denominator = models.DecimalField(
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="For a percentage or rate: the number of people or cases it is out of",
    )
    rating = models.CharField("computed RAG", max_length=5, choices=RATING_CHOICES, default=rag.Rating.NONE)
    rating_reason = models.TextField(blank=True)
    override = models.CharField("RAG override", max_length=5, choices=RATING_CHOICES, blank=True)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("measure", "year", "quarter")
        constraints = (
            models.UniqueConstraint(fields=["measure", "year", "quarter"], name="one_update_per_measure_quarter"),
            models.CheckConstraint(
                condition=models.Q(override="") | ~models.Q(override_reason=""), name="override_needs_reason"
            ),
        )

    @property
    def final_rating(self) -> rag.Rating:
        """The rating the board sees: the override if there is one."""
        return rag.Rating(self.override or self.rating)
