"""A per-address limit on costly anonymous requests (report downloads), kept in Django's cache.

With several app servers, point ``CACHES`` at a shared cache (see docs/deploying.md) so the
limit counts across them; with the default per-process cache each server counts its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

#: Downloads one address may make per window without signing in.
ANONYMOUS_DOWNLOADS = 30
WINDOW_SECONDS = 60


def allowed(key: str, limit: int, window: int = WINDOW_SECONDS) -> bool:
    """Count one request against ``key`` in the current window; False once over ``limit``."""
    bucket = f"ratelimit:{key}:{int(time.time() // window)}"
    cache.add(bucket, 0, timeout=window * 2)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window * 2)
        count = 1
    return count <= limit


def limit_anonymous(
    limit: int = ANONYMOUS_DOWNLOADS,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view: people not signed in get 429 Too Many Requests after ``limit`` a minute."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                address = request.META.get("REMOTE_ADDR", "")
                if not allowed(f"{view.__name__}:{address}", limit):
                    response = HttpResponse(
                        "Too many downloads from your address: please wait a minute and try again.",
                        status=429,
                        content_type="text/plain; charset=utf-8",
                    )
                    response["Retry-After"] = str(WINDOW_SECONDS)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
