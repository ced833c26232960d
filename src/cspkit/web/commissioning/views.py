"""Pages for funds, allocations, projects, outputs, quarterly returns (web and Excel) and the
summary of commissioned activity and funders' returns."""

from __future__ import annotations

import importlib
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from cspkit.casework.funding import format_pence, underspend_warning
from cspkit.web.accounts.models import Partnership
from cspkit.web.commissioning import forms as f
from cspkit.web.commissioning.evidence import project_evidence
from cspkit.web.commissioning.models import Allocation, Fund, Output, Project
from cspkit.web.commissioning.returns import ReturnData, save_return
from cspkit.web.commissioning.summary import funder_return, project_lines, summary_document
from cspkit.web.commissioning.workbook import ReturnFileError, read_return, write_template
from cspkit.web.core.editing import save_versioned
from cspkit.web.core.versioning import EditConflict
from cspkit.web.performance.quarters import Quarter
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCUMENTS = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "cspkit.reports.writers.docx",
        "render_docx",
    ),
    "xlsx": (XLSX, "cspkit.reports.writers.xlsx", "render_xlsx"),
}


def _partnerships(user: Any) -> list[Partnership]:
    return [p for p in Partnership.objects.all() if checks.can_view_commissioning(user, p)]


def _visible_projects(user: Any, partnership: Partnership):
    projects = Project.objects.filter(partnership=partnership).select_related("provider", "priority")
    if checks.is_member(user, partnership):
        return projects
    return projects.filter(provider_id=getattr(user, "agency_id", None))


def _quarter(slug: str) -> Quarter:
    try:
        quarter = Quarter.from_slug(slug)
    except ValueError:
        raise Http404("no such quarter") from None
    if not 2000 <= quarter.year <= 2100:
        raise Http404("no such quarter")
    return quarter


def _form_page(
    request: HttpRequest, form, heading: str, back_url: str, *, caption: str = "", status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"form": form, "heading": heading, "back_url": back_url, "caption": caption, **extra}
    return render(request, "core/form_page.html", context, status=409 if form.non_field_errors() else status)


def _document_response(document, fmt: str, name: str) -> HttpResponse:
    if fmt not in DOCUMENTS:
        raise Http404("no such format")
    content_type, module, function = DOCUMENTS[fmt]
    content = getattr(importlib.import_module(module), function)(document)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.{fmt}"'
    return response


# Lists -----------------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    partnerships = _partnerships(request.user)
    require(bool(partnerships))
    blocks = []
    for partnership in partnerships:
        funds = (
            Fund.objects.filter(partnership=partnership) if checks.can_view_funds(request.user, partnership) else None
        )
        blocks.append(
            {
                "partnership": partnership,
                "funds": funds,
                "lines": project_lines(_visible_projects(request.user, partnership)),
                "can_manage": checks.can_manage_funding(request.user, partnership),
                "is_member": checks.is_member(request.user, partnership),
                "can_export": checks.can_export_assessment_records(request.user, partnership),
            }
        )
    return render(
        request, "commissioning/index.html", {"blocks": blocks, "quarter": Quarter.last_completed(timezone.localdate())}
    )


# Funds and allocations ---------------------------------------------------------------------------


def _fund_or_404(user: Any, pk: int, check: Any = checks.can_view_funds) -> Fund:
    fund = get_object_or_404(Fund.objects.select_related("partnership"), pk=pk)
    require(check(user, fund.partnership))
    return fund


@require_http_methods(["GET", "POST"])
def fund_create(request: HttpRequest, partnership_pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=partnership_pk)
    require(checks.can_manage_funding(request.user, partnership))
    form = f.FundForm(request.POST or None, instance=Fund(partnership=partnership))
    if request.method == "POST" and form.is_valid():
        fund = form.save()
        messages.success(request, f"{fund.name} added. Allocate it to projects next.")
        return redirect("commissioning:fund", pk=fund.pk)
    return _form_page(request, form, "Add a fund or grant", reverse("commissioning:index"), caption=str(partnership))


