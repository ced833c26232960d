"""Signing in and out."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cspkit.web.accounts.forms import SignInForm


class SignInView(LoginView):
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
