"""The projects file for the strategic assessment, as a download for coordinators."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from cspkit.web.accounts.models import Partnership
from cspkit.web.commissioning.projects_export import projects_csv
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require


@require_GET
def projects_csv_download(request: HttpRequest, partnership_pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=partnership_pk)
    require(checks.can_export_assessment_records(request.user, partnership))
    response = HttpResponse(projects_csv(partnership), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="projects.csv"'
    return response
