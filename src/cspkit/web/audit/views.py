"""The access log page, for coordinators: their partnerships' members' requests."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cspkit.web.accounts.models import Partnership
from cspkit.web.audit.models import AccessLog
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require


@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    partnerships = [p for p in Partnership.objects.all() if checks.can_view_access_log(request.user, p)]
    require(bool(partnerships))
    entries = AccessLog.objects.select_related("user")
    if not request.user.is_superuser:
        entries = entries.filter(user__partnerships__in=partnerships).distinct()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/access_log.html", {"page": page})
