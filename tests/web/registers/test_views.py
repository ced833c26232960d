"""The registers' pages with the demo partnership: what they show, what they refuse, what they audit."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse

from cspkit.web.audit.models import PersonalDataEvent
from cspkit.web.registers.models import DeathReview, Pspo

pytestmark = pytest.mark.django_db


def _in_force() -> Pspo:
    return Pspo.objects.get(title="Hartbury Bus Station and Market Square")


def test_the_register_lists_every_order_with_its_status(sign_in) -> None:
    page = sign_in("coordinator").get(reverse("registers:pspos")).content.decode()
    assert "Hartbury Bus Station and Market Square" in page
    assert "Oak Lane Underpass" in page and "Lapsed" in page
    assert "Riverside Park dog control" in page and "Proposed" in page


def test_the_public_page_shows_orders_in_force_only(client) -> None:
    response = client.get(reverse("registers:public"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hartbury Bus Station and Market Square" in page
    assert "No person shall ride a bicycle" in page
    assert reverse("registers:pspo_map", args=[_in_force().pk]) in page
    assert "Oak Lane Underpass" not in page  # lapsed
    assert "Riverside Park" not in page  # not yet made


def test_the_map_of_an_order_in_force_is_public_and_others_are_not(client) -> None:
    response = client.get(reverse("registers:pspo_map", args=[_in_force().pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    lapsed = Pspo.objects.get(title="Oak Lane Underpass")
    assert client.get(reverse("registers:pspo_map", args=[lapsed.pk])).status_code == 404


def test_a_coordinator_proposes_an_order_from_a_geojson_upload(sign_in) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    area = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[-2.03, 53.10], [-2.02, 53.10], [-2.02, 53.11], [-2.03, 53.11], [-2.03, 53.10]]],
                },
            }
        ],
    }
    client = sign_in("coordinator")
    response = client.post(
        reverse("registers:pspo_create"),
        {
            "title": "Leek Bus Station",
            "area_description": "The bus station",
            "prohibitions": "No drinking",
            "months": "36",
            "area_file": SimpleUploadedFile("area.geojson", json.dumps(area).encode()),
        },
    )
    order = Pspo.objects.get(title="Leek Bus Station")
    assert response.status_code == 302
    assert order.geometry["type"] == "Polygon"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not GeoJSON"),
        ('{"type": "Point", "coordinates": [-2.0, 53.1]}', "no polygon"),
        (
            '{"type": "Polygon", "coordinates": [[[53.10, -2.03], [53.10, -2.02], [53.11, -2.02], [53.10, -2.03]]]}',
            "longitude first",
        ),
        (
            '{"type": "Polygon", "coordinates": '
            "[[[-2.03, 53.10], [-2.02, 53.11], [-2.02, 53.10], [-2.03, 53.11], [-2.03, 53.10]]]}",
            "crosses itself",
        ),
        ('{"type": "Polygon", "coordinates": ' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply"),
    ],
)
def test_a_bad_area_is_refused_in_plain_words(sign_in, text, message) -> None:
    response = sign_in("coordinator").post(
        reverse("registers:pspo_create"),
        {"title": "X", "area_description": "X", "prohibitions": "X", "months": "36", "area_geojson": text},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Pspo.objects.filter(title="X").exists()


def test_an_extension_after_expiry_is_refused_and_one_before_is_recorded(sign_in) -> None:
    order = _in_force()
    client = sign_in("coordinator")
    url = reverse("registers:pspo_add", args=[order.pk, "extension"])
    late = order.expires_on + timedelta(days=1)
    data = {"review_summary": "Still needed", "consultation_summary": "Police agree", "months": "36"}
    response = client.post(url, {**data, "decided_on": late.isoformat()})
    assert "only be extended before it expires" in response.content.decode()
    before = order.expires_on
    assert client.post(url, {**data, "decided_on": (before - timedelta(days=10)).isoformat()}).status_code == 302
    assert _in_force().expires_on == before.replace(year=before.year + 3)


def test_making_an_order_needs_a_recorded_consultation(sign_in) -> None:
    proposed = Pspo.objects.get(title="Riverside Park dog control")
    client = sign_in("coordinator")
    url = reverse("registers:pspo_step", args=[proposed.pk, "decision"])
    data = {
        "decision": "Cabinet",
        "made_on": "2026-01-05",
        "in_force_from": "2026-01-10",
        "opened_version": proposed.version,
    }
    assert "Record the consultation first" in client.post(url, data).content.decode()


def test_reading_a_review_is_audited(sign_in) -> None:
    review = DeathReview.objects.get()
    before = PersonalDataEvent.objects.count()
    response = sign_in("coordinator").get(reverse("registers:review", args=[review.pk]))
    assert response.status_code == 200
    assert "Criminal proceedings" in response.content.decode()
    event = PersonalDataEvent.objects.order_by("-id").first()
    assert PersonalDataEvent.objects.count() == before + 1
    assert (event.username, event.action, event.record_type, event.record_id) == (
        "coordinator",
        "view",
        "dardr",
        str(review.pk),
    )


def test_a_refused_read_of_a_review_is_audited_too(sign_in) -> None:
    from cspkit.web.accounts.models import Partnership, User
    from cspkit.web.permissions.roles import Role

    other = User.objects.create_user("coordinator2", role=Role.COORDINATOR)
    other.partnerships.add(Partnership.objects.get(death_reviews__isnull=False))
    review = DeathReview.objects.get()
    assert sign_in("coordinator2").get(reverse("registers:review", args=[review.pk])).status_code == 403
    event = PersonalDataEvent.objects.order_by("-id").first()
    assert (event.username, event.action) == ("coordinator2", "denied")


def test_the_statement_suppresses_small_numbers(sign_in) -> None:
    page = sign_in("board").get(reverse("registers:statement")).content.decode()
    assert "Orders in force" in page
    assert "fewer than 5" in page  # one review open, one action outstanding in the demo


def test_the_review_clocks_follow_the_pause(demo) -> None:
    review = DeathReview.objects.get()
    pause = review.clock_pauses.get()
    from cspkit.casework.dates import add_months

    assert review.report_due(date.today()) == add_months(review.decided_on, 6) + (pause.ends - pause.starts)


def test_a_variation_changes_the_area_and_prohibitions_while_in_force(sign_in) -> None:
    order = _in_force()
    area = '{"type": "Polygon", "coordinates": [[[-2.03, 53.10], [-2.02, 53.10], [-2.02, 53.11], [-2.03, 53.10]]]}'
    url = reverse("registers:pspo_add", args=[order.pk, "variation"])
    data = {"summary": "Market Square removed", "new_prohibitions": "No drinking", "area_geojson": area}
    response = sign_in("coordinator").post(
        url, {**data, "varied_on": (order.in_force_from - timedelta(days=1)).isoformat()}
    )
    assert "only be varied while it has effect" in response.content.decode()
    assert sign_in("coordinator").post(url, {**data, "varied_on": order.in_force_from.isoformat()}).status_code == 302
    varied = _in_force()
    assert varied.prohibitions == "No drinking"
    assert varied.geometry["coordinates"][0][0] == [-2.03, 53.1]
    assert varied.variations.get().summary == "Market Square removed"


def test_a_change_to_a_review_is_audited_with_the_values_it_set(sign_in) -> None:
    """The log says what was changed, before and after, with typed text as its length and digest only
    (docs/decisions/0015): a death review's panel and scope are in words the log must not keep."""
    import hashlib

    review = DeathReview.objects.get()
    client = sign_in("coordinator")
    told = review.home_office_told_on + timedelta(days=1)
    response = client.post(reverse("registers:review_step", args=[review.pk, "decision"]), {
        "decision": review.decision, "decided_on": review.decided_on.isoformat(),
        "decision_reason": review.decision_reason, "home_office_told_on": told.isoformat(),
        "opened_version": review.version})
    assert response.status_code == 302
    event = PersonalDataEvent.objects.order_by("-id").first()
    assert (event.action, event.record_type) == ("change", "dardr")
    assert event.summary == (f"Decision and Home Office notification; Home Office told on: "
                             f"{review.home_office_told_on.isoformat()} → {told.isoformat()}")
    review.refresh_from_db()
    scope = "Contact with Adult A in the five years before her death."
    url = reverse("registers:review_step", args=[review.pk, "panel"])
    client.post(url, {"chair": review.chair, "panel": review.panel, "scope": scope,
                      "terms_of_reference": review.terms_of_reference, "opened_version": review.version})
    event = PersonalDataEvent.objects.order_by("-id").first()
    old = "Contact with Adult A and her former partner in the three years before her death."
    assert event.summary == (f"Chair, panel, scope and terms of reference; Scope: {len(old)} characters, SHA-256 "
                              f"{hashlib.sha256(old.encode()).hexdigest()} → {len(scope)} characters, SHA-256 "
                              f"{hashlib.sha256(scope.encode()).hexdigest()}")
    assert "Adult A" not in event.summary


