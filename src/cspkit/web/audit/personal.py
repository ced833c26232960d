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
from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest

from cspkit.web.audit.models import PersonalDataEvent

Action = PersonalDataEvent.Action


def _digest(previous: str, event: PersonalDataEvent) -> str:
    parts = [
        previous,
        event.at.isoformat(),
        event.username,
        event.agency,
        event.action,
        event.record_type,
        str(event.record_id),
        event.summary,
        event.reason,
    ]
    return hashlib.sha256("\\x1f".join(parts).encode("utf-8")).hexdigest()


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
    """Append one event. `summary` says what was touched without repeating the personal data."""
    from django.utils import timezone

    agency = getattr(getattr(user, "agency", None), "name", "") or ""
    with transaction.atomic():
        last = PersonalDataEvent.objects.select_for_update().order_by("-id").only("digest").first()
        event = PersonalDataEvent(
            at=timezone.now(),
            user=user if getattr(user, "pk", None) else None,
            username=user.get_username() if getattr(user, "pk", None) else "(system)",
            agency=agency[:200],
            action=action,
            record_type=record_type[:40],
            record_id="" if record_id is None else str(record_id)[:40],
            summary=summary[:500],
            reason=reason[:500],
            ip_address=(request.META.get("REMOTE_ADDR") or None) if request is not None else None,
        )
        event.digest = _digest(last.digest if last else "", event)
        event.save(force_insert=True)
    return event


def verify_chain(events: Iterable[PersonalDataEvent] | None = None) -> int | None:
    """The id of the first event whose hash does not follow from the one before, or None if intact."""
    previous = ""
    for event in events if events is not None else PersonalDataEvent.objects.order_by("id").iterator():
        if event.digest != _digest(previous, event):
            return event.id
        previous = event.digest
    return None
