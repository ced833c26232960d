"""The cases a person may read, as one query and as the SQL conditions of written-out pages
(``access.visibility``), agree with the rules checked case by case."""

from __future__ import annotations

import pytest

from cspkit.web.accounts.models import User
from cspkit.web.cases.access import cases_readable_by, cases_seen_by, visibility
from cspkit.web.cases.models import AccessRequest, Case
from cspkit.web.core.sql import rows
from cspkit.web.permissions import checks


def _agree_for_everyone() -> None:
    cases = list(Case.objects.prefetch_related("shares", "access_requests").select_related("partnership"))
    for user in User.objects.all():
        readable = set(cases_readable_by(user).values_list("pk", flat=True))
        for case in cases:
            assert (case.pk in readable) == checks.can_view_case(user, case), (user.username, case.reference)
        rule = visibility(user)
        seen = {r["id"] for r in rows(f"SELECT c.id FROM cases_case c WHERE {rule.seen}", rule.seen_params)}
        assert seen == set(cases_seen_by(user).values_list("pk", flat=True)), user.username
        assert seen == {case.pk for case in cases if checks.can_see_case_exists(user, case)}, user.username
        as_sql = {r["id"] for r in rows(f"SELECT c.id FROM cases_case c WHERE {rule.readable}", rule.readable_params)}
        assert as_sql == readable, user.username


@pytest.mark.django_db
def test_the_readable_cases_query_agrees_with_can_view_case_for_every_demo_user_and_case(demo, casework) -> None:
    readers = {u.username for u in User.objects.all() if cases_readable_by(u).filter(pk=casework.locked.pk).exists()}
    assert readers == {"housingofficer"}  # locked down: only the lead agency, though shared with the police
    _agree_for_everyone()


@pytest.mark.django_db
def test_access_granted_to_a_locked_down_case_makes_it_readable(demo, casework) -> None:
    pcso = User.objects.get(username="pcso")
    assert not cases_readable_by(pcso).filter(pk=casework.locked.pk).exists()
    AccessRequest.objects.create(
        case=casework.locked, agency_id=pcso.agency_id, requested_by=pcso, reason="a joint visit", status="granted"
    )
    assert cases_readable_by(pcso).filter(pk=casework.locked.pk).exists()
    _agree_for_everyone()
