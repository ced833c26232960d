"""ASB Case Review pages: applications, the threshold decision, the review meeting, recommendations
and appeals, with the service-level clock; the yearly figures. Every read is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cspkit.casework.dates import working_days_between
from cspkit.web.accounts.models import Partnership
from cspkit.web.audit import personal
from cspkit.web.audit.values import form_changes
from cspkit.web.cases.access import cases_readable_by
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require
from cspkit.web.reviews import forms
from cspkit.web.reviews.figures import clock_for, threshold_for, year_figures
from cspkit.web.reviews.models import Appeal, Application, ThresholdDecision

Action = personal.Action


#: What names or reaches the applicant: the log says only whether it was given (ADR 0015).
APPLICANT = frozenset({"applicant_name", "on_behalf_of", "contact"})


def _partnerships(user: Any) -> list[Partnership]:
    return [p for p in Partnership.objects.all() if checks.can_run_case_reviews(user, p)]


def _application(request: HttpRequest, pk: int, action: str = Action.VIEW, summary: str = "", *,
                 audited: bool = True) -> Application:
    """The application, if the user runs case reviews for its partnership; the visit is audited
    unless the caller audits it itself (``audited=False``: a change, recorded with its values)."""
    application = get_object_or_404(Application.objects.select_related("partnership", "case"), pk=pk)
    if not checks.can_run_case_reviews(request.user, application.partnership):
        raise Http404("no such application")
    if audited:
        personal.record(request.user, action, "case_review", application.pk, summary=summary or f"application {pk}",
                        request=request)
    return application


def _financial_year(today) -> int:
    return today.year if today.month >= 4 else today.year - 1


@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    partnerships = _partnerships(request.user)
    require(bool(partnerships))
    applications = Application.objects.filter(partnership__in=partnerships).select_related("case")
    personal.record(
        request.user, Action.VIEW, "case_review_list", summary=f"{applications.count()} applications", request=request
    )
    year = _financial_year(timezone.localdate())
    figures = [year_figures(p, y) for p in partnerships for y in (year, year - 1)]
    return render(request, "reviews/review_list.html", {"applications": applications, "figures": figures})


@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest) -> HttpResponse:
    partnerships = _partnerships(request.user)
    require(bool(partnerships))
    readable = cases_readable_by(request.user).filter(partnership__in=partnerships)
    form = forms.ApplicationForm(request.POST or None, cases=readable)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            application = form.save(commit=False)
            application.partnership = partnerships[0]
            application.save()
            personal.record(request.user, Action.CREATE, "case_review", application.pk,
                            summary=form_changes("application received", form, APPLICANT), request=request)
        messages.success(request, "Application recorded")
        return redirect("reviews:detail", application.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": "Record an ASB Case Review application",
            "back_url": reverse("reviews:list"),
            "intro": "A victim, or someone on their behalf, may ask for a review of how agencies dealt with their "
            "complaints (Anti-social Behaviour, Crime and Policing Act 2014 s.104).",
        },
    )


@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    today = timezone.localdate()
    clock = clock_for(application)
    deadlines = [
        ("Acknowledge", clock.acknowledge_by, application.acknowledged_on),
        ("Decide the threshold", clock.decide_by, getattr(getattr(application, "decision", None), "decided_on", None)),
        (
            "Hold the review",
            clock.meet_by,
            application.meetings.order_by("held_on").values_list("held_on", flat=True).first(),
        ),
    ]
    rows = [(label, due, done, None if done else working_days_between(today, due)) for label, due, done in deadlines]
    return render(
        request,
        "reviews/review_detail.html",
        {
            "application": application,
            "deadlines": rows,
            "threshold": threshold_for(application),
            "decision": getattr(application, "decision", None),
            "meetings": application.meetings.prefetch_related("agencies"),
            "recommendations": application.recommendations.select_related("agency"),
            "appeals": application.appeals.all(),
        },
    )


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Acknowledge an application, once: a second press would move the date its clock runs from."""
    application = _application(request, pk, audited=False)
    if application.acknowledged_on is not None:
        messages.error(request, f"The application was acknowledged on {application.acknowledged_on:%-d %B %Y}")
        return redirect("reviews:detail", pk)
    with transaction.atomic():
        application.acknowledged_on = timezone.localdate()
        application.status = Application.Status.ACKNOWLEDGED
        application.save(update_fields=["acknowledged_on", "status"])
        personal.record(request.user, Action.CHANGE, "case_review", application.pk,
                        summary=f"acknowledged; on: {application.acknowledged_on.isoformat()}", request=request)
    return redirect("reviews:detail", pk)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, audited=False)
    if hasattr(application, "decision"):
        messages.error(request, "The threshold has already been decided")
        return redirect("reviews:detail", pk)
    result = threshold_for(application)
    with transaction.atomic():
        ThresholdDecision.objects.create(
            application=application,
            decided_on=timezone.localdate(),
            met=result.met,
            qualifying_complaints=len(result.qualifying),
            reasons="; ".join(result.reasons),
            decided_by=request.user,
        )
        application.status = Application.Status.THRESHOLD_MET if result.met else Application.Status.THRESHOLD_NOT_MET
        application.save(update_fields=["status"])
        personal.record(request.user, Action.CHANGE, "case_review", application.pk,
                        summary=f"threshold decided; met: {'yes' if result.met else 'no'}; qualifying complaints: "
                                f"{len(result.qualifying)}", request=request)
    messages.success(request, "Threshold met" if result.met else "Threshold not met")
    return redirect("reviews:detail", pk)


