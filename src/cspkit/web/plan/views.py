"""Pages for reading and keeping the plan: list, detail, create and edit every part, history,
and the Excel import and export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import models
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from cspkit.errors import InputError
from cspkit.web.accounts.models import Partnership
from cspkit.web.core.editing import save_versioned
from cspkit.web.core.history import history_of
from cspkit.web.core.paging import page_links, paging_for
from cspkit.web.performance.summary import longest_action_list
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require
from cspkit.web.permissions.roles import Role
from cspkit.web.plan import forms as plan_forms
from cspkit.web.plan.models import Action, Measure, Outcome, Plan, Priority, Risk, StrategyLink
from cspkit.web.plan.workbook import create_plan, read_workbook, write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Part:
    """A kind of record in the plan, for the shared create, edit and history pages."""

    model: type[models.Model]
    form: type
    noun: str
    parent: str  # "plan" or "priority"


PARTS = {
    "priorities": Part(Priority, plan_forms.PriorityForm, "priority", "plan"),
    "outcomes": Part(Outcome, plan_forms.OutcomeForm, "outcome", "priority"),
    "actions": Part(Action, plan_forms.ActionForm, "action", "priority"),
    "measures": Part(Measure, plan_forms.MeasureForm, "performance measure", "priority"),
    "risks": Part(Risk, plan_forms.RiskForm, "assumption or risk", "priority"),
    "links": Part(StrategyLink, plan_forms.StrategyLinkForm, "linked strategy", "plan"),
}


def _part(kind: str) -> Part:
    if kind not in PARTS:
        raise Http404(f"no such part of a plan: {kind}")
    return PARTS[kind]


def coordinated_partnerships(user: Any) -> Any:
    """Partnerships in which the user may create plans."""
    partnerships = Partnership.objects.all()
    if not user.is_superuser:
        partnerships = (
            partnerships.filter(pk__in=checks.partnership_ids(user))
            if user.role == Role.COORDINATOR
            else (partnerships.none())
        )
    return partnerships


def plan_or_404(user: Any, pk: int, check: Any = checks.can_view_plan) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("partnership"), pk=pk)
    if not checks.can_view_plan(user, plan):
        raise Http404("no such plan")  # the same answer as a plan that does not exist: ids reveal nothing
    require(check(user, plan))
    return plan


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    require(checks.can_view_dashboard(request.user))
    plans = Plan.objects.select_related("partnership")
    if not request.user.is_superuser:
        plans = plans.filter(partnership__in=checks.partnership_ids(request.user))
    return render(
        request,
        "plan/plan_list.html",
        {
            "plans": plans,
            "can_create": coordinated_partnerships(request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    partnerships = coordinated_partnerships(request.user)
    require(partnerships.exists())
    form = plan_forms.PlanForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        messages.success(request, f"{plan.title} created. Add its priorities next.")
        return redirect("plan:detail", pk=plan.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": "Create a plan",
            "back_url": reverse("plan:list"),
            "submit_label": "Create plan",
        },
    )


def page_of_actions(paging: Any) -> Any:
    """Each priority's actions on the page asked for, in reference order (a window in SQL)."""
    row = models.Window(
        RowNumber(), partition_by=models.F("priority_id"), order_by=[models.F("reference").asc(), models.F("pk").asc()]
    )
    actions = Action.objects.select_related("owner_agency", "outcome").annotate(row=row)
    return actions.filter(row__gt=paging.window.start, row__lte=paging.window.stop)


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, pk)
    longest = longest_action_list(plan)
    paging = paging_for(request, longest)
    priorities = plan.priorities.annotate(action_count=models.Count("actions")).prefetch_related(
        "outcomes",
        models.Prefetch("actions", queryset=page_of_actions(paging)),
        models.Prefetch("measures", queryset=Measure.objects.select_related("owner_agency", "action")),
        models.Prefetch("risks", queryset=Risk.objects.select_related("action")),
    )
    return render(
        request,
        "plan/plan_detail.html",
        {
            "plan": plan,
            "priorities": priorities,
            "links": plan.strategy_links.prefetch_related("priorities"),
            "can_edit": checks.can_edit_plan(request.user, plan),
            "pages": page_links(request, paging, longest),
            "pages_label": "Pages of the actions",
        },
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, pk, checks.can_edit_plan)
    form = plan_forms.PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        messages.success(request, "Plan saved.")
        return redirect("plan:detail", pk=plan.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": f"Edit {plan.title}",
            "back_url": reverse("plan:detail", args=[plan.pk]),
        },
        status=409 if form.non_field_errors() else 200,
    )


