"""Pages of the registers: the PSPO register (and its public page), and death reviews.

Death reviews are personal data: every page of one records a read in the personal-data audit
log, every change records a change, and a refused attempt records the refusal.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cspkit.casework.pspo import OrderStatus
from cspkit.web.accounts.models import Partnership
from cspkit.web.audit import personal
from cspkit.web.audit.values import form_changes
from cspkit.web.core.editing import save_versioned
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require
from cspkit.web.registers import forms, geometry
from cspkit.web.registers.models import AgencyReport, DeathReview, Pspo, ReviewAction
from cspkit.web.registers.statement import register_statement

Action = personal.Action


def _partnerships(user: Any, check: Any) -> list[Partnership]:
    return [p for p in Partnership.objects.all() if check(user, p)]


def _form_page(
    request: HttpRequest, form: Any, heading: str, caption: str, back_url: str, **extra: Any
) -> HttpResponse:
    context = {"form": form, "heading": heading, "caption": caption, "back_url": back_url, **extra}
    status = (
        409 if getattr(form, "errors", None) and form.non_field_errors() and "opened_version" in form.fields else 200
    )
    return render(request, "core/form_page.html", context, status=status)


# PSPOs -----------------------------------------------------------------------------------------


def pspo_or_404(user: Any, pk: int, *, edit: bool = False) -> Pspo:
    order = get_object_or_404(Pspo.objects.select_related("partnership"), pk=pk)
    require(checks.can_view_pspo_register(user, order.partnership))
    if edit:
        require(checks.can_edit_pspo_register(user, order.partnership))
    return order


@require_GET
def pspo_list(request: HttpRequest) -> HttpResponse:
    partnerships = _partnerships(request.user, checks.can_view_pspo_register)
    require(bool(partnerships))
    today = forms.today()
    orders = Pspo.objects.filter(partnership__in=partnerships).prefetch_related("extensions")
    return render(
        request,
        "registers/pspo_list.html",
        {
            "rows": [(order, order.status(today), order.expires_on) for order in orders],
            "can_create": any(checks.can_edit_pspo_register(request.user, p) for p in partnerships),
            "can_list_reviews": any(checks.can_list_death_reviews(request.user, p) for p in partnerships),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def pspo_create(request: HttpRequest) -> HttpResponse:
    partnerships = _partnerships(request.user, checks.can_edit_pspo_register)
    require(bool(partnerships))
    form = forms.PspoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        form.instance.partnership = partnerships[0]
        save_versioned(form)
        messages.success(request, f"Proposed order for {form.instance.title} added: record the consultation next.")
        return redirect("registers:pspo", pk=form.instance.pk)
    return _form_page(
        request,
        form,
        "Propose a public spaces protection order",
        "PSPO register",
        reverse("registers:pspos"),
        multipart=True,
        submit_label="Add the proposed order",
    )


@require_GET
def pspo_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = pspo_or_404(request.user, pk)
    today = forms.today()
    return render(
        request,
        "registers/pspo_detail.html",
        {
            "order": order,
            "status": order.status(today),
            "expires_on": order.expires_on,
            "can_edit": checks.can_edit_pspo_register(request.user, order.partnership),
            "map_text": geometry.describe(order.geometry),
            "comparison": _before_after(order),
            "enforcement": order.enforcement.all(),
        },
    )


def _before_after(order: Pspo):
    """The before/after comparison from the evidence store, or None if there is none to make."""
    if order.in_force_from is None:
        return None
    from cspkit.assess.restricted_area import before_after
    from cspkit.config import get_settings
    from cspkit.store import open_store
    from cspkit.store.connection import StoreError

    path = get_settings().store_path
    if not path.exists():
        return None
    try:
        with open_store(path, read_only=True) as store:
            return before_after(store.con, order.geometry, order.in_force_from)
    except StoreError:
        return None


@login_not_required
@require_GET
def pspo_map(request: HttpRequest, pk: int) -> HttpResponse:
    """The map of an order: for the partnership, or for anyone once the order is in force."""
    order = get_object_or_404(Pspo, pk=pk)
    public = order.status(forms.today()) is OrderStatus.IN_FORCE
    if not public and not checks.can_view_pspo_register(request.user, order.partnership):
        raise Http404("no such order in force")
    response = HttpResponse(geometry.map_svg(order.geometry, order.title), content_type="image/svg+xml")
    response["Cache-Control"] = "max-age=300"
    return response


@login_not_required
@require_GET
def pspo_public(request: HttpRequest) -> HttpResponse:
    """Orders in force, with their maps and text, as councils must publish them (s.72, regs 2014/2591)."""
    today = forms.today()
    orders = [
        (order, order.expires_on, geometry.describe(order.geometry))
        for order in Pspo.objects.select_related("partnership").prefetch_related("extensions", "variations")
        if order.status(today) is OrderStatus.IN_FORCE
    ]
    return render(request, "registers/pspo_public.html", {"orders": orders, "today": today})


PSPO_PARTS = {
    "consultation": (forms.ConsultationForm, "Record a consultation", "Consultation recorded."),
    "extension": (forms.ExtensionForm, "Extend the order", "The order has been extended."),
    "variation": (forms.VariationForm, "Vary the order", "The variation has been recorded."),
    "enforcement": (forms.EnforcementForm, "Record a breach, fixed penalty or prosecution", "Recorded."),
}


@require_http_methods(["GET", "POST"])
def pspo_add(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    order = pspo_or_404(request.user, pk, edit=True)
    if part not in PSPO_PARTS:
        raise Http404("no such part")
    form_class, heading, done = PSPO_PARTS[part]
    kwargs = {"order": order} if part in {"extension", "variation"} else {}
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record = form.save(commit=False)
            record.pspo = order
            record.save()
            if part == "variation":
                _apply_variation(order, form.cleaned_data)
        messages.success(request, done)
        return redirect("registers:pspo", pk=order.pk)
    return _form_page(request, form, heading, order.title, reverse("registers:pspo", args=[order.pk]), multipart=True)


def _apply_variation(order: Pspo, data: dict[str, Any]) -> None:
    if data.get("new_area"):
        order.geometry = data["new_area"]
    if data.get("new_prohibitions"):
        order.prohibitions = data["new_prohibitions"]
    order._change_reason = f"Varied on {data['varied_on']:%-d %B %Y}"
    order.version += 1
    order.save()


PSPO_STEPS = {
    "proposal": (forms.PspoForm, "Edit the proposed order", "Saved."),
    "decision": (forms.DecisionForm, "Make the order", "The order has been made."),
    "discharge": (forms.DischargeForm, "Discharge the order", "The order has been discharged."),
}


@require_http_methods(["GET", "POST"])
def pspo_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    order = pspo_or_404(request.user, pk, edit=True)
    if step not in PSPO_STEPS:
        raise Http404("no such step")
    form_class, heading, done = PSPO_STEPS[step]
    form = form_class(request.POST or None, request.FILES or None, instance=order)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        messages.success(request, done)
        return redirect("registers:pspo", pk=order.pk)
    return _form_page(request, form, heading, order.title, reverse("registers:pspo", args=[order.pk]), multipart=True)


# Death reviews ---------------------------------------------------------------------------------


def review_or_403(request: HttpRequest, pk: int, *, edit: bool = False) -> DeathReview:
    """The review, if this person is named on it; a refusal is itself audited."""
    review = get_object_or_404(DeathReview.objects.select_related("partnership"), pk=pk)
    check = checks.can_edit_death_review if edit else checks.can_view_death_review
    if not check(request.user, review):
        if request.user.is_authenticated:
            personal.record(
                request.user, Action.DENIED, "dardr", review.pk, summary="Not named on the review", request=request
            )
        raise PermissionDenied
    return review


@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    partnerships = _partnerships(request.user, checks.can_list_death_reviews)
    require(bool(partnerships))
    reviews = DeathReview.objects.filter(partnership__in=partnerships)
    if not request.user.is_superuser:
        reviews = reviews.filter(named_people=request.user)
    today = forms.today()
    personal.record(
        request.user, Action.SEARCH, "dardr", summary="Listed the death reviews I am named on", request=request
    )
    return render(
        request,
        "registers/review_list.html",
        {
            "reviews": [(r, r.stage(), r.report_due(today)) for r in reviews.prefetch_related("clock_pauses")],
            "can_create": any(checks.can_create_death_review(request.user, p) for p in partnerships),
        },
    )


@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest) -> HttpResponse:
    partnerships = _partnerships(request.user, checks.can_create_death_review)
    require(bool(partnerships))
    form = forms.NewReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            review = form.save(commit=False)
            review.partnership = partnerships[0]
            review.save()
            review.named_people.add(request.user)
            personal.record(request.user, Action.CREATE, "dardr", review.pk,
                            summary=form_changes("Notification recorded", form, withheld={"subject"}), request=request)
        messages.success(
            request, f"{review.reference} recorded: the decision is due by {review.decision_due:%-d %B %Y}."
        )
        return redirect("registers:review", pk=review.pk)
    return _form_page(
        request,
        form,
        "Record a notification of a death",
        "Domestic Abuse Related Death Reviews",
        reverse("registers:reviews"),
        submit_label="Record the notification",
    )


@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_or_403(request, pk)
    personal.record(request.user, Action.VIEW, "dardr", review.pk, summary="Opened the review", request=request)
    today = forms.today()
    report_due = review.report_due(today)
    from cspkit.casework import dardr

    return render(
        request,
        "registers/review_detail.html",
        {
            "review": review,
            "today": today,
            "stage": review.stage(),
            "decision_state": dardr.clock_state(review.decision_due, today, review.decided_on),
            "report_due": report_due,
            "report_state": dardr.clock_state(report_due, today, review.report_completed_on, paused=review.is_paused)
            if report_due
            else None,
            "agency_reports": [
                (r, dardr.clock_state(r.due_on, today, r.received_on))
                for r in review.agency_reports.select_related("agency")
            ],
            "recommendations": review.recommendations.prefetch_related("actions__owner_agency"),
            "can_edit": checks.can_edit_death_review(request.user, review),
            "steps": [(key, label) for key, (label, _) in forms.REVIEW_STEPS.items()],
            "named": review.named_people.order_by("last_name"),
        },
    )


@require_http_methods(["GET", "POST"])
def review_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    review = review_or_403(request, pk, edit=True)
    if step not in forms.REVIEW_STEPS:
        raise Http404("no such step")
    label, _ = forms.REVIEW_STEPS[step]
    form = forms.review_step_form(step)(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        personal.record(request.user, Action.CHANGE, "dardr", review.pk, summary=form_changes(label, form),
                        request=request)
        messages.success(request, f"{label}: saved.")
        return redirect("registers:review", pk=review.pk)
    personal.record(request.user, Action.VIEW, "dardr", review.pk, summary=f"Opened {label.lower()}", request=request)
    return _form_page(request, form, label, review.reference, reverse("registers:review", args=[review.pk]))


REVIEW_PARTS = {
    "pause": (forms.PauseForm, "Pause the report clock", "The pause has been recorded."),
    "agency-report": (forms.AgencyReportForm, "Ask an agency for a review or chronology", "Request recorded."),
    "recommendation": (forms.RecommendationForm, "Add a recommendation", "Recommendation added."),
    "action": (forms.ReviewActionForm, "Add an action to the action plan", "Action added."),
}


@require_http_methods(["GET", "POST"])
def review_add(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    review = review_or_403(request, pk, edit=True)
    if part not in REVIEW_PARTS:
        raise Http404("no such part")
    form_class, heading, done = REVIEW_PARTS[part]
    form = form_class(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        if part != "action":
            record.review = review
        with transaction.atomic():  # saved and logged together, or neither
            record.save()
            personal.record(request.user, Action.CHANGE, "dardr", review.pk, summary=form_changes(heading, form),
                            request=request)
        messages.success(request, done)
        return redirect("registers:review", pk=review.pk)
    return _form_page(request, form, heading, review.reference, reverse("registers:review", args=[review.pk]))


def _save_changed(request: HttpRequest, review: DeathReview, form: Any, headline: str, done: str) -> HttpResponse:
    """Save an edit of part of a review and log it with its values, together; an edit that changed
    nothing is neither saved nor logged as a change."""
    if not form.has_changed():
        messages.success(request, "Nothing was changed.")
        return redirect("registers:review", pk=review.pk)
    with transaction.atomic():
        form.save()
        personal.record(request.user, Action.CHANGE, "dardr", review.pk, summary=form_changes(headline, form),
                        request=request)
    messages.success(request, done)
    return redirect("registers:review", pk=review.pk)


@require_http_methods(["GET", "POST"])
def pause_end(request: HttpRequest, pk: int, pause_pk: int) -> HttpResponse:
    review = review_or_403(request, pk, edit=True)
    pause = get_object_or_404(review.clock_pauses, pk=pause_pk)
    form = forms.PauseForm(request.POST or None, instance=pause, review=review)
    if request.method == "POST" and form.is_valid():
        return _save_changed(request, review, form, "Clock pause changed", "The pause has been updated.")
    return _form_page(
        request, form, "Resume the report clock", review.reference, reverse("registers:review", args=[review.pk])
    )


@require_http_methods(["GET", "POST"])
def agency_report_received(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    review = review_or_403(request, pk, edit=True)
    report = get_object_or_404(AgencyReport.objects.select_related("agency"), pk=report_pk, review=review)
    form = forms.ReceivedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report.received_on = form.cleaned_data["received_on"]
        with transaction.atomic():
            report.save()
            personal.record(request.user, Action.CHANGE, "dardr", review.pk,
                            summary=form_changes(f"{report.get_kind_display()} from {report.agency} received", form),
                            request=request)
        messages.success(request, f"{report.get_kind_display()} from {report.agency} received.")
        return redirect("registers:review", pk=review.pk)
    heading = f"{report.get_kind_display()} received from {report.agency}"
    return _form_page(request, form, heading, review.reference, reverse("registers:review", args=[review.pk]))


@require_http_methods(["GET", "POST"])
def action_complete(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    review = review_or_403(request, pk, edit=True)
    action = get_object_or_404(ReviewAction, pk=action_pk, recommendation__review=review)
    form = forms.CompleteActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        return _save_changed(request, review, form, "Action completed", "Action marked complete.")
    return _form_page(
        request, form, "Mark the action complete", review.reference, reverse("registers:review", args=[review.pk])
    )


@require_http_methods(["GET", "POST"])
def review_access(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_or_403(request, pk, edit=True)
    form = forms.AccessForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        review.named_people.add(person)
        personal.record(
            request.user,
            Action.ACCESS_GRANTED,
            "dardr",
            review.pk,
            summary=f"Access given to {person.get_username()}",
            request=request,
        )
        messages.success(request, f"{person.get_full_name() or person} can now open this review.")
        return redirect("registers:review", pk=review.pk)
    return _form_page(
        request,
        form,
        "Give someone access to this review",
        review.reference,
        reverse("registers:review", args=[review.pk]),
    )


@require_POST
def review_access_remove(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    review = review_or_403(request, pk, edit=True)
    if user_pk == request.user.pk:
        messages.error(request, "You cannot remove your own access.")
    else:
        person = get_object_or_404(review.named_people, pk=user_pk)
        review.named_people.remove(person)
        personal.record(
            request.user,
            Action.ACCESS_REFUSED,
            "dardr",
            review.pk,
            summary=f"Access removed from {person.get_username()}",
            request=request,
        )
        messages.success(request, f"{person.get_full_name() or person} can no longer open this review.")
    return redirect("registers:review", pk=review.pk)


# Board and yearly statement ------------------------------------------------------------------


@require_GET
def statement(request: HttpRequest) -> HttpResponse:
    partnerships = _partnerships(request.user, checks.can_view_register_statement)
    require(bool(partnerships))
    year = request.GET.get("year")
    today = forms.today()
    return render(
        request,
        "registers/statement.html",
        {
            "statements": [
                register_statement(p, today, int(year) if year and year.isdigit() else None) for p in partnerships
            ]
        },
    )
