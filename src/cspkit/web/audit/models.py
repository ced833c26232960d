"""One row per request by a signed-in person."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccessLog(models.Model):
    """A page viewed or a change sent: who, when, what, from where, and the answer given."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, help_text="Kept even if the account is deleted")
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    view = models.CharField(max_length=100, blank=True)
    status = models.PositiveSmallIntegerField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ("-at",)
        indexes = (models.Index(fields=["user", "-at"]),)

    @property
    def is_change(self) -> bool:
        return self.method not in {"GET", "HEAD", "OPTIONS"}


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused: the personal-data trail is never edited."""

    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("The personal-data audit log cannot be changed.")

    def delete(self):  # type: ignore[override]
        raise PermissionError("The personal-data audit log cannot be deleted from.")


RECORD_NAMES = {  # the kinds of record the casework, reviews and registers log, as the log's readers call them
    "case": "Case", "case_list": "Case list", "case_note": "Case note", "incident": "Incident",
    "risk_assessment": "Risk assessment", "access_request": "Access request", "task": "Task", "task_list": "Task list",
    "person": "Person", "case_review": "ASB Case Review", "case_review_list": "ASB Case Review list",
    "dardr": "Domestic Abuse Related Death Review",
}


class PersonalDataEvent(models.Model):
    """Who touched which personal record, how and when. Written through `audit.personal.record` only."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        SEARCH = "search", "Searched"
        EXPORT = "export", "Exported"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        ACCESS_REQUEST = "access_request", "Asked for access"
        ACCESS_GRANTED = "access_granted", "Access granted"
        ACCESS_REFUSED = "access_refused", "Access refused"
        DENIED = "denied", "Refused access"
        RETENTION = "retention", "Retention applied"
        SUBJECT_ACCESS = "subject_access", "Subject access export"

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    username = models.CharField(max_length=150)
    agency = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    record_type = models.CharField(max_length=40, help_text="e.g. case, person, case_review, dardr")
    record_id = models.CharField(max_length=40, blank=True)
    summary = models.TextField(blank=True)  # a change's values and digests can pass any fixed length
    reason = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    digest = models.CharField(max_length=64, help_text="SHA-256 over this event and the previous event's digest")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ("-id",)
        indexes = (models.Index(fields=["record_type", "record_id"]), models.Index(fields=["user", "-at"]))

    @property
    def record_label(self) -> str:
        """The record in a supervisor's words ("ASB Case Review 3"), not the name the code logs it under."""
        name = RECORD_NAMES.get(self.record_type) or self.record_type.replace("_", " ").capitalize()
        return f"{name} {self.record_id}".strip()

    def save(self, *args, **kwargs):  # type: ignore[override]
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("The personal-data audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise PermissionError("The personal-data audit log cannot be deleted from.")
