"""Has crime changed? Two periods compared with a Poisson test, and a trend over several periods.

"Burglary is up 12% on last year" needs a test: with small counts a 12% rise is well within chance.
:func:`poisson_change` compares two periods' rates; :func:`trend_test` fits a log-linear (Poisson)
trend through several periods, allowing for over-dispersion, and reports an annual % change.

References
----------
Gu K, Ng HKT, Tang ML, Schucany WR (2008). Testing the ratio of two Poisson rates. Biometrical
Journal 50, 283-298.
Breslow NE, Day NE (1987). Statistical Methods in Cancer Research, Vol. II, IARC (Poisson
regression models for grouped rates, including log-linear trends).
McCullagh P, Nelder JA (1989). Generalized Linear Models, 2nd ed., section 6.2 (over-dispersion,
quasi-Poisson).
Public Health England. Fingertips trend markers: recent trends use the five most recent values;
:func:`recent_trend` is Fingertips' own test (fingertips-open, ``TrendMarkerCalculator``), offered
beside the quasi-Poisson trend: ``TREND_METHODS`` names both, so a statement can say which it used.
Armitage P (1955). Tests for linear trends in proportions and frequencies. Biometrics 11, 375-386.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from cspkit.stats.compare import check_paired_method, two_rate_ci, two_sided_p_value
from cspkit.stats.rates import confidence_level, poisson_limits, series_index

#: Fingertips calculates a recent trend only from five or more points.
MIN_TREND_PERIODS = 5

INCREASE, DECREASE, NO_CHANGE = "increase", "decrease", "no significant change"
INCREASING, DECREASING, NOT_CALCULATED = "increasing", "decreasing", "cannot be calculated"

#: The trend methods an assessment may use, and the names a statement or methodology can give them.
QUASI_POISSON, FINGERTIPS = "quasi-poisson", "fingertips"
TREND_METHODS = {
    QUASI_POISSON: "log-linear quasi-Poisson regression (annual % change)",
    FINGERTIPS: "Fingertips recent trend: chi-square test for trend over the five most recent values",
}
#: Fingertips' threshold: the chi-square (1 df) exceeded with probability 0.002, i.e. 99.8% confidence.
FINGERTIPS_TREND_CONFIDENCE = 0.998


@dataclass(frozen=True)
class RecentTrend:
    """Fingertips' recent trend over the last few values (:func:`recent_trend`)."""

    n_points: int
    slope: float
    chi_square: float
    p_value: float
    consistent: bool
    verdict: str
    method: str = FINGERTIPS


@dataclass(frozen=True)
class PoissonChange:
    """Change in a rate between two periods (scalar calls of :func:`poisson_change`)."""

    count_before: float
    count_after: float
    rate_ratio: float
    ratio_lower: float
    ratio_upper: float
    percent_change: float
    percent_change_lower: float
    percent_change_upper: float
    p_value: float
    confidence: float
    verdict: str
    method: str


@dataclass(frozen=True)
class Trend:
    """A log-linear trend over several periods (one series of :func:`trend_test`)."""

    n_periods: int
    annual_percent_change: float
    lower: float
    upper: float
    p_value: float
    dispersion: float
    confidence: float
    direction: str
    verdict: str


