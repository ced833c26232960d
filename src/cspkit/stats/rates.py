"""Crude rates and proportions with confidence intervals, as published on Fingertips.

Counts of crimes are treated as Poisson: below 10 events the interval is exact (Garwood), from
10 events on it is Byar's approximation, exactly as the UKHSA/PHE indicator methods do. Proportions
use Wilson's score interval. Every function takes scalars or arrays; scalar calls with one
confidence level return an :class:`IntervalEstimate`, anything else a DataFrame with one row per
input and the columns ``lower_95``, ``upper_95``, ``lower_99_8``, ... for each level asked for.

References
----------
Breslow NE, Day NE (1987). Statistical Methods in Cancer Research, Vol. II: The Design and Analysis
of Cohort Studies. IARC Scientific Publications 82, p. 69 (Byar's approximation).
Garwood F (1936). Fiducial limits for the Poisson distribution. Biometrika 28, 437-442.
Wilson EB (1927). Probable inference, the law of succession, and statistical inference.
JASA 22, 209-212.
Public Health England. Technical Guide: Confidence Intervals (Fingertips public health technical
guidance); implemented in the R package PHEindicatormethods (phe_rate, phe_proportion, byars_lower).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats
from statsmodels.stats.rates import confint_poisson

#: Fewer events than this use exact Poisson limits; this many or more use Byar's method (PHE rule).
EXACT_BELOW = 10

#: A single confidence level (0.95 or 95) or several at once, e.g. (0.95, 0.998).
Confidence = float | Sequence[float]

#: statsmodels' one-sample Poisson interval methods that only accept scalars.
_SCALAR_ONLY_METHODS = frozenset({"midp-c"})


@dataclass(frozen=True)
class IntervalEstimate:
    """A rate, ratio or proportion with one confidence interval (scalar calls).

    ``multiplier`` is the rate's "per" (1,000 people) or, for a ratio, its reference value (100).
    """

    value: float
    lower: float
    upper: float
    confidence: float
    method: str | None
    multiplier: float


def confidence_level(confidence: float) -> float:
    """Return a confidence level as a fraction, accepting percentages (95 -> 0.95) like PHE does."""
    level = float(confidence)
    if level > 1:
        level /= 100
    if not 0 < level <= 1:
        raise ValueError(f"confidence level must be between 0 and 1 (or 0 and 100%), not {confidence!r}")
    return level


def confidence_levels(confidence: Confidence) -> tuple[float, ...]:
    """Normalise one level or a sequence of levels to a tuple of fractions."""
    if isinstance(confidence, Sequence) and not isinstance(confidence, str):
        levels = tuple(confidence_level(c) for c in confidence)
        if not levels:
            raise ValueError("at least one confidence level is needed")
        return levels
    return (confidence_level(confidence),)  # type: ignore[arg-type]


def is_single_level(confidence: Confidence) -> bool:
    """True for one level given as a number; a sequence (even of one level) asks for a table."""
    return not isinstance(confidence, Sequence)


def level_label(confidence: float) -> str:
    """Column suffix for a confidence level: 0.95 -> '95', 0.998 -> '99_8'."""
    return f"{round(confidence_level(confidence) * 100, 6):g}".replace(".", "_")


def z_for(confidence: float) -> float:
    """The two-sided normal quantile for a confidence level, computed exactly.

    For 95% this is 1.959964..., not 1.96: PHE's published values depend on the exact quantile.
    """
    level = confidence_level(confidence)
    return float(stats.norm.ppf(level + (1 - level) / 2))


def byar_lower(count: npt.ArrayLike, confidence: float = 0.95) -> Any:
    """Byar's approximate lower confidence limit for a Poisson count; NaN where it would be negative.

    References
    ----------
    Breslow NE, Day NE (1987), Vol. II, p. 69; PHEindicatormethods ``byars_lower``.
    """
    o = _floats(count)
    z = z_for(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
    return _scalar_or_array(np.where(lower < 0, np.nan, lower))


def byar_upper(count: npt.ArrayLike, confidence: float = 0.95) -> Any:
    """Byar's approximate upper confidence limit for a Poisson count.

    References
    ----------
    Breslow NE, Day NE (1987), Vol. II, p. 69; PHEindicatormethods ``byars_upper``.
    """
    o1 = _floats(count) + 1
    z = z_for(confidence)
    return _scalar_or_array(o1 * (1 - 1 / (9 * o1) + z / (3 * np.sqrt(o1))) ** 3)


def exact_poisson_lower(count: npt.ArrayLike, confidence: float = 0.95) -> Any:
    """Exact (Garwood, chi-square) lower limit for a Poisson count; 0 for a count of 0.

    References
    ----------
    Garwood F (1936). Biometrika 28, 437-442.
    """
    o = _floats(count)
    alpha = 1 - confidence_level(confidence)
    with np.errstate(invalid="ignore"):
        lower = stats.chi2.ppf(alpha / 2, 2 * o) / 2
    return _scalar_or_array(np.where(o == 0, 0.0, lower))


def exact_poisson_upper(count: npt.ArrayLike, confidence: float = 0.95) -> Any:
    """Exact (Garwood, chi-square) upper limit for a Poisson count.

    References
    ----------
    Garwood F (1936). Biometrika 28, 437-442.
    """
    o = _floats(count)
    alpha = 1 - confidence_level(confidence)
    return _scalar_or_array(stats.chi2.ppf(1 - alpha / 2, 2 * o + 2) / 2)


def poisson_limits(count: npt.ArrayLike, confidence: float = 0.95) -> tuple[Any, Any]:
    """Confidence limits for a count by the PHE rule: exact below 10 events, Byar's from 10."""
    o = _floats(count)
    exact = o < EXACT_BELOW
    lower = np.where(exact, exact_poisson_lower(o, confidence), byar_lower(o, confidence))
    upper = np.where(exact, exact_poisson_upper(o, confidence), byar_upper(o, confidence))
    return _scalar_or_array(lower), _scalar_or_array(upper)


