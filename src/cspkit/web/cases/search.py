"""Case search that stays fast over hundreds of thousands of people: every branch uses an index.

A search is one of: an exact case reference (the unique index on ``reference``), a configured
category, or people's names, each word the start of a first or last name, matched on the
lower-cased name (expression indexes ``person_*_name_lower``) by a range the index can answer,
re-checked by ``LIKE`` so a collation can never add a wrong match. Nothing scans every person
with ``%word%``.

The search is written out in SQL: case search is a page twenty officers use at once, and the
ORM took five times longer to build its query than the database took to answer it. Which cases
the user may see is ``cases.access.visibility``, the same rule as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from cspkit.web.accounts.models import agency_name
from cspkit.web.cases.access import visibility
from cspkit.web.cases.models import Case, Person
from cspkit.web.core.sql import placeholders, rows

STATUSES = dict(Case.Status.choices)


def _after(prefix: str) -> str:
    """The smallest string greater than every string that starts with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _keys(word: str) -> set[str]:
    """The word lower-cased as Python does and as SQLite's LOWER does (ASCII letters only)."""
    return {word.lower(), "".join(c.lower() if c.isascii() else c for c in word)}


def _like_prefix(key: str) -> str:
    return key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def names_sql(words: list[str]) -> tuple[str, list[Any]]:
    """``SELECT p.id`` of the people with every word the start of their first or last name."""
    conditions, params = [], []
    for word in words:
        either = []
        for column in ("last_name", "first_name"):
            for key in sorted(_keys(word)):
                either.append(
                    f"(LOWER(p.{column}) >= %s AND LOWER(p.{column}) < %s AND LOWER(p.{column}) LIKE %s ESCAPE '\\')"
                )
                params += [key, _after(key), _like_prefix(key)]
        conditions.append("(" + " OR ".join(either) + ")")
    return "SELECT p.id FROM cases_person p WHERE " + " AND ".join(conditions or ["1 = 0"]), params


def people_named(words: list[str]) -> QuerySet[Person]:
    """People with every word the start of their first or last name (case-insensitive)."""
    return Person.objects.filter(pk__in=RawSQL(*names_sql(words)))


def matching_sql(query: str, categories: tuple[str, ...] = ()) -> tuple[str, list[Any]] | None:
    """A condition on ``cases_case c`` for the cases matching ``query`` (a reference, a category or
    people's names); None when there is nothing to search for."""
    query = query.strip()
    if not query:
        return None
    by_reference = [
        row["id"] for row in rows("SELECT id FROM cases_case WHERE reference IN (%s, %s)", [query, query.upper()])
    ]
    if by_reference:
        return f"c.id IN ({placeholders(by_reference)})", by_reference
    people, params = names_sql(query.split())
    named = f"c.id IN (SELECT cp.case_id FROM cases_caseperson cp WHERE cp.person_id IN ({people}))"
    category = next((c for c in categories if c.casefold() == query.casefold()), None)
    if category is not None:
        return f"(c.category = %s OR {named})", [category, *params]
    return named, params


@dataclass(frozen=True)
class Found:
    """One page of matching cases, newest first, and whether there is another."""

    cases: list[dict[str, Any]]
    has_next: bool


def find_cases(user: Any, query: str, status: str | None, categories: tuple[str, ...], page: int, size: int) -> Found:
    """The cases ``user`` may know of that match: reference, category, lead agency, opened, status,
    and whether the user may read each in full (``readable``)."""
    rule = visibility(user)
    where, params = [rule.seen], list(rule.seen_params)
    if status in STATUSES:
        where.append("c.status = %s")
        params.append(status)
    matching = matching_sql(query, categories)
    if matching is not None:
        where.append(matching[0])
        params += matching[1]
    found = rows(
        "SELECT c.id, c.reference, c.category, c.opened_on, c.status, a.short_name, a.name,"
        f" CASE WHEN {rule.also_readable} THEN 1 ELSE 0 END AS readable"
        " FROM cases_case c JOIN accounts_agency a ON a.id = c.lead_agency_id"
        f" WHERE {' AND '.join(where)} ORDER BY c.opened_on DESC, c.id DESC LIMIT %s OFFSET %s",
        [*rule.also_readable_params, *params, size + 1, (page - 1) * size],
    )
    for case in found:
        case["lead_agency"] = agency_name(case["short_name"], case["name"])
        case["status_label"] = STATUSES.get(case["status"], case["status"])
        case["readable"] = bool(case["readable"])
    return Found(found[:size], len(found) > size)
