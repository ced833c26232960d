"""What a change recorded, written for the personal-data audit log (docs/decisions/0015).

Chosen values (dates, powers, roles, owners, statuses, record numbers) are kept as they are,
and a change of one as ``before → after``. Typed text (notes, descriptions, details, titles,
places) is kept as its length and SHA-256, never its words: the log cannot be edited and outlives
the records retention deletes, so words kept here could never be taken out again. The digest
still shows whether a text was later changed, and a copy of it can be checked against the log.
People are named by record number ("person 12"), for the same reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

ARROW = " → "


def typed_text(text: str | None) -> str:
    """Typed text as the log keeps it: how long it was and its SHA-256 (hex), not the words."""
    text = text or ""
    if not text:
        return "empty"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{len(text)} character{'s' if len(text) != 1 else ''}, SHA-256 {digest}"


def person_number(person: Any) -> str | None:
    """A person as the log names them: by record number, which outlives their name."""
    return None if person is None else f"person {person.pk}"


def value_text(value: Any) -> str:
    """One chosen value in words: dates as YYYY-MM-DD, yes or no, none."""
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def changed(before: Any, after: Any) -> str:
    """A value that changed, as ``before → after``."""
    return f"{value_text(before)}{ARROW}{value_text(after)}"


def described(headline: str, values: dict[str, Any]) -> str:
    """``headline; name: value; ...`` leaving out values not given (None or empty)."""
    parts = [f"{name}: {value_text(value)}" for name, value in values.items() if value is not None and value != ""]
    return "; ".join([headline, *parts])
