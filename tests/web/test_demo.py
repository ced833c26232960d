"""The demo partnership and its users."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cspkit.web.accounts.models import User
from cspkit.web.demo import DEMO_USERS
from cspkit.web.permissions.roles import Role


@pytest.mark.django_db
def test_the_demo_has_one_user_per_role(demo) -> None:
    from cspkit.web.cases.demo import CASEWORK_USERS

    demo_names = [u.username for u in (*DEMO_USERS, *CASEWORK_USERS)]
    roles = set(User.objects.filter(username__in=demo_names).values_list("role", flat=True))
    assert roles == set(Role.values)


@pytest.mark.django_db
def test_the_demo_users_sign_in_with_the_printed_password(demo, client) -> None:
    from django.urls import reverse

    for demo_user in DEMO_USERS:
        client.logout()
        response = client.post(reverse("accounts:login"), {"username": demo_user.username, "password": "cspkit-demo"})
        assert response.status_code == 302, demo_user.username


@pytest.mark.django_db
def test_seeding_again_changes_nothing_and_prints_how_to_sign_in(demo, capsys) -> None:
    before = User.objects.count()
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert User.objects.count() == before
    assert "already exists" in out and "password for each: cspkit-demo" in out
    for demo_user in DEMO_USERS:
        assert demo_user.username in out


@pytest.mark.django_db
def test_the_demo_plan_has_figures_for_every_completed_quarter_but_the_latest(demo) -> None:
    from cspkit.web.performance.models import MeasureUpdate
    from cspkit.web.performance.views import reporting_quarter

    latest = reporting_quarter()
    quarters = set(MeasureUpdate.objects.values_list("year", "quarter"))
    assert (latest.year, latest.number) not in quarters
    assert (latest.previous().year, latest.previous().number) in quarters
