"""Casework in a real browser, every page checked with axe-core: an ASB officer takes a complaint
to a Community Protection Notice, its breach and a fixed penalty; a coordinator runs an ASB Case
Review from the application to recommendations."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, site: str, username: str, accessible) -> None:
    page.goto(f"{site}/accounts/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("cspkit-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    accessible(page)


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _record(page: Page, accessible, power: str, days_ago: int, against: str | None = "Dean Crane", **fields) -> None:
    page.get_by_role("link", name="Record an intervention").click()
    accessible(page)
    page.get_by_label("Intervention or power").select_option(label=power)
    if against:
        page.get_by_label("Against").select_option(label=against)
    page.get_by_label("Date given or made").fill(_day(days_ago))
    for label, value in fields.items():
        page.get_by_label(label.replace("_", " "), exact=False).fill(value)
    page.get_by_role("button", name="Save").click()


def test_an_asb_officer_escalates_from_a_complaint_to_a_cpn_breach_and_fixed_penalty(
    page: Page, demo_site, accessible
) -> None:
    _sign_in(page, demo_site, "asbofficer", accessible)
    expect(page.get_by_role("heading", level=1)).to_have_text("Anti-social behaviour cases")
    page.get_by_role("link", name="Open a case from a complaint").click()
    accessible(page)
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    accessible(page)
    page.get_by_label("Category").select_option("Noise")
    page.get_by_label("Summary").fill("Dog barking and shouting late at night from number 4.")
    page.get_by_label("When did it happen?").fill(_day(40))
    page.get_by_label("What happened").fill("Shouting in the garden until 2am.")
    page.get_by_label("Where (address or description)").fill("4 Elm Close, Hartbury")
    page.get_by_label("Complainant's first name").fill("Ada")
    page.get_by_label("Complainant's last name").fill("Quayle")
    page.get_by_label("Complainant's date of birth").fill("1950-05-01")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Case ASB-\d{4}-\d{6}"))
    accessible(page)

    page.get_by_role("link", name="Add a person").click()
    accessible(page)
    page.get_by_label("Alleged perpetrator").check()
    page.get_by_label("First name").fill("Dean")
    page.get_by_label("Last name").fill("Crane")
    page.get_by_label("Date of birth").fill("1990-02-02")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Dean Crane")).to_be_visible()

    page.get_by_role("link", name="Assess risk").click()
    accessible(page)
    page.get_by_label("Who is assessed").select_option(label="Ada Quayle")
    for question in (
        "targeted",
        "affecting your physical or mental health",
        "afraid to leave your home",
        "disability or long-term illness",
        "live alone",
        "happened to you before",
    ):
        page.get_by_label(re.compile(question)).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Risk assessed as high")).to_be_visible()
    expect(page.get_by_role("region", name="Alert").first).to_be_visible()
    accessible(page)

    _record(page, accessible, "Warning letter", 35)
    expect(page.get_by_text("Warning letter recorded")).to_be_visible()
    _record(page, accessible, "Community Protection Notice", 30)  # no written warning yet: refused
    expect(page.get_by_role("alert")).to_contain_text("needs a written warning")
    accessible(page)
    page.get_by_label("Intervention or power").select_option(label="Community Protection Warning")
    page.get_by_label("Comply by (warnings)").fill(_day(16))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Community Protection Warning recorded")).to_be_visible()
    _record(page, accessible, "Community Protection Notice", 14)
    expect(page.get_by_text("Community Protection Notice recorded")).to_be_visible()

    page.get_by_role("link", name=re.compile("Record a breach of the Community Protection Notice")).click()
    accessible(page)
    page.get_by_label("Date of the breach").fill(_day(7))
    page.get_by_label("Description").fill("Shouting at 1am, heard by the out-of-hours officer.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Breach of the Community Protection Notice recorded")).to_be_visible()

    _record(page, accessible, "Fixed penalty notice", 5, **{"Fixed penalty amount in pounds": "150"})
    expect(page.get_by_role("alert")).to_contain_text("cannot be more than £100")
    page.get_by_label("Fixed penalty amount in pounds").fill("100")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Fixed penalty notice recorded")).to_be_visible()
    expect(page.get_by_role("cell", name="Fixed penalty notice (£100)")).to_be_visible()
    accessible(page)

    page.get_by_role("link", name="Cases", exact=True).click()
    accessible(page)
    page.get_by_role("link", name="My tasks").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    accessible(page)
    assert len(accessible.checked) >= 14


def test_a_coordinator_runs_a_case_review_to_recommendations(page: Page, demo_site, accessible) -> None:
    from cspkit.web.cases.models import Case

    noise = Case.objects.get(summary__startswith="Loud music")
    _sign_in(page, demo_site, "coordinator", accessible)
    page.get_by_role("link", name="Case reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ASB Case Reviews")
    accessible(page)
    page.get_by_role("link", name="Record an application").click()
    accessible(page)
    page.get_by_label("Received on").fill(_day(2))
    page.get_by_label("Applicant name").fill("Margaret Whitfield")
    page.get_by_label("What the applicant says has happened").fill("The noise has not stopped.")
    page.get_by_label("The case it is about").fill(noise.reference.lower())  # typed, in any case
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application from Margaret Whitfield")
    accessible(page)
    page.get_by_role("button", name="Acknowledge the application").click()
    page.get_by_role("button", name="Record the threshold decision").click()
    expect(page.get_by_text("threshold met", exact=True)).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Record the review meeting").click()
    accessible(page)
    page.get_by_label("Held on").fill(_day(0))
    page.get_by_label("Police", exact=True).check()
    page.get_by_label("Housing", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a recommendation").click()
    accessible(page)
    page.get_by_label("Agency").select_option(label="Housing")
    page.get_by_label("Recommendation").fill("Offer the victim a management transfer.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Offer the victim a management transfer.")).to_be_visible()
    accessible(page)