def _form(request, pk, heading, make, save) -> HttpResponse:
    """A form page that changes an application: audited as a view when shown, as a change (with the
    values it set, :func:`cspkit.web.audit.values.form_changes`) when saved."""
    posted = request.method == "POST"
    application = _application(request, pk, Action.VIEW, f"{heading} form", audited=not posted)
    form = make(application, request.POST or None)
    if posted and form.is_valid():
        with transaction.atomic():
            save(application, form)
            personal.record(request.user, Action.CHANGE, "case_review", application.pk,
                            summary=form_changes(heading, form), request=request)
        messages.success(request, f"{heading}: saved")
        return redirect("reviews:detail", pk)
    if posted:  # sent back with its errors: nothing was changed, but the form was shown again
        personal.record(request.user, Action.VIEW, "case_review", application.pk,
                        summary=f"{heading} form, not saved", request=request)
    return render(
        request,
        "core/form_page.html",
        {"form": form, "heading": heading, "back_url": reverse("reviews:detail", args=[pk])},
    )


@require_http_methods(["GET", "POST"])
def add_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    def save(application, form):
        meeting = form.save(commit=False)
        meeting.application = application
        meeting.save()
        form.save_m2m()
        application.status = Application.Status.REVIEWED
        application.save(update_fields=["status"])

    return _form(
        request, pk, "Record the review meeting", lambda a, d: forms.MeetingForm(d, partnership=a.partnership), save
    )


@require_http_methods(["GET", "POST"])
def add_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    def save(application, form):
        form.instance.application = application
        form.save()

    return _form(
        request, pk, "Add a recommendation", lambda a, d: forms.RecommendationForm(d, partnership=a.partnership), save
    )


@require_http_methods(["GET", "POST"])
def add_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    def save(application, form):
        form.instance.application = application
        form.save()

    return _form(request, pk, "Record an appeal", lambda a, d: forms.AppealForm(d), save)


@require_http_methods(["GET", "POST"])
def decide_appeal(request: HttpRequest, pk: int, appeal_pk: int) -> HttpResponse:
    def save(application, form):
        appeal = get_object_or_404(Appeal, pk=appeal_pk, application=application)
        appeal.outcome = form.cleaned_data["outcome"]
        appeal.decided_on = timezone.localdate()
        appeal.save()

    return _form(request, pk, "Decide the appeal", lambda a, d: forms.AppealDecisionForm(d), save)
