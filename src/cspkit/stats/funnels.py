"""Funnel plots exactly as PHEindicatormethods draws and labels them (proportions, ratios, crude and DSR rates).

Three functions, one for each step of a Fingertips-style funnel plot:

* :func:`funnel_plot_limits` - the 95% and 99.8% control limits on 100 points spread along the x axis,
  for drawing the funnel (``calculate_funnel_limits``);
* :func:`funnel_significance` - whether each area lies above or below them (``assign_funnel_significance``);
* :func:`funnel_chart_points` - each area's point on the chart, one year's population on the x axis
  (``calculate_funnel_points``, rates only).

The limits are those of an exact test against the pooled average, so an area is outside the funnel
exactly when its own confidence interval (exact below 10 events, Byar's from 10; Wilson for
proportions) excludes the average: the same rule as :func:`cspkit.stats.compare.compare_with_benchmark`.

References
----------
UKHSA, PHEindicatormethods (R package) 2.0.x, ``R/Funnels.R`` and ``R/utils.R`` (``poisson_funnel``,
``funnel_ratio_significance``, ``sigma_adjustment``); the outputs are checked against its
``tests/testthat/testdata_funnel_*.csv``. PHE Fingertips Technical Guidance, "Funnel plots".
Spiegelhalter DJ (2005), Funnel plots for comparing institutional performance, Stat Med 24, 1185-1202.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import special, stats

from cspkit.stats.rates import poisson_limits, wilson_lower, wilson_upper

#: The two control limits: "2s" (95%, 0.025 in each tail) and "3s" (99.8%, 0.001 in each tail).
FUNNEL_TAILS = {"2s": 0.025, "3s": 0.001}
GRID_POINTS = 100


class FunnelLabel(StrEnum):
    """PHEindicatormethods' significance levels, in its order."""

    HIGH_99_8 = "High (0.001)"
    HIGH_95 = "High (0.025)"
    LOW_99_8 = "Low (0.001)"
    LOW_95 = "Low (0.025)"
    NOT_SIGNIFICANT = "Not significant"
    DSR_TOO_FEW = "Not applicable for events less than 10 for dsrs"


def expected_for_count_at_limit(count: npt.ArrayLike, tail: float, side: str) -> Any:
    """The Poisson mean at which ``count`` events sit exactly on a funnel limit (PHE ``poisson_funnel``).

    ``side="upper"``: the mean for which ``count`` is the upper limit, P(Y >= count) = tail (the
    exact lower confidence limit of the count). ``side="lower"``: the mean for which ``count`` is the
    lower limit, P(Y <= count) = tail (the exact upper confidence limit). Found as PHE finds them, so
    the digits match its published ones: see :func:`poisson_mean_by_bisection`.
    """
    o = np.asarray(count, dtype="float64")
    if side not in ("upper", "lower"):
        raise ValueError(f"side must be 'upper' or 'lower', not {side!r}")
    mean = poisson_mean_by_bisection(o, tail, at_least=side == "upper")
    return np.where((o == 0) & (side == "upper"), 0.0, mean)


def poisson_mean_by_bisection(count: npt.ArrayLike, tail: float, *, at_least: bool) -> Any:
    """The Poisson mean mu with P(Y >= ceil(count)) = tail (``at_least``) or P(Y <= floor(count)) = tail.

    PHE (the Fingertips Excel macro, PHEindicatormethods ``poisson_funnel`` and Fingertips'
    ``StatisticalMethods.PoisLow/PoisHigh``) bisects on v in (0, 1), mu = (1 + count) v / (1 - v),
    from v = 0.5 in 23 halvings (until the step is below 1e-7). The result is within about 1e-6
    (relative) of the exact gamma quantile; the same steps are taken here so the digits agree. For a
    whole count these are the exact confidence limits of the count; for a non-whole expected count
    the tail is summed over whole numbers, so the count is in effect rounded up (``at_least``) or down.
    """
    c = np.asarray(count, dtype="float64")
    scale = 1 + c
    v = np.full(c.shape, 0.5)
    step = 0.5
    while step > 1e-7:
        step /= 2
        mu = scale * v / (1 - v)
        if at_least:
            move_down = stats.poisson.sf(np.ceil(c) - 1, mu) > tail
        else:
            move_down = stats.poisson.cdf(np.floor(c), mu) < tail
        v = np.where(move_down, v - step, v + step)
    return scale * v / (1 - v)


