"""One store holding the demo partnership and the real Staffordshire evidence (two forces, two
population years, lookups of several vintages): every CSP of both is assessed with its own
population, and ``cspkit status`` flags only the month that is truly missing."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cspkit.assess.build import AssessmentRequest, build_assessment
from cspkit.assess.national import assess_districts
from cspkit.assess.period import parse_period
from cspkit.cli.main import app
from cspkit.demo.loading import load_demo
from cspkit.demo.partnership import write_demo
from cspkit.store import open_store

from ..conftest import LAD_CSP_PFA_2017

pytestmark = pytest.mark.slow

STAFFORDSHIRE_PERIOD = "2022-01..2022-11"
DEMO_PERIOD = "2025-10..2026-09"
DEMO_GAP = "2024-06"  # a demo street file left out: the one month truly missing


def published_totals(path: Path) -> dict[str, float]:
    """ONS district totals as published (the reference the LSOA sums must reproduce)."""
    with path.open(encoding="utf-8-sig") as stream:
        return {row["ltla21_code"]: float(row["total_population"]) for row in csv.DictReader(stream)}


def csp_districts(path: Path, force: str) -> dict[str, set[str]]:
    with path.open(encoding="utf-8-sig") as stream:
        rows = [r for r in csv.DictReader(stream) if r.get("PFA17NM", r.get("PFA21NM")) == force]
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row.get("CSP17NM") or row["CSP21NM"], set()).add(row.get("LAD17CD") or row["LAD21CD"])
    return found


@pytest.fixture(scope="module")
def mixed(staffordshire_store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The session's Staffordshire store (mid-2020 population) with the demo (mid-2022) loaded on top."""
    folder = tmp_path_factory.mktemp("mixed")
    path = folder / "evidence.duckdb"
    shutil.copy(staffordshire_store_file, path)
    demo = write_demo(folder / "demo", seed=0)
    street = demo.files["police_uk"]
    demo.files["police_uk"] = [p for p in street if p.name != f"{DEMO_GAP}-mercia-vale-street.csv"]
    assert len(demo.files["police_uk"]) == len(street) - 1
    with open_store(path) as store:
        load_demo(store, demo)
    return path, folder / "demo"


def test_every_csp_of_both_forces_is_assessed_with_its_own_population(mixed, shared_data: Path):
    path, demo_files = mixed
    staffordshire = csp_districts(shared_data / "geography" / LAD_CSP_PFA_2017, "Staffordshire")
    demo = csp_districts(demo_files / "geography" / "lookup_lsoa11_ward21_lad21_csp21_pfa21.csv", "Mercia Vale")
    assert len(staffordshire) == 9 and len(demo) >= 4
    cases = ([(name, lads, STAFFORDSHIRE_PERIOD, 2020, shared_data / "population" / "population20_ltla21.csv")
              for name, lads in staffordshire.items()]
             + [(name, lads, DEMO_PERIOD, 2022, demo_files / "population" / "population22_ltla21.csv")
                for name, lads in demo.items()])
    with open_store(path, read_only=True) as store:
        for name, lads, period, year, totals_file in cases:
            # 12 months of history keep the demo's series under two years: no forecasts to fit, same populations.
            assessment = build_assessment(store, AssessmentRequest(area=name, period=parse_period(period),
                                                                   history_months=12))
            totals = published_totals(totals_file)
            rates = assessment.table("rates")
            mine = rates[rates["comparator_kind"] == "area"]
            assert assessment.parameters["population_year"] == year, name
            # the months before the period as loaded: none for Staffordshire 2022, the 12 asked for in the demo
            assert assessment.parameters["earlier_months"] == (0 if period == STAFFORDSHIRE_PERIOD else 12), name
            assert mine["population"].iloc[0] == pytest.approx(sum(totals[lad] for lad in lads)), name
            older = [c for c in assessment.caveats if "older than the period" in c]
            assert bool(older) == (year < int(period[:4])), name  # 2020 estimates for 2022: said so


def test_status_flags_only_the_month_truly_missing(mixed, cspkit_home: Path):
    path, _ = mixed
    cspkit_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, cspkit_home / "evidence.duckdb")

    result = CliRunner().invoke(app, ["status", "--format", "csv"])

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    missing = [(r["force"], r["kind"], r["month"]) for r in rows if "missing month" in r["flags"]]
    assert missing == [("mercia-vale", "street", DEMO_GAP)]
    assert all(r["rows"].isdigit() for r in rows if r["month"] != DEMO_GAP or r["kind"] != "street")
    table = CliRunner().invoke(app, ["status"])
    assert "cover different months" in " ".join(table.output.split())


def test_the_national_assessment_gives_each_district_its_own_population_year(mixed, shared_data: Path):
    path, _ = mixed
    with open_store(path, read_only=True) as store:
        # The demo's mid-2022 estimates are the store's latest up to 2022, but cover none of these LSOAs.
        result = assess_districts(store, parse_period("2022-01..2022-11"))
    districts = result.districts.set_index("district_code")
    published = published_totals(shared_data / "population" / "population20_ltla21.csv")
    staffordshire = districts[districts["force_name"].str.contains("Staffordshire")]
    assert len(staffordshire) == 9
    assert (staffordshire["population_year"] == 2020).all()
    for code, row in staffordshire.iterrows():
        assert row["population"] == pytest.approx(published[code])
