"""Commissioning in a real browser, every page checked for accessibility: a coordinator sets up a
grant and two projects, the provider sends a quarterly return, a board member reads the summary."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from cspkit.web.performance.quarters import Quarter

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _add_project(page: Page, reference: str, name: str, provider: str, budget: str) -> None:
    page.get_by_role("link", name="Commissioning", exact=True).click()
    page.get_by_role("link", name="Add a project").first.click()
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Provider").select_option(label=provider)
    page.get_by_label("Purpose").fill(f"{name} in the hot spot wards")
    page.get_by_label("Where it works").fill("Hartbury Central")
    page.get_by_label("Starts").fill(f"{Quarter.containing(date.today()).year}-04-01")
    page.get_by_label("Ends").fill(f"{Quarter.containing(date.today()).year + 1}-03-31")
    page.get_by_label("Budget (£)").fill(budget)
    page.get_by_label("Active").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reference} {name}")


def _sign_out(page: Page) -> None:
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()


def test_a_coordinator_sets_up_a_grant_and_two_projects_and_a_provider_reports(
    page: Page, demo_site, accessible, sign_in
) -> None:
    sign_in(page, demo_site, "coordinator")
    page.get_by_role("link", name="Commissioning", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissioning and funding")
    accessible(page)
    page.get_by_role("link", name="Add a fund or grant").first.click()
    accessible(page)
    page.get_by_role("button", name="Save").click()  # nothing filled in: the error summary
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    accessible(page)
    page.get_by_label("Name").fill("Safer Streets grant")
    page.get_by_label("Funder", exact=True).fill("Home Office")
    page.get_by_label("Other grant").check()
    page.get_by_label("Amount (£)").fill("£30,000")
    page.get_by_label("First year").fill(str(Quarter.containing(date.today()).year))
    page.get_by_label("Last year").fill(str(Quarter.containing(date.today()).year))
    page.get_by_label("Every quarter").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safer Streets grant")
    accessible(page)

    _add_project(page, "S1", "Target hardening", "Women's Aid", "20000")
    accessible(page)
    page.get_by_role("link", name="Add a promised output").click()
    accessible(page)
    page.get_by_label("Name").fill("Homes made secure")
    page.get_by_label("Unit").fill("households")
    page.get_by_label("Promised").fill("40")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("row", name=re.compile("Homes made secure"))).to_be_visible()
    _add_project(page, "S2", "Street lighting", "Council", "10000")

    page.get_by_role("link", name="Commissioning", exact=True).click()
    page.get_by_role("link", name="Safer Streets grant").click()
    for project, amount in (("S1 Target hardening", "20000"), ("S2 Street lighting", "10001")):
        page.get_by_role("link", name="Allocate to a project").click()
        page.get_by_label("Project").select_option(label=project)
        page.get_by_label("Amount (£)").fill(amount)
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("would over-allocate it by £1.00")  # £30,000 in all
    accessible(page)
    page.get_by_label("Amount (£)").fill("10000")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("£0.00 unallocated")).to_be_visible()
    accessible(page)
    _sign_out(page)

    # The provider (Hartbury Women's Aid) sends the quarter's return for its new project.
    page.goto(f"{demo_site}/accounts/sign-in/")
    page.get_by_label("User name").fill("provider")
    page.get_by_label("Password").fill("cspkit-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{demo_site}/commissioning/")  # a provider starts at its projects
    expect(page.get_by_role("link", name="Street lighting")).to_have_count(0)  # not theirs
    accessible(page)
    page.get_by_role("link", name="S1 Target hardening").click()
    accessible(page)
    quarter = Quarter.last_completed(date.today())
    page.get_by_role("link", name=f"Send the return for {quarter.label}").click()
    accessible(page)
    page.get_by_label("Spend this quarter (£)").fill("4,250.75")
    page.get_by_label("Homes made secure delivered this quarter (households)").fill("9")
    page.get_by_label("Outcomes achieved").fill("Nine households stayed safely in their homes")
    page.get_by_label("Evidence of the outcomes").fill("Follow-up calls after one month")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Return for {quarter.label} sent.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"Homes made secure.*40.*9"))).to_be_visible()
    accessible(page)
    _sign_out(page)

    # A board member reads the summary of commissioned activity.
    sign_in(page, demo_site, "board")
    page.get_by_role("link", name="Commissioning", exact=True).click()
    page.get_by_role("link", name="Summary of commissioned activity").click()
    row = page.get_by_role("row", name=re.compile("Target hardening"))
    expect(row).to_contain_text("9 of 40 households (Homes made secure)")
    expect(row).to_contain_text("Nine households stayed safely in their homes")
    expect(row).to_contain_text("£4,250.75")
    accessible(page)
    assert len(accessible.checked) >= 14
