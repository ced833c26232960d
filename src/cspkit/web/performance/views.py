"""The quarterly cycle: what is due, sending updates, ratings and their overrides, the RAG rule."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cspkit.web.core.editing import save_versioned
from cspkit.web.core.generation import cached
from cspkit.web.core.paging import page_links, paging_for
from cspkit.web.performance.due import due_for
from cspkit.web.performance.evidence import evidence_figure
from cspkit.web.performance.forms import ActionUpdateForm, MeasureUpdateForm, OverrideForm, RagRuleForm
from cspkit.web.performance.models import ActionUpdate, MeasureUpdate, RagRule
from cspkit.web.performance.quarters import Quarter, quarters_between
from cspkit.web.performance.rating import apply_rating, rerate_later, rerate_plan
from cspkit.web.performance.summary import longest_action_list, summarise
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require
from cspkit.web.plan.models import Action, Measure, Plan
from cspkit.web.plan.views import plan_or_404

#: Rows of each table on one page of "Updates due": a plan of thousands of actions stays readable.
DUE_PER_PAGE = 100


def reporting_quarter(today: date | None = None) -> Quarter:
    """The quarter owners report on now: the last one that has ended."""
    return Quarter.last_completed(today or timezone.localdate())


def quarter_from(slug: str | None, default: Quarter) -> Quarter:
    if not slug:
        return default
    try:
        return Quarter.from_slug(slug)
    except ValueError:
        raise Http404("no such quarter") from None


@require_GET
def due(request: HttpRequest) -> HttpResponse:
    require(checks.can_see_updates_due(request.user))
    quarter = quarter_from(request.GET.get("quarter"), reporting_quarter())
    due_now = due_for(request.user, quarter)
    page = request.GET.get("page", "1")
    number = int(page) if page.isascii() and page.isdigit() and 0 < len(page) < 6 and int(page) > 0 else 1
    last = max(1, -(-max(due_now.action_count, due_now.measure_count) // DUE_PER_PAGE))
    number = min(number, last)
    window = slice((number - 1) * DUE_PER_PAGE, number * DUE_PER_PAGE)
    return render(
        request,
        "performance/due.html",
        {
            "due": due_now,
            "actions_page": due_now.action_page(window),
            "measures_page": due_now.measure_page(window),
            "page_number": number,
            "last_page": last,
            "quarter": quarter,
            "previous": quarter.previous(),
            "next": quarter.next() if quarter.next() <= reporting_quarter().next() else None,
        },
    )


def _within_plan(plan: Plan, quarter: Quarter) -> None:
    if quarter.ends < plan.starts or quarter.starts > plan.ends:
        raise Http404("the plan does not run in this quarter")


@require_http_methods(["GET", "POST"])
def action_update(request: HttpRequest, quarter: str, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("priority__plan", "owner_agency"), pk=pk)
    require(checks.can_update_action(request.user, action))
    period = quarter_from(quarter, reporting_quarter())
    _within_plan(action.priority.plan, period)
    update = ActionUpdate.objects.filter(action=action, year=period.year, quarter=period.number).first()
    update = update or ActionUpdate(action=action, year=period.year, quarter=period.number, status=action.status)
    form = ActionUpdateForm(request.POST or None, instance=update)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        if save_versioned(form):
            _carry_status_to_action(action)
            messages.success(request, f"Update for action {action.reference} in {period.label} saved.")
            return redirect(f"{reverse('performance:due')}?quarter={period.slug}")
    return render(
        request,
        "performance/update_form.html",
        {
            "form": form,
            "item": action,
            "kind": "action",
            "quarter": period,
            "heading": f"Update action {action.reference}".strip(),
            "back_url": f"{reverse('performance:due')}?quarter={period.slug}",
        },
        status=409 if form.non_field_errors() else 200,
    )


def _carry_status_to_action(action: Action) -> None:
    """The action's status is that of its latest quarterly update."""
    latest = ActionUpdate.objects.filter(action=action).order_by("-year", "-quarter").first()
    if latest and action.status != latest.status:
        action.refresh_from_db()
        action.status = latest.status
        action.version += 1
        action._change_reason = f"Quarterly update {latest.period.label}"
        action.save()


