"""The casework counts file for the strategic assessment, as a download for coordinators: counts
only, small numbers withheld, so nothing in it is personal data and no audit event is written."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from cspkit.assess.period import add_months, parse_period
from cspkit.errors import CspkitError
from cspkit.web.accounts.models import Partnership
from cspkit.web.cases.counts_export import counts_csv, wards
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require


@require_GET
def counts_csv_download(request: HttpRequest, partnership_pk: int) -> HttpResponse:
    """``?period=2025/26`` (or 2025-10..2026-09); by default the last 12 complete months."""
    partnership = get_object_or_404(Partnership, pk=partnership_pk)
    require(checks.can_export_assessment_records(request.user, partnership))
    this_month = timezone.localdate().replace(day=1)
    starts, ends = add_months(this_month, -12), this_month - timedelta(days=1)
    if wanted := request.GET.get("period", "").strip()[:40]:
        try:
            period = parse_period(wanted)
        except CspkitError:
            raise Http404("no such period") from None
        if not 2000 <= period.start.year <= 2100 or not 2000 <= period.end.year <= 2100:
            raise Http404("no such period")
        starts, ends = period.start, add_months(period.end, 1) - timedelta(days=1)
    text = counts_csv(partnership, starts, ends, wards(partnership))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="casework-counts.csv"'
    return response
