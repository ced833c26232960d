"""Two-factor sign-in: a code from an authenticator app (TOTP), or a one-use recovery code.

Other apps rely on two names here:

- :func:`require_verified`, a view decorator: the person must have confirmed a second factor in
  this session if their partnership requires it for their role (or if they set one up anyway);
- :class:`TwoFactorMiddleware`, installed in settings: anyone who needs a second factor and has
  not given it this session reaches only the set-up and verify pages (and signing out).

A partnership chooses the roles that need it (``Partnership.two_factor_roles``); by default every
role in :data:`~cspkit.web.permissions.roles.PERSONAL_DATA_ROLES`. Someone in no partnership with
such a role needs it too.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import pyotp
from django.contrib.auth.hashers import check_password, make_password
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from cspkit.web.core.generation import cached
from cspkit.web.permissions.roles import PERSONAL_DATA_ROLES

SESSION_KEY = "two_factor_verified"
ISSUER = "cspkit"
RECOVERY_CODES = 10
#: Paths a person who still owes a second factor may reach.
OPEN_VIEWS = frozenset({"accounts:two_factor_setup", "accounts:two_factor_verify", "accounts:logout"})


def is_required(user: Any) -> bool:
    """Whether this person must sign in with a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if has_device(user):
        return True
    roles: set[str] = set()
    partnerships = list(user.partnerships.all())
    for partnership in partnerships:
        roles.update(partnership.two_factor_roles or [])
    if not partnerships:
        roles.update(PERSONAL_DATA_ROLES)
    return user.role in roles


def has_device(user: Any) -> bool:
    from cspkit.web.accounts.models import TwoFactorDevice

    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def is_verified(request: HttpRequest) -> bool:
    """Whether the person signed in gave a second factor in this session."""
    return request.session.get(SESSION_KEY) == request.user.pk


def needs_verification(request: HttpRequest) -> bool:
    """Signed in, owing a second factor and not yet verified in this session."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return False
    # Asked on every page: kept until the next write anywhere (a device, a role, a partnership's rule).
    return cached(("two-factor required", user.pk), lambda: is_required(user))


def verification_url(user: Any) -> str:
    return reverse("accounts:two_factor_verify" if has_device(user) else "accounts:two_factor_setup")


def require_verified(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view that shows personal data: an unverified person is sent to the second factor."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if needs_verification(request):
            return redirect(f"{verification_url(request.user)}?next={request.get_full_path()}")
        return view(request, *args, **kwargs)

    return wrapped


class TwoFactorMiddleware:
    """Block every page but the second-factor pages until a person who owes one has given it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if getattr(view, "login_required", True) is False and not request.user.is_authenticated:
            return None
        if needs_verification(request):
            return redirect(f"{verification_url(request.user)}?next={request.get_full_path()}")
        return None


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: Any, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)


def check_code(device: Any, code: str) -> bool:
    """A six-digit code from the app, this or the neighbouring 30 seconds, each code once only."""
    code = "".join(code.split())
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(device.secret)
    now = time.time()
    for drift in (-1, 0, 1):
        step = int(now // totp.interval) + drift
        if step > device.last_used_step and secrets.compare_digest(totp.at(step * totp.interval), code):
            # Claimed in one conditional UPDATE, so the same code cannot be used twice at once.
            claimed = type(device).objects.filter(pk=device.pk, last_used_step__lt=step).update(last_used_step=step)
            device.last_used_step = step
            return bool(claimed)
    return False


def make_recovery_codes(user: Any) -> list[str]:
    """Replace the person's recovery codes with new ones, shown once and kept as hashes."""
    from cspkit.web.accounts.models import RecoveryCode

    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=make_password(code)) for code in codes)
    return codes


def use_recovery_code(user: Any, code: str) -> bool:
    """Accept an unused recovery code once."""
    from cspkit.web.accounts.models import RecoveryCode

    code = code.strip().lower()
    for stored in RecoveryCode.objects.filter(user=user, used_at__isnull=True):
        if check_password(code, stored.code_hash):
            return bool(RecoveryCode.objects.filter(pk=stored.pk, used_at__isnull=True).update(used_at=timezone.now()))
    return False


def mark_verified(request: HttpRequest) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = request.user.pk
