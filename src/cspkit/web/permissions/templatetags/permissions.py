"""``{% allowed "can_update_action" user action as ok %}``: ask a named check from a template."""

from __future__ import annotations

from typing import Any

from django import template

from cspkit.web.permissions.checks import CHECKS

register = template.Library()


@register.simple_tag
def allowed(check: str, user: Any, *objects: Any) -> bool:
    """The answer of the named check in :mod:`cspkit.web.permissions.checks`."""
    return CHECKS[check](user, *objects)
