"""Reading with written-out SQL where a page is read by many people at once.

The ORM spends far longer building a query than SQLite or PostgreSQL spend answering it (about
0.6 ms against 50 µs for the case page's reads). Pages that read a dozen lists on every request
(the case page, case search) use these helpers instead: plain rows as dictionaries, dates and
times as Python values on both databases. Who may see which case is a plain SQL condition there
(``cases.access.visibility``), held to the querysets and the checks by a test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone
from psycopg.rows import dict_row


def rows(sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Every row, as a dictionary by column name (templates read a dictionary fastest).

    On SQLite, DATE, DATETIME and BOOLEAN columns arrive as Python values because Django's
    connection converts declared column types; times arrive naive (UTC), see :func:`aware`."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # psycopg makes the dictionaries, without column objects
            cursor.cursor.row_factory = dict_row
            cursor.execute(sql, params)
            return cursor.fetchall()
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def rows_together(queries: Sequence[tuple[str, Sequence[Any]]]) -> list[list[dict[str, Any]]]:
    """The rows of several queries that do not depend on each other, as :func:`rows` gives them.

    On PostgreSQL they go in one pipeline: sent together, answered together, one round trip
    instead of one each (half the driver's CPU for the case page's dozen lists)."""
    if connection.vendor != "postgresql":
        return [rows(sql, params) for sql, params in queries]
    connection.ensure_connection()
    cursors = []
    try:
        with connection.connection.pipeline():
            for sql, params in queries:
                cursor = connection.cursor()
                cursors.append(cursor)
                cursor.cursor.row_factory = dict_row
                cursor.execute(sql, params)
        return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def placeholders(values: Sequence[Any]) -> str:
    """``%s, %s, ...`` for an IN list (at least one, so an empty list matches nothing: NULL)."""
    return ", ".join(["%s"] * len(values)) or "NULL"


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as the ORM gives it: SQLite's naive UTC made aware."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, dt.UTC)
    return value
