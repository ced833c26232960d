"""Case search: a reference, a category, or the starts of names, whatever their case; only the
cases the searcher may see (the permission matrix covers who sees what)."""

from __future__ import annotations

import pytest

from cspkit.web.cases import models as m
from cspkit.web.cases.search import find_cases


def _found(user, query: str) -> set[str]:
    found = find_cases(user, query, "all", ("Noise", "Nuisance"), page=1, size=1_000)
    return {case["reference"] for case in found.cases}


@pytest.mark.django_db
def test_search_by_reference_category_and_name_starts(casework):
    from cspkit.web.accounts.models import User

    officer = User.objects.get(username="asbofficer")
    noise = casework.noise
    victim = noise.involved.get(role="victim").person  # Margaret Whitfield
    assert _found(officer, noise.reference.lower()) == {noise.reference}
    assert noise.reference in _found(officer, "NOISE")
    for query in ("whit", "WHITFIELD", "Marg Whit", "whitfield margaret"):
        assert noise.reference in _found(officer, query), query
    assert noise.reference not in _found(officer, "Whitfieldx")
    assert noise.reference not in _found(officer, "hitfield")  # a start, not any part
    other = m.Person.objects.create(partnership=victim.partnership, first_name="Émile", last_name="Ørsted")
    m.CasePerson.objects.create(case=noise, person=other, role=m.CasePerson.Role.WITNESS)
    assert noise.reference in _found(officer, "Émile") and noise.reference in _found(officer, "Ørs")
    assert casework.locked.reference not in _found(officer, casework.locked.reference)  # housing's, not shared


@pytest.mark.django_db
def test_search_pages_statuses_wildcards_and_what_each_row_may_show(casework):
    from cspkit.web.accounts.models import User
    from cspkit.web.cases.search import find_cases

    officer, pcso = User.objects.get(username="asbofficer"), User.objects.get(username="pcso")
    everything = find_cases(officer, "", "all", (), page=1, size=1_000).cases
    assert len(everything) >= 3
    assert [c["opened_on"] for c in everything] == sorted((c["opened_on"] for c in everything), reverse=True)
    first, second = (find_cases(officer, "", "all", (), page=n, size=2) for n in (1, 2))
    assert first.has_next and [c["id"] for c in first.cases + second.cases] == [c["id"] for c in everything[:4]]
    assert not find_cases(officer, "", "all", (), page=1, size=len(everything)).has_next
    statuses = {
        status: {c["id"] for c in find_cases(officer, "", status, (), 1, 1_000).cases} for status in ("open", "closed")
    }
    assert statuses["open"] | statuses["closed"] == {c["id"] for c in everything}
    assert all(c["status_label"] in {"Open", "Closed"} for c in everything)
    assert _found(officer, "%") == _found(officer, "_") == _found(officer, "\\") == set()  # no wildcards
    # The locked-down case is shared with the police: the PCSO sees that it exists, not what it holds.
    locked = [c for c in find_cases(pcso, casework.locked.reference, "all", (), 1, 10).cases]
    assert [(c["reference"], c["readable"]) for c in locked] == [(casework.locked.reference, False)]
    assert all(c["readable"] for c in find_cases(pcso, casework.youth.reference, "all", (), 1, 10).cases)
    assert locked[0]["lead_agency"] == str(casework.locked.lead_agency)


@pytest.mark.django_db
def test_the_search_hint_says_exactly_what_matches(client, casework):
    """The walk-through found "q=a" matched few cases under a hint promising "a person's name":
    the hint now says a name search matches the start of a first or last name, and its examples hold."""
    from django.urls import reverse

    from cspkit.web.accounts.models import User

    client.force_login(User.objects.get(username="asbofficer"))
    url = reverse("cases:list")
    page = client.get(url).content.decode()
    assert 'aria-describedby="q-hint"' in page
    assert "the start of a person's first or last name" in page and "A whole case reference" in page
    noise = casework.noise.reference
    assert noise in client.get(url, {"q": "whit", "status": "all"}).content.decode()
    assert noise not in client.get(url, {"q": "field", "status": "all"}).content.decode()
    assert noise not in client.get(url, {"q": noise[:-1], "status": "all"}).content.decode()
    assert noise in client.get(url, {"q": noise, "status": "all"}).content.decode()
