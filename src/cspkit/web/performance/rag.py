"""RAG ratings of a performance measure against its target, by one of two configurable rules.

*Tolerance*: green when the target is met, amber when the figure misses it by no more than the
tolerance (a percentage of the target), red otherwise. Simple, and what most partnerships use.

*Statistical*: a count is a sample of what could have happened, so a miss may be chance.
Green when the target is met; amber when it is missed but the target lies inside the figure's
confidence interval (a count: Poisson limits by the Public Health England rule, exact below 10
events and Byar's from 10; a percentage with a denominator: Wilson's score interval); red when
the whole interval misses it. Then, with enough earlier quarters, an XmR control chart of the
series: a special cause in the worse direction (a point beyond the process limits, a run or a
trend) lowers the rating one step; one in the better direction is noted. A figure for which no
interval can be computed (a rate without a population, any other number) is rated by tolerance,
and the reason says so.

Every rating comes with its reason in words, so a board paper never relies on colour alone.

References
----------
Public Health England (2018). Technical Guide: Confidence Intervals (Byar's and exact Poisson limits).
Wilson EB (1927). Probable inference, the law of succession, and statistical inference. JASA 22, 209-212.
Wheeler DJ (2000). Understanding Variation: the key to managing chaos, 2nd ed. SPC Press (XmR charts).
NHS England and NHS Improvement (2019). Making Data Count: getting started.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Rating(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"green": "Green", "amber": "Amber", "red": "Red", "none": "Not rated"}[self.value]


class Method(StrEnum):
    TOLERANCE = "tolerance"
    STATISTICAL = "statistical"


@dataclass(frozen=True)
class Rule:
    """How to rate: the method, the amber tolerance (per cent of target), the confidence level,
    and how many earlier figures the control chart needs before it is used."""

    method: Method = Method.TOLERANCE
    tolerance_percent: float = 5.0
    confidence: float = 0.95
    min_history: int = 8


@dataclass(frozen=True)
class Figure:
    """What is being rated: this quarter's value and what it is judged against.

    ``polarity`` is 'higher', 'lower' or 'none'; ``unit`` is 'count', 'percent', 'rate' or
    'number'; ``denominator`` is the number of people or cases a percentage or rate is out of;
    ``history`` holds earlier quarters' values, oldest first.
    """

    value: float | None
    target: float | None
    polarity: str
    unit: str = "count"
    denominator: float | None = None
    history: Sequence[float] = ()


@dataclass(frozen=True)
class RagResult:
    rating: Rating
    reason: str


_STEP_DOWN = {Rating.GREEN: Rating.AMBER, Rating.AMBER: Rating.RED, Rating.RED: Rating.RED, Rating.NONE: Rating.NONE}


def rate(figure: Figure, rule: Rule) -> RagResult:
    """Rate ``figure`` by ``rule``; see the module notes for both rules."""
    if figure.value is None:
        return RagResult(Rating.NONE, "No figure has been sent for this quarter.")
    if figure.polarity == "none" or figure.target is None:
        return RagResult(Rating.NONE, "Monitored only: the measure has no target.")
    if rule.method == Method.TOLERANCE:
        return by_tolerance(figure, rule.tolerance_percent)
    return by_statistics(figure, rule)


def meets_target(figure: Figure) -> bool:
    if figure.polarity == "higher":
        return figure.value >= figure.target
    return figure.value <= figure.target


def by_tolerance(figure: Figure, tolerance_percent: float) -> RagResult:
    """Green if the target is met, amber if missed by at most ``tolerance_percent`` of it, else red."""
    value, target = figure.value, figure.target
    if meets_target(figure):
        return RagResult(Rating.GREEN, f"Target met: {_n(value)} against a target of {_n(target)}.")
    shortfall = abs(value - target)
    allowed = abs(target) * tolerance_percent / 100
    direction = "below" if figure.polarity == "higher" else "above"
    if shortfall <= allowed:
        return RagResult(
            Rating.AMBER,
            f"{_n(value)} is {direction} the target of {_n(target)}, within the {_n(tolerance_percent)}% tolerance.",
        )
    share = f" ({_n(100 * shortfall / abs(target))}% {direction})" if target else ""
    return RagResult(
        Rating.RED,
        f"{_n(value)} is {direction} the target of {_n(target)}{share}, beyond the {_n(tolerance_percent)}% tolerance.",
    )


def confidence_interval(figure: Figure, confidence: float) -> tuple[float, float] | None:
    """The interval around the figure, or None if it is not a count or a share of a known whole."""
    # Imported here: cspkit.stats loads scipy and statsmodels, which the tolerance rule never needs.
    from cspkit.stats.rates import poisson_limits, wilson_lower, wilson_upper

    value = figure.value
    if figure.unit == "count" and value >= 0 and float(value).is_integer():
        lower, upper = poisson_limits(value, confidence)
        return float(lower), float(upper)
    if figure.unit == "percent" and figure.denominator:
        successes = value / 100 * figure.denominator
        return (
            100 * float(wilson_lower(successes, figure.denominator, confidence)),
            100 * float(wilson_upper(successes, figure.denominator, confidence)),
        )
    if figure.unit == "rate" and figure.denominator and value >= 0:
        per_person = figure.denominator / 1000
        lower, upper = poisson_limits(value * per_person, confidence)
        return float(lower) / per_person, float(upper) / per_person
    return None


def by_statistics(figure: Figure, rule: Rule) -> RagResult:
    """The statistical rule: confidence interval against target, then control-chart signals."""
    interval = confidence_interval(figure, rule.confidence)
    level = f"{_n(100 * rule.confidence)}%"
    if interval is None:
        fallback = by_tolerance(figure, rule.tolerance_percent)
        return RagResult(
            fallback.rating,
            f"{fallback.reason} (Rated by tolerance: no confidence interval for this kind of figure.)",
        )
    lower, upper = (0.0 if math.isnan(interval[0]) else interval[0]), interval[1]
    shown = f"{level} confidence interval {_n(lower)} to {_n(upper)}"
    if meets_target(figure):
        result = RagResult(Rating.GREEN, f"Target met: {_n(figure.value)} against {_n(figure.target)}.")
    elif lower <= figure.target <= upper:
        result = RagResult(
            Rating.AMBER,
            f"{_n(figure.value)} misses the target of {_n(figure.target)}, but the target is within the {shown}, "
            "so the gap may be chance.",
        )
    else:
        result = RagResult(
            Rating.RED,
            f"{_n(figure.value)} misses the target of {_n(figure.target)} and the {shown} excludes it.",
        )
    return _with_control_chart(result, figure, rule)


def _with_control_chart(result: RagResult, figure: Figure, rule: Rule) -> RagResult:
    history = [float(v) for v in figure.history if v is not None]
    if len(history) < rule.min_history:
        return result
    from cspkit.stats.spc import xmr_chart

    chart = xmr_chart([*history, float(figure.value)], baseline=len(history))
    signal = chart.latest_signal
    if signal is None:
        return RagResult(
            result.rating, f"{result.reason} No special cause against the previous {len(history)} quarters."
        )
    worse = "high" if figure.polarity == "lower" else "low"
    limits = f"process limits {_n(chart.lower)} to {_n(chart.upper)}"
    if signal == worse:
        rating = _STEP_DOWN[result.rating]
        return RagResult(
            rating,
            f"{result.reason} A special cause in the worse direction against the previous {len(history)} "
            f"quarters ({limits}) lowers the rating to {rating.label.lower()}.",
        )
    return RagResult(
        result.rating,
        f"{result.reason} A special cause in the better direction against the previous {len(history)} "
        f"quarters ({limits}).",
    )


def _n(number: float) -> str:
    """A figure as people write it: thousands separated, at most one decimal place."""
    rounded = round(float(number), 1)
    return f"{rounded:,.0f}" if rounded.is_integer() else f"{rounded:,.1f}"
