"""Publishing a board report freezes a version; withdrawing hides it; files are made once per version.

A publication keeps what the public sees (each priority's part of the page, the summary and the
document behind the PDF and Word files) as it was at the moment of publishing. Edits after that
change the draft of the next version. Both actions are version-checked like any edit, so a stale
page cannot publish or withdraw over someone else's change.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone

from cspkit.web.board.document import board_document
from cspkit.web.board.models import BoardReport, Publication
from cspkit.web.board.other_sections import other_sections_context
from cspkit.web.board.snapshot import freeze, thaw
from cspkit.web.core.versioning import EditConflict
from cspkit.web.performance.summary import summarise

FILE_FORMATS = {
    "pdf": ("application/pdf", "cspkit.reports.writers.pdf", "render_pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "cspkit.reports.writers.docx",
        "render_docx",
    ),
}


def frozen_parts(report: BoardReport) -> list[dict[str, Any]]:
    """Each priority's part of the report page, rendered now, as the public will see it."""
    sections = {s.priority_id: s for s in report.sections.all()}
    parts = []
    for summary in summarise(report.plan, report.period):
        html = render_to_string(
            "board/report_body.html",
            {"parts": [(summary, sections.get(summary.priority.pk))], "report": report, "can_edit": False},
        )
        parts.append({"number": summary.priority.number, "title": str(summary.priority), "html": html})
    others = render_to_string("board/other_sections.html", other_sections_context(report))
    parts.append({"number": 0, "title": "ASB casework, registers and commissioned activity", "html": others})
    return parts


def _claim(report: BoardReport, opened_version: int) -> None:
    """Bump the report's version if it is still ``opened_version``, else :class:`EditConflict`;
    then reload it, so what is frozen and saved is what is stored, never a stale copy."""
    if not BoardReport.objects.filter(pk=report.pk, version=opened_version).update(version=F("version") + 1):
        raise EditConflict
    report.refresh_from_db()


def publish(report: BoardReport, user: Any, opened_version: int) -> Publication:
    """Freeze the report as its next version and make it public."""
    with transaction.atomic():
        _claim(report, opened_version)
        now = timezone.now()
        report.published_at, report.published_by = now, user
        number = (report.publications.aggregate(n=Max("number"))["n"] or 0) + 1
        publication = Publication.objects.create(
            report=report,
            number=number,
            published_at=now,
            published_by=user,
            summary=report.summary,
            parts=frozen_parts(report),
            document=freeze(board_document(report, version=number)),
        )
        report._change_reason = f"Published as version {number}"
        report.save()
    return publication


def withdraw(report: BoardReport, user: Any, opened_version: int) -> None:
    """Take the report off the public pages; its versions stay on record."""
    with transaction.atomic():
        _claim(report, opened_version)
        report.publications.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now(), withdrawn_by=user)
        report.published_at, report.published_by = None, None
        report._change_reason = "Withdrawn from publication"
        report.save()


def public_version(report: BoardReport) -> Publication | None:
    """The version the public sees; a report published before versions existed is frozen on first sight."""
    if not report.is_published:
        return None
    publication = report.current_publication()
    if publication is None:
        with transaction.atomic():
            publication, _ = Publication.objects.get_or_create(
                report=report,
                number=1,
                defaults={
                    "published_at": report.published_at,
                    "published_by": report.published_by,
                    "summary": report.summary,
                    "parts": frozen_parts(report),
                    "document": freeze(board_document(report, version=1)),
                },
            )
    return publication


def publication_file(publication: Publication, fmt: str) -> bytes:
    """The PDF or Word file of a version: written from its frozen document once, then kept."""
    stored = getattr(publication, fmt)
    if stored:
        return bytes(stored)
    _, module, function = FILE_FORMATS[fmt]
    content = getattr(importlib.import_module(module), function)(thaw(publication.document))
    Publication.objects.filter(pk=publication.pk).update(**{fmt: content})
    setattr(publication, fmt, content)
    return content


def draft_file(report: BoardReport, fmt: str) -> bytes:
    """The PDF or Word file of the report as it stands now (for the partnership, never cached)."""
    _, module, function = FILE_FORMATS[fmt]
    return getattr(importlib.import_module(module), function)(board_document(report))
