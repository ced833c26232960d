"""Scoring and ranking candidate priorities with a template, the evidence and people's scores.

Each dimension's level comes from the scorers when anyone scored it (their agreed level), else
from the template's evidence rule, else it is missing and the candidate is listed, unranked,
with what is missing. Levels become values, values combine into group scores and groups into
one score, by the template's stated arithmetic; nothing else moves a candidate's place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from cspkit.priorities.autofill import EvidenceLevel, level_from_evidence
from cspkit.priorities.evidence import CandidateEvidence
from cspkit.priorities.explain import explain
from cspkit.priorities.scores import Agreement, ScoreEntry, agree, lowest_confidence
from cspkit.priorities.template import ScoringTemplate


@dataclass(frozen=True)
class DimensionScore:
    """One dimension of one candidate: the level used, where it came from and how sure we are."""

    key: str
    label: str
    group: str
    level: int | None
    level_label: str | None
    value: float | None
    source: str | None  # 'scorers', 'evidence' or None (not scored)
    confidence: str | None
    evidence: EvidenceLevel | None
    agreement: Agreement | None

    @property
    def disagreement(self) -> bool:
        return self.agreement is not None and self.agreement.disagreement


@dataclass(frozen=True)
class CandidateScore:
    name: str
    evidence: CandidateEvidence
    dimensions: tuple[DimensionScore, ...]
    group_scores: Mapping[str, float | None]
    score: float | None
    band: str | None
    confidence: str | None
    rank: int | None = None
    rank_range: tuple[int, int] | None = None
    explanation: str = ""

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(d.label for d in self.dimensions if d.level is None)

    @property
    def disagreements(self) -> tuple[DimensionScore, ...]:
        return tuple(d for d in self.dimensions if d.disagreement)


@dataclass(frozen=True)
class WeightChange:
    """What happens to the order when one weight moves (e.g. 'group harm' x 1.2)."""

    target: str
    factor: float
    moves: tuple[tuple[str, int, int], ...]  # (candidate, rank before, rank after) for those that moved

    @property
    def order_changed(self) -> bool:
        return bool(self.moves)


@dataclass(frozen=True)
class Sensitivity:
    """The ±step check: every weight moved up and down in turn, the rest held."""

    step: float
    changes: tuple[WeightChange, ...]

    @property
    def stable(self) -> bool:
        return not any(change.order_changed for change in self.changes)


@dataclass(frozen=True)
class Ranking:
    template: ScoringTemplate
    candidates: tuple[CandidateScore, ...]  # ranked first (best first), then the unranked
    sensitivity: Sensitivity
    scorers: tuple[str, ...]
    entries: tuple[ScoreEntry, ...] = ()

    @property
    def ranked(self) -> tuple[CandidateScore, ...]:
        return tuple(c for c in self.candidates if c.rank is not None)

    @property
    def unranked(self) -> tuple[CandidateScore, ...]:
        return tuple(c for c in self.candidates if c.rank is None)


def combine(values: Sequence[float], weights: Sequence[float], method: str) -> float:
    """Combine parts by ``sum`` (Σw·v), ``mean`` (Σw·v / Σw) or ``product`` (Π v^w).

    The product raises each part to its weight so that weights still matter when parts are
    multiplied (multiplying a part by a constant would not change any order).
    """
    if method == "sum":
        return math.fsum(w * v for v, w in zip(values, weights, strict=True))
    if method == "mean":
        total = math.fsum(weights)
        return math.fsum(w * v for v, w in zip(values, weights, strict=True)) / total if total else 0.0
    if method == "product":
        return math.prod(v**w for v, w in zip(values, weights, strict=True))
    raise ValueError(f"unknown way to combine: {method}")


def score_candidates(
    template: ScoringTemplate,
    evidence: Sequence[CandidateEvidence],
    entries: Sequence[ScoreEntry] = (),
    *,
    sensitivity_step: float = 0.2,
) -> Ranking:
    """Score every candidate, rank those fully scored, test the order against ±step weights, explain.

    ``evidence`` holds one record per candidate (empty records are fine: people score them);
    ``entries`` are people's scores, already checked by :func:`~cspkit.priorities.scores.read_scores`.
    """
    agreements = agree(entries, template)
    scored = [_score_one(template, item, agreements) for item in evidence]
    ranks = rank_scores({c.name: c.score for c in scored})
    sensitivity = check_sensitivity(template, scored, ranks, sensitivity_step)
    ranges = _rank_ranges(ranks, sensitivity)
    scored = [replace(c, rank=ranks.get(c.name), rank_range=ranges.get(c.name)) for c in scored]
    scored.sort(key=lambda c: (c.rank is None, c.rank or 0, c.name.casefold()))
    scorers = tuple(sorted({entry.scorer for entry in entries}, key=str.casefold))
    ranking = Ranking(template, tuple(scored), sensitivity, scorers, tuple(entries))
    explained = tuple(replace(c, explanation=explain(c, ranking)) for c in ranking.candidates)
    return Ranking(template, explained, sensitivity, scorers, tuple(entries))


def rank_scores(scores: Mapping[str, float | None]) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4), highest score first; candidates without a score get none."""
    keyed = {name: _key(score) for name, score in scores.items() if score is not None}
    return {name: 1 + sum(other > key for other in keyed.values()) for name, key in keyed.items()}


