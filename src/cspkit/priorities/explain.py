"""A plain-English sentence on why each candidate ranks where it does.

Boards agree priorities from a list, so each line must carry its own reasons: which parts of
the score lift or hold it back against the typical candidate, how far it is from its
neighbour, whether its place survives a ±20% change to any weight, and where scorers disagree.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cspkit.priorities.ranking import CandidateScore, Ranking


def explain(candidate: CandidateScore, ranking: Ranking) -> str:
    if candidate.score is None:
        return _unranked(candidate)
    ranked = ranking.ranked
    template = ranking.template
    sentences = [_headline(candidate, ranked) + _drivers(candidate, ranking) + "."]
    neighbour = _neighbour(candidate, ranked)
    if neighbour:
        sentences.append(neighbour)
    sentences.append(_stability(candidate, ranking))
    if candidate.disagreements:
        parts = [f"{d.label.lower()} (levels {min(e.level for e in d.agreement.entries)} to "
                 f"{max(e.level for e in d.agreement.entries)})" for d in candidate.disagreements]
        sentences.append(f"Scorers disagree on {_join(parts)}.")
    if candidate.confidence is not None and candidate.confidence == template.confidence_levels[0]:
        low = [d.label.lower() for d in candidate.dimensions if d.confidence == candidate.confidence]
        sentences.append(f"Confidence is {candidate.confidence} in {_join(low)}.")
    return " ".join(sentences)


def number(value: float) -> str:
    """A score as people write it: 144, 2.33, 1,234.5."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _headline(candidate: CandidateScore, ranked: tuple[CandidateScore, ...]) -> str:
    band = f" ({candidate.band})" if candidate.band else ""
    text = f"Ranked {candidate.rank} of {len(ranked)} with a score of {number(candidate.score)}{band}"
    level_with = [c.name for c in ranked if c.rank == candidate.rank and c.name != candidate.name]
    if level_with:
        text += f", level with {_join(level_with)}"
    return text


def _drivers(candidate: CandidateScore, ranking: Ranking) -> str:
    ranked = ranking.ranked
    if len(ranked) < 2:
        return ""
    above, below = [], []
    for group in ranking.template.groups:
        mine = candidate.group_scores[group.key]
        median = statistics.median(c.group_scores[group.key] for c in ranked)
        phrase = f"{group.label.lower()} ({number(mine)} against {number(median)})"
        if mine > median:
            above.append(phrase)
        elif mine < median:
            below.append(phrase)
    if not above and not below:
        return ": at the median of the candidates on every part of the score"
    parts = []
    if above:
        parts.append(f"above the median of the candidates on {_join(above)}")
    if below:
        lead = "below it on" if above else "below the median of the candidates on"
        parts.append(f"{lead} {_join(below)}")
    return ": " + ", ".join(parts)


def _neighbour(candidate: CandidateScore, ranked: tuple[CandidateScore, ...]) -> str:
    higher = [c for c in ranked if c.score > candidate.score and c.rank < candidate.rank]
    if higher:
        nearest = min(higher, key=lambda c: c.score)
        return f"It is {number(nearest.score - candidate.score)} behind {nearest.name}."
    lower = [c for c in ranked if c.rank > candidate.rank]
    if lower:
        nearest = max(lower, key=lambda c: c.score)
        return f"It is {number(candidate.score - nearest.score)} ahead of {nearest.name}."
    return ""


def _stability(candidate: CandidateScore, ranking: Ranking) -> str:
    step = f"{ranking.sensitivity.step:.0%}"
    low, high = candidate.rank_range or (candidate.rank, candidate.rank)
    if low == high:
        return f"Its place holds if any one weight moves by {step}."
    biggest = None
    for change in ranking.sensitivity.changes:
        for name, before, after in change.moves:
            if name == candidate.name and (biggest is None or abs(after - before) > abs(biggest[1] - before)):
                biggest = (change, after)
    change, after = biggest
    direction = "rises" if change.factor > 1 else "falls"
    kind, _, key = change.target.partition(" ")
    template = ranking.template
    what = (template.group(key).label if kind == "group" else template.dimension(key).label).lower()
    return (f"Its place moves between {low} and {high} if one weight moves by {step} "
            f"(to {after} when the weight of {what} {direction}).")


def _unranked(candidate: CandidateScore) -> str:
    reasons = []
    for dimension in candidate.dimensions:
        if dimension.level is None:
            why = f" ({dimension.evidence.reason})" if dimension.evidence is not None else ""
            reasons.append(f"{dimension.label.lower()}{why}")
    return (f"It has no score yet for {_join(reasons)}, so it cannot be ranked. The partnership's panel can score "
            "it on the scoring sheet, or the missing evidence can be added.")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
