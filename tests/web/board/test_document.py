"""The board report as PDF and Word, through the report writers."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from django.urls import reverse

from cspkit.reports.document import Table
from cspkit.web.board.document import board_document
from cspkit.web.performance.models import MeasureUpdate


@pytest.mark.django_db
def test_the_document_has_the_summary_then_each_priority_with_its_four_parts(demo) -> None:
    document = board_document(demo.published_report)
    assert [s.id for s in document.sections] == ["summary"] + [
        f"priority-{p.number}" for p in demo.plan.priorities.all()
    ] + ["casework", "registers", "commissioned-activity"]  # the demo has casework and commissioned projects
    tables = document.tables()
    assert [t.id for t in tables[:2]] == ["performance-1", "actions-1"]


@pytest.mark.django_db
def test_a_red_rating_is_a_word_in_a_shaded_cell(demo) -> None:
    report = demo.published_report
    MeasureUpdate.objects.filter(measure=demo.police_measure, year=report.year, quarter=report.quarter).update(
        rating="red", rating_reason="Far above target"
    )
    performance: Table = board_document(report).tables()[0]
    rag = next(row.cells[5] for row in performance.rows if row.cells[0].value == str(demo.police_measure))
    assert (rag.value, rag.status.label, rag.status.tone) == ("Red", "Red", "higher")


@pytest.mark.django_db
def test_the_public_downloads_a_published_report_as_word(demo, client) -> None:
    response = client.get(reverse("board:download", args=[demo.published_report.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    with zipfile.ZipFile(BytesIO(response.content)) as word:
        text = word.read("word/document.xml").decode()
    assert f"board report for {demo.published_report.period.label}" in text
    assert "Action plan update" in text


@pytest.mark.slow
@pytest.mark.django_db
def test_the_report_downloads_as_pdf(demo, sign_in) -> None:
    response = sign_in("board").get(reverse("board:download", args=[demo.published_report.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_a_draft_cannot_be_downloaded_by_the_public(demo, client) -> None:
    response = client.get(reverse("board:download", args=[demo.draft_report.pk, "pdf"]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_document_carries_both_registers_as_counts(demo) -> None:
    from cspkit.web.registers.statement import register_statement

    document = board_document(demo.published_report)
    tables = {t.id: t for t in document.tables()}
    quarter = demo.published_report.period
    from django.utils import timezone

    statement = register_statement(demo.plan.partnership, min(timezone.localdate(), quarter.ends), quarter.year)
    for key, lines in (("register-pspos", statement.orders), ("register-reviews", statement.reviews)):
        assert [(row.cells[0].value, row.cells[1].value) for row in tables[key].rows] == [
            (line.label, line.value) for line in lines
        ]
    assert any("in force" in line.label.lower() for line in statement.orders)
