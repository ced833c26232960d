""" "Updates due" is paginated: a plan of thousands of actions gives pages, not a 13 MB table (issue 13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspkit.web.performance import views


@pytest.mark.django_db
def test_updates_due_come_a_page_at_a_time(demo, sign_in, monkeypatch) -> None:
    monkeypatch.setattr(views, "DUE_PER_PAGE", 2)
    client = sign_in("coordinator")
    first = client.get(reverse("performance:due")).content.decode()
    assert first.count("/actions/") == 2 and "Page 1 of " in first
    last_page = int(first.split("Page 1 of ")[1].split("<")[0])
    last = client.get(reverse("performance:due"), {"page": last_page}).content.decode()
    assert f"Page {last_page} of {last_page}" in last and "Next page" not in last
    beyond = client.get(reverse("performance:due"), {"page": 99999}).content.decode()
    assert f"Page {last_page} of {last_page}" in beyond
