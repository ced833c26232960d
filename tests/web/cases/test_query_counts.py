"""Case search and the case page ask the database a fixed number of questions, however large the
caseload: more incidents, more matching people and more of their other cases add rows, not queries.
(The benchmark, ``python -m bench casework``, measures the time at 100,000 cases.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspkit.web.cases import models as m
from cspkit.web.cases.case_page import INCIDENTS_PER_PAGE
from cspkit.web.cases.views import CASES_PER_PAGE


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response.text


def _grow(noise: m.Case, victim: m.Person, extra: int, first: int = 0) -> None:
    """More incidents on the noise case, and more cases (with more people) for its victim."""
    start = date(2030, 1, 1)  # newer than every demo record, so they head both lists
    m.Incident.objects.bulk_create(
        m.Incident(case=noise, occurred_on=day, reported_on=day, category="Noise", description=f"Extra incident {i}")
        for i, day in enumerate((start + timedelta(days=n) for n in range(first * 2, (first + extra) * 2)), first * 2)
    )
    for i in range(first, first + extra):
        case = m.Case.objects.create(
            partnership=noise.partnership,
            reference=f"QC-{i:04d}",
            lead_agency=noise.lead_agency,
            category="Noise",
            opened_on=start + timedelta(days=i),
        )
        m.CasePerson.objects.create(case=case, person=victim, role=m.CasePerson.Role.VICTIM)
        neighbour = m.Person.objects.create(partnership=noise.partnership, first_name="Ann", last_name=f"Whitley{i}")
        m.CasePerson.objects.create(case=case, person=neighbour, role=m.CasePerson.Role.WITNESS)
        m.Share.objects.create(case=case, agency=noise.shares.first().agency, shared_on=start, basis="s.115")


@pytest.mark.django_db
def test_case_page_and_search_query_counts_do_not_grow_with_the_caseload(client, casework):
    from cspkit.web.accounts.models import User

    client.force_login(User.objects.get(username="asbofficer"))
    noise = casework.noise
    victim = noise.involved.get(role="victim").person
    page = reverse("cases:detail", args=[noise.pk])
    search = reverse("cases:list") + "?q=Whit&status=all"  # the start of a surname: Whitfield, Whitley...
    _grow(noise, victim, extra=1)  # every list on both pages has something (an empty one asks nothing)
    page_before, _ = _queries(client, page)
    search_before, found_before = _queries(client, search)
    assert noise.reference in found_before and "QC-0000" in found_before

    _grow(noise, victim, extra=CASES_PER_PAGE + 5, first=1)

    page_after, text = _queries(client, page)
    search_after, found = _queries(client, search)
    assert (page_after, search_after) == (page_before, search_before)
    assert text.count("Extra incident ") == INCIDENTS_PER_PAGE  # the newest page of 62
    assert "Older incidents" in text
    assert found.count("QC-") == CASES_PER_PAGE and 'rel="next"' in found


@pytest.mark.django_db
def test_adding_a_person_and_recording_a_case_review_ask_a_fixed_number_of_questions(client, casework):
    """Finding: both pages offered every readable case or person as a choice, checking each case in
    Python: at 100,000 cases "Add a person" took a minute of CPU and 9,000 queries."""
    from cspkit.web.accounts.models import User
    from cspkit.web.cases.views import PEOPLE_FOUND

    officer, coordinator = User.objects.get(username="asbofficer"), User.objects.get(username="coordinator")
    noise = casework.noise
    victim = noise.involved.get(role="victim").person
    add, find, review = (
        reverse("cases:add_person", args=[noise.pk]),
        reverse("cases:add_person", args=[noise.pk]) + "?q=whitley",
        reverse("reviews:create"),
    )

    def counts() -> tuple[int, int, int, str]:
        client.force_login(officer)
        plain, _ = _queries(client, add)
        searched, found = _queries(client, find)
        client.force_login(coordinator)
        return plain, searched, _queries(client, review)[0], found

    _grow(noise, victim, extra=1)
    *before, found = counts()
    assert "Whitley0" in found and found.count('name="existing"') == 2  # Ann Whitley0, or someone new
    _grow(noise, victim, extra=CASES_PER_PAGE + 5, first=1)
    *after, found = counts()
    assert after == before
    assert found.count('name="existing"') == PEOPLE_FOUND + 1
    assert "The first people matching “whitley” are shown; there may be more" in found