def poisson_method(count: npt.ArrayLike) -> Any:
    """Name of the interval :func:`poisson_limits` uses for each count ('Exact' or 'Byars')."""
    o = _floats(count)
    names = np.where(o < EXACT_BELOW, "Exact", "Byars").astype(object)
    names[np.isnan(o)] = None
    return names.item() if names.ndim == 0 else names


def wilson_lower(successes: npt.ArrayLike, trials: npt.ArrayLike, confidence: float = 0.95) -> Any:
    """Wilson score lower limit for a proportion (0 to 1).

    References
    ----------
    Wilson EB (1927). JASA 22, 209-212; PHEindicatormethods ``wilson_lower``.
    """
    return _scalar_or_array(_wilson(_floats(successes), _floats(trials), confidence, -1))


def wilson_upper(successes: npt.ArrayLike, trials: npt.ArrayLike, confidence: float = 0.95) -> Any:
    """Wilson score upper limit for a proportion (0 to 1).

    References
    ----------
    Wilson EB (1927). JASA 22, 209-212; PHEindicatormethods ``wilson_upper``.
    """
    return _scalar_or_array(_wilson(_floats(successes), _floats(trials), confidence, +1))


def rate_ci(
    count: npt.ArrayLike,
    population: npt.ArrayLike,
    *,
    multiplier: float = 1000,
    confidence: Confidence = 0.95,
    method: str = "phe",
) -> IntervalEstimate | pd.DataFrame:
    """Crude rate per ``multiplier`` people with confidence intervals.

    Parameters
    ----------
    count, population
        Events (crimes, victims) and the population at risk; scalars or arrays of the same length.
        A missing count or population gives a missing rate. A count may exceed the population.
    multiplier
        Rate per this many people: 1,000 is the convention for crime rates.
    confidence
        One level (0.95) or several ((0.95, 0.998)); 95 and 99.8 are accepted too.
    method
        ``"phe"`` (default): exact Poisson limits below 10 events, Byar's from 10, as Fingertips.
        ``"exact"`` or ``"byar"`` force one of these; any other name (``"score"``, ``"jeffreys"``,
        ``"midp-c"``, ...) is passed to :func:`statsmodels.stats.rates.confint_poisson`.

    Returns
    -------
    IntervalEstimate for scalar inputs with ``confidence`` a single number; otherwise a DataFrame with columns
    count, population, value, lower_<level>, upper_<level> for each level, method, multiplier (the
    index of a pandas Series input is kept, so the result lines up with the caller's rows).

    References
    ----------
    PHE Technical Guide: Confidence Intervals; PHEindicatormethods ``phe_rate``; Garwood (1936);
    Breslow & Day (1987).
    """
    o, n = np.broadcast_arrays(_floats(count), _floats(population))
    _check_counts(o, "count")
    if np.any(n <= 0):
        raise ValueError("population must be greater than zero (a rate needs people at risk)")
    levels = confidence_levels(confidence)
    missing = np.isnan(o) | np.isnan(n)
    limits = {}
    for level in levels:
        lower, upper = _count_limits(o, n, level, method)
        limits[level] = (
            np.where(missing, np.nan, lower / n * multiplier),
            np.where(missing, np.nan, upper / n * multiplier),
        )
    value = np.where(missing, np.nan, o / n * multiplier)
    names = poisson_method(o) if method == "phe" else _method_names(o, method)
    scalar = o.ndim == 0 and is_single_level(confidence)
    return _result((count, population), o, n, value, limits, names, multiplier, levels, ("count", "population"), scalar)


