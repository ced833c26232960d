"""Did crime change more in one place than in the rest of the area? The ratio of two rate ratios.

A project, an order or an intervention works in some places; crime there before and during is
compared with the same months in the rest of the area, so that a change everywhere (seasons,
recording practice, a force-wide operation) is not credited to the project. The estimate is the
ratio of the two rate ratios, (during/before in the places) / (during/before elsewhere), with the
test of interaction in Altman & Bland (2003), "Interaction revisited: the difference between two
estimates", BMJ 326:219: on the log scale the standard error is sqrt(1/a + 1/b + 1/c + 1/d) for
counts a..d. This equals the Wald test of the interaction term in a saturated Poisson log-linear
model of the 2x2 table (what statsmodels fits), which the tests check.

It shows association, never proof of effect: places are chosen because crime is high there, so
some fall would be expected anyway (regression to the mean). Every text built on it says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats


@dataclass(frozen=True)
class RelativeChange:
    place_ratio: float  # during / before, in the places
    rest_ratio: float  # during / before, in the rest of the area
    ratio: float  # place_ratio / rest_ratio
    lower: float
    upper: float
    p_value: float
    verdict: str  # 'fell more than elsewhere', 'rose more than elsewhere', 'no significant difference'


def ratio_of_rate_ratios(
    place_before: int, place_during: int, rest_before: int, rest_during: int, *, confidence: float = 0.95
) -> RelativeChange | None:
    """The ratio of rate ratios with its interval and test; None when any count is zero (no estimate).

    The periods before and during must be of equal length in both places and rest, so that the
    exposure cancels (compare the same months, e.g. a year apart, to take out the seasons).
    """
    counts = (place_before, place_during, rest_before, rest_during)
    if any(c < 0 for c in counts):
        raise ValueError("counts cannot be negative")
    if any(c == 0 for c in counts):
        return None
    place_ratio = place_during / place_before
    rest_ratio = rest_during / rest_before
    log_ratio = math.log(place_ratio / rest_ratio)
    se = math.sqrt(sum(1 / c for c in counts))
    z = stats.norm.ppf(0.5 + confidence / 2)
    p_value = float(2 * stats.norm.sf(abs(log_ratio) / se))
    lower, upper = math.exp(log_ratio - z * se), math.exp(log_ratio + z * se)
    if upper < 1:
        verdict = "fell more than elsewhere"
    elif lower > 1:
        verdict = "rose more than elsewhere"
    else:
        verdict = "no significant difference"
    return RelativeChange(place_ratio, rest_ratio, math.exp(log_ratio), lower, upper, p_value, verdict)
