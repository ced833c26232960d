"""Crime and ASB where a project works, before and during it, against the rest of the area: the
counts match a count made here from the demo geography itself (which LSOAs lie in which ward),
not from the store's own area links, and the page says it is an association, not proof."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from cspkit.demo.geography import build_geography
from cspkit.store import open_store
from cspkit.web.commissioning.evidence import project_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def store_here(demo_evidence: Path, cspkit_home: Path) -> Path:
    cspkit_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_evidence / "evidence.duckdb", cspkit_home / "evidence.duckdb")
    return cspkit_home


def _independent_counts(wards: set[str]) -> dict[tuple[str, bool, bool], int]:
    geography = build_geography(0)
    hartbury = next(i for i, d in enumerate(geography.districts) if d.name == "Hartbury")
    area = {c for c, d in zip(geography.lsoa_codes, geography.lsoa_district, strict=True) if d == hartbury}
    ward_index = {geography.ward_codes.index(w) for w in wards}
    places = {c for c, w in zip(geography.lsoa_codes, geography.lsoa_ward, strict=True) if w in ward_index}
    with open_store(read_only=True) as store:
        rows = store.con.execute(
            "SELECT lsoa_code, month, crime_type FROM street_crimes "
            "WHERE month BETWEEN DATE '2025-04-01' AND DATE '2025-09-01' "
            "OR month BETWEEN DATE '2026-04-01' AND DATE '2026-09-01'"
        ).fetchall()
    counts: dict[tuple[str, bool, bool], int] = {}
    for lsoa, month, crime_type in rows:
        if lsoa not in area:
            continue
        measure = "Anti-social behaviour" if crime_type == "Anti-social behaviour" else "All crime"
        key = (measure, lsoa in places, month.year == 2026)
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_counts_in_the_places_and_the_rest_of_the_area(store_here, projects) -> None:
    project = projects["P1"]  # Hartbury Central and Kingsford wards
    project.starts, project.ends = date(2026, 4, 1), date(2027, 3, 31)  # the demo's police.uk files end in Sept 2026
    project.save()
    evidence = project_evidence(project)
    assert evidence.changes is not None, evidence.explanation
    expected = _independent_counts({"E05900012", "E05900010"})
    for change in evidence.changes:
        assert change.place_before == expected[(change.measure, True, False)]
        assert change.place_during == expected[(change.measure, True, True)]
        assert change.rest_before == expected[(change.measure, False, False)]
        assert change.rest_during == expected[(change.measure, False, True)]
    assert all("association, not proof" in s for s in evidence.sentences)
    assert "April to September 2026" in evidence.sentences[0]


def test_the_project_page_explains_when_it_cannot_compare(sign_in, projects, cspkit_home) -> None:
    page = sign_in("coordinator").get(reverse("commissioning:project", args=[projects["P2"].pk])).content.decode()
    assert "No wards or LSOAs are given for the project" in page
