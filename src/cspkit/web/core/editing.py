"""Saving an edit form with optimistic locking, and telling the loser of a clash what happened."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils import timezone

from cspkit.web.core.history import last_change
from cspkit.web.core.versioning import EditConflict, save_if_unchanged


def save_versioned(form: forms.ModelForm) -> bool:
    """Save an edit (or a new record) unless someone else saved it since the form was opened.

    Returns False, with an error on the form saying who changed it and when, after a clash.
    """
    record: models.Model = form.save(commit=False)
    if record.pk is None:
        record.save()
        form.save_m2m()
        return True
    try:
        save_if_unchanged(record, form.cleaned_data["opened_version"])
    except EditConflict:
        current = type(record)._default_manager.get(pk=record.pk)
        change = last_change(current)
        who = f" by {change.who} at {timezone.localtime(change.when):%H:%M on %-d %B %Y}" if change else ""
        form.add_error(
            None,
            f"This was changed{who} after you opened it, so your changes have not been saved. "
            "Reload the page to see the latest version, then make your changes again.",
        )
        return False
    form.save_m2m()
    return True
