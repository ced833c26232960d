"""The PSPO register and Domestic Abuse Related Death Reviews, with their dates kept as facts
(made, in force, decided, received) and their deadlines computed by `cspkit.casework`.

PSPO records hold no personal data (breaches and penalties are counted, not named). Death
reviews do: they are open only to the people named on them, and every read is audited.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.casework import dardr, pspo
from cspkit.web.accounts.models import Agency, Partnership
from cspkit.web.core.versioning import VersionedModel

# Public Spaces Protection Orders -------------------------------------------------------------


class Pspo(VersionedModel):
    """One order, from proposal to expiry or discharge."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="pspos")
    title = models.CharField(max_length=200, help_text="The place, e.g. Leek Bus Station")
    reference = models.CharField(max_length=50, blank=True)
    area_description = models.TextField("restricted area", help_text="The streets and places the order covers")
    geometry = models.JSONField(help_text="The restricted area as a GeoJSON polygon (longitude, latitude)")
    prohibitions = models.TextField(help_text="What the order prohibits in the restricted area, one per line")
    requirements = models.TextField(blank=True, help_text="What people doing specified things must do, one per line")
    evidence = models.TextField(blank=True, help_text="Why the order is needed: incidents, complaints, impact")
    decision = models.TextField(blank=True, help_text="Who decided to make the order, when and why")
    made_on = models.DateField(null=True, blank=True)
    in_force_from = models.DateField(null=True, blank=True)
    months = models.PositiveSmallIntegerField(
        "period in months", default=pspo.MAX_MONTHS, help_text="At most 36 (3 years); 6 for an expedited order"
    )
    expedited = models.BooleanField(default=False, help_text="An expedited order (s.59A) near a school or NHS site")
    discharged_on = models.DateField(null=True, blank=True)
    discharge_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("title",)
        verbose_name = "public spaces protection order"

    def __str__(self) -> str:
        return self.title

    def dates(self) -> pspo.OrderDates:
        return pspo.OrderDates(
            in_force_from=self.in_force_from,
            months=self.months,
            expedited=self.expedited,
            extensions=tuple(
                pspo.Extension(e.decided_on, e.months, bool(e.review_summary), bool(e.consultation_summary))
                for e in self.extensions.all()
            ),
            discharged_on=self.discharged_on,
            made_on=self.made_on,
        )

    @property
    def expires_on(self) -> date | None:
        return pspo.expiry(self.dates())

    def status(self, today: date) -> pspo.OrderStatus:
        return pspo.status(self.dates(), today)

    def prohibition_lines(self) -> list[str]:
        return [line.strip() for line in self.prohibitions.splitlines() if line.strip()]

    def requirement_lines(self) -> list[str]:
        return [line.strip() for line in self.requirements.splitlines() if line.strip()]


class PspoConsultation(models.Model):
    """Who was consulted (s.72: police, Police and Crime Commissioner, community), when, and what they said."""

    class Stage(models.TextChoices):
        MAKING = "making", "Making the order"
        EXTENSION = "extension", "Extending the order"
        VARIATION = "variation", "Varying the order"
        DISCHARGE = "discharge", "Discharging the order"

    pspo = models.ForeignKey(Pspo, on_delete=models.CASCADE, related_name="consultations")
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.MAKING)
    consultee = models.CharField(
        max_length=200, help_text="e.g. Chief officer of police, Police and Crime Commissioner, residents"
    )
    consulted_on = models.DateField()
    response = models.TextField(blank=True)

    class Meta:
        ordering = ("consulted_on", "pk")


class PspoExtension(models.Model):
    """An extension (s.60(2)) after a review and a consultation."""

    pspo = models.ForeignKey(Pspo, on_delete=models.CASCADE, related_name="extensions")
    review_summary = models.TextField(help_text="What the review found: is the order still necessary?")
    consultation_summary = models.TextField(help_text="Who was consulted on the extension and what they said")
    decided_on = models.DateField(help_text="Must be on or before the day the order expires")
    months = models.PositiveSmallIntegerField("extended by (months)", help_text="At most 36 (3 years)")

    class Meta:
        ordering = ("decided_on", "pk")


class PspoVariation(models.Model):
    """A variation (s.61): the area, prohibitions or requirements changed."""

    pspo = models.ForeignKey(Pspo, on_delete=models.CASCADE, related_name="variations")
    varied_on = models.DateField()
    summary = models.TextField(help_text="What changed and why")

    class Meta:
        ordering = ("varied_on", "pk")


class PspoEnforcement(models.Model):
    """A breach, fixed penalty or prosecution under the order, counted without naming anyone."""

    class Kind(models.TextChoices):
        BREACH = "breach", "Breach recorded"
        FIXED_PENALTY = "fixed_penalty", "Fixed penalty notice"
        PROSECUTION = "prosecution", "Prosecution"

    pspo = models.ForeignKey(Pspo, on_delete=models.CASCADE, related_name="enforcement")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    on = models.DateField("date")
    outcome = models.CharField(max_length=200, blank=True, help_text="e.g. paid, unpaid, guilty, fined £100")

    class Meta:
        ordering = ("-on", "pk")


# Domestic Abuse Related Death Reviews -------------------------------------------------------


