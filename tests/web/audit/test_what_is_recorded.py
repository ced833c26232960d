"""The personal-data audit log records what was searched for and what was recorded or changed
(CASEWORK.md, personal data: "who viewed, searched, added or changed what, with before and after
values"), and keeps typed text only as its length and SHA-256 (docs/decisions/0015)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cspkit.web.accounts.models import User
from cspkit.web.audit.models import PersonalDataEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def noise(db):
    """The demo's noise case: the council's (asbofficer's agency), Margaret Whitfield against Dean Crane."""
    from cspkit.web.cases.models import Case

    return Case.objects.get(category="Noise", summary__startswith="Loud music")


def _last_event() -> int:
    return PersonalDataEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _new_event(last: int, username: str, action: str) -> PersonalDataEvent:
    return PersonalDataEvent.objects.filter(id__gt=last, username=username, action=action).get()


def test_a_search_records_the_words_the_filters_and_the_cases_shown(sign_in, noise) -> None:
    last = _last_event()
    sign_in("asbofficer").get(reverse("cases:list"), {"q": "Whitfield", "status": "all"})
    event = _new_event(last, "asbofficer", "search")
    assert "“Whitfield”" in event.summary
    assert "status: all cases" in event.summary and "page: 1" in event.summary
    assert noise.reference in event.summary  # the case it showed


def test_two_different_searches_leave_different_traces(sign_in, noise) -> None:
    client, last = sign_in("asbofficer"), _last_event()
    client.get(reverse("cases:list"), {"q": "Whitfield", "status": "all"})
    client.get(reverse("cases:list"), {"q": "' OR 1=1 --", "status": "open"})
    first, second = PersonalDataEvent.objects.filter(id__gt=last, action="search").order_by("id")
    assert first.summary != second.summary
    assert "' OR 1=1 --" in second.summary and "status: open cases" in second.summary


def test_the_supervisor_sees_who_searched_for_what_and_others_do_not(sign_in, noise) -> None:
    sign_in("asbofficer").get(reverse("cases:list"), {"q": "Crane", "status": "all"})
    page = sign_in("supervisor").get(reverse("cases:audit"), {"username": "asbofficer", "action": "search"})
    assert page.status_code == 200
    assert "search for “Crane”" in page.text


def test_the_supervisor_reads_each_record_by_its_kind_in_words(sign_in, noise) -> None:
    officer = sign_in("asbofficer")
    officer.get(reverse("cases:list"))
    officer.get(reverse("cases:detail", args=[noise.pk]))
    page = sign_in("supervisor").get(reverse("cases:audit"), {"username": "asbofficer"})
    assert f"<td class=\"govuk-table__cell\">Case {noise.pk}</td>" in page.text
    assert "Case list</td>" in page.text  # the visit to the list of cases, logged as case_list
    assert "case_list" not in page.text and ">case " not in page.text
    assert sign_in("asbofficer").get(reverse("cases:audit")).status_code in (403, 404)


def test_a_search_for_people_to_add_records_the_name_searched_for(sign_in, noise) -> None:
    last = _last_event()
    sign_in("asbofficer").get(reverse("cases:add_person", args=[noise.pk]), {"q": "Whit"})
    assert "“Whit”" in _new_event(last, "asbofficer", "search").summary


def test_an_intervention_is_recorded_with_its_power_subject_and_dates(sign_in, noise) -> None:
    crane = noise.involved.get(role="perpetrator").person
    given = timezone.localdate() - timedelta(days=2)
    last = _last_event()
    response = sign_in("asbofficer").post(
        reverse("cases:intervention", args=[noise.pk]),
        {"power": "warning_letter", "person": crane.pk, "on": given.isoformat(), "details": "Hand delivered."},
    )
    assert response.status_code == 302
    summary = _new_event(last, "asbofficer", "change").summary
    assert "Warning letter" in summary
    assert f"against: person {crane.pk}" in summary
    assert f"given or made on: {given.isoformat()}" in summary
    assert "Hand delivered" not in summary
    assert hashlib.sha256(b"Hand delivered.").hexdigest() in summary


def test_a_task_is_recorded_with_its_owner_and_due_date_and_done_as_before_and_after(sign_in, noise) -> None:
    owner = User.objects.get(username="supervisor")
    due = timezone.localdate() + timedelta(days=10)
    client, last = sign_in("asbofficer"), _last_event()
    client.post(
        reverse("cases:task", args=[noise.pk]),
        {"title": "Ring Mrs Whitfield", "owner": owner.pk, "due_on": due.isoformat()},
    )
    added = _new_event(last, "asbofficer", "change").summary
    assert "owner: supervisor" in added and f"due on: {due.isoformat()}" in added
    assert "Whitfield" not in added  # the title is typed text: its length and digest only
    task = noise.tasks.get(title="Ring Mrs Whitfield")
    last = _last_event()
    client.post(reverse("cases:task_done", args=[task.pk]), {"next": "/cases/tasks/"})
    done = _new_event(last, "asbofficer", "change").summary
    assert f"done on: none → {timezone.localdate().isoformat()}" in done


def test_a_note_is_kept_as_its_length_and_digest_not_its_words(sign_in, noise) -> None:
    text = "Spoke to Mrs Whitfield; she is frightened to go out after 9pm."
    last = _last_event()
    sign_in("asbofficer").post(reverse("cases:note", args=[noise.pk]), {"text": text})
    summary = _new_event(last, "asbofficer", "change").summary
    assert "frightened" not in summary and "Whitfield" not in summary
    assert f"{len(text)} characters, SHA-256 {hashlib.sha256(text.encode()).hexdigest()}" in summary


def test_locking_down_is_recorded_as_before_and_after(sign_in, noise) -> None:
    last = _last_event()
    sign_in("asbofficer").post(reverse("cases:lock", args=[noise.pk]), {"locked": "1"})
    assert "locked down: no → yes" in _new_event(last, "asbofficer", "change").summary


def test_a_case_review_records_the_values_it_was_given_and_not_the_applicants_words(sign_in, noise) -> None:
    from cspkit.web.reviews.models import Application

    coordinator = sign_in("coordinator")
    last = _last_event()
    coordinator.post(reverse("reviews:create"), {"received_on": "2026-11-02", "applicant_name": "Ruth Okonedo",
                                                 "description": "Still noisy", "case": noise.reference})
    created = _new_event(last, "coordinator", "create")
    application = Application.objects.get(applicant_name="Ruth Okonedo")
    assert (created.record_type, created.record_id) == ("case_review", str(application.pk))
    assert f"The case it is about: {noise.reference}" in created.summary
    assert "received on: 2026-11-02" in created.summary.lower()
    assert "Ruth Okonedo" not in created.summary and "Still noisy" not in created.summary
    # a name could be found from its digest by trying names in turn: the log says only that one was given
    assert "Applicant name: given" in created.summary
    assert hashlib.sha256(b"Ruth Okonedo").hexdigest() not in created.summary
    assert hashlib.sha256(b"Still noisy").hexdigest() in created.summary  # the description, as typed text

    url = reverse("reviews:appeal", args=[application.pk])
    last = _last_event()
    coordinator.post(url, {"received_on": "", "grounds": ""})  # sent back with errors: nothing changed
    assert _new_event(last, "coordinator", "view").summary == "Record an appeal form, not saved"
    assert not PersonalDataEvent.objects.filter(id__gt=last, action="change").exists()
    last = _last_event()
    coordinator.post(url, {"received_on": "2026-11-20", "grounds": "They never rang me back"})
    changed = _new_event(last, "coordinator", "change")
    grounds = hashlib.sha256(b"They never rang me back").hexdigest()
    assert changed.summary.startswith("Record an appeal; ") and grounds in changed.summary
    assert "2026-11-20" in changed.summary and "rang me back" not in changed.summary


def test_form_changes_names_people_by_number_and_keeps_file_names_as_digests(noise) -> None:
    from django import forms
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cspkit.web.audit.values import form_changes
    from cspkit.web.cases.models import Person

    class Chosen(forms.Form):
        person = forms.ModelChoiceField(queryset=Person.objects.all())
        evidence = forms.FileField()

    crane = noise.involved.get(role="perpetrator").person
    upload = SimpleUploadedFile("Dean Crane statement.pdf", b"%PDF-1.4")
    form = Chosen({"person": crane.pk}, {"evidence": upload})
    assert form.is_valid()
    summary = form_changes("Chosen", form)
    assert f"Person: person {crane.pk}" in summary
    assert "Crane" not in summary and hashlib.sha256(b"Dean Crane statement.pdf").hexdigest() in summary


def test_an_incidents_place_is_logged_as_given_not_as_a_digest_an_address_list_would_undo(sign_in, noise) -> None:
    last = _last_event()
    today = timezone.localdate()
    response = sign_in("asbofficer").post(reverse("cases:incident", args=[noise.pk]), {
        "occurred_on": today.isoformat(), "reported_on": today.isoformat(), "category": "Noise",
        "description": "Music until 3am.", "place": "14 Elm Road, Hartbury"})
    assert response.status_code == 302
    summary = _new_event(last, "asbofficer", "change").summary
    assert "place: given" in summary and "Elm Road" not in summary
    assert hashlib.sha256(b"14 Elm Road, Hartbury").hexdigest() not in summary


def test_acknowledging_or_deciding_twice_changes_nothing_and_logs_no_second_change(sign_in, noise) -> None:
    from cspkit.web.reviews.models import Application

    coordinator = sign_in("coordinator")
    coordinator.post(reverse("reviews:create"), {"received_on": "2026-11-02", "applicant_name": "R Okonedo",
                                                 "description": "Still noisy", "case": noise.reference})
    application = Application.objects.get(applicant_name="R Okonedo")
    last = _last_event()
    coordinator.post(reverse("reviews:acknowledge", args=[application.pk]))
    first = _new_event(last, "coordinator", "change")
    assert first.summary == f"acknowledged; on: {timezone.localdate().isoformat()}"
    Application.objects.filter(pk=application.pk).update(acknowledged_on=date(2026, 11, 3))
    last = _last_event()
    coordinator.post(reverse("reviews:acknowledge", args=[application.pk]))  # pressed again a month later
    assert Application.objects.get(pk=application.pk).acknowledged_on == date(2026, 11, 3)
    assert not PersonalDataEvent.objects.filter(id__gt=last, action="change").exists()
    coordinator.post(reverse("reviews:decide", args=[application.pk]))
    decided = _new_event(last, "coordinator", "change")
    assert decided.summary.startswith("threshold decided; met: ")
    last = _last_event()
    coordinator.post(reverse("reviews:decide", args=[application.pk]))
    assert not PersonalDataEvent.objects.filter(id__gt=last, action="change").exists()
