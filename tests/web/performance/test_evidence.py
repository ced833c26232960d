"""Measure figures computed from the evidence store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from cspkit.assess.assessment import load_assessment
from cspkit.web.performance.evidence import evidence_figure
from cspkit.web.performance.quarters import Quarter

JULY_TO_SEPTEMBER_2026 = Quarter(2026, 2)


@pytest.fixture
def store_here(demo_evidence: Path, cspkit_home: Path) -> Path:
    cspkit_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_evidence / "evidence.duckdb", cspkit_home / "evidence.duckdb")
    return cspkit_home


def _assessed(demo_evidence: Path, group: str, quarter: Quarter) -> int:
    """The same count, as the strategic assessment's monthly table has it."""
    monthly = load_assessment(next((demo_evidence / "assessments").iterdir())).table("monthly")
    months = monthly["month"].dt.date.between(quarter.starts, quarter.ends)
    return int(monthly[(monthly["crime_group"] == group) & months]["count"].sum())


def test_asb_incidents_in_a_quarter_match_the_assessments_monthly_counts(store_here, demo_evidence) -> None:
    figure = evidence_figure("E22900001", "Anti-social behaviour", JULY_TO_SEPTEMBER_2026)
    assert figure.value == _assessed(demo_evidence, "Anti-social behaviour", JULY_TO_SEPTEMBER_2026)
    assert "in Hartbury, July to September 2026" in figure.explanation


def test_all_crime_leaves_out_anti_social_behaviour(store_here, demo_evidence) -> None:
    figure = evidence_figure("E22900001", "All crime", JULY_TO_SEPTEMBER_2026)
    assert figure.value == _assessed(demo_evidence, "All crime (excluding ASB)", JULY_TO_SEPTEMBER_2026)


def test_a_quarter_the_store_does_not_hold_gives_no_figure_and_says_why(store_here) -> None:
    figure = evidence_figure("E22900001", "Anti-social behaviour", Quarter(2030, 1))
    assert figure.value is None and "has 0 of the 3 months" in figure.explanation


def test_an_unknown_crime_type_gives_no_figure_and_says_why(store_here) -> None:
    figure = evidence_figure("E22900001", "Littering", JULY_TO_SEPTEMBER_2026)
    assert figure.value is None and "'Littering' is not a police.uk crime type" in figure.explanation


def test_without_an_evidence_store_the_owner_is_told(cspkit_home) -> None:
    figure = evidence_figure("E22900001", "Anti-social behaviour", JULY_TO_SEPTEMBER_2026)
    assert figure.value is None and "No evidence store" in figure.explanation


@pytest.mark.django_db
def test_the_update_form_offers_the_computed_figure_for_checking(demo, store_here, sign_in) -> None:
    measure = demo.police_measure  # computed from the store: Anti-social behaviour
    url = reverse("performance:measure_update", args=[JULY_TO_SEPTEMBER_2026.slug, measure.pk])
    page = sign_in("officer").get(url).content.decode()
    expected = evidence_figure("E22900001", measure.evidence_series, JULY_TO_SEPTEMBER_2026)
    assert "From the evidence store:" in page and expected.explanation in page
    assert f'name="value" value="{expected.value}"' in page
