"""Optimistic locking: two people editing the same record cannot overwrite each other.

Each shared record carries a ``version``. An edit form sends back the version it was opened
at; the save succeeds only if the record still has that version, and bumps it in the same
statement, so of two concurrent saves exactly one wins and the other is told to reload.
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import F


class EditConflict(Exception):
    """Someone else saved the record after this form was opened."""


class VersionedModel(models.Model):
    """A record edited by several people; see :func:`save_if_unchanged`."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def save_if_unchanged(instance: VersionedModel, opened_version: int) -> None:
    """Save ``instance`` if its stored version is still ``opened_version``; else raise :class:`EditConflict`.

    The conditional UPDATE claims the record atomically on SQLite and PostgreSQL alike; the
    ordinary ``save()`` that follows writes the fields and records the change in the history.
    """
    manager = type(instance)._default_manager
    with transaction.atomic():
        claimed = manager.filter(pk=instance.pk, version=opened_version).update(version=F("version") + 1)
        if not claimed:
            raise EditConflict
        instance.version = opened_version + 1
        instance.save()
