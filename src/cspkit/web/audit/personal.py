"""The personal-data audit trail: one append-only record for every view, search, export, change
and access request of a personal record (ASB cases, people, reviews, registers).

Why a separate log from the access log: the access log records requests; this records what
personal data was touched, by whom and why, in a form a supervisor can review and no one can edit
or delete. Rows are chained by SHA-256 (each row's hash covers the previous row's), so a row
altered or removed behind the application's back breaks the chain, which `verify_chain` finds.
The database itself refuses UPDATE and DELETE on the table (triggers, SQLite and PostgreSQL).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest

from cspkit.web.audit.models import PersonalDataEvent

Action = PersonalDataEvent.Action
logger = logging.getLogger(__name__)


#: Between the parts a row's digest covers: the four characters backslash, x, 1, f (as written
#: since the first events; changing it would break every chain already kept).
_SEPARATOR = "\\x1f"


def _after_previous(event: PersonalDataEvent) -> str:
    """What a row's digest covers after the previous row's digest."""
    parts = [
        event.at.isoformat(),
        event.username,
        event.agency,
        event.action,
        event.record_type,
        str(event.record_id),
        event.summary,
        event.reason,
    ]
    return "".join(_SEPARATOR + part for part in parts)


def _digest(previous: str, event: PersonalDataEvent) -> str:
    return hashlib.sha256((previous + _after_previous(event)).encode("utf-8")).hexdigest()


#: Any fixed number: the PostgreSQL advisory lock that queues writers of the chain.
CHAIN_LOCK = 7_150_423
_COLUMNS = ("at", "user_id", "username", "agency", "action", "record_type", "record_id", "summary", "reason")
_INSERT = 'INSERT INTO "{}" ({}, "ip_address", "digest") VALUES ({}, %s, %s)'.format(
    PersonalDataEvent._meta.db_table, ", ".join(f'"{c}"' for c in _COLUMNS), ", ".join(["%s"] * len(_COLUMNS))
)
_LAST_DIGEST = f'SELECT "digest" FROM "{PersonalDataEvent._meta.db_table}" ORDER BY "id" DESC LIMIT 1'


def record(
    user,
    action: str,
    record_type: str,
    record_id: int | str | None = None,
    *,
    summary: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> PersonalDataEvent:
    """Append one event. `summary` says what was touched without repeating the personal data.

    Writers queue for the chain: on SQLite the transaction's write lock (BEGIN IMMEDIATE) does
    it; on PostgreSQL a transaction-scoped advisory lock, taken before the last digest is read.
    (``SELECT ... FOR UPDATE`` on the last row is not enough there: a writer that waited for that
    row still reads it, not the row committed meanwhile, and two events would follow one.)
    The SQL is written out because every case page and search writes an event."""
    from django.utils import timezone

    signed_in = getattr(user, "pk", None) is not None
    agency = getattr(getattr(user, "agency", None), "name", "") or ""
    event = PersonalDataEvent(
        at=timezone.now(),
        user_id=user.pk if signed_in else None,
        username=user.get_username() if signed_in else "(system)",
        agency=agency[:200],
        action=action,
        record_type=record_type[:40],
        record_id="" if record_id is None else str(record_id)[:40],
        summary=summary,
        reason=reason[:500],
        ip_address=(request.META.get("REMOTE_ADDR") or None) if request is not None else None,
    )
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _append_postgresql(event)
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
            cursor.execute(_LAST_DIGEST)
            last = cursor.fetchone()
            event.digest = _digest(last[0] if last else "", event)
            if connection.features.can_return_columns_from_insert:
                cursor.execute(_INSERT + ' RETURNING "id"', [*_values(event), event.digest])
                event.pk = cursor.fetchone()[0]
            else:  # SQLite before 3.35
                cursor.execute(_INSERT, [*_values(event), event.digest])
                event.pk = cursor.lastrowid
    event._state.adding = False
    event._state.db = connection.alias
    return event


def _values(event: PersonalDataEvent) -> list:
    values = [getattr(event, column) for column in _COLUMNS]
    values[0] = connection.ops.adapt_datetimefield_value(event.at)
    return [*values, connection.ops.adapt_ipaddressfield_value(event.ip_address)]


#: PostgreSQL's form: the row and its digest in one statement, the digest made by the server from
#: the last row's (the same SHA-256 over the same UTF-8 text as `_digest`).
_APPEND_POSTGRESQL = (
    'INSERT INTO "{table}" ({columns}, "ip_address", "digest") SELECT {values}, %s, '
    "encode(sha256(convert_to(coalesce(({last}), '') || %s, 'UTF8')), 'hex') "
    'RETURNING "id", "digest"'
).format(
    table=PersonalDataEvent._meta.db_table,
    columns=", ".join(f'"{c}"' for c in _COLUMNS),
    values=", ".join(["%s"] * len(_COLUMNS)),
    last=_LAST_DIGEST,
)


def _append_postgresql(event: PersonalDataEvent) -> None:
    """A page's event, outside any transaction, in one round trip: BEGIN, the chain's lock, the row
    with its digest made by the server, and COMMIT, sent together. Every page that shows a case
    writes one and the lock queues them all, so it is held only while the server works: never while
    a reply travels or a Python thread waits its turn to read it.

    The row is a separate statement from the lock so that it reads the last digest after the lock
    is granted (each statement sees what was committed before it began)."""
    connection.ensure_connection()
    with connection.cursor() as control, connection.cursor() as cursor:
        try:
            with connection.connection.pipeline():
                control.execute("BEGIN")
                control.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
                cursor.execute(_APPEND_POSTGRESQL, [*_values(event), _after_previous(event)])
                control.execute("COMMIT")
            event.pk, event.digest = cursor.fetchone()
        except BaseException:
            with suppress(Exception):
                control.execute("ROLLBACK")
            raise


def verify_chain(events: Iterable[PersonalDataEvent] | None = None) -> int | None:
    """The id of the first event whose hash does not follow from the one before, or None if intact."""
    previous = ""
    for event in events if events is not None else PersonalDataEvent.objects.order_by("id").iterator():
        if event.digest != _digest(previous, event):
            return event.id
        previous = event.digest
    return None


@dataclass(frozen=True)
class ChainHead:
    """How many events the chain holds and the newest one's hash: kept outside the database (in
    the server log, a backup, an e-mail), it shows later whether the newest events were cut off,
    which the chain alone cannot: removing the last rows leaves every remaining link intact."""

    count: int
    digest: str

    def __str__(self) -> str:
        return f"{self.count}:{self.digest}"

    @classmethod
    def parse(cls, text: str) -> ChainHead:
        """Read ``COUNT:HASH`` as ``cspkit audit anchor`` prints it."""
        count, _, digest = text.strip().partition(":")
        count, digest = count.strip(), digest.strip().lower()
        if count == "0" and not digest:  # the head of an empty log
            return cls(0, "")
        if not count.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(
                f"'{text}' is not an audit log anchor: write it as COUNT:HASH, as 'cspkit audit anchor' printed it"
                " (a number of events, a colon, then 64 letters and digits)"
            )
        return cls(int(count), digest)


def chain_head() -> ChainHead:
    """The number of events and the newest event's hash."""
    newest = PersonalDataEvent.objects.order_by("-id").values_list("digest", flat=True).first()
    return ChainHead(PersonalDataEvent.objects.count(), newest or "")


