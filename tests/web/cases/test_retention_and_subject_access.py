"""`cspkit retention` and the subject access export on the demo data."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cspkit.casework.dates import add_years
from cspkit.web.audit.models import PersonalDataEvent
from cspkit.web.cases.models import ANONYMISED, Case, Incident, Note, Person, RunRecord, Task
from cspkit.web.cases.reminders import send_reminders
from cspkit.web.cases.retention import apply_retention, find_lapsed


def _snapshot(case: Case) -> tuple:
    return (
        Case.objects.filter(pk=case.pk).values().get(),
        list(case.incidents.values()),
        list(case.notes.values()),
        list(Person.objects.filter(involvements__case=case).values()),
    )


@pytest.mark.django_db
def test_retention_removes_what_has_lapsed_and_touches_nothing_inside_the_period(casework):
    today = timezone.localdate()
    beyond = Case.objects.get(summary__contains="closed beyond")
    within = Case.objects.get(summary__contains="closed within")
    beyond_people = list(Person.objects.filter(involvements__case=beyond).values_list("pk", flat=True))
    untouched = {case.pk: _snapshot(case) for case in Case.objects.exclude(pk=beyond.pk)}

    found = find_lapsed(today)
    assert {(lapse.record_type, lapse.record_id) for lapse in found} >= {("case", beyond.pk)}
    assert all(lapse.kept_until < today for lapse in found)
    done = apply_retention(found)

    beyond.refresh_from_db()
    assert beyond.summary == ANONYMISED and beyond.anonymised_at is not None
    assert not Note.objects.filter(case=beyond).exists()
    assert set(Incident.objects.filter(case=beyond).values_list("description", flat=True)) == {ANONYMISED}
    assert not Person.objects.filter(pk__in=beyond_people).exists()
    assert {case.pk: _snapshot(case) for case in Case.objects.exclude(pk=beyond.pk)} == untouched
    assert within.pk in untouched
    assert done["case"] == 1
    assert PersonalDataEvent.objects.filter(action="retention", record_type="case", record_id=str(beyond.pk)).exists()
    assert RunRecord.objects.filter(command="retention").exists()
    assert find_lapsed(today) == []  # nothing beyond the period survives


@pytest.mark.django_db
def test_the_day_before_a_case_lapses_nothing_is_listed(casework):
    beyond = Case.objects.get(summary__contains="closed beyond")
    last_kept_day = add_years(beyond.closed_on, 6)
    assert not [lapse for lapse in find_lapsed(last_kept_day) if lapse.record_type == "case"]
    assert [
        lapse.record_id for lapse in find_lapsed(last_kept_day + timedelta(days=1)) if lapse.record_type == "case"
    ] == [beyond.pk]


@pytest.mark.django_db
def test_subject_access_export_holds_everything_about_the_person_and_no_one_else(client, casework):
    from cspkit.web.accounts.models import User

    victim = casework.noise.involved.get(role="victim").person
    perpetrator = casework.noise.involved.get(role="perpetrator").person
    client.force_login(User.objects.get(username="supervisor"))
    response = client.post(f"/cases/people/{victim.pk}/subject-access/", {"reason": "SAR 2026-041"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    export = json.loads(response.content)
    assert export["person"]["last_name"] == victim.last_name
    [case] = export["cases"]
    assert case["reference"] == casework.noise.reference
    assert set(case["roles"]) == {"Victim", "Complainant"}
    assert len(case["incidents_reported"]) == casework.noise.incidents.filter(reporter=victim).count()
    assert case["risk_assessments"][0]["level"] == "high"
    assert perpetrator.last_name not in response.text
    assert PersonalDataEvent.objects.filter(
        action="subject_access", record_id=str(victim.pk), reason="SAR 2026-041"
    ).exists()


@pytest.mark.django_db
def test_subject_access_asks_for_the_request_and_a_link_exports_nothing(client, casework):
    from cspkit.web.accounts.models import User

    victim = casework.noise.involved.get(role="victim").person
    client.force_login(User.objects.get(username="supervisor"))
    url = f"/cases/people/{victim.pk}/subject-access/"
    for response in (client.get(url), client.post(url, {"reason": "  "})):
        assert response.status_code == 200 and "Content-Disposition" not in response
        assert "The request you are answering" in response.text
    assert "Enter the request you are answering" in client.post(url, {"reason": ""}).text
    assert not PersonalDataEvent.objects.filter(action="subject_access", record_id=str(victim.pk)).exists()


@pytest.mark.django_db
def test_subject_access_never_reaches_a_case_another_agency_locked_down(client, casework):
    """The walk-through's finding: a council supervisor exported the victim and the alleged
    perpetrator of Hartbury Homes' locked-down case by typing the person's address."""
    from cspkit.web.accounts.models import User

    client.force_login(User.objects.get(username="supervisor"))
    refused = 0
    for link in casework.locked.involved.select_related("person"):
        url = f"/cases/people/{link.person.pk}/subject-access/"
        others = link.person.involvements.exclude(case=casework.locked)
        if others.exists():  # someone also in a case the supervisor may read: that case only
            export = json.loads(client.post(url, {"reason": "SAR 2026-042"}).content)
            assert casework.locked.reference not in {case["reference"] for case in export["cases"]}
            assert "not_included" in export
            continue
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "SAR 2026-042"}).status_code == 404
        refused += 1
    assert refused  # the victim and the alleged perpetrator are in no case the supervisor may read


@pytest.mark.django_db
def test_remind_emails_due_and_overdue_tasks_once_and_records_it(casework, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    due = Task.objects.filter(done_on__isnull=True, due_on__lte=today)
    owners = {task.owner.email for task in due}
    result = send_reminders(today)
    assert result.emails == len(mail.outbox) >= 1
    assert {address for message in mail.outbox for address in message.to} >= owners
    assert "Visit Mrs Whitfield" in "".join(message.body for message in mail.outbox)
    assert set(due.values_list("reminded_on", flat=True)) == {today}
    assert RunRecord.objects.filter(command="remind").exists()
    mail.outbox.clear()
    send_reminders(today)  # run again the same day: tasks already reminded are not sent twice
    assert not any("Visit Mrs Whitfield" in message.body for message in mail.outbox)
