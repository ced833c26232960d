"""Signing in and out, passwords (change, reset, invitation) and two-factor sign-in."""

from __future__ import annotations

from typing import ClassVar

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from cspkit.web.accounts import twofactor
from cspkit.web.accounts.forms import CodeForm, GovukPasswordChangeForm, GovukSetPasswordForm, SignInForm
from cspkit.web.accounts.models import TwoFactorDevice
from cspkit.web.audit.events import record_event
from cspkit.web.core.forms import GovukFormMixin

#: Wrong codes allowed in one session before it is signed out.
MAX_CODE_FAILURES = 5


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """Ask before signing out, so a link (or a prefetch) cannot sign anyone out."""
    if request.method == "POST":
        logout(request)
        return redirect("dashboard:home")
    return render(request, "accounts/sign_out.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_form.html"
    form_class = GovukPasswordChangeForm
    success_url = reverse_lazy("dashboard:home")
    extra_context: ClassVar[dict[str, str]] = {"heading": "Change your password", "submit_label": "Change password"}

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response


class GovukPasswordResetForm(GovukFormMixin, PasswordResetForm):
    """Your email address, to be sent a link to choose a new password."""


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_form.html"
    form_class = GovukPasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context: ClassVar[dict[str, str]] = {
        "heading": "Reset your password",
        "intro": "Enter the email address of your account: we will send it a link to choose a new password.",
        "submit_label": "Send the link",
    }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_form.html"
    form_class = GovukSetPasswordForm
    success_url = reverse_lazy("accounts:login")
    extra_context: ClassVar[dict[str, str]] = {"heading": "Choose a new password", "submit_label": "Save the password"}

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been saved: sign in with it.")
        return response


@login_not_required
def password_reset_done(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/message.html",
        {
            "heading": "Check your email",
            "text": "If an account has that address, we have sent it a link to choose a new password. "
            "The link works once, for three days.",
        },
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Scan a QR code, type the first code, then note the recovery codes shown once."""
    user = request.user
    device = TwoFactorDevice.objects.filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        if not twofactor.is_verified(request):
            return redirect("accounts:two_factor_verify")
        messages.info(request, "Two-factor sign-in is already set up for your account.")
        return redirect("dashboard:home")
    if device is None:
        device = TwoFactorDevice.objects.create(user=user, secret=twofactor.new_secret())
    form = CodeForm(request.POST or None, setting_up=True)
    if request.method == "POST" and form.is_valid():
        if twofactor.check_code(device, form.cleaned_data["code"]):
            device.confirmed_at = timezone.now()
            device.save(update_fields=["confirmed_at"])
            codes = twofactor.make_recovery_codes(user)
            twofactor.mark_verified(request)
            record_event(request, "two-factor set up", 200, user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", "Enter the 6-digit code your authenticator app shows now")
        record_event(request, "two-factor failed", 401, user)
    uri = twofactor.provisioning_uri(user, device.secret)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": segno.make(uri, error="m").svg_data_uri(scale=5, dark="#0b0c0c"),
            "secret": device.secret,
            "next": _next_url(request),
            "required": twofactor.is_required(user),
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    device = TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if twofactor.check_code(device, code) or twofactor.use_recovery_code(user, code):
            twofactor.mark_verified(request)
            record_event(request, "two-factor verified", 200, user)
            return redirect(_next_url(request))
        failures = request.session.get("two_factor_failures", 0) + 1
        request.session["two_factor_failures"] = failures
        record_event(request, "two-factor failed", 401, user)
        if failures >= MAX_CODE_FAILURES:
            logout(request)
            messages.error(request, "Too many wrong codes: you have been signed out.")
            return redirect("accounts:login")
        form.add_error("code", "Enter the 6-digit code your authenticator app shows now, or a recovery code")
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})
