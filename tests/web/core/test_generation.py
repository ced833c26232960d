"""Computed page parts are kept per process until the data generation moves (issue 13's speed):
any write moves it, however it is made; reading a page does not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspkit.web.core import generation
from cspkit.web.plan.models import Action


@pytest.mark.django_db
def test_reading_keeps_the_generation_and_any_write_moves_it(demo, sign_in) -> None:
    client = sign_in("coordinator")
    url = reverse("board:report", args=[demo.draft_report.pk])
    assert client.get(url).status_code == 200
    before = generation.current()
    assert client.get(url).status_code == 200  # writes only the access log and the session
    assert generation.current() == before
    # A queryset update sends no signal: the connection's wrapper still sees the write.
    Action.objects.filter(pk=demo.police_action.pk).update(we_will="Changed without a signal")
    assert generation.current() > before
    assert "Changed without a signal" in client.get(url).content.decode()


@pytest.mark.django_db
def test_what_is_kept_is_recomputed_in_a_new_generation() -> None:
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert generation.cached(("test",), compute) == 1
    assert generation.cached(("test",), compute) == 1
    generation.bump()
    assert generation.cached(("test",), compute) == 2
