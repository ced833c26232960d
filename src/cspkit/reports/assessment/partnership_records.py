"""The report's sections from the partnership's own records, exported by the web app: ASB casework
counts and commissioned projects. Each appears only when its file was given to the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cspkit.assess.project_places import ProjectComparison
from cspkit.reports.assessment.casework_section import casework_section
from cspkit.reports.assessment.projects_section import projects_section
from cspkit.reports.document import Section
from cspkit.sources.casework_counts import CaseworkCountsFile


@dataclass(frozen=True)
class PartnershipRecords:
    casework: CaseworkCountsFile | None = None
    projects: list[ProjectComparison] | None = None


def partnership_sections(records: PartnershipRecords | None, priorities: Sequence[str] | None = None) -> list[Section]:
    """``priorities``: the assessment's candidate priorities, which projects' priorities are checked against."""
    if records is None:
        return []
    sections = []
    if records.casework is not None:
        sections.append(casework_section(records.casework))
    if records.projects:
        sections.append(projects_section(records.projects, priorities))
    return sections
