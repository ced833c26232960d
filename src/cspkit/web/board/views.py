"""Board reports: list, create, read (web page, PDF, Word), write highlights, publish."""

from __future__ import annotations

import pickle
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cspkit.web.board import publishing
from cspkit.web.board.forms import NewReportForm, ReportForm, SectionForm
from cspkit.web.board.models import BoardReport, BoardSection, Publication
from cspkit.web.board.other_sections import other_sections_context
from cspkit.web.core.editing import conflict_response, existing_twin, save_versioned
from cspkit.web.core.generation import cached
from cspkit.web.core.paging import page_links, paging_for
from cspkit.web.core.ratelimit import limit_anonymous
from cspkit.web.core.versioning import EditConflict
from cspkit.web.performance.quarters import Quarter
from cspkit.web.performance.summary import longest_action_list, summarise
from cspkit.web.performance.views import plan_quarters
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require
from cspkit.web.plan.models import Plan, Priority
from cspkit.web.plan.views import plan_or_404


def report_or_404(user: Any, pk: int, check: Any = checks.can_view_board_report, kept: bool = False) -> BoardReport:
    """The report if this person may see it. ``kept``: a private copy of the row kept until anything
    is written (for pages that only read it)."""
    reports = BoardReport.objects.select_related("plan__partnership")
    report = _kept_report(pk) if kept else get_object_or_404(reports, pk=pk)
    if not report.is_published and not checks.can_view_plan(user, report.plan):
        raise Http404("no such published report")  # drafts do not exist for outsiders
    require(check(user, report))
    return report


def _kept_report(pk: int) -> BoardReport:
    def pickled() -> bytes | None:
        report = BoardReport.objects.select_related("plan__partnership").filter(pk=pk).first()
        return None if report is None else pickle.dumps(report)

    kept = cached(("board report row", pk), pickled)
    if kept is None:
        raise Http404("no such report")
    return pickle.loads(kept)


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
    def listing() -> list[BoardReport]:
        reports = BoardReport.objects.filter(published_at__isnull=False).select_related("plan__partnership")
        return list(reports.order_by("-published_at"))

    # The public's most asked-for page: the list is kept until anything is written (core.generation).
    return render(request, "board/published.html", {"reports": cached(("published reports",), listing)})


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
                twin = existing_twin(BoardReport(plan=plan, year=quarter.year, quarter=quarter.number))
                lead = f"There is already a report for {quarter.label}."
                return conflict_response(request, twin, reverse("board:plan", args=[plan.pk]), lead)
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
            for priority in plan.priorities.all():  # one by one, so each section has its history row
                BoardSection.objects.create(report=report, priority=priority)
    except IntegrityError:
        return None
    return report


def chosen_priority(request: HttpRequest) -> int | None:
    """The ``?priority=`` number, or None for every priority; anything but plain digits is ignored."""
    number = request.GET.get("priority", "")
    return int(number) if number.isascii() and number.isdigit() and len(number) < 6 else None


def report_context(request: HttpRequest, report: BoardReport, can_edit: bool) -> dict[str, Any]:
    """What the page around the report's body shows."""
    return {
        "report": report,
        "quarter": report.period,
        "plan": report.plan,
        "priorities": report.plan.priorities.all(),
        "chosen": chosen_priority(request),
        "can_edit": can_edit,
        "versions": report.publications.select_related("published_by").order_by("-number"),
        "current": report.current_publication(),
    }


def body_context(request: HttpRequest, report: BoardReport) -> dict[str, Any]:
    """What the report's body shows: each priority's part, the pages, the other sections."""
    priority_number = chosen_priority(request)
    plan, quarter = report.plan, report.period
    longest = cached(("longest actions", plan.pk, priority_number), lambda: longest_action_list(plan, priority_number))
    paging = paging_for(request, longest)
    summaries = cached(
        ("summaries", plan.pk, quarter, priority_number, paging.number),
        lambda: summarise(plan, quarter, priority_number, paging),
    )
    sections = {s.priority_id: s for s in report.sections.all()}
    return {
        "parts": [(summary, sections.get(summary.priority.pk)) for summary in summaries],
        "pages": page_links(request, paging, longest),
        "pages_label": "Pages of the action plan update",
        **({} if priority_number else _other_sections(report)),
    }


def _other_sections(report: BoardReport) -> dict[str, Any]:
    key = ("other sections", report.pk, report.plan.partnership_id, timezone.localdate())
    return cached(key, lambda: other_sections_context(report))


