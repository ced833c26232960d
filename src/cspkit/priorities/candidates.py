"""Candidate priorities: what a partnership might choose to focus on, and where each one's evidence is.

The default list (``candidates.yaml``) follows the police.uk crime types, plus domestic
abuse, which police.uk does not separate and whose evidence must come from partners: the
partner measures (``cspkit load indicators``) named in its ``measures``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

from cspkit.errors import CspkitError
from cspkit.priorities.evidence import CandidateEvidence
from cspkit.priorities.yamlfile import Place, read_yaml, root_place


@dataclass(frozen=True)
class Candidate:
    name: str
    crime_types: tuple[str, ...] = ()
    survey_labels: tuple[str, ...] = ()
    note: str = ""
    measures: tuple[str, ...] = ()  # partner indicators whose figures are its evidence (no police.uk type)

    def matches(self, label: str) -> bool:
        """True if a survey question or evidence row called ``label`` means this candidate."""
        wanted = _normal(label)
        return wanted == _normal(self.name) or any(wanted == _normal(alias) for alias in self.survey_labels)


def default_candidates_path() -> Path:
    return Path(str(files("cspkit.priorities") / "candidates.yaml"))


def police_uk_crime_types() -> tuple[str, ...]:
    """The police.uk crime types, from the reference list the store ships."""
    with (files("cspkit.store") / "reference" / "police_uk_crime_types.csv").open(encoding="utf-8") as stream:
        return tuple(row["crime_type"] for row in csv.DictReader(stream))


def load_candidates(path: str | Path | None = None) -> list[Candidate]:
    """Read a candidates file (default: the list shipped with cspkit), checking crime type names."""
    source = Path(path) if path is not None else default_candidates_path()
    document = read_yaml(source)
    top = root_place(source, document)
    if not isinstance(document, dict) or "candidates" not in document:
        raise top.error("expected a section 'candidates:' listing the candidate priorities")
    items = document["candidates"]
    place = top.child(document, "candidates")
    if not isinstance(items, list) or not items:
        raise place.error("expected a list of candidates, each with a name")
    known_types = {t.casefold(): t for t in police_uk_crime_types()}
    candidates: list[Candidate] = []
    for index, item in enumerate(items):
        where = place.child(items, index)
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            raise where.error("each candidate needs a name")
        unknown = set(item) - {"name", "crime_types", "survey_labels", "note", "measures"}
        if unknown:
            key = sorted(unknown)[0]
            raise where.child(item, key).error(
                f"unknown setting '{key}' (expected name, crime_types, survey_labels, measures, note)")
        name = str(item["name"]).strip()
        if any(c.name.casefold() == name.casefold() for c in candidates):
            raise where.error(f"'{name}' is listed twice")
        crime_types = tuple(_crime_type(t, where.child(item, "crime_types"), known_types)
                            for t in _strings(item.get("crime_types"), where.child(item, "crime_types")))
        candidates.append(Candidate(
            name=name,
            crime_types=crime_types,
            survey_labels=_strings(item.get("survey_labels"), where.child(item, "survey_labels")),
            note=str(item.get("note") or "").strip(),
            measures=_strings(item.get("measures"), where.child(item, "measures")),
        ))
    return candidates


def evidence_for(candidates: list[Candidate], evidence: list[CandidateEvidence]) -> list[CandidateEvidence]:
    """One evidence record per candidate, in the candidates' order; candidates without evidence get
    an empty record (so people can score them), and evidence for no candidate is an error."""
    by_name = {}
    for item in evidence:
        owner = next((c for c in candidates if c.matches(item.name)), None)
        if owner is None:
            names = ", ".join(c.name for c in candidates)
            raise CspkitError(f"There is evidence for '{item.name}', which is not a candidate ({names}).")
        by_name[owner.name] = item
    merged = []
    for candidate in candidates:
        item = by_name.get(candidate.name)
        if item is None:
            item = CandidateEvidence(name=candidate.name, crime_types=candidate.crime_types, notes=candidate.note)
        elif item.name != candidate.name:
            item = replace(item, name=candidate.name)
        merged.append(item)
    return merged


def _strings(value: object, place: Place) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise place.error("expected a list of names, e.g. [Burglary, Robbery]")
    return tuple(v.strip() for v in value if v.strip())


def _crime_type(name: str, place: Place, known: dict[str, str]) -> str:
    if name.casefold() not in known:
        raise place.error(f"'{name}' is not a police.uk crime type ({', '.join(known.values())})")
    return known[name.casefold()]


def _normal(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("&", "and").casefold().split())
