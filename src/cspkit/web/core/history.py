"""Reading a record's history (django-simple-history) as plain change lists for a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    changes: list[FieldChange]
    reason: str


KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def history_of(record: Any) -> list[HistoryEntry]:
    """Every saved version of ``record``, newest first, with the fields each one changed."""
    model = type(record)
    labels = {f.name: str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
    entries = []
    versions = list(record.history.select_related("history_user").order_by("-history_date", "-history_id"))
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        changes = []
        if previous is not None:
            delta = version.diff_against(previous, excluded_fields=["version"], foreign_keys_are_objs=True)
            changes = [
                FieldChange(labels.get(c.field, c.field).capitalize(), _show(c.old), _show(c.new))
                for c in delta.changes
            ]
        entries.append(
            HistoryEntry(
                when=version.history_date,
                who=str(version.history_user) if version.history_user else "cspkit",
                kind=KINDS.get(version.history_type, version.history_type),
                changes=changes,
                reason=version.history_change_reason or "",
            )
        )
    return entries


def _show(value: Any) -> str:
    if value in (None, ""):
        return "(blank)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(value)


def last_change(record: Any) -> HistoryEntry | None:
    """The most recent change, to tell someone whose edit clashed who got there first."""
    entries = history_of(record)
    return entries[0] if entries else None
