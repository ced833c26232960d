"""Optimistic locking: two people editing the same record cannot overwrite each other."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspkit.web.core.versioning import EditConflict, save_if_unchanged
from cspkit.web.plan.models import Action


@pytest.mark.django_db
def test_the_second_of_two_saves_from_the_same_version_is_refused(demo) -> None:
    first = Action.objects.get(pk=demo.police_action.pk)
    second = Action.objects.get(pk=demo.police_action.pk)
    opened = first.version
    first.how = "First person's wording"
    save_if_unchanged(first, opened)
    second.how = "Second person's wording"
    with pytest.raises(EditConflict):
        save_if_unchanged(second, opened)
    stored = Action.objects.get(pk=demo.police_action.pk)
    assert (stored.how, stored.version) == ("First person's wording", opened + 1)


@pytest.mark.django_db
def test_an_edit_form_opened_before_someone_elses_save_is_not_saved_and_says_who(demo, sign_in) -> None:
    action = demo.police_action
    url = reverse("plan:part_edit", args=[demo.plan.pk, "actions", action.pk])
    client = sign_in("coordinator")
    form = {"reference": action.reference, "we_will": action.we_will, "opened_version": action.version}
    assert client.post(url, {**form, "how": "Coordinator's change"}).status_code == 302
    clash = client.post(url, {**form, "how": "A stale change"})
    assert clash.status_code == 409
    page = clash.content.decode()
    assert "changed by Chris Coordinator" in page and "your changes have not been saved" in page
    assert Action.objects.get(pk=action.pk).how == "Coordinator's change"


@pytest.mark.django_db
def test_every_saved_change_is_kept_in_the_history(demo, sign_in) -> None:
    action = demo.police_action
    url = reverse("plan:part_edit", args=[demo.plan.pk, "actions", action.pk])
    client = sign_in("coordinator")
    client.post(url, {"reference": action.reference, "we_will": "New wording", "opened_version": action.version})
    history = client.get(reverse("plan:history", args=[demo.plan.pk, "actions", action.pk])).content.decode()
    assert "Changed by Chris Coordinator" in history
    assert action.we_will in history and "New wording" in history
