"""Board reports: list, create, read (web page, PDF, Word), write highlights, publish."""

from __future__ import annotations

import importlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cspkit.web.board.document import board_document
from cspkit.web.board.forms import NewReportForm, ReportForm, SectionForm
from cspkit.web.board.models import BoardReport, BoardSection
from cspkit.web.cases.report_section import casework_rows
from cspkit.web.core.editing import save_versioned
from cspkit.web.performance.quarters import Quarter
from cspkit.web.performance.summary import summarise
from cspkit.web.performance.views import plan_quarters
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require
from cspkit.web.plan.models import Plan, Priority
from cspkit.web.plan.views import plan_or_404


def report_or_404(user: Any, pk: int, check: Any = checks.can_view_board_report) -> BoardReport:
    report = get_object_or_404(BoardReport.objects.select_related("plan__partnership"), pk=pk)
    if not report.is_published and not checks.can_view_plan(user, report.plan):
        raise Http404("no such published report")  # drafts do not exist for outsiders
    require(check(user, report))
    return report


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    require(checks.can_view_dashboard(request.user))
    plans = Plan.objects.select_related("partnership").prefetch_related("board_reports")
    if not request.user.is_superuser:
        plans = plans.filter(partnership__in=checks.partnership_ids(request.user))
    return render(request, "board/report_list.html", {"plans": plans})


@login_not_required
@require_GET
def published(request: HttpRequest) -> HttpResponse:
    reports = BoardReport.objects.filter(published_at__isnull=False).select_related("plan__partnership")
    return render(request, "board/published.html", {"reports": reports.order_by("-published_at")})


@require_http_methods(["GET", "POST"])
def plan_reports(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, plan_pk)
    can_create = checks.can_create_board_report(request.user, plan)
    form = NewReportForm(request.POST or None, quarters=plan_quarters(plan)) if can_create else None
    if request.method == "POST":
        require(can_create)
        if form.is_valid():
            quarter = Quarter.from_slug(form.cleaned_data["quarter"])
            report = create_report(plan, quarter)
            if report is None:
                form.add_error("quarter", f"There is already a report for {quarter.label}")
            else:
                messages.success(request, f"Draft report for {quarter.label} created: add highlights, then publish.")
                return redirect("board:report", pk=report.pk)
    return render(
        request,
        "board/plan_reports.html",
        {
            "plan": plan,
            "reports": plan.board_reports.all(),
            "form": form,
        },
    )


def create_report(plan: Plan, quarter: Quarter) -> BoardReport | None:
    """A new draft report with an empty section per priority; None if the quarter has one."""
    try:
        with transaction.atomic():
            report = BoardReport.objects.create(plan=plan, year=quarter.year, quarter=quarter.number)
            BoardSection.objects.bulk_create(BoardSection(report=report, priority=p) for p in plan.priorities.all())
    except IntegrityError:
        return None
    return report


def report_context(request: HttpRequest, report: BoardReport) -> dict[str, Any]:
    number = request.GET.get("priority")
    priority_number = int(number) if number and number.isdigit() else None
    summaries = summarise(report.plan, report.period, priority_number)
    sections = {s.priority_id: s for s in report.sections.all()}
    return {
        "report": report,
        "quarter": report.period,
        "plan": report.plan,
        "parts": [(summary, sections.get(summary.priority.pk)) for summary in summaries],
        "priorities": report.plan.priorities.all(),
        "chosen": priority_number,
        "can_edit": checks.can_edit_board_report(request.user, report),
        "casework": casework_rows(report.plan.partnership, report.period.starts, report.period.ends)
        if priority_number is None
        else None,
    }


@login_not_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    board_report = report_or_404(request.user, pk)
    context = report_context(request, board_report)
    if request.htmx:
        return render(request, "board/report_body.html", context)
    return render(request, "board/report.html", context)


DOWNLOADS = {
    "pdf": ("application/pdf", "cspkit.reports.writers.pdf", "render_pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "cspkit.reports.writers.docx",
        "render_docx",
    ),
}


@login_not_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as PDF or Word, written by the same report writers as the strategic assessment."""
    board_report = report_or_404(request.user, pk)
    if fmt not in DOWNLOADS:
        raise Http404("no such format")
    content_type, module, function = DOWNLOADS[fmt]
    render = getattr(importlib.import_module(module), function)
    response = HttpResponse(render(board_document(board_report)), content_type=content_type)
    name = slugify(f"{board_report.plan.partnership} board report {board_report.period.label}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
def edit_summary(request: HttpRequest, pk: int) -> HttpResponse:
    board_report = report_or_404(request.user, pk, checks.can_edit_board_report)
    form = ReportForm(request.POST or None, instance=board_report)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        messages.success(request, "Summary saved.")
        return redirect("board:report", pk=board_report.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": "Summary of the quarter",
            "caption": str(board_report),
            "back_url": reverse("board:report", args=[board_report.pk]),
        },
        status=409 if form.non_field_errors() else 200,
    )


@require_http_methods(["GET", "POST"])
def edit_section(request: HttpRequest, pk: int, priority_pk: int) -> HttpResponse:
    board_report = report_or_404(request.user, pk, checks.can_edit_board_report)
    priority = get_object_or_404(Priority, pk=priority_pk, plan=board_report.plan)
    section, _ = BoardSection.objects.get_or_create(report=board_report, priority=priority)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        messages.success(request, f"Highlights and exceptions for priority {priority.number} saved.")
        return redirect(f"{reverse('board:report', args=[board_report.pk])}#priority-{priority.number}")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": f"Highlights and exceptions: {priority}",
            "caption": str(board_report),
            "back_url": reverse("board:report", args=[board_report.pk]),
        },
        status=409 if form.non_field_errors() else 200,
    )


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    board_report = report_or_404(request.user, pk, checks.can_edit_board_report)
    if request.POST.get("action") == "withdraw":
        board_report.published_at, board_report.published_by = None, None
        board_report._change_reason = "Withdrawn from publication"
        messages.success(request, "The report has been withdrawn: only the partnership can see it.")
    else:
        board_report.published_at, board_report.published_by = timezone.now(), request.user
        board_report._change_reason = "Published"
        messages.success(request, "The report has been published: anyone can now read it.")
    board_report.version += 1
    board_report.save()
    return redirect("board:report", pk=board_report.pk)
