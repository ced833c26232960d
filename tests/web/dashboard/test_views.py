"""The dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspkit.web.performance.views import reporting_quarter


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
