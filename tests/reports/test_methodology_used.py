"""The methods appendix describes what the report at hand uses and nothing else, and the harm index
is named one way, with its unit, wherever the report uses it (review findings D21/C14 and C11).

The review found Cannock Chase (11 months: no control chart, forecast, seasonality, outcomes or
tested change) described as using all of them, with "95% and 99.8% confidence intervals" although
no figure shows 99.8% limits; the demo, which loads no harm index, cited the Cambridge Crime Harm
Index; and the index called three names, its counts given no unit.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pytest

from cspkit.assess.areas import Area
from cspkit.assess.assessment import Assessment
from cspkit.assess.period import Period
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.methodology import methods_used, references_used
from cspkit.reports.document import BulletList, Paragraph, Table
from cspkit.stats.harm import CCHI, CSS, UNITS

from .demo_report import Built, build_report, flat, pdf_pages

#: The tables the methods are decided from, all empty: a report that shows rates and little else.
TABLES = ("change", "trend", "spc", "forecast", "seasonality", "lorenz", "concentration", "wards", "lsoas",
          "lsoa_hotspots", "grid_hotspots", "harm", "monthly")


def _bare(**tables: pd.DataFrame) -> ReportInputs:
    """Inputs with rates and nothing more, but for ``tables``."""
    rates = pd.DataFrame(columns=["crime_group", "comparator", "comparator_kind", "count", "population", "rate"])
    found = {name: pd.DataFrame() for name in TABLES} | {"rates": rates} | tables
    assessment = Assessment(area=Area("E22900001", "Hartbury", "csp"), period=Period(date(2025, 10, 1),
                                                                                       date(2026, 9, 1)),
                            parameters={}, tables=MappingProxyType(found), statements=(), caveats=(), inputs=())
    return ReportInputs(assessment)


def _harm(index: str, unit: str) -> pd.DataFrame:
    return pd.DataFrame({"crime_type": ["Burglary"], "count": [10.0], "harm": [200.0], "weight": [20.0],
                         "share_of_harm": [1.0], "share_of_count": [1.0], "harm_index": [index], "unit": [unit]})


def test_a_report_showing_only_rates_describes_rates_and_comparisons_alone():
    inputs = _bare()
    methods, references = " ".join(methods_used(inputs)), " ".join(references_used(inputs))
    assert methods.startswith("**Rates per 1,000 residents**") and "**Comparisons with benchmarks**" in methods
    assert "99.8%" not in methods  # no figure of the report draws 99.8% limits
    for absent in ("Shares", "Change between", "Trends", "Forecasts", "Seasonality", "Control charts",
                   "Concentration", "Priority wards", "Hot spots", "Harm", "Priorities"):
        assert f"**{absent}" not in methods, absent
    assert "outcome" not in methods
    assert len(references_used(inputs)) == 3  # Fingertips, Byar's and Garwood's: the rates' intervals
    assert "Sherman" not in references and "Hyndman" not in references


def test_the_harm_method_and_its_reference_follow_the_index_loaded():
    cchi = _bare(harm=_harm(CCHI, UNITS["cchi"]))
    methods, references = " ".join(methods_used(cchi)), " ".join(references_used(cchi))
    assert f"by the {CCHI}," in methods and "are in days of imprisonment" in methods
    assert "Sherman" in references and "Crime Severity Score" not in references
    css = _bare(harm=_harm(CSS, UNITS["css"]))
    methods, references = " ".join(methods_used(css)), " ".join(references_used(css))
    assert f"by the {CSS}," in methods and "are in sentencing weight." in methods
    assert "Cambridge" not in methods and "Sherman" not in references and "Crime Severity Score" in references


def test_too_few_months_for_a_trend_say_why_there_is_none_without_citing_the_model():
    trend = pd.DataFrame({"crime_group": ["Burglary"], "months_used": [8], "annual_percent_change": [None]})
    inputs = _bare(trend=trend)
    methods = " ".join(methods_used(inputs))
    assert "so none is given" in methods and "quasi-Poisson" not in methods
    assert not any("McCullagh" in r for r in references_used(inputs))


# The reports


@pytest.fixture(scope="module")
def cannock(staffordshire_store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_report(staffordshire_store_file, "Cannock Chase", "2022-01..2022-11",
                        tmp_path_factory.mktemp("cannock-report"), with_trend=True)


@pytest.fixture(scope="module", params=["demo", "cannock"])
def built(request: pytest.FixtureRequest) -> Built:
    return request.getfixturevalue(request.param)


def _methods(built: Built) -> tuple[str, str]:
    """The methods and the references, as the document lists them."""
    section = next(s for s in built.document.sections if s.id == "methods")
    methods, references = (b for b in section.blocks if isinstance(b, BulletList))
    return " ".join(methods.items), " ".join(references.items)


@pytest.mark.slow
def test_the_methods_describe_the_charts_and_chapters_the_report_has_and_no_others(built: Built):
    methods, references = _methods(built)
    titles = [figure.title for figure in built.document.figures()]
    limits = any("with control limits" in title for title in titles)
    assert ("**Control charts**" in methods) == limits == ("Making Data Count" in references)
    ahead = any(title.endswith("and forecast") for title in titles)
    assert ("**Forecasts**" in methods) == ahead == ("Hyndman" in references)
    outcomes = any(s.id == "outcomes" for s in built.document.sections)
    assert ("outcome share" in methods) == outcomes
    change = built.assessment.table("change")
    tested = "available" in change.columns and bool(change["available"].astype(bool).any())
    assert ("**Change between two periods**" in methods) == tested == ("Gu, K." in references)
    harm = built.assessment.table("harm")
    assert ("**Harm**" in methods) == (not harm.empty) == ("Sherman" in references)
    assert "99.8%" not in methods


@pytest.mark.slow
def test_cannock_chases_eleven_months_leave_out_charts_forecasts_seasons_outcomes_and_change(cannock: Built):
    methods, references = _methods(cannock)
    for absent in ("**Control charts**", "**Forecasts**", "**Seasonality**", "**Shares**", "outcome share",
                   "**Change between two periods**", "quasi-Poisson"):
        assert absent not in methods, absent
    for absent in ("Making Data Count", "Hyndman", "Cleveland", "Wilson", "Gu, K.", "McCullagh"):
        assert absent not in references, absent
    assert "This assessment has fewer usable months, so none is given." in methods
    # and so the PDF: its methods pages say nothing of 99.8% limits or control charts
    text = flat("\n".join(pdf_pages(cannock.files["pdf"])))
    appendix = text[text.index("Methods • Rates per 1,000"):text.index("Sources Every source")]
    assert "99.8%" not in appendix and "Control charts" not in appendix and "Hyndman" not in appendix
    assert "Cambridge Crime Harm Index (ONS 2020), averaged over" in appendix


@pytest.mark.slow
def test_the_demo_without_a_harm_index_names_no_harm_method_reference_or_attribution(demo: Built):
    assert demo.assessment.table("harm").empty
    methods, references = _methods(demo)
    assert "**Harm**" not in methods and "Crime Harm Index" not in references
    assert not any("harm" in line.lower() for line in demo.document.attributions)
    for present in ("**Control charts**", "**Forecasts**", "**Seasonality**", "**Shares**", "outcome share",
                    "**Change between two periods**"):
        assert present in methods, present


@pytest.mark.slow
def test_the_harm_index_has_one_name_and_its_unit_wherever_the_report_uses_it(cannock: Built):
    harm = cannock.assessment.table("harm")
    name, unit = str(harm["harm_index"].iloc[0]), str(harm["unit"].iloc[0])
    assert (name, unit) == (CCHI, "days of imprisonment")
    evidence = next(t for t in cannock.document.tables() if t.id == "priority-evidence")
    assert next(c for c in evidence.columns if c.key == "harm").label == f"Harm-weighted count ({unit})"
    assert f"Harm-weighted count: each record weighted by the {name}, so the count is in {unit}" in " ".join(
        evidence.notes)
    methods, _ = _methods(cannock)
    assert f"by the {name}, averaged over the offences that make it up" in methods and f"are in {unit}" in methods
    sources = next(t for t in cannock.document.tables() if t.id == "input-files")
    assert f"{name}, weights in {unit}" in [row.cells[1].value for row in sources.rows]
    assert f"Crime harm weights: the {name}, in {unit}." in cannock.document.attributions
    weighted = [b.text for s in cannock.document.sections for b in s.blocks
                if isinstance(b, Paragraph) and "Weighted by" in b.text]
    assert weighted and all(f"Weighted by the {name}, which measures harm in {unit}, it accounts for" in text
                            for text in weighted)
    # none of the names the review found
    words = " ".join([*cannock.document.attributions, *weighted, methods,
                      *(str(c.value) for t in cannock.document.tables() if isinstance(t, Table)
                        for row in t.rows for c in row.cells)])
    assert "as published by its authors" not in words and "Weighted by harm (" not in words


@pytest.mark.slow
def test_the_glossary_defines_only_the_terms_the_report_uses(built: Built):
    """Cannock Chase's eleven months have no control chart, yet its glossary defined control limits."""
    (glossary,) = [s for s in built.document.sections if s.id == "glossary"]
    defined = " ".join(glossary.blocks[0].items)
    methods, _ = _methods(built)
    limits = "Control charts" in methods
    assert ("**Control limits**" in defined) == limits
    assert ("**Gi\\* (Getis-Ord)**" in defined) == ("Getis-Ord Gi*" in methods)
    assert "**LSOA**" in defined and "**Rate per 1,000**" in defined
    assert limits or "Cannock" in str(built.assessment.area)  # the demo has control charts, Cannock Chase none


@pytest.mark.slow
def test_the_data_quality_table_says_what_a_flagged_month_does_in_this_report(built: Built):
    """Cannock Chase's flagged January to March were 'left out of any trend or control limits' it does not have,
    while its summary said they are in every total."""
    table = next(t for t in built.document.tables() if t.id == "data-quality")
    said = {str(row.cells[-1].value) for row in table.rows} - {"No"}
    methods, _ = _methods(built)
    limits = "Control charts" in methods
    expected = ("Yes: in the totals, left out of the trends and control limits" if limits
                else "Yes: in the totals, read with care")
    assert said == {expected}
