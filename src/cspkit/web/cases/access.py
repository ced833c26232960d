"""The one audited path to personal records: find a case (or person), check the named predicate,
and write the personal-data audit event before anything is shown or changed."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cspkit.web.audit import personal
from cspkit.web.cases.models import AccessRequest, Case, Person, Share
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


def find_case(user: Any, pk: int) -> Case:
    """The case, or 404 for anyone who may not know it exists (other agencies, other partnerships)."""
    case = get_object_or_404(
        Case.objects.select_related("partnership", "lead_agency", "lead_officer").prefetch_related(
            Prefetch("shares", Share.objects.select_related("agency")),
            Prefetch("access_requests", AccessRequest.objects.select_related("agency", "requested_by")),
        ),
        pk=pk,
    )
    if not checks.can_see_case_exists(user, case):
        raise Http404("no such case")
    return case


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
