"""Sending figures, computed ratings, overrides with reasons, and changing the RAG rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from cspkit.web.performance.models import MeasureUpdate
from cspkit.web.performance.rag import Rating
from cspkit.web.performance.views import reporting_quarter


@pytest.mark.django_db
def test_a_figure_is_rated_by_the_plans_rule_when_sent(demo, sign_in) -> None:
    measure = demo.police_measure  # lower is better
    quarter = reporting_quarter()
    url = reverse("performance:measure_update", args=[quarter.slug, measure.pk])
    sign_in("officer").post(url, {"value": str(measure.target * 2), "commentary": "A big rise"})
    update = MeasureUpdate.objects.get(measure=measure, year=quarter.year, quarter=quarter.number)
    assert update.rating == Rating.RED
    assert "beyond the 5% tolerance" in update.rating_reason


@pytest.mark.django_db
def test_an_override_needs_a_reason_and_is_shown_beside_the_computed_rating(demo, sign_in) -> None:
    client = sign_in("coordinator")
    url = reverse("performance:override", args=[demo.figure.pk])
    refused = client.post(url, {"override": "green", "override_reason": "", "opened_version": demo.figure.version})
    assert "Give the reason for overriding" in refused.content.decode()
    client.post(
        url, {"override": "green", "override_reason": "Recording error fixed", "opened_version": demo.figure.version}
    )
    figure = MeasureUpdate.objects.get(pk=demo.figure.pk)
    assert (figure.final_rating, figure.override_reason, figure.overridden_by.username) == (
        Rating.GREEN,
        "Recording error fixed",
        "coordinator",
    )
    page = client.get(reverse("performance:measure", args=[figure.measure_id])).content.decode()
    assert "Overridden from" in page and "Recording error fixed" in page


@pytest.mark.django_db
def test_changing_the_rag_rule_rerates_every_figure(demo, sign_in) -> None:
    figure = demo.figure
    MeasureUpdate.objects.filter(pk=figure.pk).update(value=figure.measure.target * Decimal("1.04"))
    client = sign_in("analyst")
    url = reverse("performance:rag_rule", args=[demo.plan.pk])
    rule = demo.plan.rag_rule
    client.post(
        url,
        {
            "method": "tolerance",
            "tolerance_percent": "2",
            "confidence": "95",
            "min_history": "8",
            "opened_version": rule.version,
        },
    )
    assert MeasureUpdate.objects.get(pk=figure.pk).rating == Rating.RED  # 4% over, beyond a 2% tolerance
    client.post(
        url,
        {
            "method": "tolerance",
            "tolerance_percent": "10",
            "confidence": "95",
            "min_history": "8",
            "opened_version": rule.version + 1,
        },
    )
    assert MeasureUpdate.objects.get(pk=figure.pk).rating == Rating.AMBER


@pytest.mark.django_db
def test_the_plans_performance_page_shows_each_priority_with_ratings_in_words(demo, sign_in) -> None:
    page = sign_in("board").get(reverse("performance:plan", args=[demo.plan.pk])).content.decode()
    for priority in demo.plan.priorities.all():
        assert str(priority) in page
    assert 'class="govuk-tag govuk-tag--' in page
    assert ">Green<" in page or ">Amber<" in page or ">Red<" in page