class DeathReview(VersionedModel):
    """One review from the police's notification to publication (or a learning review) and action plan."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Not decided yet"
        REVIEW = "review", "Hold a review"
        LEARNING = "learning", "Multi-agency learning review instead"
        NO_REVIEW = "no_review", "No review"

    class QaOutcome(models.TextChoices):
        NONE = "", "Not yet"
        APPROVED = "approved", "Approved for publication"
        RESUBMIT = "resubmit", "Asked to resubmit"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="death_reviews")
    reference = models.CharField(max_length=50, help_text="An anonymised reference, e.g. DARDR 2026/01")
    subject = models.CharField(max_length=100, help_text="A pseudonym agreed with the family, e.g. 'Adult A'")
    notified_on = models.DateField(help_text="When the police notified the partnership")
    notified_by = models.CharField(max_length=200, blank=True)
    circumstances = models.TextField(blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    home_office_told_on = models.DateField("Home Office told on", null=True, blank=True)
    decision_months = models.PositiveSmallIntegerField(default=dardr.DECISION_MONTHS)
    report_months = models.PositiveSmallIntegerField(default=dardr.REPORT_MONTHS)
    chair = models.CharField("independent chair", max_length=200, blank=True)
    panel = models.TextField(blank=True, help_text="Panel members and their agencies, one per line")
    scope = models.TextField(blank=True, help_text="The period and matters the review covers")
    terms_of_reference = models.TextField(blank=True)
    report_completed_on = models.DateField("overview report and executive summary completed on", null=True, blank=True)
    qa_submitted_on = models.DateField("sent to the Home Office Quality Assurance Panel on", null=True, blank=True)
    qa_outcome = models.CharField(
        "Quality Assurance Panel outcome", max_length=10, choices=QaOutcome.choices, blank=True
    )
    qa_outcome_on = models.DateField("outcome received on", null=True, blank=True)
    published_on = models.DateField(
        null=True, blank=True, help_text="Published anonymised on the partnership's website"
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    learning_signed_off_on = models.DateField("learning review signed off on", null=True, blank=True)
    named_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="death_reviews", blank=True, help_text="Who may open this review"
    )
    history = HistoricalRecords(excluded_fields=["circumstances"])

    class Meta:
        ordering = ("-notified_on",)

    def __str__(self) -> str:
        return self.reference

    def pauses(self) -> list[dardr.Pause]:
        return [dardr.Pause(p.starts, p.ends, p.reason) for p in self.clock_pauses.all()]

    @property
    def is_paused(self) -> bool:
        return any(p.ends is None for p in self.clock_pauses.all())

    @property
    def decision_due(self) -> date:
        return dardr.decision_due(self.notified_on, self.decision_months)

    def report_due(self, today: date) -> date | None:
        if self.decided_on is None or self.decision == self.Decision.NO_REVIEW:
            return None
        return dardr.report_due(self.decided_on, self.pauses(), today, self.report_months)

    @property
    def withdrawal_due(self) -> date | None:
        return dardr.withdrawal_due(self.published_on) if self.published_on else None

    @property
    def is_open(self) -> bool:
        if self.decision == self.Decision.NO_REVIEW:
            return False
        if self.decision == self.Decision.LEARNING and self.learning_signed_off_on:
            return False
        return self.published_on is None or self.actions_outstanding() > 0

    def actions_outstanding(self) -> int:
        return ReviewAction.objects.filter(recommendation__review=self, completed_on__isnull=True).count()

    def stage(self) -> str:
        if self.decision == self.Decision.PENDING:
            return "Awaiting decision"
        if self.decision == self.Decision.NO_REVIEW:
            return "No review held"
        if self.decision == self.Decision.LEARNING:
            return "Learning review signed off" if self.learning_signed_off_on else "Learning review in progress"
        if self.published_on:
            return "Published" if self.actions_outstanding() else "Published, action plan complete"
        if self.qa_submitted_on:
            return "With the Home Office Quality Assurance Panel"
        if self.report_completed_on:
            return "Overview report completed"
        return "Review in progress"


class ClockPause(models.Model):
    review = models.ForeignKey(DeathReview, on_delete=models.CASCADE, related_name="clock_pauses")
    starts = models.DateField()
    ends = models.DateField(null=True, blank=True, help_text="Leave empty while the pause lasts")
    reason = models.CharField(max_length=300, help_text="e.g. Criminal proceedings: trial listed for March")

    class Meta:
        ordering = ("starts", "pk")


class AgencyReport(models.Model):
    """An agency asked for an Individual Management Review or a chronology."""

    class Kind(models.TextChoices):
        IMR = "imr", "Individual Management Review"
        CHRONOLOGY = "chronology", "Chronology"

    review = models.ForeignKey(DeathReview, on_delete=models.CASCADE, related_name="agency_reports")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.IMR)
    requested_on = models.DateField()
    working_days = models.PositiveSmallIntegerField(default=dardr.IMR_WORKING_DAYS, help_text="Working days allowed")
    received_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("requested_on", "pk")

    @property
    def due_on(self) -> date:
        return dardr.imr_due(self.requested_on, self.working_days)


class Recommendation(models.Model):
    review = models.ForeignKey(DeathReview, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ("number",)
        constraints = (models.UniqueConstraint(fields=("review", "number"), name="one_recommendation_number"),)

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class ReviewAction(models.Model):
    """One action of the action plan, with its owner and date, tracked to completion."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.CharField(max_length=200, blank=True, help_text="The person or post responsible")
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    evidence_of_completion = models.TextField(blank=True)

    class Meta:
        ordering = ("due_on", "pk")
