"""Every write is version-checked: two people creating the same quarterly update, or one editing
a record another just saved, get a 409 naming who got there first (issue 13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspkit.web.performance.models import ActionUpdate
from cspkit.web.performance.views import reporting_quarter


@pytest.mark.django_db
def test_two_people_creating_the_same_quarterly_update_the_second_gets_409(demo, sign_in, client) -> None:
    """Finding: the second got a 500 or "This field is required" instead of the 409 an edit gets."""
    quarter = reporting_quarter().next()  # a quarter nobody has reported on yet
    ActionUpdate.objects.filter(action=demo.police_action, year=quarter.year, quarter=quarter.number).delete()
    url = reverse("performance:action_update", args=[quarter.slug, demo.police_action.pk])
    first = sign_in("officer")
    opened = first.get(url).content.decode()
    assert 'name="opened_version" value="0"' in opened
    saved = first.post(url, {"status": "on_track", "commentary": "First", "opened_version": 0})
    assert saved.status_code == 302
    second = sign_in("coordinator")
    clash = second.post(url, {"status": "at_risk", "commentary": "Second", "opened_version": 0})
    assert clash.status_code == 409
    assert "This was changed by Pat Officer at" in clash.content.decode()
    assert (
        ActionUpdate.objects.get(action=demo.police_action, year=quarter.year, quarter=quarter.number).commentary
        == "First"
    )


@pytest.mark.django_db
def test_a_plan_in_another_partnership_looks_like_no_plan_at_all(demo, sign_in) -> None:
    """Finding: a 403/404 difference revealed which plan ids exist in other partnerships."""
    outsider = sign_in("outsider")
    existing = outsider.get(reverse("plan:detail", args=[demo.plan.pk]))
    missing = outsider.get(reverse("plan:detail", args=[demo.plan.pk + 1000]))
    assert existing.status_code == missing.status_code == 404


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path, django_db_blocker) -> None:
    """Readers never wait for a writer, and a writer waits its turn instead of failing at once."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from cspkit.web.conf import SQLITE_OPTIONS, database_from_url

    settings = {
        **database_from_url(f"sqlite:///{tmp_path / 'web.sqlite3'}"),
        "OPTIONS": dict(SQLITE_OPTIONS),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "TEST": {},
    }
    connection = DatabaseWrapper(settings, alias="wal-check")
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
    finally:
        connection.close()
