"""The sign-in form in GOV.UK style."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm

from cspkit.web.core.forms import GovukForm, GovukFormMixin


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


class CodeForm(GovukForm):
    """A six-digit code from the authenticator app, or a recovery code.

    When signing in, the code is all the page asks for, so the field takes the focus (as the user
    name does on the sign-in page). When setting up, there are no recovery codes yet and the page
    starts with instructions, so the hint names the app's code only and the focus is left alone."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, setting_up: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if setting_up:
            self.fields["code"].help_text = "The 6-digit code your authenticator app shows now"
        else:
            self.fields["code"].widget.attrs["autofocus"] = True


class GovukPasswordChangeForm(GovukFormMixin, PasswordChangeForm):
    """Change your own password: the old one, then the new one twice."""


class GovukSetPasswordForm(GovukFormMixin, SetPasswordForm):
    """Choose a new password from a reset or invitation link."""
