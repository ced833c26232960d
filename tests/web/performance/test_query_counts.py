"""The pages of a plan cost the same number of SQL queries whatever the number of actions
(issue 13: a 6,000-action plan took 8-15 s a page). Counting is done in SQL and long lists
come a page at a time, so a plan grown from a few actions to more than a page's worth of
each priority must not add a single query, nor show more rows than a page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspkit.web.accounts.models import Agency
from cspkit.web.core.paging import PER_PAGE
from cspkit.web.performance.models import ActionUpdate
from cspkit.web.performance.views import reporting_quarter
from cspkit.web.plan.models import Action


def add_actions(plan, count: int, start: int) -> None:
    """``count`` more actions over the plan's priorities, every third one off track this quarter."""
    priorities = list(plan.priorities.all())
    police = Agency.objects.get(name="Mercia Vale Police")
    actions = Action.objects.bulk_create(
        Action(
            priority=priorities[i % len(priorities)],
            reference=f"9.{start + i}",
            we_will=f"Extra action {start + i}",
            owner_agency=police,
        )
        for i in range(count)
    )
    quarter = reporting_quarter()
    ActionUpdate.objects.bulk_create(
        ActionUpdate(
            action=a,
            year=quarter.year,
            quarter=quarter.number,
            status=Action.Status.OFF_TRACK,
            commentary=f"Late {a.reference}",
        )
        for a in actions[::3]
    )


def queries_for(client, url: str) -> tuple[int, str]:
    client.get(url)  # anything done once per session (or per process) is not counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["coordinator", "officer"])
def test_pages_cost_the_same_queries_for_a_plan_of_any_size(demo, sign_in, username) -> None:
    plan = demo.plan
    urls = {
        "dashboard": reverse("dashboard:home"),
        "plan": reverse("plan:detail", args=[plan.pk]),
        "performance": reverse("performance:plan", args=[plan.pk]),
        "board report": reverse("board:report", args=[demo.draft_report.pk]),
        "updates due": reverse("performance:due"),
    }
    client = sign_in(username)
    add_actions(plan, 3, 0)
    small = {page: queries_for(client, url)[0] for page, url in urls.items()}
    priorities = plan.priorities.count()
    add_actions(plan, priorities * (PER_PAGE + 10), 100)
    large = {page: queries_for(client, url) for page, url in urls.items()}
    assert {page: count for page, (count, _) in large.items()} == small
    # The long lists are paged: no priority shows more than a page of actions...
    plan_page = large["plan"][1]
    assert plan_page.count("Extra action ") <= priorities * PER_PAGE
    assert "Page 1 of 2" in plan_page and "Next page" in plan_page
    # ...but the board sees every action off track among its exceptions, on every page.
    off_track = ActionUpdate.objects.filter(action__we_will__startswith="Extra action").count()
    report = large["board report"][1]
    assert report.count("is off track: Late 9.") == off_track
