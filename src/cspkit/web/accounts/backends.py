"""Signing in with a password, and finding the signed-in person on every page, cheaply.

Every signed-in page looks up its person. Django's own backend reads the row each time; this
one keeps it, pickled, until the data's generation moves on (see :mod:`cspkit.web.core.generation`).
Every change to an account (a new password, a disabled account, a new role), made on any server,
moves the generation on, so the next page reads the row afresh and the change applies at once.
Each page gets its own copy, so nothing one request sets on ``request.user`` leaks to another.
"""

from __future__ import annotations

import pickle
from typing import Any

from django.contrib.auth import backends, get_user_model

from cspkit.web.core import generation


class ModelBackend(backends.ModelBackend):
    """Django's backend; the signed-in person's row is kept per data generation."""

    def get_user(self, user_id: Any) -> Any:
        kept = generation.cached(("signed-in person", str(user_id)), lambda: _pickled(user_id))
        if kept is None:
            return None
        user = pickle.loads(kept)
        return user if self.user_can_authenticate(user) else None


def _pickled(user_id: Any) -> bytes | None:
    model = get_user_model()
    try:
        return pickle.dumps(model._default_manager.select_related("agency").get(pk=user_id))  # agency: audit rows
    except (model.DoesNotExist, ValueError, TypeError):
        return None
