"""The web app's settings from CSPKIT_* variables."""

from __future__ import annotations

import stat

import pytest

from cspkit.errors import CspkitError
from cspkit.web.conf import WebSettings, database_from_url, secret_key_from_home


def test_a_sqlite_url_names_the_file() -> None:
    assert database_from_url("sqlite:////srv/cspkit/web.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/srv/cspkit/web.sqlite3",
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
    }


def test_a_postgresql_url_gives_every_connection_detail() -> None:
    database = database_from_url("postgresql://csp:p%40ss@db.example:5433/cspkit")
    assert {k: database[k] for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")} == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "cspkit",
        "USER": "csp",
        "PASSWORD": "p@ss",
        "HOST": "db.example",
        "PORT": "5433",
    }


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://x/y", "unsupported scheme 'mysql'"),
        ("postgresql://host", "needs a database name"),
        ("sqlite://", "needs a file"),
    ],
)
def test_a_wrong_database_url_is_refused_naming_the_variable(url, problem) -> None:
    with pytest.raises(CspkitError, match=f"CSPKIT_DATABASE_URL: .*{problem}"):
        database_from_url(url)


def test_the_secret_key_is_made_once_and_readable_by_its_owner_only(tmp_path) -> None:
    key = secret_key_from_home(tmp_path / "home")
    assert len(key) > 50 and secret_key_from_home(tmp_path / "home") == key
    mode = (tmp_path / "home" / "web-secret-key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_allowed_hosts_are_read_from_a_comma_separated_list(monkeypatch) -> None:
    monkeypatch.setenv("CSPKIT_ALLOWED_HOSTS", "csp.example.gov.uk, localhost")
    monkeypatch.setenv("CSPKIT_DEBUG", "false")
    settings = WebSettings()
    assert settings.allowed_hosts == ["csp.example.gov.uk", "localhost"] and settings.debug is False


def test_a_debug_flag_that_is_not_a_yes_or_no_stops_start_up(monkeypatch) -> None:
    from pydantic import ValidationError

    monkeypatch.setenv("CSPKIT_DEBUG", "maybe")
    with pytest.raises(ValidationError, match="debug"):
        WebSettings()
