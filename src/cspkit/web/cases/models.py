"""ASB cases shared across agencies: people, places, incidents, notes, risk assessments, the
interventions made (the escalation of powers), breaches, tasks, sharing, consent and access requests.

Rules (ages, durations, deadlines, thresholds) live in :mod:`cspkit.casework`; these models hold
the records and what the rules computed (end and review dates are stored when the intervention
is recorded so lists and reminders need no recomputation). Every read and change of these
records goes through :mod:`cspkit.web.cases.access`, which audits it.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from cspkit.casework.powers import LABELS, Power
from cspkit.casework.risk import RiskLevel
from cspkit.web.accounts.models import Agency, Partnership

USER = settings.AUTH_USER_MODEL
ANONYMISED = "(anonymised)"


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        """Why an ASB case ends: the outcomes partnerships report and case systems offer."""

        RESOLVED = "resolved", "Resolved: the behaviour has stopped"
        ENFORCEMENT = "enforcement", "Enforcement in place: an order, notice or injunction deals with it"
        MOVED = "moved", "The perpetrator or the victim has moved away"
        WITHDRAWN = "withdrawn", "The complainant withdrew or no longer wants help"
        NO_EVIDENCE = "no_evidence", "No further action: not enough evidence"
        REFERRED = "referred", "Referred to another agency or process"
        OTHER = "other", "Other (say why below)"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=20, unique=True)
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="led_cases")
    lead_officer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_cases")
    category = models.CharField(max_length=60)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    closure_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    closure_reason = models.CharField(max_length=500, blank=True)
    locked_down = models.BooleanField(default=False, help_text="Others see only that it exists and who holds it")
    shared_with = models.ManyToManyField(Agency, through="Share", related_name="shared_cases", blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-opened_on", "-id")
        indexes = (
            models.Index(fields=["partnership", "lead_agency", "status"]),
            # The list and search show the newest cases first, a page at a time.
            models.Index(fields=["-opened_on", "-id"], name="case_newest_first"),
        )

    def __str__(self) -> str:
        return self.reference

    def agencies(self) -> list[Agency]:
        return [self.lead_agency, *[s.agency for s in self.shares.all()]]


class Share(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    shared_on = models.DateField()
    shared_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    basis = models.CharField(max_length=200, help_text="Why sharing is lawful, e.g. Crime and Disorder Act 1998 s.115")

    class Meta:
        constraints = (models.UniqueConstraint(fields=["case", "agency"], name="one_share_per_agency"),)
        # Which cases an agency may see: the cases shared with it, read from the index alone.
        indexes = (models.Index(fields=["agency", "case"], name="share_agency_case"),)


class Person(models.Model):
    """Someone (or a body, such as a company) in one or more cases. Names may be unknown."""

    audit_by_number = True  # the audit log names a person by record number, never by name (ADR 0015)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="people")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    born_on = models.DateField("date of birth", null=True, blank=True)
    is_body = models.BooleanField("a body (company, landlord), not a person", default=False)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("last_name", "first_name", "id")
        indexes = (
            models.Index(fields=["partnership", "last_name", "first_name"]),
            # Case search matches a name by its lower-cased prefix (see cases.search).
            models.Index(Lower("last_name"), name="person_last_name_lower"),
            models.Index(Lower("first_name"), name="person_first_name_lower"),
        )

    def __str__(self) -> str:
        return person_name(self.pk, self.first_name, self.last_name) or ""


def person_name(pk: int | None, first_name: str | None, last_name: str | None) -> str | None:
    """How a person is named on every page: their names, or "Unknown person 12"; None for no one."""
    if pk is None:
        return None
    return f"{first_name or ''} {last_name or ''}".strip() or f"Unknown person {pk}"


class CasePerson(models.Model):
    class Role(models.TextChoices):
        VICTIM = "victim", "Victim"
        COMPLAINANT = "complainant", "Complainant"
        PERPETRATOR = "perpetrator", "Alleged perpetrator"
        WITNESS = "witness", "Witness"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="involved")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="involvements")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["case", "person", "role"], name="one_role_once"),)


class Place(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="places")
    name = models.CharField("address or description", max_length=300)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    lsoa_code = models.CharField("nearest LSOA", max_length=9, blank=True)

    def __str__(self) -> str:
        return self.name


class Incident(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="incidents")
    occurred_on = models.DateField()
    reported_on = models.DateField()
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents")
    category = models.CharField(max_length=60)
    description = models.TextField()
    reporter = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    hate = models.BooleanField("hate incident or crime", default=False)

    class Meta:
        ordering = ("-occurred_on", "-id")
        indexes = (models.Index(fields=["case", "-occurred_on", "-id"], name="incident_case_newest_first"),)


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        ordering = ("-at",)


class RiskAssessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_assessments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="risk_assessments")
    assessed_on = models.DateField()
    assessor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=10, choices=[(level.value, level.value.title()) for level in RiskLevel])
    vulnerable = models.BooleanField(default=False)

    class Meta:
        ordering = ("-assessed_on", "-id")


class Intervention(models.Model):
    POWERS: ClassVar[list[tuple[str, str]]] = [(power.value, LABELS[power]) for power in Power]

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="interventions", help_text="Against"
    )
    power = models.CharField(max_length=30, choices=POWERS)
    on = models.DateField("date given or made")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    comply_by = models.DateField(null=True, blank=True)
    months = models.PositiveSmallIntegerField(null=True, blank=True)
    indefinite = models.BooleanField(default=False)
    hours = models.PositiveSmallIntegerField(null=True, blank=True)
    amount = models.PositiveIntegerField("amount (£)", null=True, blank=True)
    convicted_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    warnings = models.TextField(blank=True, help_text="What the rules asked the officer to check, when recorded")
    details = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("on", "id")

    @property
    def label(self) -> str:
        return LABELS[Power(self.power)]


class Breach(models.Model):
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="breaches")
    on = models.DateField()
    description = models.TextField()
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("on", "id")


class Consent(models.Model):
    class Basis(models.TextChoices):
        CONSENT = "consent", "Consent given"
        PUBLIC_TASK = "public_task", "Public task (Crime and Disorder Act 1998 s.115)"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"
        VITAL_INTERESTS = "vital_interests", "Vital interests"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    given = models.BooleanField("agrees to sharing")
    on = models.DateField()
    basis = models.CharField(max_length=20, choices=Basis.choices)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")


class AccessRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = (models.Index(fields=["agency", "status", "case"], name="access_agency_status_case"),)


class Task(models.Model):
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="casework_tasks")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    statutory = models.BooleanField(default=False, help_text="A deadline set by law or guidance")

    class Meta:
        ordering = ("due_on", "id")
        indexes = (models.Index(fields=["owner", "done_on", "due_on"]),)


class Alert(models.Model):
    """Raised by a rule (a high risk assessment) for the lead officer and each agency on the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    message = models.CharField(max_length=300)
    seen_at = models.DateTimeField(null=True, blank=True)


class RunRecord(models.Model):
    """A run of ``cspkit remind`` or ``cspkit retention``: what it did, so the next run and an auditor can see."""

    command = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)
    summary = models.TextField()
