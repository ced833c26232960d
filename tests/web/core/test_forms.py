"""GOV.UK form markup: error summary linked to each field, error classes, no browser validation."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_a_form_with_errors_shows_the_govuk_error_summary_linked_to_each_field(demo, sign_in) -> None:
    url = reverse("plan:priority_part_create", args=[demo.plan.pk, demo.police_action.priority_id, "measures"])
    page = sign_in("coordinator").post(url, {"name": "", "source": "evidence"}).content.decode()
    assert '<div class="govuk-error-summary"' in page
    assert 'href="#id_name"' in page  # a text input
    assert 'href="#id_polarity_0"' in page  # a radio group links to its first option
    assert "govuk-form-group--error" in page and "govuk-input--error" in page
    assert '<form method="post" novalidate' in page
    assert "<title>Error: " in page


@pytest.mark.django_db
def test_a_field_in_error_is_described_by_its_hint_and_its_message(demo, sign_in) -> None:
    url = reverse("plan:edit", args=[demo.plan.pk])
    page = (
        sign_in("coordinator")
        .post(url, {"title": "", "starts": "", "opened_version": demo.plan.version})
        .content.decode()
    )
    assert 'aria-describedby="id_starts_helptext id_starts_error"' in page
    assert 'id="id_title_error" class="govuk-error-message"' in page


@pytest.mark.django_db
def test_numbers_use_a_text_input_with_a_numeric_keyboard_and_no_trailing_zeros(demo, sign_in) -> None:
    url = reverse("plan:part_edit", args=[demo.plan.pk, "measures", demo.police_measure.pk])
    page = sign_in("coordinator").get(url).content.decode()
    baseline = f"{demo.police_measure.baseline.normalize():f}"
    assert f'<input type="text" name="baseline" value="{baseline}" inputmode="decimal"' in page


HUGE = "1" * 25  # the walk-through's "promised" output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "most"),
    [("number", 32_767), ("ranked_position", 32_767)],  # small-integer columns on every database
)
def test_a_huge_whole_number_is_refused_in_plain_words(demo, field: str, most: int) -> None:
    from cspkit.web.plan.forms import PriorityForm

    priority = demo.police_action.priority
    data = {"number": "1", "title": "T", "description": "", "ranked_position": "1", field: HUGE}
    form = PriorityForm(data=data, instance=priority)
    assert not form.is_valid()
    label = form.fields[field].label
    assert form.errors[field] == [f"{label} must be {most:,} or less"]


def test_a_plain_forms_whole_number_takes_at_most_a_billion() -> None:
    from django import forms

    from cspkit.web.core.forms import GovukForm

    class Hours(GovukForm):
        hours = forms.IntegerField(label="Length in hours", min_value=1)

    assert Hours(data={"hours": HUGE}).errors["hours"] == ["Length in hours must be 1,000,000,000 or less"]
    assert Hours(data={"hours": "0"}).errors["hours"] == ["Length in hours must be 1 or more"]
    assert Hours(data={"hours": "1000000000"}).is_valid()


@pytest.mark.django_db
def test_the_promised_output_page_says_its_limit_in_words(sign_in) -> None:
    from cspkit.web.commissioning.models import Project

    project = Project.objects.order_by("pk").first()
    url = reverse("commissioning:output_create", args=[project.pk])
    page = sign_in("coordinator").post(url, {"name": "S2", "unit": "s", "promised": HUGE}).content.decode()
    assert "Promised must be 1,000,000,000 or less" in page
    assert "9223372036854775807" not in page
