"""The data generation: one number in the database that changes whenever anything a page could
show is written, so every app server can keep computed summaries until it moves on."""

from __future__ import annotations

from django.db import models


class DataGeneration(models.Model):
    """A single row; see :mod:`cspkit.web.core.generation`."""

    value = models.BigIntegerField(default=0)
