"""Crime and ASB in each commissioned project's places, before and during it, against the rest of
the area (:mod:`cspkit.assess.place_change`), for the strategic assessment's projects section.

The months compared are the project's, up to the last police.uk month loaded and within the
report's period end; "before" is the same months a year earlier. A project without places, or
whose places are unknown or whose months are not loaded, gets the reason instead of figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from cspkit.assess.areas import Area
from cspkit.assess.place_change import PlaceChange, place_change, resolve_places
from cspkit.errors import CspkitError
from cspkit.sources.projects import ProjectRecord


@dataclass(frozen=True)
class ProjectComparison:
    project: ProjectRecord
    place_names: tuple[str, ...]  # the places found in the store, by name
    unknown: tuple[str, ...]  # places named in the file but not found
    first_month: date | None
    last_month: date | None
    changes: tuple[PlaceChange, ...]  # all crime, then ASB; empty with a reason
    reason: str = ""


def compare_projects(
    con: duckdb.DuckDBPyConnection, area: Area, projects: list[ProjectRecord], until: date
) -> list[ProjectComparison]:
    """Each project's before/during comparison, for months up to ``until`` (a month start)."""
    row = con.execute("SELECT max(month) FROM police_uk_files WHERE kind = 'street'").fetchone()
    last_loaded = min(row[0], until) if row and row[0] else None
    return [_compare(con, area, project, last_loaded) for project in projects]


def _compare(con, area: Area, project: ProjectRecord, last_loaded: date | None) -> ProjectComparison:
    if not project.places:
        return ProjectComparison(project, (), (), None, None, (), "works across the whole area: no places to compare")
    places, unknown = resolve_places(con, list(project.places))
    names, missing = tuple(p.name for p in places), tuple(unknown)
    if not places:
        return ProjectComparison(project, (), missing, None, None, (), "none of its places is in the evidence store")
    first = project.starts.replace(day=1)
    last = min(project.ends.replace(day=1), last_loaded) if last_loaded else None
    if last is None or last < first:
        return ProjectComparison(project, names, missing, first, None, (), "no police.uk months loaded since it began")
    try:
        changes = place_change(con, area, places, first, last)
    except CspkitError as error:
        return ProjectComparison(project, names, missing, first, last, (), str(error))
    return ProjectComparison(project, names, missing, first, last, tuple(changes))