def poisson_change(
    count_before: npt.ArrayLike,
    count_after: npt.ArrayLike,
    exposure_before: npt.ArrayLike = 1.0,
    exposure_after: npt.ArrayLike = 1.0,
    *,
    method: str = "score",
    confidence: float = 0.95,
) -> PoissonChange | pd.DataFrame:
    """Compare the rate in a later period with an earlier one.

    Parameters
    ----------
    count_before, count_after
        Events in the earlier and later period (scalars or arrays, e.g. one per area).
    exposure_before, exposure_after
        Population x time at risk in each period. Leave at 1 to compare counts over periods of equal
        length and population; give populations (or days) when they differ.
    method
        ``"score"`` (default) or ``"exact-cond"``. The score test is Gu et al.'s (2008) W2: it kept
        its size close to the nominal level with better power than the exact conditional test, which
        is conservative; its interval (Wilson's, on the share of events falling in the later period)
        inverts the same test and is computed in closed form, so thousands of areas take
        milliseconds. Use ``"exact-cond"`` (central exact binomial) for a guaranteed-size test with
        very few events.

    Returns
    -------
    PoissonChange for scalar inputs; otherwise a DataFrame with the same fields, one row per input.
    The verdict is 'increase' or 'decrease' when the interval for the rate ratio (later / earlier)
    excludes 1, otherwise 'no significant change'.

    References
    ----------
    Gu et al. (2008); statsmodels ``test_poisson_2indep`` and ``confint_poisson_2indep``.
    """
    check_paired_method(method)
    level = confidence_level(confidence)
    after, t_after, before, t_before = np.broadcast_arrays(
        *(np.asarray(v, dtype="float64") for v in (count_after, exposure_after, count_before, exposure_before))
    )
    if np.any(after < 0) or np.any(before < 0):
        raise ValueError("counts cannot be negative")
    if np.any(t_after <= 0) or np.any(t_before <= 0):
        raise ValueError("exposures (population x time) must be greater than zero")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (after / t_after) / (before / t_before)
    lower, upper = (
        np.asarray(v) for v in two_rate_ci(after, t_after, before, t_before, method=method, confidence=level)
    )
    p_value = np.asarray(two_sided_p_value(after, t_after, before, t_before, method=method))
    verdict = np.select([lower > 1, upper < 1], [INCREASE, DECREASE], NO_CHANGE).astype(object)
    fields: dict[str, Any] = {
        "count_before": before,
        "count_after": after,
        "rate_ratio": ratio,
        "ratio_lower": lower,
        "ratio_upper": upper,
        "percent_change": (ratio - 1) * 100,
        "percent_change_lower": (lower - 1) * 100,
        "percent_change_upper": (upper - 1) * 100,
        "p_value": p_value,
        "confidence": level,
        "verdict": verdict,
        "method": method,
    }
    if after.ndim == 0:
        return PoissonChange(
            **{k: v.item() if isinstance(v, np.ndarray | np.generic) else v for k, v in fields.items()}
        )
    return pd.DataFrame(fields, index=series_index(count_before, count_after))


def trend_test(
    counts: npt.ArrayLike,
    exposures: npt.ArrayLike | None = None,
    times: npt.ArrayLike | None = None,
    *,
    confidence: float = 0.95,
    overdispersion: bool = True,
    min_periods: int = MIN_TREND_PERIODS,
) -> Trend | pd.DataFrame:
    """Test for a steady rise or fall over several periods with Poisson (log-linear) regression.

    Fits log(expected count) = a + b x time + log(exposure) by maximum likelihood. The annual %
    change is 100 x (exp(b) - 1) with its confidence interval; the p-value is the Wald test of b = 0.
    The fit is the same as statsmodels' Poisson GLM (the tests check this) but solved by Newton's
    method for every series at once, so thousands of area x crime type series take milliseconds.

    Parameters
    ----------
    counts
        One series (1-D: a count per period) or several (2-D: one row per series, e.g. a DataFrame
        with one row per area, whose index is kept). Missing values (NaN) drop that period from
        that series.
    exposures
        Population (x time) per period, same shape; ``None`` compares the counts directly.
    times
        Each period's time in years (default 0, 1, 2, ...: consecutive years). For monthly data pass
        ``np.arange(n) / 12`` so the change is still per year.
    overdispersion
        Crime counts usually vary more than Poisson (Pearson dispersion > 1); when so, standard errors
        are inflated by the square root of the dispersion and p-values use a t distribution with
        n - 2 degrees of freedom (quasi-Poisson). The dispersion is never taken below 1.
    min_periods
        Fewer valid periods give 'cannot be calculated'; Fingertips uses five.

    Returns
    -------
    Trend for a 1-D series, otherwise a DataFrame with one row per series and the same fields.
    ``direction`` is the sign of the fitted trend ('up', 'down' or 'flat'); ``verdict`` is
    'increasing' or 'decreasing' only when the interval for the annual change excludes 0, and
    'cannot be calculated' for too few periods, no events, or a trend with no finite estimate
    (e.g. nothing until the last period).

    References
    ----------
    Breslow & Day (1987); McCullagh & Nelder (1989), s. 6.2; Fingertips trend markers.
    """
    y = np.asarray(counts, dtype="float64")
    if y.ndim not in (1, 2):
        raise ValueError("counts must be one series (1-D) or one series per row (2-D)")
    rows = np.atleast_2d(y)
    e = np.broadcast_to(1.0 if exposures is None else np.atleast_2d(np.asarray(exposures, float)), rows.shape)
    t = np.broadcast_to(
        np.arange(rows.shape[1], dtype=float) if times is None else np.asarray(times, float), rows.shape
    )
    if np.any(rows < 0) or np.any(e <= 0):
        raise ValueError("counts cannot be negative and exposures must be greater than zero")
    level = confidence_level(confidence)
    valid = ~(np.isnan(rows) | np.isnan(e) | np.isnan(t))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # series with no finite trend
        table = _trend_table(rows, e, t, valid, level, overdispersion, min_periods)
    if isinstance(counts, pd.DataFrame):  # one row per area: keep the areas as the index
        table.index = counts.index
    if y.ndim == 1:
        return Trend(**{k: v.item() if isinstance(v, np.generic) else v for k, v in table.iloc[0].items()})
    return table