def test_an_action_added_to_a_review_is_audited_with_its_owner_and_date(sign_in) -> None:
    review = DeathReview.objects.get()
    recommendation = review.recommendations.first()
    agency = review.partnership.agencies.get(name="Mercia Vale Police")
    due = date.today() + timedelta(days=90)
    response = sign_in("coordinator").post(
        reverse("registers:review_add", args=[review.pk, "action"]),
        {"recommendation": recommendation.pk, "action": "Train call handlers", "owner_agency": agency.pk,
         "owner": "Head of training", "due_on": due.isoformat()})
    assert response.status_code == 302
    summary = PersonalDataEvent.objects.order_by("-id").first().summary
    assert summary.startswith("Add an action to the action plan; ")
    assert "Owning agency: Police" in summary and f"Due by: {due.isoformat()}" in summary
    assert "Train call handlers" not in summary and "Head of training" not in summary


def test_line_breaks_a_browser_sends_are_stored_as_they_were_and_not_logged_as_a_change(sign_in) -> None:
    """Browsers send a text box's line breaks as CR LF: saving the panel step untouched but for its
    scope left the five-line panel as it was, rather than storing CR LF and logging it as changed."""
    review = DeathReview.objects.get()
    assert "\n" in review.panel and "\r" not in review.panel
    scope = "Contact with Adult A in the five years before her death."
    response = sign_in("coordinator").post(reverse("registers:review_step", args=[review.pk, "panel"]), {
        "chair": review.chair, "panel": review.panel.replace("\n", "\r\n"), "scope": scope,
        "terms_of_reference": review.terms_of_reference, "opened_version": review.version})
    assert response.status_code == 302
    panel = review.panel
    review.refresh_from_db()
    assert review.panel == panel and review.scope == scope
    summary = PersonalDataEvent.objects.order_by("-id").first().summary
    assert summary.startswith("Chair, panel, scope and terms of reference; Scope: ") and "Panel" not in summary


