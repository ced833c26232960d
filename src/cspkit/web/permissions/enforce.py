"""Refuse a request the checks do not allow."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def require(allowed: bool) -> None:
    """Stop with 403 Forbidden unless ``allowed``."""
    if not allowed:
        raise PermissionDenied
