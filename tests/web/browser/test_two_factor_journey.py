"""A coordinator whose partnership requires two-factor sign-in sets it up in a real browser, every
page checked for accessibility, then reads a frozen published version as the public does."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_sets_up_two_factor_sign_in(page: Page, demo_site, accessible) -> None:
    from cspkit.web.accounts.models import Partnership
    from cspkit.web.demo import DEMO_PARTNERSHIP

    Partnership.objects.filter(name=DEMO_PARTNERSHIP).update(two_factor_roles=["coordinator"])
    page.goto(f"{demo_site}/accounts/sign-in/")
    page.get_by_label("User name").fill("coordinator")
    page.get_by_label("Password").fill("cspkit-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    accessible(page)
    page.goto(f"{demo_site}/plans/")  # every other page sends them back
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    secret = page.locator("code.app-secret").inner_text()
    page.get_by_label("Code").fill("123")
    page.get_by_role("button", name="Confirm the code").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the 6-digit code")
    accessible(page)
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm the code").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert len(re.findall(r"[0-9a-f]{6}-[0-9a-f]{6}", page.content())) == 10
    accessible(page)
    page.get_by_role("link", name="Continue").click()
    page.goto(f"{demo_site}/plans/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plans")


def test_the_public_reads_a_published_version_and_its_number(page: Page, demo_site, accessible) -> None:
    page.goto(f"{demo_site}/board/published/")
    page.get_by_role("link", name=re.compile("Hartbury Community Safety Partnership")).first.click()
    expect(page.get_by_text(re.compile(r"Version 1, published")).first).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Version 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board report for")
    accessible(page)