def version_context(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    """What the page of a frozen version shows: its own summary and parts, never today's figures."""
    report = publication.report
    chosen = chosen_priority(request)
    parts = [part for part in publication.parts if chosen is None or part["number"] == chosen]
    return {
        "report": report,
        "publication": publication,
        "quarter": report.period,
        "plan": report.plan,
        "frozen_parts": parts,
        "priorities": [{"number": p["number"], "title": p["title"]} for p in publication.parts if p["number"]],
        "chosen": chosen,
        "versions": report.publications.filter(withdrawn_at__isnull=True).order_by("-number"),
    }


def _show_version(request: HttpRequest, publication: Publication) -> HttpResponse:
    context = version_context(request, publication)
    if request.htmx:
        return render(request, "board/frozen_body.html", context)
    return render(request, "board/publication.html", context)


@login_not_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The partnership sees the report as it stands (the draft of its next version); everyone else
    the version last published, frozen as it was."""
    board_report = report_or_404(request.user, pk, kept=True)
    if not checks.can_view_plan(request.user, board_report.plan):
        publication = publishing.public_version(board_report)
        if publication is None:
            raise Http404("no such published report")
        return _show_version(request, publication)
    can_edit = checks.can_edit_board_report(request.user, board_report)
    # The page depends on the data, the query, the day and whether the person may edit: nothing else.
    key = (board_report.pk, request.GET.urlencode(), timezone.localdate(), can_edit)

    def body(context: dict[str, Any]) -> str:
        def draw() -> str:
            parts = {**context, **body_context(request, board_report)}
            return render_to_string("board/report_body.html", parts, request)

        return cached(("report body", *key), draw)

    def content() -> str:
        context = report_context(request, board_report, can_edit)
        if request.htmx:
            return body(context)
        return render_to_string("board/report_content.html", {**context, "body_html": body(context)}, request)

    # An editor's page carries their own CSRF token in its forms, so only readers' pages are kept whole.
    html = content() if can_edit or request.htmx else cached(("report page", *key), content)
    if request.htmx:
        return HttpResponse(html)
    title = f"{board_report.plan.partnership}: board report for {board_report.period.label}"
    return render(request, "board/report.html", {"page_title": title, "content_html": html})


def version_or_404(user: Any, pk: int, number: int) -> Publication:
    """A published version: the public may read any version of a report still published, the
    partnership any version at all."""
    board_report = report_or_404(user, pk)
    versions = board_report.publications.select_related("report__plan__partnership")
    if not checks.can_view_plan(user, board_report.plan):
        versions = versions.filter(withdrawn_at__isnull=True)
    return get_object_or_404(versions, number=number)


@login_not_required
@require_GET
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _show_version(request, version_or_404(request.user, pk, number))


def _file_response(content: bytes, report: BoardReport, fmt: str, suffix: str = "") -> HttpResponse:
    content_type = publishing.FILE_FORMATS[fmt][0]
    response = HttpResponse(content, content_type=content_type)
    name = slugify(f"{report.plan.partnership} board report {report.period.label}{suffix}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_not_required
@require_GET
@limit_anonymous()
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as PDF or Word: the partnership gets it as it stands, everyone else the file of
    the version last published (written once, then kept)."""
    board_report = report_or_404(request.user, pk)
    if fmt not in publishing.FILE_FORMATS:
        raise Http404("no such format")
    if checks.can_view_plan(request.user, board_report.plan):
        return _file_response(publishing.draft_file(board_report, fmt), board_report, fmt, " draft")
    publication = publishing.public_version(board_report)
    if publication is None:
        raise Http404("no such published report")
    return _file_response(publishing.publication_file(publication, fmt), board_report, fmt, f" v{publication.number}")


@login_not_required
@require_GET
@limit_anonymous()
def version_download(request: HttpRequest, pk: int, number: int, fmt: str) -> HttpResponse:
    """A frozen version's PDF or Word file."""
    if fmt not in publishing.FILE_FORMATS:
        raise Http404("no such format")
    publication = version_or_404(request.user, pk, number)
    content = publishing.publication_file(publication, fmt)
    return _file_response(content, publication.report, fmt, f" v{publication.number}")


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
    """Publish the report as its next version, or withdraw it, if nobody changed it since the page was opened."""
    board_report = report_or_404(request.user, pk, checks.can_edit_board_report)
    opened = request.POST.get("version", "")
    if not (opened.isascii() and opened.isdigit()):
        return HttpResponseBadRequest("The page was missing the report's version: reload it and try again.")
    back = reverse("board:report", args=[board_report.pk])
    try:
        if request.POST.get("action") == "withdraw":
            publishing.withdraw(board_report, request.user, int(opened))
            messages.success(request, "The report has been withdrawn: only the partnership can see it.")
        else:
            publication = publishing.publish(board_report, request.user, int(opened))
            messages.success(
                request, f"Version {publication.number} of the report has been published: anyone can now read it."
            )
    except EditConflict:
        return conflict_response(request, BoardReport.objects.get(pk=board_report.pk), back)
    return redirect(back)
