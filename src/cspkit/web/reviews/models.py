"""ASB Case Reviews (s.104 ASBCPA 2014): applications, threshold decisions, review meetings,
recommendations and appeals. Deadlines come from :mod:`cspkit.casework.case_review`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspkit.web.accounts.models import Agency, Partnership
from cspkit.web.cases.models import Case

USER = settings.AUTH_USER_MODEL


class Application(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        THRESHOLD_MET = "threshold_met", "Threshold met"
        THRESHOLD_NOT_MET = "threshold_not_met", "Threshold not met"
        REVIEWED = "reviewed", "Review held"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="case_reviews")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_reviews")
    received_on = models.DateField()
    applicant_name = models.CharField(max_length=200)
    on_behalf_of = models.CharField(
        "made on behalf of", max_length=200, blank=True, help_text="Leave empty if the victim applied themselves"
    )
    contact = models.CharField(max_length=200, blank=True)
    description = models.TextField("what the applicant says has happened")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    acknowledged_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-received_on", "-id")


class ThresholdDecision(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="decision")
    decided_on = models.DateField()
    met = models.BooleanField()
    qualifying_complaints = models.PositiveSmallIntegerField()
    reasons = models.TextField()
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")


class Meeting(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    agencies = models.ManyToManyField(Agency, related_name="+")
    notes = models.TextField(blank=True)


class Recommendation(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recommendations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("recommendation")
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)


class Appeal(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        UPHELD = "upheld", "Upheld"
        NOT_UPHELD = "not_upheld", "Not upheld"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="appeals")
    received_on = models.DateField()
    grounds = models.TextField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    decided_on = models.DateField(null=True, blank=True)