def proportion_ci(
    successes: npt.ArrayLike,
    trials: npt.ArrayLike,
    *,
    multiplier: float = 1,
    confidence: Confidence = 0.95,
) -> IntervalEstimate | pd.DataFrame:
    """Proportion (or percentage with ``multiplier=100``) with Wilson score intervals.

    Returns an IntervalEstimate for scalar inputs with ``confidence`` a single number; otherwise a DataFrame
    with columns numerator, denominator, value, lower_<level>, upper_<level>, method, multiplier.

    References
    ----------
    Wilson (1927); PHE Technical Guide: Confidence Intervals; PHEindicatormethods ``phe_proportion``.
    """
    x, n = np.broadcast_arrays(_floats(successes), _floats(trials))
    _check_counts(x, "numerator")
    if np.any(n <= 0):
        raise ValueError("denominator must be greater than zero")
    if np.any(x > n):
        raise ValueError("numerator cannot be larger than the denominator for a proportion")
    levels = confidence_levels(confidence)
    limits = {level: (_wilson(x, n, level, -1) * multiplier, _wilson(x, n, level, +1) * multiplier) for level in levels}
    names = np.full(x.shape, "Wilson", dtype=object)
    value = x / n * multiplier
    scalar = x.ndim == 0 and is_single_level(confidence)
    return _result(
        (successes, trials), x, n, value, limits, names, multiplier, levels, ("numerator", "denominator"), scalar
    )


def _count_limits(o: np.ndarray, n: np.ndarray, level: float, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Limits on the count scale for one confidence level and method."""
    if method == "phe":
        return poisson_limits(o, level)
    if method == "exact":
        return exact_poisson_lower(o, level), exact_poisson_upper(o, level)
    if method == "byar":
        return byar_lower(o, level), byar_upper(o, level)
    ok = ~(np.isnan(o) | np.isnan(n))
    lower, upper = np.full(o.shape, np.nan), np.full(o.shape, np.nan)
    if method in _SCALAR_ONLY_METHODS:
        pairs = [confint_poisson(c, 1.0, method=method, alpha=1 - level) for c in o[ok]]
        lower[ok] = [p[0] for p in pairs]
        upper[ok] = [p[1] for p in pairs]
    else:
        lower[ok], upper[ok] = confint_poisson(o[ok], np.ones(ok.sum()), method=method, alpha=1 - level)
    return lower, upper


def _method_names(o: np.ndarray, method: str) -> np.ndarray:
    names = np.full(o.shape, {"exact": "Exact", "byar": "Byars"}.get(method, method), dtype=object)
    names[np.isnan(o)] = None
    return names


def _wilson(x: np.ndarray, n: np.ndarray, confidence: float, sign: int) -> np.ndarray:
    level = confidence_level(confidence)
    if level == 1:
        return np.where(np.isnan(x) | np.isnan(n), np.nan, 0.0 if sign < 0 else 1.0)
    z = z_for(level)
    with np.errstate(invalid="ignore"):
        root = np.sqrt(z**2 + 4 * x * (1 - x / n))
    return (2 * x + z**2 + sign * z * root) / (2 * (n + z**2))


def _result(
    inputs: tuple[npt.ArrayLike, npt.ArrayLike],
    x: np.ndarray,
    n: np.ndarray,
    value: np.ndarray,
    limits: dict[float, tuple[np.ndarray, np.ndarray]],
    names: Any,
    multiplier: float,
    levels: tuple[float, ...],
    input_names: tuple[str, str],
    scalar: bool,
) -> IntervalEstimate | pd.DataFrame:
    """Scalar call with one level -> IntervalEstimate; anything else -> DataFrame."""
    if scalar:
        lower, upper = limits[levels[0]]
        return IntervalEstimate(
            value=float(value),
            lower=float(lower),
            upper=float(upper),
            confidence=levels[0],
            method=names if isinstance(names, str) or names is None else names.item(),
            multiplier=float(multiplier),
        )
    columns: dict[str, Any] = {input_names[0]: np.atleast_1d(x), input_names[1]: np.atleast_1d(n)}
    columns["value"] = np.atleast_1d(value)
    for level in levels:
        label = level_label(level)
        columns[f"lower_{label}"] = np.atleast_1d(limits[level][0])
        columns[f"upper_{label}"] = np.atleast_1d(limits[level][1])
    columns["method"] = np.atleast_1d(np.asarray(names, dtype=object))
    columns["multiplier"] = float(multiplier)
    return pd.DataFrame(columns, index=series_index(*inputs))


def series_index(*inputs: Any) -> pd.Index | None:
    """The index of the first pandas Series among the inputs, so results line up with the caller's rows."""
    return next((i.index for i in inputs if isinstance(i, pd.Series)), None)


def _floats(values: npt.ArrayLike) -> np.ndarray:
    """Values as a float array, with missing values (None, pd.NA, NaN) as NaN."""
    if isinstance(values, pd.Series | pd.Index):
        return values.to_numpy(dtype="float64", na_value=np.nan)
    array = np.asarray(values)
    if array.dtype == object:
        array = np.where(pd.isna(array), np.nan, array)
    return array.astype("float64")


def _check_counts(values: np.ndarray, name: str) -> None:
    if np.any(values < 0):
        raise ValueError(f"{name} cannot be negative")


def _scalar_or_array(values: np.ndarray) -> Any:
    array = np.asarray(values, dtype="float64")
    return float(array) if array.ndim == 0 else array
