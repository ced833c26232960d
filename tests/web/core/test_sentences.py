"""Someone's words followed by the page's own text read as one sentence each: no "this week.."."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspkit.web.core.templatetags.govuk import sentence


@pytest.mark.parametrize(
    ("words", "shown"),
    [
        ("Reported to police this week.", "Reported to police this week."),
        ("Reported to police this week", "Reported to police this week."),
        ("Is it the same address?  ", "Is it the same address?"),
        ('He said "leave it."', 'He said "leave it."'),
        ("", ""),
    ],
)
def test_a_full_stop_is_added_only_where_the_words_lack_one(words: str, shown: str) -> None:
    assert sentence(words) == shown


@pytest.mark.django_db
def test_an_access_request_reason_ending_in_a_full_stop_is_not_doubled(demo, client) -> None:
    from cspkit.web.accounts.models import User
    from cspkit.web.cases.models import Case

    locked = Case.objects.get(locked_down=True)
    client.force_login(User.objects.get(username="housingofficer"))  # leads the locked case
    page = client.get(reverse("cases:detail", args=[locked.pk])).content.decode()
    assert "reported to police this week. <strong>Waiting for a decision</strong>" in page
    assert "week.." not in page
