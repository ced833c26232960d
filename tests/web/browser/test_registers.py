"""The registers in a real browser, every page checked by axe-core: a coordinator making,
extending and discharging a PSPO; running a death review from notification to a published
report and a completed action plan; and the public reading the orders in force."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AREA = {
    "type": "Polygon",
    "coordinates": [[[-2.030, 53.100], [-2.020, 53.100], [-2.020, 53.106], [-2.030, 53.106], [-2.030, 53.100]]],
}


def _save(page: Page, name: str = "Save") -> None:
    page.get_by_role("button", name=name).click()


def test_a_coordinator_makes_extends_and_discharges_an_order(page: Page, demo_site, accessible, sign_in) -> None:
    today = timezone.localdate()
    sign_in(page, demo_site, "coordinator")
    page.get_by_role("link", name="Registers", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Public spaces protection orders")
    accessible(page)
    page.get_by_role("link", name="Propose an order").click()
    accessible(page)
    _save(page, "Add the proposed order")  # nothing filled in: the error summary
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    accessible(page)
    page.get_by_label("Title").fill("Leek Bus Station")
    page.get_by_label("Restricted area", exact=True).fill("The bus station and its forecourt")
    page.get_by_label("Or paste the GeoJSON").fill(json.dumps(AREA))
    page.get_by_label("Prohibitions").fill(
        "No person shall consume alcohol when asked to stop by an authorised officer."
    )
    page.get_by_label("Period in months").fill("36")
    _save(page, "Add the proposed order")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leek Bus Station")
    expect(page.get_by_text("Proposed", exact=True)).to_be_visible()
    accessible(page)

    page.get_by_role("link", name="Record a consultation").click()
    accessible(page)
    page.get_by_label("Stage").select_option(label="Making the order")
    page.get_by_label("Consultee").fill("Chief officer of police")
    page.get_by_label("Consulted on").fill((today - timedelta(days=90)).isoformat())
    page.get_by_label("Response").fill("Supports the order")
    _save(page)
    expect(page.get_by_role("cell", name="Chief officer of police")).to_be_visible()

    page.get_by_role("link", name="Make the order").click()
    accessible(page)
    page.get_by_label("Decision").fill("Made by the Cabinet Member for Communities")
    page.get_by_label("Made on").fill((today - timedelta(days=40)).isoformat())
    page.get_by_label("In force from").fill((today - timedelta(days=30)).isoformat())
    _save(page)
    expect(page.get_by_text("In force", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Map of the restricted area"))).to_be_visible()
    accessible(page)

    page.get_by_role("link", name="Extend the order").click()
    accessible(page)
    page.get_by_label("Review summary").fill("Calls about drinking continue")
    page.get_by_label("Consultation summary").fill("Police and the Commissioner support an extension")
    page.get_by_label("Decided on").fill(today.isoformat())
    page.get_by_label("Extended by (months)").fill("12")
    _save(page)
    expect(page.get_by_text(re.compile("Extended on .* by 12 months"))).to_be_visible()
    accessible(page)

    page.get_by_role("link", name="Discharge the order").click()
    accessible(page)
    page.get_by_label("Discharged on").fill(today.isoformat())
    page.get_by_label("Discharge reason").fill("The bus station has closed for rebuilding")
    _save(page)
    expect(page.get_by_text("Discharged", exact=True)).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Back to the register").click()
    page.get_by_role("link", name="Register statement").click()
    expect(page.get_by_role("rowheader", name="Orders discharged in the year")).to_be_visible()
    accessible(page)
    assert len(accessible.checked) >= 11


def test_a_coordinator_runs_a_review_to_publication_and_a_completed_action_plan(
    page: Page, demo_site, accessible, sign_in
) -> None:
    today = timezone.localdate()
    notified = today - timedelta(days=300)
    decided = notified + timedelta(days=20)

    def day(offset: int) -> str:
        return (decided + timedelta(days=offset)).isoformat()

    sign_in(page, demo_site, "coordinator")
    page.get_by_role("link", name="Registers", exact=True).click()
    page.get_by_role("link", name="Domestic Abuse Related Death Reviews").click()
    accessible(page)
    page.get_by_role("link", name="Record a notification").click()
    accessible(page)
    page.get_by_label("Reference").fill("DARDR 2026/02")
    page.get_by_label("Subject").fill("Adult B")
    page.get_by_label("Notified on").fill(notified.isoformat())
    _save(page, "Record the notification")
    expect(page.get_by_role("heading", level=1)).to_have_text("DARDR 2026/02")
    accessible(page)

    steps = [
        (
            "Decision and Home Office notification",
            {"Decided on": day(0), "Decision reason": "Meets s.9", "Home Office told on": day(2)},
        ),
        (
            "Chair, panel, scope and terms of reference",
            {"Independent chair": "An independent chair", "Scope": "Three years"},
        ),
    ]
    for link, fields in steps:
        page.get_by_role("link", name=link).click()
        accessible(page)
        if link.startswith("Decision"):
            page.get_by_label("Decision", exact=True).select_option(label="Hold a review")
        for label, value in fields.items():
            page.get_by_label(label, exact=True).fill(value)
        _save(page)
        expect(page.get_by_text(f"{link}: saved.")).to_be_visible()

    page.get_by_role("link", name="Ask an agency for a review or chronology").click()
    accessible(page)
    page.get_by_label("Agency").select_option(label="Police")
    page.get_by_label("Requested on").fill(day(5))
    _save(page)
    page.get_by_role("link", name=re.compile("Record receipt")).click()
    accessible(page)
    page.get_by_label("Received on").fill(day(30))
    _save(page)
    expect(page.get_by_role("cell", name=re.compile(r"\(met\)"))).to_be_visible()

    page.get_by_role("link", name="Pause the report clock").click()
    accessible(page)
    page.get_by_label("Paused from").fill(day(40))
    page.get_by_label("Reason").fill("Criminal proceedings")
    _save(page)
    expect(page.get_by_text("Clock paused", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("Resume the clock")).click()
    page.get_by_label("Resumed on").fill(day(70))
    _save(page)
    expect(page.get_by_text("Clock paused", exact=True)).to_have_count(0)

    for link, fields in (
        ("Overview report and executive summary", {"Overview report and executive summary completed on": day(150)}),
        (
            "Home Office Quality Assurance Panel",
            {"Sent to the Home Office Quality Assurance Panel on": day(160), "Outcome received on": day(220)},
        ),
    ):
        page.get_by_role("link", name=link).click()
        accessible(page)
        if link.startswith("Home Office"):
            page.get_by_label("Quality Assurance Panel outcome").select_option(label="Approved for publication")
        for label, value in fields.items():
            page.get_by_label(label, exact=True).fill(value)
        _save(page)
    page.get_by_role("link", name="Publication").click()
    page.get_by_label("Published on").fill(day(240))
    _save(page)
    expect(page.get_by_text("Published", exact=True)).to_be_visible()

    page.get_by_role("link", name="Add a recommendation").click()
    accessible(page)
    page.get_by_label("Recommendation").fill("Routine enquiry about domestic abuse in housing assessments")
    _save(page)
    page.get_by_role("link", name="Add an action").click()
    accessible(page)
    page.get_by_label("Recommendation").select_option(label="Recommendation 1")
    page.get_by_label("Action").fill("Train housing options staff")
    page.get_by_label("Owning agency").select_option(label="Housing")
    page.get_by_label("Due by").fill((today + timedelta(days=60)).isoformat())
    _save(page)
    page.get_by_role("link", name=re.compile("Mark complete")).click()
    accessible(page)
    page.get_by_label("Completed on").fill(today.isoformat())
    _save(page)
    expect(page.get_by_text("Published, action plan complete")).to_be_visible()
    accessible(page)

    from cspkit.web.audit.models import PersonalDataEvent

    assert PersonalDataEvent.objects.filter(username="coordinator", action="view", record_type="dardr").count() >= 10
    assert len(accessible.checked) >= 14


def test_the_public_see_the_demo_order_in_force_on_its_map_and_not_the_others(
    page: Page, demo_site, accessible
) -> None:
    page.goto(demo_site)
    page.get_by_role("link", name="Orders in force").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Public spaces protection orders in force")
    section = page.get_by_role("region", name="Hartbury Bus Station and Market Square")
    expect(section).to_be_visible()
    expect(section.get_by_text(re.compile("No person shall ride a bicycle"))).to_be_visible()
    map_image = section.get_by_role("img", name=re.compile("Map of the restricted area"))
    expect(map_image).to_be_visible()
    # the map has loaded and been drawn (an SVG from the server, no map tiles)
    page.wait_for_function("img => img.complete && img.naturalWidth > 100", arg=map_image.element_handle())
    expect(page.get_by_text("Oak Lane Underpass")).to_have_count(0)  # lapsed
    expect(page.get_by_text("Riverside Park")).to_have_count(0)  # not yet made
    accessible(page)