def count_limits_at_expected(expected: npt.ArrayLike, tail: float) -> tuple[Any, Any]:
    """Funnel limits on the count scale at an expected count, continuous in the expected count.

    The inverse of :func:`expected_for_count_at_limit`: the upper limit is the (real-valued) count
    whose exact lower confidence limit equals ``expected``, the lower limit the count whose exact
    upper confidence limit does (0 when even no events at all would not be low). At whole counts these
    are PHEindicatormethods' funnel points, and between them the curve the chart joins them with.
    Found by bisection on the regularised incomplete gamma function (P(Gamma(a) <= mu) falls as a grows).
    """
    mu = np.asarray(expected, dtype="float64")
    upper = _solve_shape(mu, tail, shift=0.0)
    lower = np.where(special.gammainc(1.0, mu) <= 1 - tail, 0.0, _solve_shape(mu, 1 - tail, shift=1.0))
    return upper, np.maximum(lower, 0.0)


def _solve_shape(mu: np.ndarray, target: float, *, shift: float) -> np.ndarray:
    """The a >= 0 with gammainc(a + shift, mu) = target, element-wise by bisection (80 halvings)."""
    low = np.zeros_like(mu)
    high = mu + 20 * np.sqrt(mu) + 60
    for _ in range(80):
        middle = (low + high) / 2
        above = special.gammainc(np.maximum(middle + shift, 1e-300), mu) > target
        low = np.where(above, middle, low)
        high = np.where(above, high, middle)
    return (low + high) / 2


def proportion_limit(population: npt.ArrayLike, average: float, z: float, side: int) -> Any:
    """The observed proportion at which a Wilson interval just reaches ``average`` (PHE ``sigma_adjustment``).

    The Wilson interval of p at population n is the set of q with (p - q)^2 <= z^2 q(1 - q)/n, so it
    touches ``average`` when p = average +/- z sqrt(average (1 - average) / n).
    """
    n = np.asarray(population, dtype="float64")
    return average + side * z * np.sqrt(average * (1 - average) / n)


def funnel_plot_limits(
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike | None = None,
    *,
    statistic: str,
    multiplier: float,
    rate: npt.ArrayLike | None = None,
    ratio_type: str | None = None,
    rate_type: str | None = None,
    years_of_data: float | None = None,
) -> pd.DataFrame:
    """Funnel limits at 100 points along the x axis, as PHEindicatormethods' ``calculate_funnel_limits``.

    Parameters
    ----------
    numerator, denominator
        The areas' events and populations (proportions), observed and expected counts (ratios), or
        events and, optionally, populations (rates; needed where an area has no events).
    statistic
        ``"proportion"``, ``"ratio"`` or ``"rate"``.
    multiplier
        Proportions: 100 for percentages. Rates: per 100,000, 1,000, ...
    rate, rate_type, years_of_data
        Rates only: each area's rate per ``multiplier``, ``"crude"`` or ``"dsr"`` (directly
        standardised: the population is then derived from events and rate), and the number of years
        the counts cover (the x axis shows one year's population).
    ratio_type
        Ratios only: ``"count"`` (limits as ratio - 1) or ``"isr"`` (limits x 100).

    Returns
    -------
    DataFrame with PHE's columns: the x axis (``Population``, ``Observed_events`` or ``Events``),
    ``lower_2s_limit``, ``upper_2s_limit``, ``lower_3s_limit``, ``upper_3s_limit`` (95% and 99.8%),
    ``baseline`` (not for ratios) and, for ratios and rates, the expected events or one year's
    population at each limit.

    Notes
    -----
    PHE caps the proportion limits at 0 and 100 whatever the multiplier; here the cap is 0 and the
    multiplier (the same for percentages, and right for other multipliers too).
    """
    kind = _choice(statistic, ("proportion", "ratio", "rate"), "statistic")
    events = np.asarray(numerator, dtype="float64")
    if np.isnan(events).any():
        raise ValueError("funnel limits need every area's count, even when it is zero")
    derived = _derived_denominator(kind, events, denominator, rate, rate_type, multiplier)
    average = events.sum() / np.nansum(derived)
    low, high = np.nanmin(derived), np.nanmax(derived)
    if kind == "rate":
        if years_of_data is None or years_of_data <= 0:
            raise ValueError("rate funnels need the number of years the counts cover")
        axis_min = 0.0 if high > 2 * low else _r_signif_floor(low / years_of_data) * years_of_data
        axis_max = _r_signif_ceiling(high / years_of_data) * years_of_data
        axis_min, axis_max = np.floor(axis_min * average), np.ceil(axis_max * average)
    else:
        axis_min = 0.0 if high > 2 * low else _r_signif_floor(low)
        axis_max = _r_signif_ceiling(high)
    x = _axis_points(axis_min, axis_max, ratio=kind == "ratio")
    if kind == "proportion":
        columns: dict[str, Any] = {"Population": x}
        for name, tail in FUNNEL_TAILS.items():
            z = stats.norm.ppf(1 - tail)
            columns[f"lower_{name}_limit"] = np.maximum(0, proportion_limit(x, average, z, -1) * multiplier)
            columns[f"upper_{name}_limit"] = np.minimum(multiplier, proportion_limit(x, average, z, +1) * multiplier)
        columns["baseline"] = average * multiplier
        return pd.DataFrame(columns)
    if kind == "ratio":
        how = _choice(ratio_type, ("count", "isr"), "ratio_type")
        columns = {"Observed_events": x}
        for name, tail in FUNNEL_TAILS.items():
            for side, at in (("lower", "lower"), ("upper", "upper")):
                exp_events = expected_for_count_at_limit(x, tail, at)
                ratio = x / exp_events
                columns[f"{side}_{name}_exp_events"] = exp_events
                columns[f"{side}_{name}_limit"] = ratio - 1 if how == "count" else ratio * 100
        return pd.DataFrame(columns)
    columns = {"Events": x}
    for name, tail in FUNNEL_TAILS.items():
        for side in ("lower", "upper"):
            population = expected_for_count_at_limit(x, tail, side) / average
            columns[f"{side}_{name}_population_1_year"] = population / years_of_data
            columns[f"{side}_{name}_limit"] = x / population * multiplier
    columns["baseline"] = average * multiplier
    return pd.DataFrame(columns)