def anchor_problem(anchor: ChainHead, events: Iterable[PersonalDataEvent] | None = None) -> str | None:
    """What is wrong with the events up to ``anchor``, in words, or None if they are all still there
    as they were. Events added after the anchor are not judged here (``verify_chain`` does that)."""
    if anchor.count == 0:
        return None
    previous, seen = "", 0
    for event in events if events is not None else PersonalDataEvent.objects.order_by("id").iterator():
        if event.digest != _digest(previous, event):
            return (
                f"Event {event.id} was changed, or an event before it removed:"
                " its hash does not follow from the one before."
            )
        previous, seen = event.digest, seen + 1
        if seen == anchor.count:
            if event.digest != anchor.digest:
                return (
                    f"The log's event number {seen:,} is not the one the anchor recorded: events up to the anchor"
                    " were removed or changed and the chain was rebuilt."
                )
            return None
    return (
        f"The log holds {seen:,} events but the anchor recorded {anchor.count:,}: "
        f"the newest {anchor.count - seen:,} events up to the anchor were removed."
    )


def log_chain_head() -> None:
    """Write the chain's head to the server log, to be compared later with ``cspkit audit verify --anchor``."""
    try:
        head = chain_head()
    except DatabaseError as exc:  # a server that cannot read its database says so elsewhere
        logger.warning("Personal-data audit log: could not read its head (%s)", exc)
        return
    logger.info(
        "Personal-data audit log head: %s (%s events). Keep it; 'cspkit audit verify --anchor %s' later shows"
        " whether any of these events were removed or changed.",
        head,
        f"{head.count:,}",
        head,
    )
