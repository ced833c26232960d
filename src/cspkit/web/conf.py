"""Settings of the web app, read from ``CSPKIT_*`` environment variables and checked at start-up.

A wrong variable (an unknown database scheme, a debug flag that is not a boolean) stops the app
before it serves a page, with a message naming the variable.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from cspkit.config import get_settings
from cspkit.errors import CspkitError

SECRET_KEY_FILE = "web-secret-key"
#: SQLite for one server: WAL so readers never wait for a writer, IMMEDIATE transactions so writers
#: queue instead of failing, and a busy timeout (seconds) for a writer to wait its turn.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


class WebSettings(BaseSettings):
    """The web app's own variables (documented in docs/environment.md)."""

    model_config = SettingsConfigDict(env_prefix="CSPKIT_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="sqlite:///path/to/file or postgresql://user:password@host:port/name; "
        "default: web.sqlite3 in CSPKIT_HOME.",
    )
    secret_key: str | None = Field(
        default=None, description="Django secret key; default: generated once and kept in CSPKIT_HOME."
    )
    debug: bool = Field(default=False, description="Show detailed error pages (never in production).")
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default=["127.0.0.1", "localhost"], description="Host names the app answers to, separated by commas."
    )
    https: bool = Field(default=False, description="Served over HTTPS: secure cookies, HSTS and a redirect from http.")
    email_host: str = Field(
        default="", description="SMTP server for password resets; default: files in CSPKIT_HOME/mail."
    )
    email_port: int = Field(default=587, description="SMTP port.")
    email_user: str = Field(default="", description="SMTP user name.")
    email_password: str = Field(default="", description="SMTP password.")
    email_use_tls: bool = Field(default=True, description="Use STARTTLS with the SMTP server.")
    email_from: str = Field(default="cspkit@localhost", description="The From address of the app's emails.")
    casework_settings: str | None = Field(
        default=None, description="A copy of cspkit/casework/defaults.yaml with the partnership's own values."
    )
    risk_questionnaire: str | None = Field(
        default=None, description="A copy of cspkit/casework/risk_questionnaire.yaml with the partnership's questions."
    )

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [host.strip() for host in value.split(",") if host.strip()]
        return value


def database_from_url(url: str) -> dict[str, Any]:
    """Django's DATABASES entry for a ``sqlite:///`` or ``postgresql://`` URL."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        name = unquote(parts.path[1:] if parts.path.startswith("//") else parts.path)
        if not name:
            raise CspkitError("CSPKIT_DATABASE_URL: a sqlite URL needs a file, e.g. sqlite:////srv/cspkit/web.sqlite3")
        # Kept open between requests, like PostgreSQL's: a new SQLite connection re-reads the schema
        # and starts with an empty page cache, which cost a request 10-27 ms of CPU at casework scale.
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}
    if parts.scheme in {"postgres", "postgresql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise CspkitError("CSPKIT_DATABASE_URL: a postgresql URL needs a database name after the host")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            # Parameters bound by the server and statements prepared after five uses on a
            # connection: PostgreSQL then stops planning the same short queries again, which was
            # two thirds of its CPU on the case page (docs/deploying.md: connection poolers).
            "OPTIONS": {"server_side_binding": True, "prepare_threshold": 5},
        }
    raise CspkitError(f"CSPKIT_DATABASE_URL: unsupported scheme {parts.scheme!r}; use sqlite or postgresql")


def default_database_url(home: Path) -> str:
    """The SQLite file beside the evidence store."""
    return f"sqlite:///{home / 'web.sqlite3'}"


def secret_key_from_home(home: Path) -> str:
    """A secret key generated on first use and kept, readable by its owner only, in the data folder.

    Keeping it means sessions survive a restart; generating it means nobody runs with a key
    copied from the documentation.
    """
    path = home / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.touch(mode=0o600)
    path.write_text(key)
    return key


def web_settings() -> tuple[WebSettings, Path]:
    """The web settings and the data folder they default into."""
    return WebSettings(), get_settings().home
