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


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_a_transaction_commits_with_its_bump() -> None:
    """Review finding: in autocommit the bump and the write committed apart, so another server could
    read the new number before the write and keep the old row under it."""
    from django.db import connection

    from cspkit.web.accounts.models import Agency

    seen: list[tuple[str, bool]] = []

    def watch(execute, sql, params, many, context):
        if sql.startswith("UPDATE"):
            seen.append((" ".join(sql.split()[:2]), connection.in_atomic_block))
        return execute(sql, params, many, context)

    agency = Agency.objects.create(name="Hartbury Fire", short_name="Fire")
    assert connection.get_autocommit()
    with connection.execute_wrapper(watch):
        Agency.objects.filter(pk=agency.pk).update(short_name="Fire and Rescue")
    assert [what for what, _ in seen] == ['UPDATE "core_datageneration"', 'UPDATE "accounts_agency"']
    assert all(atomic for _, atomic in seen), seen


@pytest.mark.django_db
def test_the_least_recently_used_part_goes_first_when_the_cache_is_full(monkeypatch) -> None:
    monkeypatch.setattr(generation, "MAX_ENTRIES", 3)
    calls: list[str] = []

    def compute(name: str):
        return lambda: calls.append(name) or name

    generation.cached(("hot",), compute("hot"))
    for n in range(5):
        generation.cached((f"cold {n}",), compute(f"cold {n}"))
        generation.cached(("hot",), compute("hot"))  # used again each time: never the oldest
    assert calls.count("hot") == 1
    generation.cached(("cold 0",), compute("cold 0"))  # pushed out long ago: computed again
    assert calls.count("cold 0") == 2