def _parent_of(part: Part, plan: Plan, priority_pk: int | None) -> dict[str, Any]:
    if part.parent == "plan":
        return {"plan": plan}
    return {"priority": get_object_or_404(Priority, pk=priority_pk, plan=plan)}


def _plan_of(record: Any) -> int:
    if isinstance(record, Plan):
        return record.pk
    if isinstance(record, (Priority, StrategyLink)):
        return record.plan_id
    return record.priority.plan_id


@require_http_methods(["GET", "POST"])
def part_create(request: HttpRequest, plan_pk: int, kind: str, priority_pk: int | None = None) -> HttpResponse:
    part = _part(kind)
    plan = plan_or_404(request.user, plan_pk, checks.can_edit_plan)
    record = part.model(**_parent_of(part, plan, priority_pk))
    if kind == "priorities":
        record.number = (plan.priorities.aggregate(n=models.Max("number"))["n"] or 0) + 1
    form = part.form(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        messages.success(request, f"The {part.noun} has been added.")
        return redirect(f"{reverse('plan:detail', args=[plan.pk])}#{_anchor(record)}")
    caption = str(record.priority) if part.parent == "priority" else plan.title
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": f"Add a {part.noun}",
            "caption": caption,
            "back_url": reverse("plan:detail", args=[plan.pk]),
            "submit_label": f"Add {part.noun}",
        },
    )


def _record_or_404(part: Part, plan: Plan, pk: int) -> Any:
    record = get_object_or_404(part.model, pk=pk)
    if _plan_of(record) != plan.pk:
        raise Http404("not in this plan")
    return record


def _anchor(record: Any) -> str:
    if isinstance(record, StrategyLink):
        return "linked-strategies"
    priority = record if isinstance(record, Priority) else record.priority
    return f"priority-{priority.number}"


@require_http_methods(["GET", "POST"])
def part_edit(request: HttpRequest, plan_pk: int, kind: str, pk: int) -> HttpResponse:
    part = _part(kind)
    plan = plan_or_404(request.user, plan_pk, checks.can_edit_plan)
    record = _record_or_404(part, plan, pk)
    form = part.form(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        messages.success(request, f"The {part.noun} has been saved.")
        return redirect(f"{reverse('plan:detail', args=[plan.pk])}#{_anchor(record)}")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": f"Edit {part.noun}",
            "caption": str(record)[:120],
            "back_url": reverse("plan:detail", args=[plan.pk]),
        },
        status=409 if form.non_field_errors() else 200,
    )


@require_GET
def part_history(request: HttpRequest, plan_pk: int, kind: str, pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, plan_pk, checks.can_view_history)
    if kind == "plan":
        record, noun = plan, "plan"
    else:
        part = _part(kind)
        record, noun = _record_or_404(part, plan, pk), part.noun
    return render(
        request,
        "plan/history.html",
        {
            "plan": plan,
            "record": record,
            "noun": noun,
            "entries": history_of(record),
        },
    )


@require_GET
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, pk, checks.can_export_plan)
    response = HttpResponse(write_workbook(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{slugify(plan.title) or "plan"}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    partnerships = coordinated_partnerships(request.user)
    require(partnerships.exists())
    form = plan_forms.PlanImportForm(request.POST or None, request.FILES or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        try:
            tables = read_workbook(upload, upload.name)
        except InputError as error:
            form.add_error("workbook", str(error))
        else:
            plan = create_plan(
                tables,
                partnership=form.cleaned_data["partnership"],
                title=form.cleaned_data["title"],
                starts=form.cleaned_data["starts"],
                ends=form.cleaned_data["ends"],
            )
            messages.success(request, f"{plan.title} imported as a draft: check it, then mark it agreed.")
            return redirect("plan:detail", pk=plan.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": "Import a plan from Excel",
            "multipart": True,
            "submit_label": "Import plan",
            "back_url": reverse("plan:list"),
            "intro": "The workbook is checked first; if anything is wrong nothing is saved and the problem is shown.",
        },
    )
