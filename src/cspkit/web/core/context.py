"""What every page needs: the service name and the navigation this person may use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from cspkit.web.core.generation import cached
from cspkit.web.permissions import checks

SERVICE_NAME = "Community safety partnership"


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    current: bool


def navigation(request: HttpRequest) -> list[NavItem]:
    """The service navigation: only links this person can follow. Which links those are is kept
    per person until anything is written (a new role is a write; see core.generation)."""
    user = request.user
    match = getattr(request, "resolver_match", None)
    section = match.namespace if match else ""
    links = cached(("navigation", user.pk), lambda: _links(user))
    return [NavItem(label, href, section == namespace) for label, href, namespace in links]


def _links(user: Any) -> tuple[tuple[str, str, str], ...]:
    items: list[tuple[str, str, str]] = []
    if checks.can_view_dashboard(user):
        items.append(("Dashboard", "dashboard:home", "dashboard"))
        items.append(("Plans", "plan:list", "plan"))
    if checks.can_see_updates_due(user):
        items.append(("Updates due", "performance:due", "performance"))
    items.append(("Board reports", "board:list" if checks.can_view_dashboard(user) else "board:published", "board"))
    if checks.can_view_dashboard(user):
        items.append(("Evidence", "evidence:index", "evidence"))
    if checks.can_view_dashboard(user) or checks.role_of(user) == "provider":
        items.append(("Commissioning", "commissioning:index", "commissioning"))
    items.append(
        ("Registers", "registers:pspos", "registers")
        if checks.can_use_registers(user)
        else ("Orders in force", "registers:public", "registers")
    )
    if checks.can_work_any_cases(user):
        items.append(("Cases", "cases:list", "cases"))
        items.append(("Case reviews", "reviews:list", "reviews"))
    if user.is_authenticated:
        items.append(("Sign out", "accounts:logout", "accounts"))
    else:
        items.append(("Sign in", "accounts:login", "accounts"))
    return tuple((label, reverse(name), namespace) for label, name, namespace in items)


def site(request: HttpRequest) -> dict[str, object]:
    return {"service_name": SERVICE_NAME, "navigation": navigation(request)}
