"""Repeat and vulnerable victims.

A repeat victim has reported at least N similar incidents within any M months (default 3 in 3,
configurable), the rule many forces and councils adopted after the 2010 HMIC review of ASB. A
vulnerable victim is one whose latest risk assessment is high or answered a vulnerability
question yes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cspkit.casework.dates import add_months
from cspkit.casework.risk import RiskLevel
from cspkit.casework.settings import RepeatVictimRule


@dataclass(frozen=True)
class Reported:
    """One incident reported by (or affecting) the victim: when and its category."""

    on: date
    category: str


def repeat_victim(incidents: Iterable[Reported], rule: RepeatVictimRule = RepeatVictimRule()) -> bool:
    """At least ``rule.incidents`` incidents of one category within any ``rule.months`` months."""
    by_category: dict[str, list[date]] = defaultdict(list)
    for incident in incidents:
        by_category[incident.category.strip().lower()].append(incident.on)
    for days in by_category.values():
        days.sort()
        for start, first in enumerate(days):
            last_index = start + rule.incidents - 1
            if last_index < len(days) and days[last_index] <= add_months(first, rule.months):
                return True
    return False


def vulnerable(latest_level: RiskLevel | None, vulnerability_answer: bool) -> bool:
    return latest_level is RiskLevel.HIGH or vulnerability_answer
