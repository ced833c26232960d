"""Setting a dimension's level from the evidence, by the rule written in the template.

The rule, the measure and the value are all kept in the result so a board paper can say
"level 4 because 45.2 crimes per 1,000 residents is at least 20", and an analyst who
disagrees can change the threshold in the template rather than argue with the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from cspkit.priorities.evidence import MEASURE_LABELS, CandidateEvidence
from cspkit.priorities.template import Dimension, ScoringTemplate


@dataclass(frozen=True)
class EvidenceLevel:
    """The level a rule gave (None if the evidence could not decide) and the reason in words."""

    dimension: str
    level: int | None
    measure: str
    value: float | str | None
    reason: str
    confidence: str | None = None


def level_from_evidence(dimension: Dimension, evidence: CandidateEvidence) -> EvidenceLevel | None:
    """Apply ``dimension``'s evidence rule; None when the dimension has no rule."""
    rule = dimension.evidence
    if rule is None:
        return None
    label = MEASURE_LABELS[rule.measure]
    value = evidence.measure(rule.measure)
    if value is None:
        return EvidenceLevel(dimension.key, None, rule.measure, None, f"no evidence of the {label}")
    if rule.at_least:
        for bound, level in rule.at_least:
            if value >= bound:
                reason = (f"{label} {format_measure(rule.measure, value)} is at least "
                          f"{format_measure(rule.measure, bound)}: level {level} ({dimension.level(level).label})")
                return EvidenceLevel(dimension.key, level, rule.measure, value, reason, rule.confidence)
        lowest = rule.at_least[-1][0]
        return EvidenceLevel(dimension.key, None, rule.measure, value,
                             f"{label} {format_measure(rule.measure, value)} is below the lowest threshold "
                             f"({format_measure(rule.measure, lowest)})")
    level = rule.categories.get(str(value).casefold())
    if level is None:
        known = ", ".join(f"'{c}'" for c in rule.categories)
        return EvidenceLevel(dimension.key, None, rule.measure, value,
                             f"{label} '{value}' is not one the template knows ({known})")
    return EvidenceLevel(dimension.key, level, rule.measure, value,
                         f"{label} '{value}': level {level} ({dimension.level(level).label})", rule.confidence)


def levels_from_evidence(template: ScoringTemplate, evidence: CandidateEvidence) -> dict[str, EvidenceLevel]:
    """Every rule of the template applied to one candidate's evidence, by dimension key."""
    found = {}
    for dimension in template.dimensions.values():
        result = level_from_evidence(dimension, evidence)
        if result is not None:
            found[dimension.key] = result
    return found


def format_measure(measure: str, value: float | str) -> str:
    """A measure as a person would write it: 45.2, 12,345, +12.5%, 62%."""
    if isinstance(value, str):
        return value
    if measure == "public_expectation":
        return f"{value:.0%}"
    if measure == "change_pct":
        return f"{value:+.1f}%"
    if measure == "count":
        return f"{value:,.0f}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"
