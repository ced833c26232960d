"""Accounts (issue 13, high finding 2): no demo accounts unless asked for, `cspkit users`,
password change and reset, and sign-in, sign-out and failures in the access log."""

from __future__ import annotations

import inspect
import re

import pytest
from django.core import mail
from django.urls import reverse
from typer.testing import CliRunner

from cspkit.cli import serve as serve_module
from cspkit.cli import users as users_module
from cspkit.cli.main import app
from cspkit.web.accounts.models import User
from cspkit.web.audit.models import AccessLog
from cspkit.web.demo import all_demo_users

GOOD_PASSWORD = "a long passphrase nobody guesses 4"


class Started(Exception):
    """Raised instead of replacing the test process with gunicorn."""


@pytest.fixture
def no_gunicorn(monkeypatch) -> list:
    started: list = []

    def fake_execve(path, args, env):
        started.append((args, env))
        raise Started

    monkeypatch.setattr(serve_module.os, "execve", fake_execve)
    return started


@pytest.fixture
def cli(monkeypatch) -> CliRunner:
    monkeypatch.setattr(users_module, "_django", lambda: None)  # the test database is ready
    return CliRunner()


def test_the_demo_is_off_unless_asked_for() -> None:
    default = inspect.signature(serve_module.serve).parameters["demo"].default
    assert default.default is False


@pytest.mark.django_db
def test_serve_without_demo_refuses_accounts_with_the_public_demo_password(demo, no_gunicorn) -> None:
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1 and not no_gunicorn
    assert "still have the public demo password: " in result.output
    listed = result.output.split("still have the public demo password: ")[1].split(".")[0]
    assert {"analyst", "board", "coordinator", "asbofficer", "supervisor"} <= set(listed.replace(",", " ").split())


@pytest.mark.django_db
def test_serve_without_demo_starts_once_the_demo_accounts_are_disabled(demo, no_gunicorn) -> None:
    User.objects.filter(username__in=[u.username for u in all_demo_users()]).update(is_active=False)
    result = CliRunner().invoke(app, ["serve"])
    assert isinstance(result.exception, Started)
    assert "cspkit-demo" not in result.output and "cspkit users create" in result.output
    args, env = no_gunicorn[0]
    assert env["PYTHONSAFEPATH"] == "1"  # files in the current folder cannot shadow packages
    assert args[args.index("--chdir") + 1] == str(serve_module.PACKAGES)


@pytest.mark.django_db
def test_users_create_checks_the_password_rules(demo, cli) -> None:
    refused = cli.invoke(
        app, ["users", "create", "jo", "--role", "analyst", "--partnership", "Safer Hartbury"], input="short\nshort\n"
    )
    assert refused.exit_code == 1 and "Password refused" in refused.output
    made = cli.invoke(
        app,
        ["users", "create", "jo", "--role", "analyst", "--partnership", "Safer Hartbury"],
        input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n",
    )
    assert made.exit_code == 0, made.output
    jo = User.objects.get(username="jo")
    assert jo.check_password(GOOD_PASSWORD) and jo.partnerships.get().short_name == "Safer Hartbury"


@pytest.mark.django_db
def test_an_invitation_is_a_link_to_choose_a_password(demo, cli, client) -> None:
    result = cli.invoke(
        app, ["users", "invite", "sam", "--email", "sam@example.org", "--role", "board_member", "--url", "http://t"]
    )
    assert result.exit_code == 0, result.output
    sam = User.objects.get(username="sam")
    assert not sam.has_usable_password()
    link = re.search(r"http://t(/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.check_password(GOOD_PASSWORD)


@pytest.mark.django_db
def test_a_disabled_account_is_signed_out_and_cannot_sign_in(demo, cli, sign_in) -> None:
    client = sign_in("analyst")
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert cli.invoke(app, ["users", "disable", "analyst"]).exit_code == 0
    assert client.get(reverse("dashboard:home")).status_code == 302
    assert not User.objects.get(username="analyst").is_active


@pytest.mark.django_db
def test_people_change_their_own_password(demo, sign_in) -> None:
    client = sign_in("analyst")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "cspkit-demo", "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert response.status_code == 302
    assert User.objects.get(username="analyst").check_password(GOOD_PASSWORD)


@pytest.mark.django_db
def test_a_forgotten_password_is_reset_through_an_emailed_link(demo, client) -> None:
    User.objects.filter(username="board").update(email="bea@example.org")
    assert client.get(reverse("accounts:password_reset")).status_code == 200
    client.post(reverse("accounts:password_reset"), {"email": "bea@example.org"})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert User.objects.get(username="board").check_password(GOOD_PASSWORD)


@pytest.mark.django_db
def test_sign_in_sign_out_and_failures_are_in_the_access_log(demo, client) -> None:
    """Finding: sign-out and failed sign-ins were not in the access log."""
    client.post(reverse("accounts:login"), {"username": "board", "password": "wrong password here"})
    client.post(reverse("accounts:login"), {"username": "board", "password": "cspkit-demo"})
    client.post(reverse("accounts:logout"))
    events = list(AccessLog.objects.filter(username="board").order_by("id").values_list("view", "status"))
    assert ("sign-in failed", 401) in events and ("sign-in", 200) in events and ("sign-out", 200) in events
    assert [e for e, _ in events if e.startswith("sign")] == ["sign-in failed", "sign-in", "sign-out"]
