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
