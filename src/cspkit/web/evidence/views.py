"""Evidence pages: each partnership's saved strategic assessments, their figures, charts and maps,
and a CSV or Excel download of every table."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from cspkit.reports.document import Document, Section
from cspkit.web.accounts.models import Partnership
from cspkit.web.evidence.downloads import table_csv, table_xlsx
from cspkit.web.evidence.library import (
    SavedAssessment,
    assessments_folder,
    document_for,
    figures_of,
    find,
    saved_assessments,
    tables_of,
)
from cspkit.web.permissions import checks
from cspkit.web.permissions.enforce import require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def evidence_partnerships(user: Any) -> list[Partnership]:
    return [p for p in Partnership.objects.exclude(area_code="") if checks.can_view_evidence(user, p)]


def assessment_or_404(user: Any, identifier: str) -> SavedAssessment:
    saved = find(identifier)
    if saved is None:
        raise Http404("no such assessment")
    require(any(p.area_code == saved.area_code for p in evidence_partnerships(user)))
    return saved


#: The most rows of a figure's data shown on the page; longer (every LSOA, every grid cell: 2,310 rows
#: made the hot-spot part a 1 MB page) are offered as CSV and Excel instead.
INLINE_ROWS = 50


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    require(checks.can_view_dashboard(request.user))
    partnerships = [(p, saved_assessments(p.area_code)) for p in evidence_partnerships(request.user)]
    return render(request, "evidence/index.html", {"partnerships": partnerships, "folder": assessments_folder()})


@require_GET
def assessment(request: HttpRequest, identifier: str) -> HttpResponse:
    saved = assessment_or_404(request.user, identifier)
    document = document_for(saved)
    parts = document_parts(document)
    wanted = request.GET.get("part") or parts[0][0].id
    index = next((i for i, (top, _) in enumerate(parts) if top.id == wanted), None)
    if index is None:
        raise Http404("no such part")
    return render(
        request,
        "evidence/assessment.html",
        {
            "saved": saved,
            "document": document,
            "labels": document.numbering(),
            "parts": [top for top, _ in parts],
            "part": parts[index][0],
            "sections": parts[index][1],
            "previous": parts[index - 1][0] if index > 0 else None,
            "next": parts[index + 1][0] if index + 1 < len(parts) else None,
            "inline_rows": INLINE_ROWS,
        },
    )


def document_parts(document: Document) -> list[tuple[Section, list[Section]]]:
    """The report in parts, one per chapter (a level-1 section with the sections under it): a page each,
    so the first view sends one chapter, not the whole report."""
    parts: list[tuple[Section, list[Section]]] = []
    for section in document.sections:
        if section.level == 1 or not parts:
            parts.append((section, [section]))
        else:
            parts[-1][1].append(section)
    return parts


@require_GET
def figure(request: HttpRequest, identifier: str, figure_id: str) -> HttpResponse:
    saved = assessment_or_404(request.user, identifier)
    figures = figures_of(document_for(saved))
    if figure_id not in figures:
        raise Http404("no such figure")
    response = HttpResponse(figures[figure_id].png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def table(request: HttpRequest, identifier: str, table_id: str, fmt: str) -> HttpResponse:
    saved = assessment_or_404(request.user, identifier)
    tables = tables_of(document_for(saved))
    if table_id not in tables or fmt not in {"csv", "xlsx"}:
        raise Http404("no such table")
    chosen = tables[table_id]
    if fmt == "csv":
        response = HttpResponse(table_csv(chosen), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(table_xlsx(chosen, f"{saved.area_name}: {chosen.caption}"), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{slugify(saved.identifier)}-{table_id}.{fmt}"'
    return response


@require_GET
def workbook(request: HttpRequest, identifier: str) -> HttpResponse:
    """Every table of the assessment in one workbook, as the report writers write it."""
    from cspkit.reports.writers.xlsx import render_xlsx

    saved = assessment_or_404(request.user, identifier)
    response = HttpResponse(render_xlsx(document_for(saved)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{slugify(saved.identifier)}-tables.xlsx"'
    return response
