"""Crime and ASB where a project works, before and during it, against the rest of the partnership's
area (from the evidence store; ``cspkit.assess.place_change`` does the counting and the test)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cspkit.assess.areas import resolve_area
from cspkit.assess.place_change import PlaceChange, place_change, resolve_places
from cspkit.errors import CspkitError
from cspkit.store import open_store
from cspkit.web.commissioning.models import Project
from cspkit.web.performance.quarters import MONTH_NAMES


@dataclass(frozen=True)
class ProjectEvidence:
    """The comparison, or None with the reason it could not be made."""

    changes: list[PlaceChange] | None
    explanation: str
    sentences: list[str] = field(default_factory=list)


def project_evidence(project: Project) -> ProjectEvidence:
    lines = project.place_list()
    if not lines:
        return ProjectEvidence(None, "No wards or LSOAs are given for the project, so there is nothing to compare.")
    if not project.partnership.area_code:
        return ProjectEvidence(None, "The partnership has no area code, so its evidence cannot be found.")
    try:
        with open_store(read_only=True) as store:
            con = store.con
            area = resolve_area(con, project.partnership.area_code)
            places, unknown = resolve_places(con, lines)
            if not places:
                return ProjectEvidence(None, f"No ward or LSOA called {', '.join(unknown)} is in the evidence store.")
            last_loaded = con.execute("SELECT max(month) FROM police_uk_files WHERE kind = 'street'").fetchone()[0]
            first = project.starts.replace(day=1)
            last = min(project.ends.replace(day=1), last_loaded) if last_loaded else None
            if last is None or last < first:
                return ProjectEvidence(None, "The evidence store has no police.uk months since the project started.")
            changes = place_change(con, area, places, first, last)
    except CspkitError as error:
        return ProjectEvidence(None, f"The comparison cannot be made: {error}.")
    months = _months_label(first, last)
    names = ", ".join(p.name for p in places)
    note = f" ({', '.join(unknown)} not found in the evidence store)" if unknown else ""
    return ProjectEvidence(changes, "", [c.sentence(names + note, months) for c in changes])


def _months_label(first: date, last: date) -> str:
    start = MONTH_NAMES[first.month - 1] + ("" if first.year == last.year else f" {first.year}")
    return f"{start} to {MONTH_NAMES[last.month - 1]} {last.year}" if first != last else f"{start} {first.year}"
