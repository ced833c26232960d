"""People's scores: several scorers, one agreed level per dimension, and where they disagree.

Scores come from a CSV (one row per scorer, candidate and dimension, as written by
``cspkit priorities sheet``) or a YAML file (scorer -> candidate -> dimension -> level). A level
may be written as its number or its label. The agreed level follows the template's rule
(median by default, taking the higher middle level on a tie, so a split panel errs towards
priority); a dimension is flagged when scorers' levels are ``disagreement_range`` or more apart.
"""

from __future__ import annotations

import csv
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cspkit.errors import InputError
from cspkit.priorities.template import Dimension, ScoringTemplate
from cspkit.priorities.yamlfile import Place, read_yaml, root_place
from cspkit.sources.textfile import refuse_not_text

SCORE_COLUMNS = ("scorer", "candidate", "dimension", "level", "confidence", "comment")


@dataclass(frozen=True)
class ScoreEntry:
    """One person's level for one dimension of one candidate, with their confidence."""

    scorer: str
    candidate: str
    dimension: str
    level: int
    confidence: str | None = None
    comment: str = ""


@dataclass(frozen=True)
class Agreement:
    """The agreed level of one dimension for one candidate, and the scores it came from."""

    candidate: str
    dimension: str
    level: int
    entries: tuple[ScoreEntry, ...]
    spread: int
    disagreement: bool
    confidence: str | None


