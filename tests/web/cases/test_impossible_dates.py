"""Dates and places that cannot be true are refused in words (the browser walk-through saved a
warning letter of 1900, a person born in 2030, a place at latitude 999 and a breach of a prosecution)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cspkit.casework.powers import Power
from cspkit.web.cases import forms
from cspkit.web.cases.models import Intervention, Person

pytestmark = pytest.mark.django_db


def _errors(form) -> str:
    form.is_valid()
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_a_person_born_in_the_future_or_two_centuries_ago_is_refused():
    today = timezone.localdate()
    for born, said in ((today + timedelta(days=1), "must be in the past"), (date(1800, 1, 1), "check the year")):
        form = forms.PersonForm({"role": "victim", "first_name": "A", "last_name": "B", "born_on": born})
        assert said in _errors(form)
    assert not forms.PersonForm({"role": "victim", "first_name": "A", "born_on": date(1950, 5, 1)}).errors


def test_an_incident_in_the_future_or_a_place_off_the_map_is_refused(casework):
    tomorrow = timezone.localdate() + timedelta(days=1)
    base = {"occurred_on": date(2026, 1, 5), "reported_on": date(2026, 1, 6), "category": "Noise",
            "description": "Music", "latitude": "52.69", "longitude": "-2.03"}
    people = Person.objects.none()
    future = forms.IncidentForm({**base, "occurred_on": tomorrow, "reported_on": tomorrow}, people=people)
    assert "must be today or in the past" in _errors(future)
    off_the_map = forms.IncidentForm({**base, "latitude": "99.9", "longitude": "-2"}, people=people)
    assert "not in England or Wales" in _errors(off_the_map)
    assert "Give both latitude and longitude" in _errors(forms.IncidentForm({**base, "longitude": ""}, people=people))
    assert not _errors(forms.IncidentForm(base, people=people))


def test_an_intervention_in_the_future_before_birth_or_complied_with_before_it_was_given_is_refused(casework):
    case = casework.noise
    person = Person.objects.filter(born_on__isnull=False).first()
    assert person is not None
    people = Person.objects.filter(pk=person.pk)
    today = timezone.localdate()
    cases = (
        ({"on": today + timedelta(days=30)}, "must be today or in the past"),
        ({"on": person.born_on - timedelta(days=1)}, "before"),
        ({"on": today, "comply_by": today - timedelta(days=30)}, "must be after the date it was given"),
    )
    for data, said in cases:
        form = forms.InterventionForm({"power": "cpw", "person": person.pk, **data}, case=case, people=people)
        assert said in _errors(form), data


def test_a_task_due_in_the_past_or_decades_ahead_is_refused(casework):
    today = timezone.localdate()
    for due, said in ((date(1999, 1, 1), "cannot be due in the past"), (date(today.year + 70, 1, 1), "check the year")):
        form = forms.TaskForm({"title": "Visit", "due_on": due}, case=casework.noise)
        assert said in _errors(form)


def test_a_prosecution_offers_no_breach_and_one_cannot_be_recorded(casework):
    prosecution = Intervention(case=casework.noise, power=Power.PROSECUTION.value, on=date(2026, 6, 1))
    form = forms.BreachForm({"on": date(2026, 7, 1), "description": "Again"}, intervention=prosecution)
    assert "has no terms to breach" in _errors(form)
    assert Power.COMMUNITY_PROTECTION_NOTICE.breachable and not Power.FIXED_PENALTY.breachable


def test_a_high_risk_alert_gives_the_day_of_the_assessment_not_of_the_record(casework):
    """The demo's July assessment raised an alert dated the day the demo was built."""
    from cspkit.web.accounts.models import User
    from cspkit.web.cases.services import assess

    case = casework.noise
    person = case.involved.get(role="victim").person
    officer = User.objects.get(username="asbofficer")
    answers = {qid: True for qid in forms.RiskForm(people=Person.objects.none(), questionnaire=_questionnaire())
               .question_ids}
    assess(case, person, answers, "high", officer, date(2026, 7, 8))
    assert case.alerts.order_by("-id").first().message.startswith("High risk assessed on 8 July 2026")


def _questionnaire():
    from cspkit.web.cases.services import questionnaire

    return questionnaire()
