"""Saving the time of a sign-in without adding to the account's history of changes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone


def record_last_login(sender: Any, user: Any, **kwargs: Any) -> None:
    user.last_login = timezone.now()
    user.skip_history_when_saving = True
    try:
        user.save(update_fields=["last_login"])
    finally:
        del user.skip_history_when_saving
