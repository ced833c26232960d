"""A board report for one quarter of a plan, and the coordinator's words on each priority."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.web.core.versioning import VersionedModel
from cspkit.web.performance.quarters import Quarter
from cspkit.web.plan.models import Plan, Priority


class BoardReport(VersionedModel):
    """The quarterly report to the partnership board; the public sees it once published."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="board_reports")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    summary = models.TextField(blank=True, help_text="The overall picture in a few sentences")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("plan", "-year", "-quarter")
        constraints = (models.UniqueConstraint(fields=["plan", "year", "quarter"], name="one_report_per_quarter"),)

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def current_publication(self) -> Publication | None:
        """The version the public sees: the latest one, unless the report has been withdrawn."""
        if not self.is_published:
            return None
        return self.publications.filter(withdrawn_at__isnull=True).order_by("-number").first()

    def __str__(self) -> str:
        return f"{self.plan.title}: board report for {self.period.label}"


class BoardSection(VersionedModel):
    """Highlights and exceptions of one priority, in the coordinator's words."""

    report = models.ForeignKey(BoardReport, on_delete=models.CASCADE, related_name="sections")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="+")
    highlights = models.TextField(blank=True, help_text="What went well this quarter")
    exceptions = models.TextField(
        "exceptions commentary",
        blank=True,
        help_text="What is off track, why, and what the board is asked to do about it",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("report", "priority__number")
        constraints = (models.UniqueConstraint(fields=["report", "priority"], name="one_section_per_priority"),)


class Publication(models.Model):
    """One published version of a board report, frozen when it was published.

    The web page (each priority's part as the page showed it), the document the PDF and Word
    files are written from, and those files once first asked for: later edits, figures or
    re-ratings change the report's draft, never a publication.
    """

    report = models.ForeignKey(BoardReport, on_delete=models.CASCADE, related_name="publications")
    number = models.PositiveSmallIntegerField(help_text="1 for the first version published, then 2, 3...")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(blank=True)
    parts = models.JSONField(default=list, help_text="Each priority's number, title and page HTML as published")
    document = models.JSONField(help_text="The report document the PDF and Word files are written from")
    pdf = models.BinaryField(null=True, blank=True)
    docx = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ("report", "-number")
        constraints = (models.UniqueConstraint(fields=["report", "number"], name="one_publication_per_number"),)

    def __str__(self) -> str:
        return f"{self.report}, version {self.number}"
