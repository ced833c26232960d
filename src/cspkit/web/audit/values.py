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


def form_changes(headline: str, form: Any, withheld: frozenset[str] | set[str] = frozenset()) -> str:
    """``headline``, then what a submitted form set, as the log keeps it: ``label: before → after`` for each field
    changed (the value alone where there was none before), typed text as its length and digest,
    people by record number, chosen values in the words the form offered them.

    ``withheld``: fields that name or reach a person (an applicant's name, their telephone number),
    kept only as "given", "changed" or "removed". A digest of a long text cannot be turned back
    into it, but a name or a number can be found by trying each in turn.
    """
    parts = []
    for name in form.changed_data:
        if name == "opened_version":  # the edit-clash check's own field, not the record's
            continue
        field = form.fields[name]
        label = str(field.label or name.replace("_", " ").capitalize())
        if name in withheld:
            had, has = bool(form.initial.get(name)), bool(form.cleaned_data.get(name))
            parts.append(f"{label}: {'changed' if had and has else 'given' if has else 'removed'}")
            continue
        before = _field_value(field, form.initial.get(name), initial=True)
        after = _field_value(field, form.cleaned_data.get(name))
        shown = changed(before, after) if before not in (None, "", "empty") else value_text(after)
        parts.append(f"{label}: {shown}")
    return "; ".join([headline, *parts])


def _field_value(field: Any, value: Any, *, initial: bool = False) -> Any:
    from django import forms
    from django.db.models import Model

    if value is None or value == "" or value == []:
        return None
    if isinstance(field, forms.ModelMultipleChoiceField):
        items = field.queryset.filter(pk__in=[getattr(v, "pk", v) for v in value]) if initial else value
        return ", ".join(_record(item) for item in items) or None
    if isinstance(field, forms.ModelChoiceField):
        item = value if isinstance(value, Model) else field.queryset.filter(pk=value).first()
        return _record(item) if item is not None else str(value)
    if isinstance(field, forms.FileField):  # a file's name can name a person: kept as typed text is
        return typed_text(getattr(value, "name", str(value)))
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): str(label) for key, label in field.choices if not isinstance(label, list | tuple)}
        if isinstance(value, list | tuple):
            return ", ".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))
    if isinstance(field, forms.CharField):
        return typed_text(str(value))
    return value


def _record(item: Any) -> str:
    """A chosen record: a person by number (their name outlives retention in the log otherwise),
    anything else (an agency, a member of staff) by its name. A model whose records are people
    says so with ``audit_by_number = True``."""
    if getattr(item, "audit_by_number", False):
        return person_number(item) or ""
    return str(item)
