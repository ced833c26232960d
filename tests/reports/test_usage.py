"""The details page's usage statement and attributions: true for what the report holds. The review
found "Made from public data under the Open Government Licence v3.0: it may be shared and reused"
on a report that also held partners' records, casework counts, commissioning budgets, a survey and
officers' scores, and attributions naming only four publishers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from cspkit.assess.areas import Area
from cspkit.assess.assessment import Assessment
from cspkit.assess.period import Period
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.usage import attribution_lines, data_used, usage_statement
from cspkit.sources.casework_counts import CaseworkCountsFile, CountPeriod

KINDS = ("police-uk-street", "police-uk-outcomes", "population", "lookup", "boundaries", "deprivation", "ethnicity",
         "indicators")
PARTNERS = pd.DataFrame({"measure": ["Domestic abuse-related incidents and crimes", "Deliberate fires",
                                     "Proven reoffending"],
                         "source": ["Mercia Vale Police", "Mercia Vale Fire and Rescue Service", "Probation Service"]})


def _inputs(partners: pd.DataFrame | None = None, **parameters: str) -> ReportInputs:
    assessment = Assessment(
        area=Area("E22900001", "Hartbury", "csp"), period=Period(date(2025, 10, 1), date(2026, 9, 1)),
        parameters=parameters, tables=MappingProxyType({"partner_indicators": partners if partners is not None
                                                        else pd.DataFrame()}),
        statements=(), caveats=(), inputs=tuple({"kind": kind} for kind in KINDS if partners is not None
                                                or kind != "indicators"),
    )
    return ReportInputs(assessment)


def _casework() -> CaseworkCountsFile:
    return CaseworkCountsFile(Path("counts.csv"), (CountPeriod("2025/26", date(2025, 4, 1), date(2026, 3, 31)),),
                              (), 5)


def test_public_data_only_may_be_reused_under_the_ogl():
    used = data_used(_inputs())
    assert usage_statement(used).startswith("Made from public data under the Open Government Licence v3.0")


def test_partners_and_the_partnerships_records_are_named_and_not_offered_for_reuse():
    used = data_used(_inputs(PARTNERS), _casework(), projects=True)
    usage = usage_statement(used)
    assert "may be shared and reused" not in usage
    assert "public data in this report may be reused under the Open Government Licence v3.0" in usage
    assert "partners' records (Mercia Vale Police, Mercia Vale Fire and Rescue Service and Probation Service" in usage
    assert "the partnership's own ASB casework counts" in usage
    assert "commissioning records (projects and their budgets)" in usage
    assert "used with the permission of the organisations that hold it and may not be reused without" in usage
    assert "Casework counts from 1 to 4 are withheld" in usage


def test_the_attributions_name_every_source_with_its_publisher_or_holder():
    inputs = _inputs(PARTNERS, published_file="rates.csv", msg_file="msg.csv")
    lines = attribution_lines(data_used(inputs, _casework()), inputs, "Hartbury Community Safety Partnership")
    text = " ".join(lines)
    for name in ("police.uk street-level crime", "police.uk outcomes", "population estimates", "geography lookups",
                 "Indices of Deprivation", "Census 2021 ethnic group", "recorded crime rates by Community Safety "
                 "Partnership area", "Most Similar Groups"):
        assert name in text, name
    assert "Contains OS data © Crown copyright" in text and "Contains National Statistics data" in text
    assert "Mercia Vale Police: domestic abuse-related incidents and crimes. Used with its permission" in text
    assert "Probation Service: proven reoffending." in text
    assert "Hartbury Community Safety Partnership's own ASB casework counts (from its case management system). " \
           "Not for reuse without its permission." in text
    assert "police.uk stop and search" not in text and "benchmark rates" not in text  # only what was used
    given = _inputs(benchmarks_file="benchmarks.csv")
    assert "published benchmark rates" in " ".join(attribution_lines(data_used(given), given, "Hartbury"))


def test_the_harm_index_is_attributed_by_its_name_and_unit_only_when_its_weights_are_used():
    harm = pd.DataFrame({"crime_type": ["Burglary"], "harm_index": ["Cambridge Crime Harm Index (ONS 2020)"],
                         "unit": ["days of imprisonment"]})
    loaded = (*({"kind": kind} for kind in KINDS), {"kind": "harm"})
    area, period = Area("E22900001", "Hartbury", "csp"), Period(date(2025, 10, 1), date(2026, 9, 1))

    def lines(tables: dict[str, pd.DataFrame]) -> list[str]:
        inputs = ReportInputs(Assessment(area=area, period=period, parameters={},
                                         tables=MappingProxyType({"partner_indicators": pd.DataFrame(), **tables}),
                                         statements=(), caveats=(), inputs=loaded))
        return attribution_lines(data_used(inputs), inputs, "Hartbury")

    assert "Crime harm weights: the Cambridge Crime Harm Index (ONS 2020), in days of imprisonment." in lines(
        {"harm": harm})
    # loaded, but with no Home Office table to weight the crime types by, the index weighs nothing in the report
    assert not any("harm" in line for line in lines({"harm": pd.DataFrame()}))
