"""What the report may be used for, and whose data it holds: the "Usage" line of the details page
and the attribution lines every format carries (the Excel file's Notes sheet too).

A report made only from public data can say it may be reused under the Open Government Licence.
One that also holds partners' records (domestic abuse incidents, fires, reoffending, treatment),
the partnership's casework counts, commissioning records, a survey or officers' scores cannot: that
data is not the partnership's to license. So the statement is built from what the report actually
uses, naming each public source with its publisher and each partner with its measures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cspkit.priorities.ranking import Ranking
from cspkit.reports.assessment.inputs import ReportInputs
from cspkit.reports.assessment.layout import os_year
from cspkit.reports.assessment.methodology import HarmIndex, harm_index
from cspkit.reports.assessment.wording import join_and, plural
from cspkit.reports.maps import os_attribution
from cspkit.sources.casework_counts import CaseworkCountsFile

OGL_LINK = "[Open Government Licence v3.0](https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)"
#: Each kind of loaded public file: what it is and who publishes it.
PUBLIC_KINDS = {
    "police-uk-street": "police.uk street-level crime and anti-social behaviour (Home Office)",
    "police-uk-outcomes": "police.uk outcomes (Home Office)",
    "police-uk-stop-and-search": "police.uk stop and search (Home Office)",
    "population": "mid-year population estimates (Office for National Statistics)",
    "lookup": "geography lookups (Office for National Statistics)",
    "boundaries": "boundaries (Office for National Statistics; contains OS data)",
    "deprivation": "English Indices of Deprivation 2019 (Ministry of Housing, Communities and Local Government)",
    "home-office": "police recorded crime tables (Home Office)",
    "ethnicity": "Census 2021 ethnic group, TS021 (Office for National Statistics)",
}
PUBLISHED_RATES = "recorded crime rates by Community Safety Partnership area (Office for National Statistics)"
MOST_SIMILAR = "Most Similar Groups of Community Safety Partnerships (Home Office)"
BENCHMARKS = "published benchmark rates, as given by the partnership's analyst"


@dataclass(frozen=True)
class DataUsed:
    """The report's data by whose it is: public (reusable under the OGL), partners' (organisation ->
    its measures) and the partnership's own records; ``smallest_shown`` the smallest casework count
    shown, when casework counts are used; ``harm`` the harm index the harm figures use, if any."""

    public: tuple[str, ...]
    partners: tuple[tuple[str, tuple[str, ...]], ...] = ()
    own: tuple[str, ...] = ()
    smallest_shown: int | None = None
    harm: HarmIndex | None = None

    @property
    def restricted(self) -> bool:
        return bool(self.partners or self.own)


def data_used(inputs: ReportInputs, casework: CaseworkCountsFile | None = None, projects: bool = False) -> DataUsed:
    """What the report uses, read from the assessment's loaded files and parameters, its partner
    measures, the ranking and the partnership's records given to the report."""
    assessment = inputs.assessment
    kinds = {str(item.get("kind")) for item in assessment.inputs}
    public = [name for kind, name in PUBLIC_KINDS.items() if kind in kinds]
    if assessment.parameters.get("published_file"):
        public.append(PUBLISHED_RATES)
    if assessment.parameters.get("msg_file"):
        public.append(MOST_SIMILAR)
    if assessment.parameters.get("benchmarks_file"):
        public.append(BENCHMARKS)
    indicators = assessment.tables.get("partner_indicators", pd.DataFrame())
    partners: dict[str, list[str]] = {}
    for row in indicators.to_dict("records") if not indicators.empty else []:
        holder = str(row.get("source") or "").strip() or "the partner that sent it"
        partners.setdefault(holder, []).append(str(row["measure"]))
    own = []
    if casework is not None:
        own.append("ASB casework counts (from its case management system)")
    if projects:
        own.append("commissioning records (projects and their budgets)")
    own += _scoring_sources(inputs.ranking)
    return DataUsed(tuple(public), tuple((k, tuple(v)) for k, v in partners.items()), tuple(own),
                    casework.smallest_shown if casework is not None else None, harm_index(inputs))


def _scoring_sources(ranking: Ranking | None) -> list[str]:
    """The survey and officers' scores the ranking used, when it used them."""
    if ranking is None:
        return []
    found = []
    if any(c.evidence.public_expectation is not None for c in ranking.candidates):
        found.append("consultation survey results")
    if ranking.entries:
        scorers = f" ({plural(len(ranking.scorers), 'scorer')})" if ranking.scorers else ""
        found.append(f"officers' scores of the candidate priorities{scorers}")
    return found


def usage_statement(used: DataUsed) -> str:
    """The details page's "Usage": what may be reused and under what terms, true for what the report holds."""
    if not used.restricted:
        return ("Made from public data under the Open Government Licence v3.0: it may be shared and reused "
                "with the attributions below.")
    text = ("The public data in this report may be reused under the Open Government Licence v3.0 with the "
            "attributions below. The report also holds data that is not public: ")
    held = [f"partners' records ({join_and(holder for holder, _ in used.partners)}, listed below)"
            ] if used.partners else []
    if used.own:
        held.append(f"the partnership's own {join_and(used.own)}")
    text += join_and(held) + ". It is used with the permission of the organisations that hold it and may not be " \
        "reused without their permission."
    if used.smallest_shown and used.smallest_shown > 1:
        text += (f" Casework counts from 1 to {used.smallest_shown - 1} are withheld, and so are counts that would "
                 "let one be worked out.")
    return text


def attribution_lines(used: DataUsed, inputs: ReportInputs, partnership: str) -> list[str]:
    """Every source the report uses, with its publisher or holder: the public ones under the OGL
    (with the OS and ONS lines they require), then partners' and the partnership's own data."""
    lines = [f"Contains public sector information licensed under the {OGL_LINK}: {join_and(used.public)}."
             if used.public else f"Contains public sector information licensed under the {OGL_LINK}."]
    if any("OS data" in name for name in used.public):
        lines.append(f"{os_attribution(os_year(inputs))}.")
    if any("Office for National Statistics" in name for name in used.public):
        lines.append("Contains National Statistics data © Crown copyright and database right.")
    if used.harm is not None:
        lines.append(f"Crime harm weights: the {used.harm.name}, in {used.harm.unit}.")
    for holder, measures in used.partners:
        lines.append(f"{holder}: {join_and(_lower_first(m) for m in measures)}. Used with its permission; "
                     "not for reuse without it.")
    if used.own:
        lines.append(f"{partnership}'s own {join_and(used.own)}. Not for reuse without its permission.")
    return lines


def _lower_first(measure: str) -> str:
    """A measure's name inside a sentence: "Deliberate fires" as "deliberate fires", "ASB cases" kept."""
    return measure[:1].lower() + measure[1:] if measure[1:2].islower() else measure
