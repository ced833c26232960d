"""The board report: highlights, exceptions, action-plan update and performance table."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspkit.web.board.models import BoardReport, BoardSection
from cspkit.web.performance.models import ActionUpdate


@pytest.mark.django_db
def test_a_board_report_shows_each_priority_with_its_four_parts(demo, sign_in) -> None:
    page = sign_in("board").get(reverse("board:report", args=[demo.published_report.pk])).content.decode()
    for priority in demo.plan.priorities.all():
        assert f'id="priority-{priority.number}"' in page
    for heading in ("Highlights", "Exceptions", "Performance", "Action plan update"):
        assert f">{heading}</h3>" in page
    assert 'role="img" aria-label="Trend, oldest first.' in page  # sparklines, with their figures in words


@pytest.mark.django_db
def test_actions_at_risk_and_red_measures_are_listed_as_exceptions(demo, sign_in) -> None:
    report = demo.published_report
    ActionUpdate.objects.filter(action=demo.police_action, year=report.year, quarter=report.quarter).update(
        status="off_track", commentary="The mediator has withdrawn"
    )
    page = sign_in("coordinator").get(reverse("board:report", args=[report.pk])).content.decode()
    assert f"Action {demo.police_action.reference} (Police) is off track: The mediator has withdrawn" in page


@pytest.mark.django_db
def test_a_readers_page_is_kept_whole_until_anything_changes(demo, sign_in) -> None:
    """A board member's report page, once drawn, costs no more queries than the list of published
    reports; an officer's new commentary still shows on the next view."""
    report = demo.published_report
    url = reverse("board:report", args=[report.pk])
    board = sign_in("board")
    assert board.get(url).status_code == 200
    with CaptureQueriesContext(connection) as page:
        assert board.get(url).status_code == 200
    with CaptureQueriesContext(connection) as listing:
        assert board.get(reverse("board:published")).status_code == 200
    assert len(page.captured_queries) <= len(listing.captured_queries)
    ActionUpdate.objects.filter(action=demo.police_action, year=report.year, quarter=report.quarter).update(
        status="off_track", commentary="The mediator has withdrawn"
    )
    assert "The mediator has withdrawn" in board.get(url).content.decode()


@pytest.mark.django_db
def test_one_priority_can_be_shown_alone_and_htmx_gets_only_the_report_body(demo, sign_in) -> None:
    url = reverse("board:report", args=[demo.published_report.pk])
    client = sign_in("board")
    page = client.get(url, {"priority": 2}).content.decode()
    assert 'id="priority-2"' in page and 'id="priority-1"' not in page
    fragment = client.get(url, {"priority": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="report-body">') and "<html" not in fragment


@pytest.mark.django_db
def test_the_coordinator_starts_a_report_with_a_section_per_priority(demo, sign_in) -> None:
    from cspkit.web.performance.views import reporting_quarter

    quarter = reporting_quarter().previous().previous()
    response = sign_in("coordinator").post(reverse("board:plan", args=[demo.plan.pk]), {"quarter": quarter.slug})
    report = BoardReport.objects.get(plan=demo.plan, year=quarter.year, quarter=quarter.number)
    assert response["Location"] == reverse("board:report", args=[report.pk])
    assert BoardSection.objects.filter(report=report).count() == demo.plan.priorities.count()
    again = sign_in("coordinator").post(reverse("board:plan", args=[demo.plan.pk]), {"quarter": quarter.slug})
    assert again.status_code == 409
    assert (
        f"There is already a report for {quarter.label}. This was changed by Chris Coordinator"
        in again.content.decode()
    )


@pytest.mark.django_db
def test_publishing_makes_a_report_public_and_withdrawing_hides_it_again(demo, sign_in, client) -> None:
    url = reverse("board:report", args=[demo.draft_report.pk])
    assert client.get(url).status_code == 404
    coordinator = sign_in("coordinator")
    coordinator.post(reverse("board:publish", args=[demo.draft_report.pk]), {"version": 1})
    coordinator.logout()
    assert client.get(url).status_code == 200
    sign_in("coordinator").post(
        reverse("board:publish", args=[demo.draft_report.pk]), {"action": "withdraw", "version": 2}
    )
    client.logout()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_kept_public_list_shows_a_publication_and_a_withdrawal_at_once(demo, sign_in, client) -> None:
    listing, href = reverse("board:published"), reverse("board:report", args=[demo.draft_report.pk])
    assert href not in client.get(listing).content.decode()
    sign_in("coordinator").post(reverse("board:publish", args=[demo.draft_report.pk]), {"version": 1})
    client.logout()
    assert href in client.get(listing).content.decode()
    sign_in("coordinator").post(
        reverse("board:publish", args=[demo.draft_report.pk]), {"action": "withdraw", "version": 2}
    )
    client.logout()
    assert href not in client.get(listing).content.decode()
