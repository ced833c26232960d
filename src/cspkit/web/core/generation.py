"""Computed page parts kept per process until the data changes, correct with several servers.

Every statement that writes (INSERT, UPDATE, DELETE) to a table other than the logs and
sessions first moves the database's generation number on, in the same transaction; this is done
by a wrapper on every database connection, so ORM saves, ``update()``, bulk writes, raw SQL and
the command line are all seen. A page reads the generation (one query) and reuses what this
process computed for that generation; after any write anywhere, on any server, the number has
changed and everything is computed afresh. Bumping before each write makes all writers take
the generation row's lock before anything else, so they cannot deadlock on it; they do
queue on it, which costs nothing on SQLite (one writer at a time anyway) and little on
PostgreSQL for short transactions.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.signals import request_started
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models import F

#: Tables whose writes change nothing a page computes: logs, sessions, sign-in attempts.
UNCOUNTED = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(audit_accesslog|audit_personaldataevent|django_session|'
    r'axes_\w+|core_datageneration)"?',
    re.IGNORECASE,
)
WRITE = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
MAX_ENTRIES = 1024  # per process; the least recently used part goes first

_cache: OrderedDict[tuple, Any] = OrderedDict()  # least recently used first
_cache_generation: list[int] = [-1]
_lock = threading.Lock()
_seen = threading.local()  # the generation this thread's request has read


CURRENT = "SELECT value FROM core_datageneration WHERE id = 1"


def current(using: str = "default") -> int:
    """The generation now: one query, written out because every page asks it (the ORM spent
    twenty times the database's own time building it)."""
    with connections[using].cursor() as cursor:
        cursor.execute(CURRENT)
        row = cursor.fetchone()
    return (row[0] if row else 0) or 0


def for_this_request() -> int:
    """The generation, read once per request (and again after this thread writes anything).

    Only pages call it: the first read is forgotten when the next request starts."""
    if getattr(_seen, "value", None) is None:
        _seen.value = current()
    return _seen.value


def read_with_session(value: int | None) -> None:
    """The generation as read by the session's own query, at the start of a request."""
    _seen.value = value or 0


def _forget(**kwargs: Any) -> None:
    _seen.value = None


def bump(using: str = "default") -> None:
    from cspkit.web.core.models import DataGeneration

    _seen.value = None

    if not DataGeneration.objects.using(using).filter(pk=1).update(value=F("value") + 1):
        DataGeneration.objects.using(using).get_or_create(pk=1, defaults={"value": 1})


def cached(key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, or what this process computed for ``key`` in the current generation."""
    generation = for_this_request()
    with _lock:
        if _cache_generation[0] != generation:
            _cache.clear()
            _cache_generation[0] = generation
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute()
    with _lock:
        if _cache_generation[0] == generation:
            _cache[key] = value
            while len(_cache) > MAX_ENTRIES:
                _cache.popitem(last=False)
    return value


def forget_everything() -> None:
    """Drop every kept part (for tests, whose rolled-back transactions reuse generation numbers)."""
    with _lock:
        _cache.clear()
        _cache_generation[0] = -1
    _seen.value = None


def _bumping(execute, sql, params, many, context):
    connection = context["connection"]
    if isinstance(sql, str) and WRITE.match(sql) and not UNCOUNTED.match(sql) and _has_table(connection):
        if connection.get_autocommit() and not _returns_rows_later(connection, sql):
            # The bump and the write commit together: otherwise another server could read the new
            # number between them and keep the old row under it until the next write. (SQLite cannot
            # commit while an INSERT ... RETURNING is unread: a new row, never a change or a
            # revocation, so at worst it shows on other servers at the next write.)
            with transaction.atomic(using=connection.alias):
                bump(connection.alias)
                return execute(sql, params, many, context)
        bump(connection.alias)
    return execute(sql, params, many, context)


def _returns_rows_later(connection: Any, sql: str) -> bool:
    return connection.vendor == "sqlite" and " RETURNING " in sql.upper()


def _has_table(connection: Any) -> bool:
    """Whether the generation's table exists yet (not while the first migrations run)."""
    if not getattr(connection, "_cspkit_generation_table", False):
        with connection.cursor() as cursor:
            names = connection.introspection.table_names(cursor)
        connection._cspkit_generation_table = "core_datageneration" in names
    return connection._cspkit_generation_table


def _install(sender: Any, connection: Any, **kwargs: Any) -> None:
    if _bumping not in connection.execute_wrappers:
        connection.execute_wrappers.append(_bumping)


def install() -> None:
    """Wrap every database connection, present and future (called when the app is ready)."""
    connection_created.connect(_install, dispatch_uid="cspkit-data-generation")
    request_started.connect(_forget, dispatch_uid="cspkit-data-generation-request")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
