"""The projects file the strategic assessment reads (:mod:`cspkit.sources.projects`): each project
with its provider, priority, places, dates, budget, funding, spend and outputs. No personal data;
text that a spreadsheet would run as a formula is written as text (:func:`safe_cell`)."""

from __future__ import annotations

import csv
import io

from django.db.models import Prefetch

from cspkit.sources.projects import COLUMNS, OPTIONAL
from cspkit.web.commissioning.models import Output, Project
from cspkit.web.core.exports import safe_cell


def project_rows(partnership) -> list[list[str]]:
    """One row per project of ``partnership``, in the order of the file's columns."""
    projects = (
        Project.objects.filter(partnership=partnership)
        .select_related("provider", "priority")
        .prefetch_related(Prefetch("outputs", queryset=Output.objects.order_by("pk")))
        .order_by("reference")
    )
    rows = []
    for project in projects:
        outputs = "; ".join(f"{o.delivered:,} of {o.promised:,} {o.unit}" for o in project.outputs.all())
        rows.append([
            project.reference,
            project.name,
            project.provider.name,
            project.priority.title if project.priority else "",
            "; ".join(project.place_list()),
            project.starts.isoformat(),
            project.ends.isoformat(),
            _pounds(project.budget_pence),
            _pounds(project.spent_pence),
            _pounds(project.funded_pence),
            outputs,
            project.get_status_display(),
        ])
    return rows


def projects_csv(partnership) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*COLUMNS, *OPTIONAL))
    writer.writerows([safe_cell(cell) for cell in row] for row in project_rows(partnership))
    return out.getvalue()


def _pounds(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"
