"""Closing a case asks for its outcome and a reason after showing what is still running on it;
a case is reopened, and a locked-down case opened to shared agencies, only with a reason; each
change is a POST and is in the personal-data audit log with its reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cspkit.web.audit.models import PersonalDataEvent
from cspkit.web.cases.models import Case, Intervention

pytestmark = pytest.mark.django_db


def _events_after(last: int, username: str):
    return PersonalDataEvent.objects.filter(id__gt=last, username=username).order_by("id")


def _last_event() -> int:
    return PersonalDataEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_close_asks_for_an_outcome_and_a_reason_and_warns_of_what_is_still_running(sign_in, casework) -> None:
    noise = casework.noise
    client = sign_in("asbofficer")
    page = client.get(reverse("cases:close", args=[noise.pk]))
    assert page.status_code == 200
    text = page.text
    assert "Work is still running on this case" in text
    assert "Visit Mrs Whitfield and collect diary sheets" in text  # an open task
    assert "Community Protection Notice against Dean Crane" in text  # in force until discharged
    assert "ASB Case Reviews under way" in text and "review held" in text
    assert "Resolved: the behaviour has stopped" in text and "Other (say why below)" in text
    noise.refresh_from_db()
    assert noise.status == Case.Status.OPEN  # showing the page changes nothing


def test_close_without_an_outcome_or_reason_changes_nothing(sign_in, casework) -> None:
    noise = casework.noise
    response = sign_in("asbofficer").post(reverse("cases:close", args=[noise.pk]), {})
    assert response.status_code == 200
    assert "Choose the outcome of the case" in response.text and "Enter the reason" in response.text
    noise.refresh_from_db()
    assert noise.status == Case.Status.OPEN and noise.closed_on is None


def test_closing_records_the_outcome_and_the_reason_in_the_case_and_the_audit_log(sign_in, casework) -> None:
    noise, last = casework.noise, _last_event()
    client = sign_in("asbofficer")
    open_tasks = noise.tasks.filter(done_on__isnull=True).count()
    response = client.post(
        reverse("cases:close", args=[noise.pk]),
        {"outcome": "enforcement", "reason": "CPN in place and complied with for three months"},
    )
    assert response.status_code == 302
    noise.refresh_from_db()
    assert noise.status == Case.Status.CLOSED and noise.closed_on == timezone.localdate()
    assert noise.closure_outcome == "enforcement"
    event = _events_after(last, "asbofficer").get(action="change")
    assert event.reason == "CPN in place and complied with for three months"
    assert "status: Open → Closed" in event.summary
    assert "outcome: Enforcement in place" in event.summary
    assert open_tasks >= 2  # the demo's: a visit and a CPN compliance check
    assert f"left running: {open_tasks} open tasks, 1 live intervention, 1 case review under way" in event.summary
    page = client.get(reverse("cases:detail", args=[noise.pk])).text
    assert "Enforcement in place: an order, notice or injunction deals with it" in page
    assert "Reopen the case" in page and "Close the case" not in page


def test_the_case_page_no_longer_closes_on_one_click(sign_in, casework) -> None:
    page = sign_in("asbofficer").get(reverse("cases:detail", args=[casework.noise.pk])).text
    close = reverse("cases:close", args=[casework.noise.pk])
    assert f'href="{close}"' in page and f'action="{close}"' not in page


def test_what_counts_as_still_in_force() -> None:
    from cspkit.web.cases.closing import in_force

    today = date(2026, 12, 3)
    ended = Intervention(power="civil_injunction", on=today - timedelta(days=400), ends_on=today - timedelta(days=35))
    fine = Intervention(power="fixed_penalty", on=today - timedelta(days=5))
    cpn = Intervention(power="cpn", on=today - timedelta(days=90))
    cpw_past = Intervention(power="cpw", on=today - timedelta(days=90), comply_by=today - timedelta(days=70))
    cbo = Intervention(power="cbo", on=today - timedelta(days=90), indefinite=True)
    assert [in_force(item, today) for item in (ended, fine, cpn, cpw_past, cbo)] == [False, False, True, False, True]


def test_only_the_lead_agency_closes_or_reopens_and_only_by_post(sign_in, casework) -> None:
    youth = casework.youth  # the police's case, shared with the council
    client = sign_in("asbofficer")
    assert client.get(reverse("cases:close", args=[youth.pk])).status_code == 403
    closing = {"outcome": "resolved", "reason": "x"}
    assert client.post(reverse("cases:close", args=[youth.pk]), closing).status_code == 403
    Case.objects.filter(pk=casework.noise.pk).update(status="closed", closed_on=date(2026, 11, 1))
    assert client.get(reverse("cases:reopen", args=[casework.noise.pk])).status_code == 200
    casework.noise.refresh_from_db()
    assert casework.noise.status == Case.Status.CLOSED  # the form alone reopens nothing


def test_a_supervisor_reopens_with_a_reason(sign_in, casework) -> None:
    noise = casework.noise
    client = sign_in("supervisor")
    client.post(reverse("cases:close", args=[noise.pk]), {"outcome": "moved", "reason": "Perpetrator rehoused"})
    refused = client.post(reverse("cases:reopen", args=[noise.pk]), {"reason": "  "})
    assert refused.status_code == 200 and "Enter the reason" in refused.text
    last = _last_event()
    response = client.post(reverse("cases:reopen", args=[noise.pk]), {"reason": "New complaints since the move"})
    assert response.status_code == 302
    noise.refresh_from_db()
    assert noise.status == Case.Status.OPEN and noise.closed_on is None and noise.closure_outcome == ""
    event = _events_after(last, "supervisor").get(action="change")
    assert event.reason == "New complaints since the move"
    assert "status: Closed → Open" in event.summary
    assert f"had closed on: {timezone.localdate().isoformat()}" in event.summary
    assert "with outcome: The perpetrator or the victim has moved away" in event.summary


def test_opening_a_locked_down_case_to_shared_agencies_needs_a_reason(sign_in, casework) -> None:
    locked = casework.locked  # housing's, shared with the police but locked down
    client = sign_in("housingofficer")
    assert client.post(reverse("cases:lock", args=[locked.pk]), {"locked": "0"}).status_code == 302
    locked.refresh_from_db()
    assert locked.locked_down  # no reason, no change: sent to the form that asks for one
    assert client.post(reverse("cases:unlock", args=[locked.pk]), {}).status_code == 200
    locked.refresh_from_db()
    assert locked.locked_down
    last = _last_event()
    client.post(reverse("cases:unlock", args=[locked.pk]), {"reason": "Police need the history for a closure order"})
    locked.refresh_from_db()
    assert not locked.locked_down
    event = _events_after(last, "housingofficer").get(action="change")
    assert event.reason == "Police need the history for a closure order"
    assert "locked down: yes → no" in event.summary