def funnel_significance(
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike | None = None,
    *,
    statistic: str,
    rate: npt.ArrayLike | None = None,
    rate_type: str | None = None,
    multiplier: float | None = None,
) -> Any:
    """Each area's place on the funnel, as PHEindicatormethods' ``assign_funnel_significance``.

    Proportions and rates are compared with the pooled average of all the areas given; ratios
    (observed/expected) with 1. An area is 'High (0.001)' when its 99.8% interval lies wholly above,
    'High (0.025)' when only its 95% interval does, likewise 'Low', else 'Not significant'. DSRs from
    fewer than 10 events are not assessed. Returns an array of :class:`FunnelLabel` values.
    """
    kind = _choice(statistic, ("proportion", "ratio", "rate"), "statistic")
    events = np.asarray(numerator, dtype="float64")
    if kind == "proportion":
        n = np.asarray(denominator, dtype="float64")
        _check_counts(events, n, proportion=True)
        average = events.sum() / n.sum()
        intervals = {
            tail: (wilson_lower(events, n, 1 - 2 * tail), wilson_upper(events, n, 1 - 2 * tail))
            for tail in FUNNEL_TAILS.values()
        }
        return _labels(intervals, average)
    if kind == "ratio":
        expected = np.asarray(denominator, dtype="float64")
        _check_counts(events, expected, proportion=False)
        intervals = {tail: _count_interval(events, expected, tail) for tail in FUNNEL_TAILS.values()}
        return _labels(intervals, 1.0)
    if multiplier is None:
        raise ValueError("rate funnels need the multiplier the rates are expressed per")
    derived = _derived_denominator(kind, events, denominator, rate, rate_type, multiplier)
    average = events.sum() / np.nansum(derived)
    intervals = {tail: _count_interval(events, derived, tail) for tail in FUNNEL_TAILS.values()}
    labels = _labels(intervals, average)
    if rate_type == "dsr":
        labels[events < 10] = FunnelLabel.DSR_TOO_FEW.value
    return labels


def funnel_chart_points(
    numerator: npt.ArrayLike,
    rate: npt.ArrayLike,
    denominator: npt.ArrayLike | None = None,
    *,
    rate_type: str,
    years_of_data: float,
    multiplier: float,
) -> pd.DataFrame:
    """Where each area sits on a rate funnel, as PHEindicatormethods' ``calculate_funnel_points``.

    Returns ``rate_chart`` (the rate to plot; none for a DSR from fewer than 10 events) and
    ``denominator_derived`` (one year's population: multiplier x events / rate / years, or the
    population given for an area with no events).
    """
    how = _choice(rate_type, ("crude", "dsr"), "rate_type")
    events = np.asarray(numerator, dtype="float64")
    values = np.asarray(rate, dtype="float64")
    derived = _derived_denominator("rate", events, denominator, values, how, multiplier) / years_of_data
    chart = values.copy()
    if how == "dsr":
        too_few = events < 10
        chart[too_few], derived[too_few] = np.nan, np.nan
    return pd.DataFrame({"rate_chart": chart, "denominator_derived": derived})


