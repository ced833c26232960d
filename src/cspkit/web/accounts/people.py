"""Creating, inviting and disabling accounts: what ``cspkit users`` does, in Django's terms.

An account is made with a password its owner chose (checked by the app's password rules) or with
none at all and an invitation: an email with a one-use link to choose one. Nobody is given a
password someone else knows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cspkit.errors import CspkitError
from cspkit.web.accounts.models import Agency, Partnership, User
from cspkit.web.permissions.roles import Role


@dataclass(frozen=True)
class NewAccount:
    username: str
    role: str
    partnerships: tuple[str, ...] = ()
    agency: str | None = None
    email: str = ""
    first_name: str = ""
    last_name: str = ""


def _partnership(name: str) -> Partnership:
    found = Partnership.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).first()
    if found is None:
        known = ", ".join(Partnership.objects.values_list("name", flat=True)) or "none yet"
        raise CspkitError(f"No partnership called {name!r}. Partnerships: {known}")
    return found


def _agency(name: str) -> Agency:
    found = Agency.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).first()
    if found is None:
        raise CspkitError(f"No agency called {name!r}")
    return found


def create_account(account: NewAccount, password: str | None) -> User:
    """A new account; with ``password`` None it has no usable password until its owner sets one."""
    if account.role not in Role.values:
        raise CspkitError(f"Unknown role {account.role!r}: use one of {', '.join(Role.values)}")
    if User.objects.filter(username__iexact=account.username).exists():
        raise CspkitError(f"There is already an account called {account.username!r}")
    user = User(
        username=account.username,
        email=account.email,
        first_name=account.first_name,
        last_name=account.last_name,
        role=account.role,
        agency=_agency(account.agency) if account.agency else None,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CspkitError("Password refused: " + " ".join(error.messages)) from None
        user.set_password(password)
    partnerships = [_partnership(name) for name in account.partnerships]
    with transaction.atomic():
        user._change_reason = "Created with cspkit users"
        user.save()
        user.partnerships.set(partnerships)
    return user


def invitation_link(user: User, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    return base_url.rstrip("/") + path


def invite(user: User, base_url: str) -> str:
    """Email the person a one-use link to choose their password; returns the link."""
    if not user.email:
        raise CspkitError(f"{user.username} has no email address to send the invitation to")
    link = invitation_link(user, base_url)
    send_mail(
        "Your cspkit account",
        f"An account called {user.username} has been made for you on the partnership's cspkit.\n\n"
        f"Choose your password with this link (it works once, for three days):\n\n{link}\n",
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    return link


def disable(username: str) -> User:
    """Stop an account signing in and end its open sessions; its history and logs are kept."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CspkitError(f"No account called {username!r}")
    with transaction.atomic():
        user.is_active = False
        user._change_reason = "Disabled with cspkit users"
        user.save()
        for session in Session.objects.filter(expire_date__gt=timezone.now()):
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
    return user
