"""Three journeys through the app in a real browser, each page checked for accessibility:
a coordinator creating a plan, a partner officer sending quarterly updates (with and without
JavaScript), and a board member reading the board report."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_creates_a_plan_with_a_priority_action_and_measure(
    page: Page, demo_site, accessible, sign_in
) -> None:
    sign_in(page, demo_site, "coordinator")
    accessible(page)  # the dashboard
    page.get_by_role("link", name="Plans", exact=True).click()
    accessible(page)
    page.get_by_role("link", name="Create a plan").click()
    accessible(page)
    page.get_by_role("button", name="Create plan").click()  # nothing filled in: the error summary
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    accessible(page)
    page.get_by_label("Title").fill("Safer Hartbury Plan 2027 to 2030")
    page.get_by_label("Starts").fill("2027-04-01")
    page.get_by_label("Ends").fill("2030-03-31")
    page.get_by_label("Draft").check()
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safer Hartbury Plan 2027 to 2030")
    accessible(page)

    page.get_by_role("link", name="Add a priority").click()
    accessible(page)
    page.get_by_label("Title").fill("Anti-social behaviour")
    page.get_by_role("button", name="Add priority").click()
    expect(page.get_by_role("heading", name="1. Anti-social behaviour")).to_be_visible()

    page.get_by_role("link", name="Add an action to priority 1").click()
    accessible(page)
    page.get_by_label("Reference").fill("1.1")
    page.get_by_label("We will").fill("Run diversionary sport in hot spot areas in the summer holidays")
    page.get_by_label("Owner").select_option(label="Police")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("cell", name=re.compile("Run diversionary sport"))).to_be_visible()

    page.get_by_role("link", name="Add a performance measure to priority 1").click()
    accessible(page)
    page.get_by_label("Name").fill("Anti-social behaviour incidents")
    page.get_by_label("Lower is better").check()
    page.get_by_label("Target", exact=True).fill("900")
    page.get_by_role("button", name="Add performance measure").click()
    expect(page.get_by_role("link", name="Anti-social behaviour incidents", exact=True)).to_be_visible()
    accessible(page)
    assert len(accessible.checked) >= 9


def _send_updates(page: Page, site: str, check, sign_in) -> None:
    sign_in(page, site, "officer", check)
    page.get_by_role("link", name="Updates due").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Updates due for")
    check(page)
    page.get_by_role("link", name=re.compile("Reduce neighbourhood nuisance")).click()
    check(page)
    page.get_by_label("At risk").check()
    page.get_by_label("Commentary").fill("Mediation provider has given notice; retendering.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Update for action 1.3")).to_be_visible()
    check(page)
    page.get_by_role("link", name=re.compile("Anti-social behaviour incidents reported to police")).click()
    check(page)
    page.get_by_label("Figure for the quarter").fill("1200")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("rated Red"))).to_be_visible()
    check(page)


def test_a_partner_officer_sends_the_quarters_updates(page: Page, demo_site, accessible, sign_in) -> None:
    _send_updates(page, demo_site, accessible, sign_in)
    assert len(accessible.checked) >= 6  # every page of the journey passed axe-core


def test_the_quarterly_update_works_without_javascript(page_without_javascript: Page, demo_site, sign_in) -> None:
    def not_checked(page: Page) -> None:
        """axe-core needs JavaScript; these pages were checked in the journey above."""

    _send_updates(page_without_javascript, demo_site, not_checked, sign_in)


def test_a_board_member_reads_the_board_report(page: Page, demo_site, accessible, sign_in) -> None:
    sign_in(page, demo_site, "board")
    page.get_by_role("link", name="Board reports").first.click()
    accessible(page)
    page.get_by_role("link", name=re.compile(r"Q\d \d{4}.\d\d")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board report for")
    accessible(page)
    expect(page.get_by_role("img", name=re.compile("Trend, oldest first")).first).to_be_visible()
    expect(page.locator("#report-body .govuk-tag").first).to_be_visible()
    page.get_by_label("Show").select_option(label="2. Domestic abuse")  # htmx swaps in that priority alone
    expect(page.get_by_role("heading", name="1. Anti-social behaviour")).to_have_count(0)
    expect(page.get_by_role("heading", name="2. Domestic abuse")).to_be_visible()
    assert "priority=2" in page.url
    accessible(page)


def test_the_public_reads_a_published_report_without_signing_in(page: Page, demo_site, accessible) -> None:
    page.goto(demo_site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Published board reports")
    accessible(page)
    page.get_by_role("link", name=re.compile("Hartbury Community Safety Partnership")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board report for")
    accessible(page)