def total_score(template: ScoringTemplate, values: Mapping[str, float | None]) -> tuple[dict[str, float | None],
                                                                                       float | None]:
    """Group scores and the overall score from each dimension's value (None if any value is missing)."""
    groups: dict[str, float | None] = {}
    for group in template.groups:
        parts = [values.get(key) for key in group.dimensions]
        if any(part is None for part in parts):
            groups[group.key] = None
            continue
        weights = [template.dimension(key).weight for key in group.dimensions]
        groups[group.key] = combine(parts, weights, group.combine)
    if any(score is None for score in groups.values()):
        return groups, None
    total = combine([groups[g.key] for g in template.groups], [g.weight for g in template.groups], template.combine)
    return groups, total


def check_sensitivity(template: ScoringTemplate, scored: Sequence[CandidateScore], ranks: Mapping[str, int],
                      step: float) -> Sensitivity:
    """Move each weight by -step and +step in turn and record which ranks change."""
    values = {c.name: {d.key: d.value for d in c.dimensions} for c in scored if c.score is not None}
    changes = []
    for target, weight in template.weights().items():
        for factor in (1 - step, 1 + step):
            moved = template.with_weight(target, weight * factor)
            new_ranks = rank_scores({name: total_score(moved, v)[1] for name, v in values.items()})
            moves = tuple((name, ranks[name], new_ranks[name]) for name in sorted(values, key=ranks.get)
                          if new_ranks[name] != ranks[name])
            changes.append(WeightChange(target, factor, moves))
    return Sensitivity(step, tuple(changes))


def _score_one(template: ScoringTemplate, evidence: CandidateEvidence,
               agreements: Mapping[tuple[str, str], Agreement]) -> CandidateScore:
    dimensions = []
    for dimension in template.dimensions.values():
        from_evidence = level_from_evidence(dimension, evidence)
        agreement = agreements.get((evidence.name, dimension.key))
        if agreement is not None:
            level, source, confidence = agreement.level, "scorers", agreement.confidence
        elif from_evidence is not None and from_evidence.level is not None:
            level, source, confidence = from_evidence.level, "evidence", from_evidence.confidence
        else:
            level, source, confidence = None, None, None
        step = dimension.level(level) if level is not None else None
        dimensions.append(DimensionScore(
            key=dimension.key,
            label=dimension.label,
            group=dimension.group,
            level=level,
            level_label=step.label if step else None,
            value=step.value if step else None,
            source=source,
            confidence=confidence,
            evidence=from_evidence,
            agreement=agreement,
        ))
    groups, total = total_score(template, {d.key: d.value for d in dimensions})
    return CandidateScore(
        name=evidence.name,
        evidence=evidence,
        dimensions=tuple(dimensions),
        group_scores=groups,
        score=total,
        band=template.band_for(total) if total is not None else None,
        confidence=lowest_confidence((d.confidence for d in dimensions), template.confidence_levels),
    )


def _rank_ranges(ranks: Mapping[str, int], sensitivity: Sensitivity) -> dict[str, tuple[int, int]]:
    ranges = {name: (rank, rank) for name, rank in ranks.items()}
    for change in sensitivity.changes:
        for name, _, after in change.moves:
            low, high = ranges[name]
            ranges[name] = (min(low, after), max(high, after))
    return ranges


def _key(score: float) -> float:
    """Scores equal to 9 significant figures rank together (floating-point dust is not a difference)."""
    return float(f"{score:.9g}")
