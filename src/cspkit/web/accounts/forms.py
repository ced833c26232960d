"""The sign-in form in GOV.UK style."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.forms import AuthenticationForm

from cspkit.web.core.forms import GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    error_messages: ClassVar[dict[str, Any]] = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct user name and password. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "User name"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