def _derived_denominator(
    kind: str,
    events: np.ndarray,
    denominator: npt.ArrayLike | None,
    rate: npt.ArrayLike | None,
    rate_type: str | None,
    multiplier: float,
) -> np.ndarray:
    """The population behind each point: given for proportions and ratios, derived from the rate for rates."""
    if kind != "rate":
        if denominator is None:
            raise ValueError(f"{kind} funnels need the denominators")
        return np.asarray(denominator, dtype="float64")
    how = _choice(rate_type, ("crude", "dsr"), "rate_type")
    if rate is None:
        raise ValueError("rate funnels need each area's rate")
    values = np.asarray(rate, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = multiplier * events / values
    zero = events == 0
    if zero.any():
        if denominator is None:
            raise ValueError("an area with no events needs its population (denominator) on a rate funnel")
        given = np.asarray(denominator, dtype="float64")
        if np.any(~(given[zero] > 0)):
            raise ValueError("an area with no events needs a population greater than zero")
        derived[zero] = np.nan if how == "dsr" else given[zero]
    if np.isnan(derived[~zero]).any():
        raise ValueError("rate funnels need every area's rate, or its population where it has no events")
    return derived


def _count_interval(events: np.ndarray, exposure: np.ndarray, tail: float) -> tuple[np.ndarray, np.ndarray]:
    """PHE's count interval (exact below 10 events, Byar's from 10) divided by the exposure."""
    lower, upper = poisson_limits(events, 1 - 2 * tail)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(lower) / exposure, np.asarray(upper) / exposure


def _labels(intervals: dict[float, tuple[np.ndarray, np.ndarray]], centre: float) -> np.ndarray:
    (lo95, up95), (lo998, up998) = intervals[FUNNEL_TAILS["2s"]], intervals[FUNNEL_TAILS["3s"]]
    with np.errstate(invalid="ignore"):
        conditions = [centre < lo998, centre < lo95, centre > up998, centre > up95]
    choices = [FunnelLabel.HIGH_99_8, FunnelLabel.HIGH_95, FunnelLabel.LOW_99_8, FunnelLabel.LOW_95]
    return np.select(conditions, [c.value for c in choices], FunnelLabel.NOT_SIGNIFICANT.value).astype(object)


def _check_counts(events: np.ndarray, denominator: np.ndarray, *, proportion: bool) -> None:
    if proportion and (np.isnan(events).any() or np.isnan(denominator).any()):
        raise ValueError("proportion funnels need every area's numerator and denominator, even when zero")
    if np.any(events < 0):
        raise ValueError("counts must be zero or more")
    if np.any(denominator <= 0):
        raise ValueError("denominators must be greater than zero")
    if proportion and np.any(events > denominator):
        raise ValueError("a proportion's numerator cannot exceed its denominator")


def _axis_points(axis_min: float, axis_max: float, *, ratio: bool) -> np.ndarray:
    """PHE's 100 x values: geometric steps from the axis minimum (at least 1) to the maximum, whole numbers."""
    points = [max(1.0, float(axis_min))]
    for j in range(2, GRID_POINTS + 1):
        offset = j - 1 if ratio else j
        previous = points[-1]
        step = float(np.round((axis_max / previous) ** (1 / (101 - offset)) * previous))
        points.append(max(step, previous + 1))
    return np.array(points)


def _r_signif_floor(x: float, share: float = 0.95) -> float:
    """PHE's neat axis minimum: x x 0.95 rounded down to its leading digit (R ``nchar`` digit count)."""
    if x == 0:
        return 0.0
    digits = _r_nchar(np.floor(x * share)) - 1
    return float(np.floor(x * share / 10.0**digits) * 10.0**digits)


def _r_signif_ceiling(x: float, share: float = 1.05) -> float:
    """PHE's neat axis maximum: x x 1.05 rounded up to its two leading digits."""
    if x == 0:
        return 0.0
    digits = _r_nchar(np.ceil(x * share)) - 2
    return float(np.ceil(x * share / 10.0**digits) * 10.0**digits)


def _r_nchar(whole: float) -> int:
    """Characters R prints for a whole number: fixed notation unless scientific is shorter ('1e+05')."""
    fixed = str(int(whole))
    significant = fixed.lstrip("-").rstrip("0") or "0"
    exponent = len(fixed.lstrip("-")) - 1
    scientific = len(significant) + (1 if len(significant) > 1 else 0) + 2 + max(2, len(str(exponent)))
    return scientific if len(fixed) > scientific else len(fixed)


def _choice(value: str | None, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, not {value!r}")
    return value
