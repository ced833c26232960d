"""Case search: a reference, a category, or the starts of names, whatever their case; only the
cases the searcher may see (the permission matrix covers who sees what)."""

from __future__ import annotations

import pytest

from cspkit.web.cases import models as m
from cspkit.web.cases.access import cases_seen_by
from cspkit.web.cases.search import search_cases


def _found(user, query: str) -> set[str]:
    return set(search_cases(cases_seen_by(user), query, ("Noise", "Nuisance")).values_list("reference", flat=True))


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
