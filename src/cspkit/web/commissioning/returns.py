"""Saving a quarterly return, whether typed into the web form or read from the Excel template:
one path, so the checks and the history are the same either way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F

from cspkit.web.commissioning.models import Delivery, Project, QuarterlyReturn
from cspkit.web.core.versioning import EditConflict
from cspkit.web.performance.quarters import Quarter


@dataclass
class ReturnData:
    """A return as the provider gave it; amounts in pence."""

    quarter: Quarter
    spend_pence: int
    deliveries: dict[int, int]  # output id -> delivered this quarter
    spend_lines: dict[str, int] = field(default_factory=dict)
    progress: str = ""
    outcomes: str = ""
    evidence: str = ""
    risks: str = ""


def save_return(
    project: Project, data: ReturnData, user: Any, *, source: str = "web", opened_version: int | None = None
) -> tuple[QuarterlyReturn, str | None]:
    """Create or replace the project's return for the quarter; returns it and any over-budget warning.

    ``opened_version`` is the version the person saw (None for a new return): if someone else has
    saved the return since, :class:`EditConflict` is raised and nothing changes.
    """
    with transaction.atomic():
        existing = (
            QuarterlyReturn.objects.select_for_update()
            .filter(project=project, year=data.quarter.year, quarter=data.quarter.number)
            .first()
        )
        if existing is not None and opened_version is not None and existing.version != opened_version:
            raise EditConflict
        if existing is None and opened_version is not None:
            raise EditConflict  # it was deleted, or the form was for another quarter
        record = existing or QuarterlyReturn(project=project, year=data.quarter.year, quarter=data.quarter.number)
        record.spend_pence = data.spend_pence
        record.spend_lines = data.spend_lines
        record.progress, record.outcomes = data.progress, data.outcomes
        record.evidence, record.risks = data.evidence, data.risks
        record.submitted_by = user if getattr(user, "pk", None) else None
        record.source = source
        if existing is not None:
            QuarterlyReturn.objects.filter(pk=record.pk).update(version=F("version") + 1)
            record.version += 1
        record.save()
        record.deliveries.all().delete()
        Delivery.objects.bulk_create(
            Delivery(quarterly_return=record, output_id=output_id, delivered=count)
            for output_id, count in data.deliveries.items()
        )
    return record, project.spend.warning(str(project))