def _trend_table(
    y: np.ndarray,
    exposure: np.ndarray,
    time: np.ndarray,
    valid: np.ndarray,
    level: float,
    overdispersion: bool,
    min_periods: int,
) -> pd.DataFrame:
    n = valid.sum(axis=1)
    df = n - 2
    slope, variance, pearson, converged = _fit_log_linear(y, exposure, time, valid)
    dispersion = np.maximum(1.0, pearson / df) if overdispersion else np.ones(len(n))
    usable = (n >= max(min_periods, 3)) & converged
    se = np.sqrt(dispersion * variance)
    # Quasi-Poisson: an estimated dispersion brings a t distribution with n - 2 df; Poisson the normal.
    scaled = dispersion > 1
    tail = (1 - level) / 2
    quantile = np.where(scaled, stats.t.isf(tail, np.maximum(df, 1)), stats.norm.isf(tail))
    statistic = np.abs(slope) / se
    p_value = np.where(scaled, 2 * stats.t.sf(statistic, np.maximum(df, 1)), 2 * stats.norm.sf(statistic))
    low, high = slope - quantile * se, slope + quantile * se
    direction = np.select([~usable, slope > 0, slope < 0], ["flat", "up", "down"], "flat")
    verdict = np.select([~usable, low > 0, high < 0], [NOT_CALCULATED, INCREASING, DECREASING], NO_CHANGE)
    def usable_only(values: np.ndarray) -> np.ndarray:  # no estimate where the trend cannot be calculated
        return np.where(usable, values, np.nan)

    return pd.DataFrame(
        {
            "n_periods": n,
            "annual_percent_change": usable_only(np.expm1(slope) * 100),
            "lower": usable_only(np.expm1(low) * 100),
            "upper": usable_only(np.expm1(high) * 100),
            "p_value": usable_only(p_value),
            "dispersion": usable_only(dispersion),
            "confidence": level,
            "direction": direction.astype(object),
            "verdict": verdict.astype(object),
        }
    )


