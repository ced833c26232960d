"""Choosing among many: a person to add to a case is found by name, a case under review is given by
its reference; either way only what the person may read can be found or chosen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspkit.web.accounts.models import User
from cspkit.web.audit.models import PersonalDataEvent
from cspkit.web.cases.models import CasePerson
from cspkit.web.reviews.models import Application


def _someone_in(case) -> object:
    return case.involved.select_related("person").exclude(person__last_name="").first().person


@pytest.mark.django_db
def test_the_search_finds_people_only_in_cases_the_officer_may_read(client, casework) -> None:
    client.force_login(User.objects.get(username="pcso"))  # police: leads the youth case; the locked one is not theirs
    add = reverse("cases:add_person", args=[casework.youth.pk])
    readable, locked = _someone_in(casework.noise), _someone_in(casework.locked)
    page = client.get(add, {"q": readable.last_name}).content.decode()
    assert f'value="{readable.pk}"' in page and "match" in page
    page = client.get(add, {"q": locked.last_name}).content.decode()
    assert f'value="{locked.pk}"' not in page and "No one in the cases you can read" in page
    searches = PersonalDataEvent.objects.filter(user__username="pcso", action="search", record_type="person")
    assert searches.count() == 2
    first = searches.order_by("pk").first().summary
    assert f"shown: {readable.pk}" in first  # who was shown, by number only
    # The words searched for are kept as typed (docs/decisions/0015); the names shown are not.
    assert first.count(readable.last_name) == 1 and f"“{readable.last_name}”" in first
    assert readable.first_name not in first


@pytest.mark.django_db
def test_a_person_from_a_case_the_officer_cannot_read_is_refused_and_nothing_changes(client, casework) -> None:
    client.force_login(User.objects.get(username="pcso"))
    locked = _someone_in(casework.locked)
    before = CasePerson.objects.count()
    response = client.post(
        reverse("cases:add_person", args=[casework.youth.pk]) + f"?q={locked.last_name}",
        {"role": "witness", "existing": locked.pk},
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert CasePerson.objects.count() == before


@pytest.mark.django_db
def test_a_person_found_is_added_to_the_case(client, casework) -> None:
    client.force_login(User.objects.get(username="pcso"))
    neighbour = _someone_in(casework.noise)
    url = reverse("cases:add_person", args=[casework.youth.pk]) + f"?q={neighbour.first_name} {neighbour.last_name}"
    response = client.post(url, {"role": "witness", "existing": neighbour.pk})
    assert response.status_code == 302
    assert CasePerson.objects.filter(case=casework.youth, person=neighbour, role="witness").exists()


@pytest.mark.django_db
def test_without_a_search_no_one_is_offered(client, casework) -> None:
    client.force_login(User.objects.get(username="pcso"))
    page = client.get(reverse("cases:add_person", args=[casework.youth.pk])).content.decode()
    assert 'type="radio" name="existing"' not in page and "Find someone already in another of your cases" in page


@pytest.mark.django_db
def test_a_case_review_names_its_case_by_reference_and_only_a_readable_one(client, casework) -> None:
    client.force_login(User.objects.get(username="coordinator"))  # the council: not the locked housing case
    form = {"received_on": "2026-11-02", "applicant_name": "Ruth Okonedo-Test", "description": "Still noisy"}
    refused = client.post(reverse("reviews:create"), {**form, "case": casework.locked.reference})
    assert "Enter the reference of a case you can read" in refused.content.decode()
    assert not Application.objects.filter(applicant_name="Ruth Okonedo-Test").exists()
    accepted = client.post(reverse("reviews:create"), {**form, "case": f" {casework.noise.reference.lower()} "})
    assert accepted.status_code == 302
    assert Application.objects.get(applicant_name="Ruth Okonedo-Test").case == casework.noise


@pytest.mark.django_db
def test_a_choice_the_page_did_not_offer_is_refused_not_used(client, casework) -> None:
    """Review finding: with nothing offered, a stale choice in the hidden field outweighed the new
    person's details typed below it. Only the people the search offered can be chosen."""
    client.force_login(User.objects.get(username="pcso"))
    neighbour = _someone_in(casework.noise)  # readable, but not offered: no search was made
    before = CasePerson.objects.count()
    url = reverse("cases:add_person", args=[casework.youth.pk])
    response = client.post(url, {"role": "witness", "existing": neighbour.pk, "last_name": "Newcombe"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert CasePerson.objects.count() == before