@require_http_methods(["GET", "POST"])
def measure_update(request: HttpRequest, quarter: str, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure.objects.select_related("priority__plan__partnership", "owner_agency"), pk=pk)
    require(checks.can_update_measure(request.user, measure))
    period = quarter_from(quarter, reporting_quarter())
    _within_plan(measure.priority.plan, period)
    update = MeasureUpdate.objects.filter(measure=measure, year=period.year, quarter=period.number).first()
    computed = None
    if measure.source == Measure.Source.EVIDENCE:
        computed = evidence_figure(measure.priority.plan.partnership.area_code, measure.evidence_series, period)
    if update is None:
        update = MeasureUpdate(measure=measure, year=period.year, quarter=period.number)
        if computed is not None and computed.value is not None:
            update.value = computed.value  # offered for the owner to check and send
    form = MeasureUpdateForm(request.POST or None, instance=update)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        apply_rating(form.instance)
        if save_versioned(form):
            saved = form.instance
            rerate_later(saved)
            messages.success(
                request, f"Figure for {measure.name} in {period.label} saved: rated {saved.final_rating.label}."
            )
            return redirect("performance:measure", pk=measure.pk)
    return render(
        request,
        "performance/update_form.html",
        {
            "form": form,
            "item": measure,
            "kind": "measure",
            "quarter": period,
            "computed": computed,
            "heading": f"Figure for {measure.name}",
            "back_url": f"{reverse('performance:due')}?quarter={period.slug}",
        },
        status=409 if form.non_field_errors() else 200,
    )


@require_http_methods(["GET", "POST"])
def override(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(MeasureUpdate.objects.select_related("measure__priority__plan"), pk=pk)
    require(checks.can_override_rag(request.user, update.measure))
    form = OverrideForm(request.POST or None, instance=update)
    if request.method == "POST" and form.is_valid():
        form.instance.overridden_by = request.user if form.cleaned_data["override"] else None
        form.instance._change_reason = form.cleaned_data["override_reason"] or "Override removed"
        if save_versioned(form):
            messages.success(request, "Rating saved.")
            return redirect("performance:measure", pk=update.measure_id)
    return render(
        request,
        "performance/override_form.html",
        {
            "form": form,
            "update": update,
            "measure": update.measure,
            "back_url": reverse("performance:measure", args=[update.measure_id]),
        },
        status=409 if form.non_field_errors() else 200,
    )


@require_http_methods(["GET", "POST"])
def rag_rule(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, plan_pk, checks.can_configure_rag)
    rule = RagRule.objects.filter(plan=plan).first() or RagRule(plan=plan)
    form = RagRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        changed = rerate_plan(plan)
        messages.success(request, f"RAG rule saved; {changed} rating(s) changed as a result.")
        return redirect("performance:plan", plan_pk=plan.pk)
    return render(
        request,
        "performance/rag_rule.html",
        {
            "form": form,
            "plan": plan,
            "back_url": reverse("performance:plan", args=[plan.pk]),
        },
        status=409 if form.non_field_errors() else 200,
    )


def plan_quarters(plan: Plan) -> list[Quarter]:
    """The plan's quarters up to the one being reported on now."""
    latest = reporting_quarter()
    return [q for q in quarters_between(plan.starts, plan.ends) if q <= latest] or [
        quarters_between(plan.starts, plan.ends)[0]
    ]


def latest_reported(plan: Plan, reporting: Quarter) -> Quarter:
    """The reporting quarter once any figure for it is in, else the quarter before (if the plan ran then).

    Early in a quarter nobody has reported yet; showing last quarter's complete picture is more use.
    """
    sent = MeasureUpdate.objects.filter(measure__priority__plan=plan, year=reporting.year, quarter=reporting.number)
    earlier = reporting.previous()
    if sent.exists() or earlier.ends < plan.starts:
        return reporting
    return earlier


@require_GET
def plan_performance(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, plan_pk)
    quarters = plan_quarters(plan)
    quarter = quarter_from(request.GET.get("quarter"), latest_reported(plan, quarters[-1]))
    longest = cached(("longest actions", plan.pk, None), lambda: longest_action_list(plan))
    paging = paging_for(request, longest)
    return render(
        request,
        "performance/plan.html",
        {
            "plan": plan,
            "quarter": quarter,
            "quarters": quarters,
            "summaries": cached(
                ("summaries", plan.pk, quarter, None, paging.number), lambda: summarise(plan, quarter, paging=paging)
            ),
            "pages": page_links(request, paging, longest),
            "pages_label": "Pages of the actions",
            "can_configure": checks.can_configure_rag(request.user, plan),
            "rule": RagRule.objects.filter(plan=plan).first(),
        },
    )


@require_GET
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure.objects.select_related("priority__plan__partnership", "owner_agency"), pk=pk)
    plan = measure.priority.plan
    require(checks.can_view_plan(request.user, plan))
    updates = measure.updates.select_related("updated_by", "overridden_by").order_by("-year", "-quarter")
    return render(
        request,
        "performance/measure.html",
        {
            "measure": measure,
            "plan": plan,
            "updates": updates,
            "quarter": plan_quarters(plan)[-1],
            "can_update": checks.can_update_measure(request.user, measure),
            "can_override": checks.can_override_rag(request.user, measure),
        },
    )
