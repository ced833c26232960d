"""Saving an edit form with optimistic locking, and telling the loser of a clash what happened."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cspkit.web.core.history import last_change
from cspkit.web.core.versioning import EditConflict, save_if_unchanged


def clash_message(record: models.Model | None) -> str:
    """ "This was changed by Chris Coordinator at 10:04 on 2 December 2026 after you opened it..."."""
    change = last_change(record) if record is not None and hasattr(record, "history") else None
    who = f" by {change.who} at {timezone.localtime(change.when):%H:%M on %-d %B %Y}" if change else ""
    return (
        f"This was changed{who} after you opened it, so your changes have not been saved. "
        "Reload the page to see the latest version, then make your changes again."
    )


def conflict_response(request: HttpRequest, record: models.Model | None, back_url: str, lead: str = "") -> HttpResponse:
    """A 409 page for a clash on an action that has no form to redisplay (publish, withdraw, create)."""
    message = f"{lead} {clash_message(record)}".strip()
    return render(request, "core/conflict.html", {"message": message, "back_url": back_url}, status=409)


def existing_twin(record: models.Model) -> models.Model | None:
    """The stored record a new ``record`` clashes with on one of its model's unique constraints."""
    model = type(record)
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if fields:
            twin = model._default_manager.filter(**{f: getattr(record, f) for f in fields}).first()
            if twin is not None:
                return twin
    for fields in model._meta.unique_together:
        twin = model._default_manager.filter(**{f: getattr(record, f) for f in fields}).first()
        if twin is not None:
            return twin
    return None


def save_versioned(form: forms.ModelForm) -> bool:
    """Save an edit (or a new record) unless someone else saved or created it since the form was opened.

    Returns False, with an error on the form saying who changed it and when, after a clash. A form
    opened on a new record (``opened_version`` 0) clashes if someone created that record meanwhile.
    """
    record: Any = form.save(commit=False)
    opened = form.cleaned_data.get("opened_version") or 0
    try:
        if record.pk is None:
            try:
                with transaction.atomic():
                    record.save()
            except IntegrityError:
                record.pk = None
                form.add_error(None, clash_message(existing_twin(record)))
                return False
        elif not opened:
            raise EditConflict
        else:
            save_if_unchanged(record, opened)
    except EditConflict:
        form.add_error(None, clash_message(type(record)._default_manager.filter(pk=record.pk).first()))
        return False
    form.save_m2m()
    return True