def read_scores(path: str | Path, template: ScoringTemplate, candidates: Sequence[str]) -> list[ScoreEntry]:
    """Read a scores file (CSV or YAML), checking every candidate, dimension, level and confidence."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    checker = _Checker(str(path), template, candidates)
    if path.suffix.lower() in (".yaml", ".yml"):
        _read_yaml_scores(path, checker)
    else:
        _read_csv_scores(path, checker)
    return checker.entries


def agree(entries: Iterable[ScoreEntry], template: ScoringTemplate) -> dict[tuple[str, str], Agreement]:
    """Combine scorers' levels per (candidate, dimension) by the template's agreement rule."""
    grouped: dict[tuple[str, str], list[ScoreEntry]] = {}
    for entry in entries:
        grouped.setdefault((entry.candidate, entry.dimension), []).append(entry)
    agreed = {}
    for key, group in grouped.items():
        levels = [entry.level for entry in group]
        if template.agreement_rule == "highest":
            level = max(levels)
        elif template.agreement_rule == "lowest":
            level = min(levels)
        else:
            level = statistics.median_high(levels)
        spread = max(levels) - min(levels)
        agreed[key] = Agreement(
            candidate=key[0],
            dimension=key[1],
            level=level,
            entries=tuple(group),
            spread=spread,
            disagreement=len(group) > 1 and spread >= template.disagreement_range,
            confidence=lowest_confidence((entry.confidence for entry in group), template.confidence_levels),
        )
    return agreed


def lowest_confidence(values: Iterable[str | None], scale: Sequence[str]) -> str | None:
    """The lowest confidence given (a score is only as sure as its least sure part); None if none given."""
    given = [value for value in values if value is not None]
    return min(given, key=scale.index) if given else None


class _Checker:
    """Validates score records one at a time, remembering what it has seen for duplicates."""

    def __init__(self, source: str, template: ScoringTemplate, candidates: Sequence[str]) -> None:
        self.source = source
        self.template = template
        self.candidates = {name.casefold(): name for name in candidates}
        self.entries: list[ScoreEntry] = []
        self.seen: dict[tuple[str, str, str], int | None] = {}

    def add(self, scorer: Any, candidate: Any, dimension: Any, level: Any, confidence: Any, comment: Any,
            line: int | None) -> None:
        def fail(problem: str) -> InputError:
            return InputError(self.source, problem, line)

        scorer_name = _clean(scorer)
        if not scorer_name:
            raise fail("no scorer named: say who gave this score")
        candidate_name = self.candidates.get(_clean(candidate).casefold())
        if candidate_name is None:
            raise fail(f"unknown candidate '{_clean(candidate)}' (candidates: {', '.join(self.candidates.values())})")
        found = self._dimension(_clean(dimension))
        if found is None:
            known = ", ".join(self.template.dimensions)
            raise fail(f"unknown dimension '{_clean(dimension)}' in template '{self.template.name}' ({known})")
        number = found.parse_level(_clean(level))
        if number is None:
            steps = ", ".join(f"{s.level} {s.label}" for s in found.scale)
            raise fail(f"'{_clean(level)}' is not a level of {found.label} ({steps})")
        levels = {level.casefold(): level for level in self.template.confidence_levels}
        confidence_text = None
        if _clean(confidence):
            confidence_text = levels.get(_clean(confidence).casefold())
            if confidence_text is None:
                raise fail(f"confidence '{_clean(confidence)}' is not one of {', '.join(levels.values())}")
        key = (scorer_name.casefold(), candidate_name, found.key)
        if key in self.seen:
            earlier = f" (already on line {self.seen[key]})" if self.seen[key] else ""
            raise fail(f"{scorer_name} scored {found.label} for {candidate_name} twice{earlier}")
        self.seen[key] = line
        self.entries.append(ScoreEntry(scorer_name, candidate_name, found.key, number, confidence_text,
                                       _clean(comment)))

    def _dimension(self, text: str) -> Dimension | None:
        for dimension in self.template.dimensions.values():
            if text.casefold() in (dimension.key.casefold(), dimension.label.casefold()):
                return dimension
        return None


def _read_csv_scores(path: Path, checker: _Checker) -> None:
    refuse_not_text(path)
    try:
        _read_csv_rows(path, checker)
    except UnicodeDecodeError:
        raise InputError(path, "this is not UTF-8 text: open it in Excel and save it as 'CSV UTF-8 (comma "
                               "delimited)', then use that file") from None


def _read_csv_rows(path: Path, checker: _Checker) -> None:
    with open(path, newline="", encoding="utf-8-sig") as stream:
        reader = csv.DictReader(stream)
        header = [name.strip().casefold() for name in reader.fieldnames or []]
        missing = [column for column in SCORE_COLUMNS[:4] if column not in header]
        if missing:
            raise InputError(path, f"missing column(s) {', '.join(missing)}; expected {', '.join(SCORE_COLUMNS)}", 1)
        reader.fieldnames = header
        for row in reader:
            if None in row:
                raise InputError(path, "more cells than column names", reader.line_num)
            if not _clean(row.get("level")):
                continue  # a blank row of a scoring sheet: not scored yet
            checker.add(row["scorer"], row["candidate"], row["dimension"], row["level"], row.get("confidence"),
                        row.get("comment"), reader.line_num)


def _read_yaml_scores(path: Path, checker: _Checker) -> None:
    document = read_yaml(path)
    top = root_place(path, document)
    if not isinstance(document, dict):
        raise top.error("expected scorer: candidate: dimension: level")
    for scorer, by_candidate in document.items():
        scorer_place = top.child(document, scorer)
        if not isinstance(by_candidate, dict):
            raise scorer_place.error("expected candidate: dimension: level under each scorer")
        for candidate, by_dimension in by_candidate.items():
            candidate_place = scorer_place.child(by_candidate, candidate)
            if not isinstance(by_dimension, dict):
                raise candidate_place.error("expected dimension: level under each candidate")
            for dimension, value in by_dimension.items():
                place = candidate_place.child(by_dimension, dimension)
                level, confidence, comment = _yaml_score(value, place)
                checker.add(scorer, candidate, dimension, level, confidence, comment, place.line)


def _yaml_score(value: Any, place: Place) -> tuple[Any, Any, Any]:
    if isinstance(value, dict):
        unknown = set(value) - {"level", "confidence", "comment"}
        if unknown or "level" not in value:
            raise place.error("write a level, or {level: 3, confidence: medium, comment: ...}")
        return value["level"], value.get("confidence"), value.get("comment")
    if isinstance(value, list) or value is None:
        raise place.error("write a level, or {level: 3, confidence: medium, comment: ...}")
    return value, None, None


def _clean(value: Any) -> str:
    return "" if value is None else str(value).strip()