def _fit_log_linear(
    y: np.ndarray, exposure: np.ndarray, time: np.ndarray, valid: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Poisson ML fit of log mu = a + b t + log(exposure), one row per series, by damped Newton steps.

    Returns the slope b, its variance from the Fisher information (before any dispersion), the
    Pearson chi-square and whether each fit converged to a finite maximum.
    """
    w = valid.astype(float)
    y0 = np.where(valid, y, 0.0)
    offset = np.where(valid, np.log(np.where(valid, exposure, 1.0)), 0.0)
    centre = np.where(valid, time, 0.0).sum(axis=1, keepdims=True) / w.sum(axis=1, keepdims=True)
    t = np.where(valid, time - centre, 0.0)  # centred time: the same slope, better conditioned
    a = np.log(y0.sum(axis=1) / (w * np.exp(offset)).sum(axis=1))  # start at the flat fit
    a, b = np.where(np.isfinite(a), a, 0.0), np.zeros(len(y))

    def log_likelihood(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        eta = a[:, None] + b[:, None] * t + offset
        return (w * (y0 * eta - np.exp(eta))).sum(axis=1)

    def information(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
        mu = w * np.exp(a[:, None] + b[:, None] * t + offset)
        return mu, mu.sum(axis=1), (mu * t).sum(axis=1), (mu * t * t).sum(axis=1)

    converged = np.zeros(len(y), dtype=bool)
    for _ in range(_MAX_NEWTON_STEPS):
        mu, i_aa, i_ab, i_bb = information(a, b)
        u_a, u_b = (y0 - mu).sum(axis=1), ((y0 - mu) * t).sum(axis=1)
        det = i_aa * i_bb - i_ab**2
        step_a = np.nan_to_num((i_bb * u_a - i_ab * u_b) / det)
        step_b = np.nan_to_num((i_aa * u_b - i_ab * u_a) / det)
        before, size = log_likelihood(a, b), np.ones(len(y))
        for _ in range(_MAX_HALVINGS):  # the log-likelihood is concave: halve any step that overshoots
            worse = log_likelihood(a + size * step_a, b + size * step_b) < before - 1e-12 * np.abs(before)
            if not worse.any():
                break
            size = np.where(worse, size / 2, size)
        a, b = a + size * step_a, b + size * step_b
        converged = (np.abs(size * step_a) < 1e-10) & (np.abs(size * step_b) < 1e-10)
        if converged.all():
            break
    mu, i_aa, i_ab, i_bb = information(a, b)
    variance = i_aa / (i_aa * i_bb - i_ab**2)
    pearson = np.where(valid, (y0 - mu) ** 2 / mu, 0.0).sum(axis=1)
    finite = np.isfinite(b) & np.isfinite(variance) & (y0.sum(axis=1) > 0)
    return b, variance, pearson, converged & finite


_MAX_NEWTON_STEPS = 100
_MAX_HALVINGS = 40


def recent_trend(
    values: npt.ArrayLike,
    lower: npt.ArrayLike,
    upper: npt.ArrayLike,
    *,
    points: int = MIN_TREND_PERIODS,
    confidence: float = FINGERTIPS_TREND_CONFIDENCE,
) -> RecentTrend:
    """Fingertips' recent trend for rates: a chi-square test for trend over the last ``points`` values.

    ``values`` and their 95% ``lower``/``upper`` limits are in time order (oldest first), one per
    period. The last ``points`` are used, at times 1..points, each weighted by 1/se^2 with se = (upper -
    lower) / 3.92; the weighted least-squares slope b has se(b) = sqrt(S_w / (S_w S_wtt - S_wt^2)) and
    chi-square = (b / se(b))^2 on 1 df. The trend is 'increasing'/'decreasing' only when the
    chi-square exceeds its ``confidence`` quantile (Fingertips: 99.8%, 9.5495) *and* the slope keeps
    its sign when any one point is left out (Fingertips' outlier check); fewer points give 'cannot
    be calculated'.

    References
    ----------
    fingertips-open, PholioVisualisationWS/Analysis/TrendMarkers/TrendMarkerCalculator.cs
    (``IsSignificant``, ``NoOutliersCheck``); PHE Fingertips Technical Guidance, "Recent trends".
    """
    v, lo, up = (np.asarray(x, dtype="float64") for x in (values, lower, upper))
    keep = ~(np.isnan(v) | np.isnan(lo) | np.isnan(up))
    v, lo, up = v[keep][-points:], lo[keep][-points:], up[keep][-points:]
    if len(v) < points or np.any(up <= lo):
        return _not_calculated(len(v))
    weight = 1 / ((up - lo) / 3.92) ** 2
    t = np.arange(1, len(v) + 1, dtype=float)
    slope, se = _weighted_slope(v, t, weight)
    left_out = [_weighted_slope(np.delete(v, i), np.delete(t, i), np.delete(weight, i))[0] for i in range(len(v))]
    return _recent_trend_result(len(v), slope, (slope / se) ** 2, left_out, confidence)


def recent_trend_proportion(
    counts: npt.ArrayLike,
    denominators: npt.ArrayLike,
    *,
    points: int = MIN_TREND_PERIODS,
    confidence: float = FINGERTIPS_TREND_CONFIDENCE,
) -> RecentTrend:
    """Fingertips' recent trend for proportions: the chi-square test for trend in proportions (Armitage).

    Over the last ``points`` periods (times 1..points): chi-square = N (N S_Ot - S_O S_Nt)^2 /
    (S_O (N - S_O) (N S_Ntt - S_Nt^2)), with O the counts, N their denominators and N = S_N. The
    outlier check uses the ordinary least-squares slope of log(O / (N - O)); a period where every
    case is counted (O = N) makes the trend 'cannot be calculated', as in Fingertips (as does a
    period with none, where the log-odds are not finite).

    References
    ----------
    fingertips-open, TrendMarkerCalculator.cs (``IsSignificantForProportions``,
    ``NoOutliersCheckForProportion``); Armitage (1955).
    """
    o, n = (np.asarray(x, dtype="float64") for x in (counts, denominators))
    keep = ~(np.isnan(o) | np.isnan(n))
    o, n = o[keep][-points:], n[keep][-points:]
    if len(o) < points or np.any(o >= n) or np.any(o <= 0):
        return _not_calculated(len(o))
    t = np.arange(1, len(o) + 1, dtype=float)
    total, events = n.sum(), o.sum()
    chi_square = (
        total * (total * (o * t).sum() - events * (n * t).sum()) ** 2
        / (events * (total - events) * (total * (n * t * t).sum() - (n * t).sum() ** 2))
    )
    logit = np.log(o / (n - o))
    slope = np.polyfit(t, logit, 1)[0]
    left_out = [np.polyfit(np.delete(t, i), np.delete(logit, i), 1)[0] for i in range(len(o))]
    return _recent_trend_result(len(o), slope, chi_square, left_out, confidence)


def recent_trend_counts(
    counts: npt.ArrayLike,
    exposures: npt.ArrayLike | None = None,
    *,
    points: int = MIN_TREND_PERIODS,
    confidence: float = FINGERTIPS_TREND_CONFIDENCE,
) -> RecentTrend:
    """:func:`recent_trend` for counts (or rates count / exposure), with PHE's 95% Poisson limits.

    The limits are those Fingertips shows for a crude rate: exact below 10 events, Byar's from 10.
    """
    o = np.asarray(counts, dtype="float64")
    e = np.ones_like(o) if exposures is None else np.asarray(exposures, dtype="float64")
    low, high = poisson_limits(o, 0.95)
    return recent_trend(o / e, np.asarray(low) / e, np.asarray(high) / e, points=points, confidence=confidence)


def _weighted_slope(v: np.ndarray, t: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    s_w, s_wt, s_wv, s_wtv, s_wtt = w.sum(), (w * t).sum(), (w * v).sum(), (w * t * v).sum(), (w * t * t).sum()
    determinant = s_w * s_wtt - s_wt**2
    return float((s_w * s_wtv - s_wt * s_wv) / determinant), float(np.sqrt(s_w / determinant))


def _recent_trend_result(
    n: int, slope: float, chi_square: float, left_out: list[float], confidence: float
) -> RecentTrend:
    # Fingertips counts a zero slope as positive when checking that every fit points the same way.
    signs = [1 if b >= 0 else -1 for b in [slope, *left_out]]
    consistent = abs(sum(signs)) == len(signs)
    significant = consistent and chi_square > stats.chi2.isf(1 - confidence, 1)
    verdict = (INCREASING if slope > 0 else DECREASING) if significant else NO_CHANGE
    return RecentTrend(n, float(slope), float(chi_square), float(stats.chi2.sf(chi_square, 1)), consistent, verdict)


def _not_calculated(n: int) -> RecentTrend:
    return RecentTrend(n, np.nan, np.nan, np.nan, False, NOT_CALCULATED)