def test_a_notification_logs_that_a_subject_was_given_but_nothing_that_could_name_them(sign_in) -> None:
    import hashlib

    response = sign_in("coordinator").post(reverse("registers:review_create"), {
        "reference": "DARDR 2026/99", "subject": "Adult B",
        "notified_on": (date.today() - timedelta(days=3)).isoformat(),
        "notified_by": "Mercia Vale Police", "circumstances": "A man aged 52 died in hospital.",
        "decision_months": 1, "report_months": 6})
    assert response.status_code == 302
    event = PersonalDataEvent.objects.order_by("-id").first()
    assert (event.action, event.record_type) == ("create", "dardr")
    assert "Subject: given" in event.summary and "Adult B" not in event.summary
    assert hashlib.sha256(b"Adult B").hexdigest() not in event.summary


def test_a_text_stored_with_cr_lf_before_is_not_logged_as_changed_when_saved_untouched(sign_in) -> None:
    review = DeathReview.objects.get()
    DeathReview.objects.filter(pk=review.pk).update(panel=review.panel.replace("\n", "\r\n"))
    review.refresh_from_db()
    response = sign_in("coordinator").post(reverse("registers:review_step", args=[review.pk, "panel"]), {
        "chair": review.chair, "panel": review.panel, "scope": "Two years.",
        "terms_of_reference": review.terms_of_reference, "opened_version": review.version})
    assert response.status_code == 302
    assert "Panel" not in PersonalDataEvent.objects.order_by("-id").first().summary
    review.refresh_from_db()
    assert "\r" not in review.panel


def test_a_pause_sent_back_unchanged_changes_nothing_and_logs_no_change(sign_in) -> None:
    review = DeathReview.objects.get()
    pause = review.clock_pauses.get()
    last = PersonalDataEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = sign_in("coordinator").post(reverse("registers:pause_end", args=[review.pk, pause.pk]), {
        "starts": pause.starts.isoformat(), "ends": pause.ends.isoformat(), "reason": pause.reason})
    assert response.status_code == 302
    assert not PersonalDataEvent.objects.filter(id__gt=last, action="change").exists()