@require_http_methods(["GET", "POST"])
def fund_edit(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _fund_or_404(request.user, pk, checks.can_manage_funding)
    form = f.FundForm(request.POST or None, instance=fund)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        messages.success(request, f"{fund.name} saved.")
        return redirect("commissioning:fund", pk=fund.pk)
    return _form_page(request, form, f"Change {fund.name}", reverse("commissioning:fund", args=[fund.pk]))


@require_GET
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _fund_or_404(request.user, pk)
    return render(
        request,
        "commissioning/fund.html",
        {
            "fund": fund,
            "allocations": fund.allocations.select_related("project__provider"),
            "can_manage": checks.can_manage_funding(request.user, fund.partnership),
            "reporting_quarters": fund.reporting_quarters(),
            "history": fund.history.select_related("history_user")[:20],
        },
    )


@require_http_methods(["GET", "POST"])
def allocation_edit(request: HttpRequest, fund_pk: int, pk: int | None = None) -> HttpResponse:
    fund = _fund_or_404(request.user, fund_pk, checks.can_manage_funding)
    allocation = get_object_or_404(Allocation, pk=pk, fund=fund) if pk else Allocation(fund=fund)
    form = f.AllocationForm(request.POST or None, instance=allocation, fund=fund)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        messages.success(request, f"Allocation saved. {fund.name} has {_pounds(fund.unallocated_pence)} unallocated.")
        return redirect("commissioning:fund", pk=fund.pk)
    return _form_page(
        request,
        form,
        "Allocate money to a project" if not pk else "Change an allocation",
        reverse("commissioning:fund", args=[fund.pk]),
        caption=fund.name,
        intro=f"{_pounds(fund.unallocated_pence)} of {fund.amount} is unallocated.",
    )


def _pounds(pence: int) -> str:
    return format_pence(pence)


# Projects and outputs ----------------------------------------------------------------------------


def _project_or_404(user: Any, pk: int, check: Any = checks.can_view_project) -> Project:
    project = get_object_or_404(Project.objects.select_related("partnership", "provider", "priority"), pk=pk)
    require(check(user, project))
    return project


@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest, partnership_pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=partnership_pk)
    require(checks.can_manage_funding(request.user, partnership))
    form = f.ProjectForm(request.POST or None, instance=Project(partnership=partnership), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        project = form.save()
        messages.success(request, f"{project} added. Add the outputs the provider promised next.")
        return redirect("commissioning:project", pk=project.pk)
    return _form_page(
        request, form, "Add a commissioned project", reverse("commissioning:index"), caption=str(partnership)
    )


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    require(checks.can_manage_funding(request.user, project.partnership))
    form = f.ProjectForm(request.POST or None, instance=project, partnership=project.partnership)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        warning = project.spend.warning(str(project))
        messages.success(request, f"{project} saved." + (f" {warning}." if warning else ""))
        return redirect("commissioning:project", pk=project.pk)
    return _form_page(request, form, f"Change {project}", reverse("commissioning:project", args=[project.pk]))


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request.user, pk)
    line = project_lines(Project.objects.filter(pk=project.pk))[0]
    today = timezone.localdate()
    current = Quarter.last_completed(today)
    quarters = []
    quarter = Quarter.containing(project.starts)
    last = min(Quarter.containing(project.ends), current)
    returns = {(r.year, r.quarter): r for r in project.returns.all()}
    while quarter <= last:
        quarters.append({"quarter": quarter, "return": returns.get((quarter.year, quarter.number))})
        quarter = quarter.next()
    return render(
        request,
        "commissioning/project.html",
        {
            "project": project,
            "line": line,
            "outputs": [(o, line.delivered.get(o.pk, 0)) for o in project.outputs.all()],
            "quarters": quarters,
            "allocations": project.allocations.select_related("fund")
            if checks.can_view_funds(request.user, project.partnership)
            else None,
            "can_manage": checks.can_manage_funding(request.user, project.partnership),
            "can_submit": checks.can_submit_return(request.user, project),
            "overspend": project.spend.warning(str(project)),
            "underspend": underspend_warning(str(project), project.spend, project.starts, project.ends, today),
            "history": project.history.select_related("history_user")[:20],
            "evidence": project_evidence(project),
        },
    )


