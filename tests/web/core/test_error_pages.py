"""The pages shown when something goes wrong look like the rest of the service and lead back to it.

The 500 page is rendered by Django without the request, often because the database or a template
has failed: it is tested with the database out of reach, so a query would fail it."""

from __future__ import annotations

import types

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import path, reverse

from cspkit.web import urls as service_urls
from cspkit.web.core.context import SERVICE_NAME


@login_not_required
def _broken(request):
    raise RuntimeError("the view broke")


@login_not_required
def _suspicious(request):
    raise SuspiciousOperation("a request no browser sends")


@pytest.fixture
def failing_urls(settings):
    """The service's pages and two that fail, open to anyone (sign-in is not what is tested)."""
    urlconf = types.ModuleType("failing_urls")
    urlconf.urlpatterns = [path("broken/", _broken), path("suspicious/", _suspicious), *service_urls.urlpatterns]
    settings.ROOT_URLCONF = urlconf
    settings.DEBUG = False


def _assert_service_page(page: str) -> None:
    assert 'class="govuk-template__body"' in page and "vendor/cspkit.css" in page
    assert SERVICE_NAME in page
    assert 'href="/"' in page  # a way back to the service
    assert '<main class="govuk-main-wrapper' in page


def test_an_error_in_a_view_shows_the_govuk_problem_page_without_the_database(failing_urls) -> None:
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    _assert_service_page(page)
    assert "<h1 class=\"govuk-heading-l\">Sorry, there is a problem with the service</h1>" in page
    assert "Try again later." in page
    assert "the view broke" not in page


@pytest.mark.django_db  # Django renders 400 with the request, so with the navigation
def test_a_request_django_refuses_shows_a_govuk_page(failing_urls) -> None:
    response = Client(raise_request_exception=False).get("/suspicious/")
    assert response.status_code == 400
    page = response.content.decode()
    _assert_service_page(page)
    assert "Sorry, there is a problem with your request" in page
    assert "no browser sends" not in page


@pytest.mark.django_db
def test_page_not_found_and_forbidden_are_govuk_pages(sign_in) -> None:
    client = sign_in("analyst")
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404
    _assert_service_page(not_found.content.decode())
    forbidden = client.get(reverse("cases:list"))
    assert forbidden.status_code == 403
    _assert_service_page(forbidden.content.decode())
