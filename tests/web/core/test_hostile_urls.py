"""Every URL pattern, filled with hostile values, answers 400 or 404 (or a redirect), never 500
(issue 13: ``?priority=%C2%B2``, quarter ``0000-q1`` or ``9999-q4`` gave 500s)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

HOSTILE = {
    "int": ["0", "99999999999999999999"],
    "str": ["%C2%B2", "0000-q1", "9999-q4", "%00", "x" * 300],
}
QUERY = "?priority=%C2%B2&quarter=9999-q4&page=-1&next=%2F%2Fevil.example"
_PART = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def routes(patterns=None, prefix: str = "") -> list[tuple[str, dict[str, str]]]:
    """(route, {argument: converter kind}) of every path() pattern outside the admin."""
    found = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if route.startswith("admin/") or route.startswith("^"):
            continue
        if isinstance(entry, URLResolver):
            found += routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            kinds = {m["name"]: m["kind"] or "str" for m in _PART.finditer(route)}
            found.append((prefix + route, kinds))
    return found


def hostile_urls() -> list[str]:
    urls = []
    for route, kinds in routes():
        if not kinds:
            urls += ["/" + route + QUERY, "/" + route + "?quarter=0000-q1&priority=%00"]
            continue
        for name, kind in kinds.items():
            for value in HOSTILE.get(kind, HOSTILE["str"]):
                filled = {n: (value if n == name else ("1" if k == "int" else "2025-q1")) for n, k in kinds.items()}
                urls.append("/" + _PART.sub(lambda m, f=filled: f[m["name"]], route) + QUERY)
    return urls


def test_the_walk_covers_every_app() -> None:
    walked = {route.split("/")[0] for route, _ in routes()}
    assert {"", "accounts", "plans", "performance", "board", "evidence", "access-log"} <= walked


@pytest.mark.slow
@pytest.mark.django_db
def test_no_hostile_url_gets_a_500(demo, client, sign_in) -> None:
    from django.test import Client

    from cspkit.web.accounts.models import User

    failures = []
    coordinator, person = sign_in("coordinator"), User.objects.get(username="coordinator")
    anonymous = Client()
    for url in hostile_urls():
        coordinator.force_login(person)  # signing out is one of the pages walked
        for who, method in ((anonymous, "get"), (coordinator, "get"), (coordinator, "post")):
            try:
                data = {"version": "\u00b2", "opened_version": "-1"} if method == "post" else None
                status = getattr(who, method)(url, data).status_code
            except Exception as error:
                status = f"{type(error).__name__}: {error}"[:120]
            if not isinstance(status, int) or status >= 500:
                failures.append(f"{method.upper()} {url[:100]} -> {status}")
    assert not failures, "\n".join(failures[:40])
