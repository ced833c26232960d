"""The projects file for the strategic assessment: exported from the demo, read back and printed in
the report's section, each project's budget, spend, funding and outputs equal the demo's own
specification worked out here; each project's places compared before and during it give the
counts made here from the demo geography itself."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from cspkit.assess.areas import resolve_area
from cspkit.assess.project_places import ProjectComparison, compare_projects
from cspkit.demo.geography import build_geography
from cspkit.reports.assessment.projects_section import projects_section
from cspkit.sources.projects import read_projects
from cspkit.store import open_store
from cspkit.web.commissioning.demo import PROJECTS
from cspkit.web.commissioning.models import QuarterlyReturn
from cspkit.web.commissioning.projects_export import projects_csv

pytestmark = pytest.mark.django_db


def _exported(projects: dict, tmp_path: Path):
    path = tmp_path / "projects.csv"
    path.write_text(projects_csv(projects["P1"].partnership), encoding="utf-8")
    return read_projects(path)


def test_the_section_lists_the_demo_projects_with_their_money_and_outputs(projects, tmp_path):
    records = _exported(projects, tmp_path)
    quarters = QuarterlyReturn.objects.filter(project=projects["P1"]).count()
    assert quarters >= 1
    section = projects_section([ProjectComparison(r, (), (), None, None, (), "not compared here") for r in records])
    table = next(b for b in section.blocks if getattr(b, "id", "") == "projects")
    printed = {row.cells[1].value.split(" ", 1)[0]: row.cells for row in table.rows}
    assert set(printed) == {spec.reference for spec in PROJECTS}
    for spec in PROJECTS:
        cells = printed[spec.reference]
        spent = sum(spec.spend_pounds + 100 * i for i in range(quarters))
        outputs = "; ".join(
            f"{sum(each + i for i in range(quarters)):,} of {promised:,} {unit}"
            for _, unit, promised, each in spec.outputs
        )
        assert cells[1].value == f"{spec.reference} {spec.name}"
        assert (cells[2].value, cells[5].value, cells[6].value, cells[7].value) == (
            spec.provider, spec.budget_pounds, spent, outputs
        )
        assert cells[3].value == ("; ".join(spec.places.splitlines()) or "Whole area")
    record = next(r for r in records if r.reference == "P1")
    assert record.funded_pence == 18_000 * 100 and record.priority == "Anti-social behaviour"


def _independent_counts(wards: set[str], con) -> dict[tuple[str, bool, bool], int]:
    geography = build_geography(0)
    hartbury = next(i for i, d in enumerate(geography.districts) if d.name == "Hartbury")
    area = {c for c, d in zip(geography.lsoa_codes, geography.lsoa_district, strict=True) if d == hartbury}
    ward_index = {geography.ward_codes.index(w) for w in wards}
    places = {c for c, w in zip(geography.lsoa_codes, geography.lsoa_ward, strict=True) if w in ward_index}
    rows = con.execute(
        "SELECT lsoa_code, month, crime_type FROM street_crimes WHERE month BETWEEN DATE '2025-04-01' AND "
        "DATE '2025-09-01' OR month BETWEEN DATE '2026-04-01' AND DATE '2026-09-01'"
    ).fetchall()
    counts: dict[tuple[str, bool, bool], int] = {}
    for lsoa, month, crime_type in rows:
        if lsoa in area:
            key = ("Anti-social behaviour" if crime_type == "Anti-social behaviour" else "All crime",
                   lsoa in places, month.year == 2026)
            counts[key] = counts.get(key, 0) + 1
    return counts


@pytest.mark.slow
def test_each_projects_places_are_compared_before_and_during_it(projects, tmp_path, demo_evidence: Path):
    shutil.copy(demo_evidence / "evidence.duckdb", tmp_path / "evidence.duckdb")
    # the demo's police.uk files end in September 2026; the web demo's projects start in the current year
    records = [replace(r, starts=date(2026, 4, 1), ends=date(2027, 3, 31)) for r in _exported(projects, tmp_path)]
    with open_store(tmp_path / "evidence.duckdb", read_only=True) as store:
        area = resolve_area(store.con, "Hartbury")
        found = {c.project.reference: c for c in compare_projects(store.con, area, records, date(2026, 9, 1))}
        expected = _independent_counts({"E05900012", "E05900010"}, store.con)
    sport = found["P1"]
    assert (sport.first_month, sport.last_month) == (date(2026, 4, 1), date(2026, 9, 1))
    assert set(sport.place_names) == {"Hartbury Central", "Kingsford"}
    for change in sport.changes:
        assert change.place_before == expected[(change.measure, True, False)]
        assert change.place_during == expected[(change.measure, True, True)]
        assert change.rest_before == expected[(change.measure, False, False)]
        assert change.rest_during == expected[(change.measure, False, True)]
    assert not found["P2"].changes and "whole area" in found["P2"].reason
