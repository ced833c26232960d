"""A real browser (Debian's Chromium, driven by Playwright) against the app on a live test server,
with an axe-core accessibility check of every page a journey visits."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
#: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make between
# browser steps are ordinary blocking calls, which Django would otherwise refuse here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
expect.set_options(timeout=30_000)  # a loaded CI machine can be slow to answer


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module; Playwright is stopped after it, so other modules may start their own."""
    assert CHROMIUM.exists(), "the browser tests drive Debian's chromium package at /usr/bin/chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def demo_site(live_server, transactional_db, _flush_past_audit_triggers) -> str:
    """The live server's address, with the demo partnership in its database."""
    from django.test import override_settings

    # Playwright's greenlet has Django connections of its own: patch them too, or the flush after
    # a test that wrote to the personal-data audit log fails.
    _flush_past_audit_triggers()

    from cspkit.web.accounts.models import Partnership
    from cspkit.web.demo import DEMO_PARTNERSHIP, create_demo

    if not Partnership.objects.filter(name=DEMO_PARTNERSHIP).exists():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            create_demo()
    return live_server.url


def _page(browser: Browser, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, javascript=True)


@pytest.fixture
def page_without_javascript(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, javascript=False)


class AccessibilityChecker:
    """Runs axe-core on a page and remembers every page it checked."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.checked: list[str] = []

    def __call__(self, page: Page) -> None:
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        self.checked.append(page.url)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def accessible() -> AccessibilityChecker:
    """Call with a page to assert axe-core finds no WCAG 2.2 AA violation on it."""
    return AccessibilityChecker()


@pytest.fixture
def sign_in(accessible: AccessibilityChecker):
    """Sign a browser page in as a demo user through the sign-in form (checking the form too).

    axe-core runs as JavaScript in the page, so pages of a browser with JavaScript turned off
    are not checked (pass ``check=None``); the same pages are checked in the JavaScript journeys.
    """

    def signed_in(page: Page, site: str, username: str, check: AccessibilityChecker | None = accessible) -> None:
        page.goto(f"{site}/accounts/sign-in/")
        if check is not None:
            check(page)
        page.get_by_label("User name").fill(username)
        page.get_by_label("Password").fill("cspkit-demo")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{site}/")

    return signed_in