@require_http_methods(["GET", "POST"])
def output_edit(request: HttpRequest, project_pk: int, pk: int | None = None) -> HttpResponse:
    project = get_object_or_404(Project, pk=project_pk)
    require(checks.can_manage_funding(request.user, project.partnership))
    output = get_object_or_404(Output, pk=pk, project=project) if pk else Output(project=project)
    form = f.OutputForm(request.POST or None, instance=output)
    if request.method == "POST" and form.is_valid():
        if Output.objects.filter(project=project, name=form.cleaned_data["name"]).exclude(pk=output.pk).exists():
            form.add_error("name", "This project already has an output with that name")
        elif save_versioned(form):
            messages.success(request, "Output saved.")
            return redirect("commissioning:project", pk=project.pk)
    return _form_page(
        request,
        form,
        "Add a promised output" if not pk else "Change an output",
        reverse("commissioning:project", args=[project.pk]),
        caption=str(project),
    )


# Quarterly returns -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def return_edit(request: HttpRequest, project_pk: int, quarter: str) -> HttpResponse:
    project = _project_or_404(request.user, project_pk, checks.can_submit_return)
    period = _quarter(quarter)
    if period.ends < project.starts or period.starts > project.ends or period.starts > timezone.localdate():
        raise Http404("no return for a quarter outside the project or not yet begun")
    existing = project.returns.filter(year=period.year, quarter=period.number).first()
    form = f.ReturnForm(request.POST or None, project=project, existing=existing)
    back = reverse("commissioning:project", args=[project.pk])
    if request.method == "POST" and form.is_valid():
        data = ReturnData(
            period,
            form.cleaned_data["spend"],
            form.deliveries(),
            progress=form.cleaned_data["progress"],
            outcomes=form.cleaned_data["outcomes"],
            evidence=form.cleaned_data["evidence"],
            risks=form.cleaned_data["risks"],
        )
        try:
            _, warning = save_return(project, data, request.user, opened_version=form.cleaned_data["opened_version"])
        except EditConflict:
            form.add_error(
                None,
                "Someone else sent this return after you opened it, so yours has not been saved. "
                "Reload the page to see theirs, then make your changes again.",
            )
        else:
            messages.success(request, f"Return for {period.label} sent." + (f" Warning: {warning}." if warning else ""))
            return redirect(back)
    return _form_page(
        request,
        form,
        f"Quarterly return: {period.label}",
        back,
        caption=str(project),
        intro=f"{period.months}. Give the spend and what was delivered in this quarter only.",
    )


@require_GET
def return_template(request: HttpRequest, project_pk: int, quarter: str) -> HttpResponse:
    project = _project_or_404(request.user, project_pk, checks.can_submit_return)
    period = _quarter(quarter)
    response = HttpResponse(write_template(project, period), content_type=XLSX)
    name = slugify(f"{project.reference} return {period.slug}")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def return_upload(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = _project_or_404(request.user, project_pk, checks.can_submit_return)
    back = reverse("commissioning:project", args=[project.pk])
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("workbook")
        if upload is None:
            error = "Choose the filled-in return workbook (.xlsx) to upload"
        else:
            try:
                read = read_return(upload, upload.name, Project.objects.filter(pk=project.pk))
                _, warning = save_return(read.project, read.data, request.user, source="excel")
            except ReturnFileError as problem:
                error = str(problem)
            else:
                messages.success(
                    request,
                    f"Return for {read.data.quarter.label} read from {upload.name}."
                    + (f" Warning: {warning}." if warning else ""),
                )
                return redirect(back)
    return render(
        request,
        "commissioning/upload.html",
        {"project": project, "error": error, "back_url": back},
        status=400 if error else 200,
    )


# Summaries ----------------------------------------------------------------------------------------


@require_GET
def summary(request: HttpRequest, partnership_pk: int, fmt: str = "html") -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=partnership_pk)
    require(checks.is_member(request.user, partnership))
    document = summary_document(partnership)
    if fmt != "html":
        return _document_response(document, fmt, f"{partnership} commissioned activity")
    return render(
        request,
        "commissioning/summary.html",
        {"partnership": partnership, "document": document, "table": document.sections[0].blocks[1]},
    )


@require_GET
def fund_return(request: HttpRequest, pk: int, quarter: str, fmt: str) -> HttpResponse:
    fund = _fund_or_404(request.user, pk)
    period = _quarter(quarter)
    if period not in fund.reporting_quarters():
        raise Http404("the funder does not expect a return for that quarter")
    return _document_response(funder_return(fund, period), fmt, f"{fund.name} return {period.slug}")
