"""The one audited path to personal records: find a case (or person), check the named predicate,
and write the personal-data audit event before anything is shown or changed."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cspkit.web.accounts.models import Agency, Partnership, user_name
from cspkit.web.audit import personal
from cspkit.web.cases.models import AccessRequest, Case, Person, Share
from cspkit.web.core import generation
from cspkit.web.core.sql import aware, placeholders
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require

Action = personal.Action


def cases_seen_by(user: Any) -> QuerySet[Case]:
    """Cases whose existence the user may know: led by, shared with or opened to their agency."""
    cases = Case.objects.select_related("lead_agency", "partnership")
    if user.is_superuser:
        return cases
    if not checks.can_work_any_cases(user):
        return cases.none()
    agency = user.agency_id
    # Subqueries, not joins: no DISTINCT, so a page of the newest cases can come from an index.
    shared = Share.objects.filter(agency_id=agency).values("case_id")
    granted = AccessRequest.objects.filter(agency_id=agency, status=AccessRequest.Status.GRANTED).values("case_id")
    return cases.filter(partnership__in=checks.partnership_ids(user)).filter(
        Q(lead_agency_id=agency) | Q(pk__in=shared) | Q(pk__in=granted)
    )


def cases_readable_by(user: Any) -> QuerySet[Case]:
    """The cases the user may read in full (``checks.can_view_case``), as one query: led by their
    agency, opened to it on request, or shared with it and not locked down. For choices among
    thousands of cases, where checking each case in Python would take minutes."""
    cases = cases_seen_by(user)
    if user.is_superuser:
        return cases
    agency = user.agency_id
    shared = Share.objects.filter(agency_id=agency).values("case_id")
    granted = AccessRequest.objects.filter(agency_id=agency, status=AccessRequest.Status.GRANTED).values("case_id")
    return cases.filter(Q(lead_agency_id=agency) | Q(pk__in=granted) | Q(locked_down=False, pk__in=shared))


@dataclass(frozen=True)
class Visibility:
    """``cases_seen_by`` and ``cases_readable_by`` as SQL conditions on ``cases_case`` named ``c``,
    for pages read in written-out SQL (case search, the case page). The same rules: a test holds
    them to the querysets and to ``checks.can_view_case`` for every demo user and case.

    Shares and access are asked case by case (EXISTS, by the case's own rows in the indexes),
    not as the list of every case shared with the agency: a search matches a few dozen cases,
    and reading thousands of shares to check them cost more than the rest of the page.
    ``also_readable`` is the rest of ``readable`` for a case already known to be ``seen``."""

    within: str  # the user's partnerships
    within_params: tuple[Any, ...]
    held: str  # led by, shared with or opened to the user's agency
    held_params: tuple[Any, ...]
    also_readable: str
    also_readable_params: tuple[Any, ...]

    @property
    def seen(self) -> str:
        return f"({self.within} AND {self.held})"

    @property
    def seen_params(self) -> tuple[Any, ...]:
        return (*self.within_params, *self.held_params)

    @property
    def readable(self) -> str:  # whatever is readable is held: led, opened to or shared with the agency
        return f"({self.within} AND {self.also_readable})"

    @property
    def readable_params(self) -> tuple[Any, ...]:
        return (*self.within_params, *self.also_readable_params)


def visibility(user: Any) -> Visibility:
    if user.is_superuser:
        return Visibility("1 = 1", (), "1 = 1", (), "1 = 1", ())
    if not checks.can_work_any_cases(user):
        return Visibility("1 = 0", (), "1 = 0", (), "1 = 0", ())
    agency, partnerships = user.agency_id, sorted(checks.partnership_ids(user))
    granted_status = AccessRequest.Status.GRANTED.value
    shared = "EXISTS (SELECT 1 FROM cases_share s WHERE s.case_id = c.id AND s.agency_id = %s)"
    granted = (
        "EXISTS (SELECT 1 FROM cases_accessrequest r WHERE r.case_id = c.id AND r.agency_id = %s AND r.status = %s)"
    )
    return Visibility(
        f"c.partnership_id IN ({placeholders(partnerships)})",
        tuple(partnerships),
        f"(c.lead_agency_id = %s OR {shared} OR {granted})",
        (agency, agency, agency, granted_status),
        f"(c.lead_agency_id = %s OR {granted} OR (NOT c.locked_down AND {shared}))",
        (agency, agency, granted_status, agency),
    )


#: The case's own columns, in the order ``Case.from_db`` is given them.
_CASE_FIELDS = [field.attname for field in Case._meta.concrete_fields]
#: The case, its lead officer's names and one row per agency it is shared with or opened to.
_CASE = (
    "SELECT "
    + ", ".join(f'c."{field.column}"' for field in Case._meta.concrete_fields)
    + ", u.first_name, u.last_name, u.username, h.agency_id, h.how"
    " FROM cases_case c LEFT JOIN accounts_user u ON u.id = c.lead_officer_id"
    " LEFT JOIN (SELECT case_id, agency_id, 'shared' AS how FROM cases_share WHERE case_id = %s"
    " UNION ALL SELECT case_id, agency_id, status FROM cases_accessrequest WHERE case_id = %s) h ON h.case_id = c.id"
    " WHERE c.id = %s"
)


def find_case(user: Any, pk: int) -> Case:
    """The case, or 404 for anyone who may not know it exists (other agencies, other partnerships).

    Read in one written-out query (every case page and action starts here): the case's row, its
    lead officer's name (``lead_officer_name``) and which agencies it is shared with or opened
    to, for the permission checks; its partnership and lead agency come from the copies kept per
    data generation. ``case.shares`` and ``case.access_requests`` are read only if a page asks.
    A plain cursor and ``Case.from_db``, as the ORM itself builds rows: a raw queryset matched
    its columns to the model's again on every call."""
    with connection.cursor() as cursor:
        cursor.execute(_CASE, [pk, pk, pk])
        found = cursor.fetchall()
    if not found:
        raise Http404("no such case")
    width = len(_CASE_FIELDS)
    case = Case.from_db(connection.alias, _CASE_FIELDS, found[0][:width])
    case.anonymised_at = aware(case.anonymised_at)
    case.partnership = kept_row(Partnership, case.partnership_id)
    case.lead_agency = kept_row(Agency, case.lead_agency_id)
    case.lead_officer_name = user_name(*found[0][width : width + 3])
    case._agency_ids = (  # as checks._case_agencies would read them
        {row[width + 3] for row in found if row[width + 4] == "shared"},
        {row[width + 3] for row in found if row[width + 4] == AccessRequest.Status.GRANTED},
    )
    if not checks.can_see_case_exists(user, case):
        raise Http404("no such case")
    return case


def kept_row(model: type[Model], pk: Any) -> Any:
    """A row of a small table that every case page names (partnerships, agencies), read once per
    data generation; each caller gets its own copy."""
    kept = generation.cached(
        ("rows of", model._meta.label), lambda: {row.pk: pickle.dumps(row) for row in model._default_manager.all()}
    )
    if pk not in kept:  # written in this request, before the generation was read again
        return model._default_manager.get(pk=pk)
    return pickle.loads(kept[pk])


def open_case(
    request: HttpRequest, pk: int, action: str = Action.VIEW, check: Any = checks.can_view_case, summary: str = ""
) -> Case:
    """The case, checked with ``check`` and audited as ``action``."""
    case = find_case(request.user, pk)
    require(check(request.user, case))
    personal.record(request.user, action, "case", case.pk, summary=summary or case.reference, request=request)
    return case


def open_person(request: HttpRequest, pk: int, action: str = Action.VIEW, summary: str = "") -> Person:
    """A person the user may see: someone in at least one case the user may read."""
    person = get_object_or_404(Person, pk=pk)
    visible = [
        c for c in cases_seen_by(request.user).filter(involved__person=person) if checks.can_view_case(request.user, c)
    ]
    if not visible:
        raise Http404("no such person")
    personal.record(
        request.user, action, "person", person.pk, summary=summary or f"person {person.pk}", request=request
    )
    return person
