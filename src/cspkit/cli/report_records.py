"""The partnership's own records for ``cspkit report assessment --casework/--projects``: read the
web app's exports and compare each project's places before and during it (for the report, which
never opens the store itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import duckdb

from cspkit.assess.assessment import Assessment
from cspkit.assess.period import add_months
from cspkit.assess.project_places import compare_projects
from cspkit.cli.console import err_console, plain
from cspkit.config import get_settings
from cspkit.reports.assessment import PartnershipRecords
from cspkit.sources.casework_counts import CaseworkCountsFile, read_casework_counts
from cspkit.sources.projects import ProjectRecord, read_projects


@dataclass(frozen=True)
class ReadRecords:
    records: PartnershipRecords
    projects: list[ProjectRecord] | None


def demo_exports(casework: Path | None, projects: Path | None) -> tuple[Path | None, Path | None]:
    """With --demo, the files ``cspkit --demo casework export-counts`` and ``… export-projects`` wrote, if any."""
    folder = get_settings().workspace / "exports"
    found = [folder / name for name in ("casework-counts.csv", "projects.csv")]
    return (
        casework or (found[0] if found[0].is_file() else None),
        projects or (found[1] if found[1].is_file() else None),
    )


def read_records(casework: Path | None, projects: Path | None) -> ReadRecords:
    """Both files read and checked before any work starts, so a bad file fails at once."""
    counts = read_casework_counts(casework) if casework is not None else None
    return ReadRecords(PartnershipRecords(casework=counts), read_projects(projects) if projects is not None else None)


def period_mismatch(counts: CaseworkCountsFile | None, result: Assessment) -> str | None:
    """A warning when the casework counts' latest period is not the assessment's (the section prints
    the file's periods as they are, so this is a reminder, not an error)."""
    if counts is None:
        return None
    latest = counts.periods[-1]
    first, last = result.period.start, add_months(result.period.end, 1) - timedelta(days=1)
    if (latest.starts, latest.ends) == (first, last):
        return None
    return (f"The casework counts' latest period is {latest.label} ({latest.starts} to {latest.ends}), not the "
            f"assessment's {result.period.label()}: run cspkit casework export-counts --period {result.period}.")


def compare_records(con: duckdb.DuckDBPyConnection, result: Assessment, read: ReadRecords) -> PartnershipRecords:
    if (warning := period_mismatch(read.records.casework, result)) is not None:
        err_console.print(f"[yellow]Warning:[/] {plain(warning)}", highlight=False, soft_wrap=True)
    if read.projects is None:
        return read.records
    comparisons = compare_projects(con, result.area, read.projects, result.period.end)
    return PartnershipRecords(casework=read.records.casework, projects=comparisons)
