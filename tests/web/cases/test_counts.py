"""Counts without people for reports, with small numbers suppressed."""

from __future__ import annotations

from datetime import date

import pytest

from cspkit.web.cases.counts import casework_counts
from cspkit.web.cases.models import Breach, Case, Intervention


@pytest.mark.django_db
def test_counts_match_the_records_and_small_numbers_are_suppressed(casework):
    partnership = casework.noise.partnership
    starts, ends = date(2000, 1, 1), date(2100, 1, 1)
    counts = casework_counts(partnership, starts, ends)
    opened = Case.objects.filter(partnership=partnership).count()
    assert counts.cases_opened == (opened if opened >= 5 else None)
    cpns = Intervention.objects.filter(power="cpn").count()
    assert 0 < cpns < 5 and counts.interventions["Community Protection Notice"] is None
    letters = Intervention.objects.filter(power="warning_letter").count()
    assert counts.interventions["Warning letter"] == (letters if letters >= 5 else None)
    assert counts.interventions["Closure order extension"] == 0
    assert Breach.objects.count() < 5 and counts.breaches is None
    assert counts.case_review_applications is None  # three demo applications


@pytest.mark.django_db
def test_an_area_without_incidents_counts_nothing(casework):
    counts = casework_counts(casework.noise.partnership, date(2000, 1, 1), date(2100, 1, 1), lsoa_codes=["E01999999"])
    assert counts.cases_opened == 0 and counts.breaches == 0


@pytest.mark.django_db
def test_the_board_report_has_an_asb_casework_section_of_counts_only(demo, casework, client):
    from django.urls import reverse

    from cspkit.web.board.document import board_document

    section = next(s for s in board_document(demo.published_report).sections if s.id == "casework")
    assert section.title == "ASB casework and powers"
    response = client.get(reverse("board:report", args=[demo.published_report.pk]))  # the public page
    assert "ASB casework and powers" in response.text
    for person in casework.noise.involved.all():
        assert person.person.last_name not in response.text
