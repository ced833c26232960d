"""What each owner sees as due this quarter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspkit.web.accounts.models import User
from cspkit.web.performance.due import due_for
from cspkit.web.performance.models import ActionUpdate
from cspkit.web.performance.views import reporting_quarter
from cspkit.web.plan.models import Action, Measure


@pytest.mark.django_db
def test_a_partner_officer_is_asked_only_for_their_agencys_actions_and_measures(demo) -> None:
    due = due_for(User.objects.get(username="officer"), reporting_quarter())
    assert due.actions and due.measures
    assert {item.action.owner_agency.name for item in due.actions} == {"Mercia Vale Police"}
    assert {item.measure.owner_agency.name for item in due.measures} == {"Mercia Vale Police"}
    assert due.outstanding == len(due.actions) + len(due.measures)


@pytest.mark.django_db
def test_the_coordinator_is_asked_for_every_action_and_the_analyst_for_every_measure(demo) -> None:
    quarter = reporting_quarter()
    coordinator = due_for(User.objects.get(username="coordinator"), quarter)
    analyst = due_for(User.objects.get(username="analyst"), quarter)
    assert len(coordinator.actions) == Action.objects.filter(priority__plan=demo.plan).count()
    assert analyst.actions == []
    assert len(analyst.measures) == Measure.objects.filter(priority__plan=demo.plan).count()


@pytest.mark.django_db
def test_a_sent_update_is_no_longer_outstanding(demo, sign_in) -> None:
    officer = User.objects.get(username="officer")
    quarter = reporting_quarter()
    before = due_for(officer, quarter).outstanding
    url = reverse("performance:action_update", args=[quarter.slug, demo.police_action.pk])
    sign_in("officer").post(url, {"status": "on_track", "commentary": "Done"})
    assert due_for(officer, quarter).outstanding == before - 1


@pytest.mark.django_db
def test_an_action_completed_earlier_is_not_asked_about_again(demo) -> None:
    quarter = reporting_quarter()
    ActionUpdate.objects.filter(
        action=demo.police_action, year=quarter.previous().year, quarter=quarter.previous().number
    ).update(status=Action.Status.COMPLETE)
    Action.objects.filter(pk=demo.police_action.pk).update(status=Action.Status.COMPLETE)
    due = due_for(User.objects.get(username="officer"), quarter)
    assert demo.police_action.pk not in {item.action.pk for item in due.actions}


@pytest.mark.django_db
def test_an_update_sets_the_actions_status(demo, sign_in) -> None:
    url = reverse("performance:action_update", args=[reporting_quarter().slug, demo.police_action.pk])
    sign_in("officer").post(url, {"status": "off_track", "commentary": "Worker left"})
    assert Action.objects.get(pk=demo.police_action.pk).status == Action.Status.OFF_TRACK


@pytest.mark.django_db
def test_the_due_page_lists_what_is_outstanding(demo, sign_in) -> None:
    page = sign_in("officer").get(reverse("performance:due")).content.decode()
    assert f"Updates due for {reporting_quarter().label}" in page
    assert demo.police_action.we_will[:40] in page
    assert demo.council_action.we_will[:40] not in page


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["coordinator", "analyst", "officer", "board"])
def test_the_due_lists_chosen_in_sql_agree_with_the_access_checks(demo, username) -> None:
    """ "Updates due" filters in SQL; what it lists is exactly what the named checks allow."""
    from cspkit.web.permissions import checks

    user = User.objects.get(username=username)
    quarter = reporting_quarter()
    due = due_for(user, quarter)
    actions = Action.objects.filter(priority__plan=demo.plan).select_related("priority__plan")
    expected_actions = {
        a.pk
        for a in actions
        if checks.can_update_action(user, a)
        and (a.status != Action.Status.COMPLETE or a.updates.filter(year=quarter.year, quarter=quarter.number).exists())
    }
    measures = Measure.objects.filter(priority__plan=demo.plan).select_related("priority__plan")
    if quarter.number != 4:
        measures = measures.exclude(frequency=Measure.Frequency.ANNUAL)
    expected_measures = {m.pk for m in measures if checks.can_update_measure(user, m)}
    assert {item.action.pk for item in due.actions} == expected_actions
    assert {item.measure.pk for item in due.measures} == expected_measures
    assert due.outstanding == sum(item.update is None for item in [*due.actions, *due.measures])
