"""Record every request made by a signed-in person in the access log."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from cspkit.web.audit.events import write_access_log


class AccessLogMiddleware:
    """Log who asked for what. Static files and anonymous visitors (published reports only) are not logged.

    A row that cannot be written is reported (see :mod:`cspkit.web.audit.events`), never turned into a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self.static_prefix):
            match = request.resolver_match
            write_access_log(
                user=user,
                username=user.get_username(),
                method=request.method[:8],
                path=request.get_full_path()[:500],
                view=(match.view_name if match else "")[:100],
                status=response.status_code,
                ip_address=request.META.get("REMOTE_ADDR") or None,
            )
        return response
