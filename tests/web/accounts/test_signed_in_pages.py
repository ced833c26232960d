"""What every signed-in page reads: its session (and the data generation) in one query, its person
kept until anything changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cspkit.web.accounts.backends import ModelBackend
from cspkit.web.accounts.models import User


@pytest.mark.django_db
def test_a_signed_in_page_reads_its_session_but_not_its_person_again(demo, sign_in) -> None:
    client = sign_in("board")
    client.get(reverse("board:published"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("board:published")).status_code == 200
    # (the test's own transaction puts the access log row in a savepoint: not counted)
    statements = [query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]
    assert not [sql for sql in statements if "accounts_user" in sql], statements
    # the session with the generation, the access log (the list itself is kept until anything is written)
    assert len(statements) == 2, statements
    assert "core_datageneration" in statements[0] and "django_session" in statements[0]


@pytest.mark.django_db
def test_an_account_disabled_straight_in_the_database_is_signed_out_at_the_next_page(demo, sign_in) -> None:
    """As if another server, or an administrator with SQL, disabled the account."""
    client = sign_in("analyst")
    assert client.get(reverse("dashboard:home")).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET is_active = %s WHERE username = %s", [False, "analyst"])
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302 and not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_a_new_password_set_elsewhere_ends_the_session(demo, sign_in) -> None:
    client = sign_in("analyst")
    assert client.get(reverse("dashboard:home")).status_code == 200
    analyst = User.objects.get(username="analyst")
    analyst.set_password("a much longer passphrase")
    analyst.save()
    assert client.get(reverse("dashboard:home")).status_code == 302


@pytest.mark.django_db
def test_an_expired_session_is_not_read(demo, sign_in) -> None:
    client = sign_in("analyst")
    assert client.get(reverse("dashboard:home")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(reverse("dashboard:home")).status_code == 302


@pytest.mark.django_db
def test_a_session_names_the_backend_that_keeps_the_person(demo, sign_in) -> None:
    client = sign_in("analyst")
    session = client.session
    assert session[BACKEND_SESSION_KEY] == "cspkit.web.accounts.backends.ModelBackend"
    assert int(session[SESSION_KEY]) == User.objects.get(username="analyst").pk


@pytest.mark.django_db
def test_each_page_gets_its_own_copy_of_the_person(demo) -> None:
    pk = User.objects.get(username="analyst").pk
    first, second = ModelBackend().get_user(pk), ModelBackend().get_user(pk)
    assert first.pk == second.pk == pk and first is not second
    first.first_name = "changed on one page only"
    assert ModelBackend().get_user(pk).first_name != "changed on one page only"
    assert ModelBackend().get_user(999_999) is None
