"""The ASB Case Review (the "Community Trigger"), ASBCPA 2014 s.104 and Schedule 4.

The relevant bodies set a threshold, which may be no higher than three qualifying complaints in
six months (s.104(5)-(7) and the statutory guidance). A complaint qualifies if it was made within
one month of the behaviour and the application is made within six months of the complaint
(s.104(8)-(9)). Many areas add that one hate incident or crime meets the threshold, and some set a
lower count; both are settings. Service levels (acknowledge, decide, hold the review) are local
and counted in working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cspkit.casework.dates import add_months, add_working_days
from cspkit.casework.settings import ThresholdRule


@dataclass(frozen=True)
class Complaint:
    """A complaint about the behaviour: when it was made, when the behaviour happened, whether hate-related."""

    made_on: date
    behaviour_on: date
    hate: bool = False
    id: int | str | None = None


@dataclass(frozen=True)
class ThresholdDecision:
    met: bool
    qualifying: tuple[Complaint, ...]
    reasons: tuple[str, ...]


def qualifies(complaint: Complaint, applied_on: date, rule: ThresholdRule = ThresholdRule()) -> str | None:
    """None if the complaint qualifies for an application made on ``applied_on``, else why not."""
    if complaint.made_on > applied_on:
        return "made after the application"
    if complaint.made_on < complaint.behaviour_on:
        return "made before the behaviour it reports"
    if complaint.made_on > add_months(complaint.behaviour_on, rule.complaint_within_months):
        return f"made more than {rule.complaint_within_months} month(s) after the behaviour"
    if applied_on > add_months(complaint.made_on, rule.application_within_months):
        return f"the application came more than {rule.application_within_months} months after it"
    return None


def threshold(
    complaints: Iterable[Complaint], applied_on: date, rule: ThresholdRule = ThresholdRule()
) -> ThresholdDecision:
    """Whether the qualifying complaints meet the threshold for an application made on ``applied_on``.

    The count looks at complaints made in the ``rule.months`` months up to the application.
    """
    window_starts = add_months(applied_on, -rule.months)
    qualifying = tuple(c for c in complaints if qualifies(c, applied_on, rule) is None and c.made_on >= window_starts)
    reasons = []
    met = False
    if len(qualifying) >= rule.complaints:
        met = True
        reasons.append(f"{len(qualifying)} qualifying complaints in {rule.months} months (threshold {rule.complaints})")
    hate = [c for c in qualifying if c.hate]
    if rule.hate_incidents and len(hate) >= rule.hate_incidents:
        met = True
        reasons.append(f"{len(hate)} qualifying hate incident(s) (threshold {rule.hate_incidents})")
    if not met:
        reasons.append(
            f"{len(qualifying)} qualifying complaint(s) in {rule.months} months; the threshold is {rule.complaints}"
        )
    return ThresholdDecision(met, qualifying, tuple(reasons))


@dataclass(frozen=True)
class ReviewClock:
    acknowledge_by: date
    decide_by: date
    meet_by: date


def review_clock(received_on: date, rule: ThresholdRule = ThresholdRule()) -> ReviewClock:
    """Service-level deadlines counted in working days from the day the application was received."""
    levels = rule.service_levels
    return ReviewClock(
        add_working_days(received_on, levels.acknowledge),
        add_working_days(received_on, levels.threshold_decision),
        add_working_days(received_on, levels.review_meeting),
    )


def appeal_due(appeal_received_on: date, rule: ThresholdRule = ThresholdRule()) -> date:
    return add_working_days(appeal_received_on, rule.service_levels.appeal_decision)
