"""Security headers, the content security policy, and login throttling."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_security_headers(client) -> None:
    response = client.get(reverse("board:published"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(demo, sign_in) -> None:
    page = sign_in("coordinator").get(reverse("board:report", args=[demo.published_report.pk])).content.decode()
    assert "<script>" not in page and "<style" not in page and " style=" not in page


@pytest.mark.django_db
def test_forms_refuse_a_post_without_the_csrf_token(demo) -> None:
    from django.test import Client

    from cspkit.web.accounts.models import User

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="coordinator"))
    assert client.post(reverse("board:publish", args=[demo.draft_report.pk])).status_code == 403


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_for_that_address(client) -> None:
    url = reverse("accounts:login")
    for _ in range(5):
        response = client.post(url, {"username": "coordinator", "password": "wrong"})
    assert response.status_code == 429
    locked = client.post(url, {"username": "coordinator", "password": "cspkit-demo"})
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()


@pytest.mark.django_db
def test_the_right_password_signs_in(client) -> None:
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": "cspkit-demo"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:home")
