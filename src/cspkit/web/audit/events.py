"""Writing the access log without ever breaking the answer: sign-in, sign-out, failures, pages.

A row that cannot be written (the database locked or gone) is reported on the ``cspkit.audit``
logger, counted in :data:`FAILED_WRITES`, and the person still gets their page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from cspkit.web.audit.models import AccessLog

logger = logging.getLogger("cspkit.audit")
FAILED_WRITES = {"count": 0}
_COLUMNS = ("at", "user_id", "username", "method", "path", "view", "status", "ip_address")
INSERT_ACCESS_LOG = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
    AccessLog._meta.db_table, ", ".join(f'"{column}"' for column in _COLUMNS), ", ".join(["%s"] * len(_COLUMNS))
)


def write_access_log(**fields: Any) -> bool:
    """Add one row; False (and an error in the server log) if the database refused it."""
    try:
        if connection.in_atomic_block:  # a savepoint, so a refusal cannot spoil the caller's transaction
            with transaction.atomic():
                _insert(fields)
        else:  # one statement, its own transaction: no BEGIN and COMMIT round trips on every page
            _insert(fields)
    except DatabaseError as error:
        FAILED_WRITES["count"] += 1
        logger.error(
            "Access log row not written (%s): %s %s %s by %s",
            error,
            fields.get("method"),
            fields.get("path"),
            fields.get("status"),
            fields.get("username"),
        )
        return False
    return True


def _insert(fields: dict[str, Any]) -> None:
    """One INSERT, written out: every page writes a row, and building it through the ORM cost
    ten times the database's own time. Field by field as the model would store it."""
    user = fields.get("user")
    values = [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        getattr(user, "pk", user),
        fields.get("username", ""),
        fields.get("method", ""),
        fields.get("path", ""),
        fields.get("view", ""),
        fields["status"],
        connection.ops.adapt_ipaddressfield_value(fields.get("ip_address") or None),
    ]
    with connection.cursor() as cursor:
        cursor.execute(INSERT_ACCESS_LOG, values)


def record_event(request: HttpRequest | None, what: str, status: int, user: Any = None, username: str = "") -> bool:
    """An event that is not a page view: "sign-in", "sign-out", "sign-in failed", "two-factor verified"."""
    return write_access_log(
        user=user if user is not None and getattr(user, "pk", None) else None,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        method=(getattr(request, "method", None) or "")[:8],
        path=(request.get_full_path() if request is not None and request.path else "")[:500],
        view=what[:100],
        status=status,
        ip_address=(getattr(request, "META", {}).get("REMOTE_ADDR")) or None,
    )


def on_signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record_event(request, "sign-in", 200, user)


def on_signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(request, "sign-out", 200, user)


def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record_event(request, "sign-in failed", 401, username=str(credentials.get("username", "")))
