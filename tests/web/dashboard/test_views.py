"""The dashboard."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspkit.web.performance.views import reporting_quarter
from cspkit.web.plan.models import Plan


@pytest.mark.django_db
def test_the_dashboard_shows_what_is_due_and_ratings_by_priority(demo, sign_in) -> None:
    page = sign_in("officer").get(reverse("dashboard:home")).content.decode()
    assert f"Reporting quarter {reporting_quarter().label}" in page
    assert "updates due</a>" in page
    for priority in demo.plan.priorities.all():
        assert str(priority) in page


@pytest.mark.django_db
def test_before_anyone_reports_the_dashboard_shows_last_quarters_ratings(demo, sign_in) -> None:
    page = sign_in("board").get(reverse("dashboard:home")).content.decode()
    assert f"RAG ratings of measures in {reporting_quarter().previous().label}" in page


@pytest.mark.django_db
def test_the_dashboard_is_kept_whole_until_anything_changes(demo, sign_in) -> None:
    """Once drawn, the dashboard costs fewer queries than the list of published reports; a renamed
    plan still shows on the next view."""
    board = sign_in("board")
    url = reverse("dashboard:home")
    assert board.get(url).status_code == 200
    with CaptureQueriesContext(connection) as page:
        assert board.get(url).status_code == 200
    with CaptureQueriesContext(connection) as listing:
        assert board.get(reverse("board:published")).status_code == 200
    assert len(page.captured_queries) < len(listing.captured_queries)
    Plan.objects.filter(pk=demo.plan.pk).update(title="Safer Hartbury, renamed")
    assert "Safer Hartbury, renamed" in board.get(url).content.decode()


@pytest.mark.django_db
def test_a_kept_dashboard_is_never_shown_to_someone_else(demo, client) -> None:
    from cspkit.web.accounts.models import User

    client.force_login(User.objects.get(username="officer"))
    assert "updates due</a>" in client.get(reverse("dashboard:home")).content.decode()
    client.force_login(User.objects.get(username="board"))
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "updates due</a>" not in page and "Signed in as" in page
