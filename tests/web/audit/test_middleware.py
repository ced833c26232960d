"""The access log records who viewed and changed what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspkit.web.audit.models import AccessLog


@pytest.mark.django_db
def test_views_and_changes_by_signed_in_people_are_logged(demo, sign_in) -> None:
    client = sign_in("officer")
    client.get(reverse("plan:detail", args=[demo.plan.pk]))
    client.post(reverse("performance:action_update", args=["2000-q1", demo.police_action.pk]), {})
    view, change = AccessLog.objects.filter(username="officer").exclude(view="sign-in").order_by("at", "pk")
    assert (view.method, view.path, view.view, view.status) == (
        "GET",
        reverse("plan:detail", args=[demo.plan.pk]),
        "plan:detail",
        200,
    )
    assert change.is_change and change.status == 404  # the plan did not run in 2000


@pytest.mark.django_db
def test_anonymous_visits_and_static_files_are_not_logged(demo, client) -> None:
    client.get(reverse("board:published"))
    client.get("/static/cspkit/favicon.svg")
    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_the_coordinator_reads_the_log_of_their_partnerships_members_only(demo, sign_in) -> None:
    sign_in("outsider").get(reverse("board:list"))
    sign_in("officer").get(reverse("board:list"))
    page = sign_in("coordinator").get(reverse("audit:log")).content.decode()
    assert ">officer<" in page and ">outsider<" not in page
