"""Is an area's rate higher, lower or similar to a benchmark? Fingertips comparisons and funnel plots.

Three ways to compare, from the simplest to the most careful:

* :func:`compare_with_benchmark` - the Fingertips way: the benchmark (e.g. England & Wales) is a
  fixed value, and the area is *higher* or *lower* when its own confidence interval excludes it.
* :func:`compare_rates` - the benchmark has its own uncertainty (a small comparator, a peer group):
  a two-sample test of the two Poisson rates, optionally against "the benchmark without this area".
* :func:`funnel_limits` - control limits around the benchmark as a function of population, so many
  areas can be judged on one chart without ranking them; they label areas exactly as
  :func:`compare_with_benchmark` does (see also :mod:`cspkit.stats.funnels` for PHE's funnel tables).

References
----------
Public Health England. Technical Guide: Confidence Intervals; Fingertips "Comparisons with
benchmark" (significance when the confidence interval excludes the comparator value).
Spiegelhalter DJ (2005). Funnel plots for comparing institutional performance. Statistics in
Medicine 24, 1185-1202.
Gu K, Ng HKT, Tang ML, Schucany WR (2008). Testing the ratio of two Poisson rates. Biometrical
Journal 50, 283-298.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson, test_poisson_2indep

from cspkit.stats.funnels import count_limits_at_expected, poisson_mean_by_bisection
from cspkit.stats.rates import (
    Confidence,
    confidence_level,
    confidence_levels,
    is_single_level,
    level_label,
    rate_ci,
    series_index,
)


class Significance(StrEnum):
    """How an area compares with its benchmark (Fingertips wording, without a 'better/worse' polarity)."""

    HIGHER = "higher"
    LOWER = "lower"
    SIMILAR = "similar"
    NOT_COMPARED = "not compared"


@dataclass(frozen=True)
class BenchmarkComparison:
    """One area against a benchmark at one confidence level (scalar calls)."""

    value: float
    lower: float
    upper: float
    benchmark: float
    confidence: float
    significance: Significance


@dataclass(frozen=True)
class PoissonTestResult:
    """Test statistic and p-value of a Poisson rate test (floats, or arrays for array input)."""

    statistic: Any
    p_value: Any


def significance(lower: npt.ArrayLike, upper: npt.ArrayLike, benchmark: npt.ArrayLike) -> Any:
    """Label each interval against a benchmark: 'higher' if it lies wholly above, 'lower' if wholly below.

    An interval that touches or contains the benchmark is 'similar'; a missing upper limit or benchmark
    gives 'not compared' (a missing lower limit means the interval is unbounded below).
    """
    lo, up, bench = np.broadcast_arrays(*(np.asarray(v, dtype="float64") for v in (lower, upper, benchmark)))
    return _labels(higher=lo > bench, lower=up < bench, missing=np.isnan(up) | np.isnan(bench))


def compare_with_benchmark(
    count: npt.ArrayLike,
    population: npt.ArrayLike,
    benchmark: npt.ArrayLike,
    *,
    multiplier: float = 1000,
    confidence: Confidence = (0.95, 0.998),
) -> BenchmarkComparison | pd.DataFrame:
    """Compare areas' crude rates with a benchmark rate the Fingertips way.

    Parameters
    ----------
    count, population
        Each area's events and population (scalars or arrays).
    benchmark
        The benchmark rate per ``multiplier`` (e.g. England & Wales), one value or one per area.
    confidence
        Fingertips uses 95% and 99.8% (about 2 and 3 standard errors).

    Returns
    -------
    BenchmarkComparison for scalar inputs with ``confidence`` a single number; otherwise the
    :func:`rate_ci` columns plus benchmark and significance_<level> ('higher', 'lower', 'similar',
    'not compared').

    Notes
    -----
    The benchmark is treated as known exactly, which is right when it is far larger than the area
    (England & Wales against a district). For comparators of similar size use :func:`compare_rates`.

    References
    ----------
    PHE Technical Guide: Confidence Intervals; Fingertips benchmarking method.
    """
    levels = confidence_levels(confidence)
    rates = cast(pd.DataFrame, rate_ci(count, population, multiplier=multiplier, confidence=levels))
    bench = np.broadcast_to(np.asarray(benchmark, dtype="float64"), rates["value"].shape)
    rates["benchmark"] = bench
    for level in levels:
        label = level_label(level)
        rates[f"significance_{label}"] = significance(rates[f"lower_{label}"], rates[f"upper_{label}"], bench)
    if np.ndim(count) == 0 and np.ndim(population) == 0 and np.ndim(benchmark) == 0 and is_single_level(confidence):
        row = rates.iloc[0]
        label = level_label(levels[0])
        return BenchmarkComparison(
            value=float(row["value"]),
            lower=float(row[f"lower_{label}"]),
            upper=float(row[f"upper_{label}"]),
            benchmark=float(row["benchmark"]),
            confidence=levels[0],
            significance=Significance(row[f"significance_{label}"]),
        )
    return rates


def compare_rates(
    count: npt.ArrayLike,
    population: npt.ArrayLike,
    benchmark_count: npt.ArrayLike,
    benchmark_population: npt.ArrayLike,
    *,
    benchmark_includes_area: bool = False,
    method: str = "score",
    multiplier: float = 1000,
    confidence: Confidence = (0.95, 0.998),
) -> pd.DataFrame:
    """Compare areas' rates with a benchmark that has its own Poisson uncertainty.

    Parameters
    ----------
    benchmark_count, benchmark_population
        The comparator's events and population (one value or one per area).
    benchmark_includes_area
        True when the benchmark total contains the area (a force, region or England & Wales): the
        area is then compared with the rest of the benchmark, so the two samples are independent.
    method
        ``"score"`` (default; Gu et al. 2008's W2, well sized even for small counts) or
        ``"exact-cond"`` (central exact conditional binomial test, conservative). The interval for
        the rate ratio inverts the same test, so 'higher'/'lower' always agrees with the p-value.

    Returns
    -------
    DataFrame with count, population, value (area rate), benchmark (rate of the comparator used),
    rate_ratio, ratio_lower_<level>, ratio_upper_<level>, p_value (two-sided), significance_<level>,
    method, multiplier.

    References
    ----------
    Gu et al. (2008); statsmodels ``test_poisson_2indep``.
    """
    check_paired_method(method)
    c1, n1, c2, n2 = np.broadcast_arrays(
        *(np.asarray(v, dtype="float64") for v in (count, population, benchmark_count, benchmark_population))
    )
    if benchmark_includes_area:
        c2, n2 = c2 - c1, n2 - n1
        if np.any(c2 < 0) or np.any(n2 <= 0):
            raise ValueError("the benchmark must be larger than the area it includes")
    levels = confidence_levels(confidence)
    columns: dict[str, Any] = {
        "count": np.atleast_1d(c1),
        "population": np.atleast_1d(n1),
        "value": np.atleast_1d(c1 / n1 * multiplier),
        "benchmark": np.atleast_1d(c2 / n2 * multiplier),
    }
    with np.errstate(divide="ignore", invalid="ignore"):
        columns["rate_ratio"] = np.atleast_1d((c1 / n1) / (c2 / n2))
    for level in levels:
        label = level_label(level)
        lower, upper = two_rate_ci(c1, n1, c2, n2, method=method, confidence=level)
        columns[f"ratio_lower_{label}"] = np.atleast_1d(lower)
        columns[f"ratio_upper_{label}"] = np.atleast_1d(upper)
        columns[f"significance_{label}"] = np.atleast_1d(significance(lower, upper, 1.0))
    columns["p_value"] = np.atleast_1d(two_sided_p_value(c1, n1, c2, n2, method=method))
    columns["method"] = method
    columns["multiplier"] = float(multiplier)
    return pd.DataFrame(columns, index=series_index(count, population))


def check_paired_method(method: str) -> None:
    """Only methods whose interval inverts the same test may label areas, so labels match p-values."""
    if method not in _CONDITIONAL_CI:
        raise ValueError(f"method must be one of {', '.join(map(repr, _CONDITIONAL_CI))}, not {method!r}")


def two_rate_test(
    count1: npt.ArrayLike,
    exposure1: npt.ArrayLike,
    count2: npt.ArrayLike,
    exposure2: npt.ArrayLike,
    *,
    compare: str = "ratio",
    null_value: float | None = None,
    alternative: str = "two-sided",
    method: str = "score",
) -> PoissonTestResult:
    """Test two independent Poisson rates (ratio rate1/rate2, or difference) with statsmodels.

    A thin, array-friendly wrapper of :func:`statsmodels.stats.rates.test_poisson_2indep`: methods
    statsmodels computes in closed form run vectorised, the exact and E-tests element by element.

    References
    ----------
    Gu et al. (2008); Ng HKT, Gu K, Tang ML (2007), A comparative study of tests for the difference
    of two Poisson means, Computational Statistics & Data Analysis 51, 3085-3099.
    """
    kwargs = {"value": null_value, "method": method, "compare": compare, "alternative": alternative}
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype="float64") for v in (count1, exposure1, count2, exposure2)))
    if method in _VECTORISED_TESTS.get(compare, ()):
        with np.errstate(divide="ignore", invalid="ignore"):
            result = test_poisson_2indep(*arrays, **kwargs)
        return PoissonTestResult(_plain(result.statistic), _plain(result.pvalue))
    results = [
        test_poisson_2indep(_whole(c1), e1, _whole(c2), e2, **kwargs)
        for c1, e1, c2, e2 in zip(*(a.ravel().tolist() for a in arrays), strict=True)
    ]
    shape = arrays[0].shape
    return PoissonTestResult(
        _plain(np.array([r.statistic for r in results], dtype="float64").reshape(shape)),
        _plain(np.array([r.pvalue for r in results], dtype="float64").reshape(shape)),
    )


def two_rate_ci(
    count1: npt.ArrayLike,
    exposure1: npt.ArrayLike,
    count2: npt.ArrayLike,
    exposure2: npt.ArrayLike,
    *,
    compare: str = "ratio",
    method: str = "score",
    confidence: float = 0.95,
) -> tuple[Any, Any]:
    """Confidence interval for the ratio (rate1/rate2) or difference of two Poisson rates.

    For the ratio, ``"score"`` and ``"exact-cond"`` are computed vectorised from the conditional
    binomial distribution of count1 given count1 + count2 (Wilson and Clopper-Pearson limits for
    p = R e1 / (R e1 + e2), mapped back to R); they equal statsmodels' score interval and R exactci's
    central interval. Other methods are passed to
    :func:`statsmodels.stats.rates.confint_poisson_2indep` element by element.

    References
    ----------
    Gu et al. (2008); Wilson (1927); Clopper CJ, Pearson ES (1934), Biometrika 26, 404-413.
    """
    c1, e1, c2, e2 = np.broadcast_arrays(
        *(np.asarray(v, dtype="float64") for v in (count1, exposure1, count2, exposure2))
    )
    level = confidence_level(confidence)
    if compare == "ratio" and method in _CONDITIONAL_CI:
        total = c1 + c2
        lower, upper = np.zeros(c1.shape), np.full(c1.shape, np.inf)
        known = total > 0
        p_lower, p_upper = proportion_confint(c1[known], total[known], alpha=1 - level, method=_CONDITIONAL_CI[method])
        with np.errstate(divide="ignore"):
            lower[known] = p_lower / (1 - p_lower) * e2[known] / e1[known]
            upper[known] = p_upper / (1 - p_upper) * e2[known] / e1[known]
        lower[c1 == 0], upper[c2 == 0] = 0.0, np.inf  # exact, where rounding would leave 1e-17
        missing = np.isnan(c1) | np.isnan(c2) | np.isnan(e1) | np.isnan(e2)
        return _plain(np.where(missing, np.nan, lower)), _plain(np.where(missing, np.nan, upper))
    pairs = [
        confint_poisson_2indep(*values, method=method, compare=compare, alpha=1 - level)
        for values in zip(c1.ravel(), e1.ravel(), c2.ravel(), e2.ravel(), strict=True)
    ]
    return (
        _plain(np.array([p[0] for p in pairs], dtype="float64").reshape(c1.shape)),
        _plain(np.array([p[1] for p in pairs], dtype="float64").reshape(c1.shape)),
    )


def two_sided_p_value(
    count1: npt.ArrayLike, exposure1: npt.ArrayLike, count2: npt.ArrayLike, exposure2: npt.ArrayLike, *, method: str
) -> Any:
    """Two-sided p-value for equal rates, consistent with :func:`two_rate_ci` for the same method.

    ``"exact-cond"`` uses the central p-value (twice the smaller one-sided p, at most 1), the test the
    Clopper-Pearson-based interval inverts; other methods use statsmodels' two-sided p directly. Two
    counts of zero give p = 1: there is no evidence of any difference.
    """
    args = (count1, exposure1, count2, exposure2)
    if method == "exact-cond":
        larger = np.asarray(two_rate_test(*args, method=method, alternative="larger").p_value)
        smaller = np.asarray(two_rate_test(*args, method=method, alternative="smaller").p_value)
        p = np.minimum(1.0, 2 * np.minimum(larger, smaller))
    else:
        p = np.asarray(two_rate_test(*args, method=method).p_value, dtype="float64")
    both_zero = (np.asarray(count1) == 0) & (np.asarray(count2) == 0)
    return _plain(np.where(both_zero, 1.0, p))


def poisson_rate_test(
    count: npt.ArrayLike,
    exposure: npt.ArrayLike,
    null_rate: npt.ArrayLike,
    *,
    method: str = "exact-c",
    alternative: str = "two-sided",
) -> PoissonTestResult:
    """Test whether counts are consistent with a known rate (e.g. the England & Wales rate).

    Wraps :func:`statsmodels.stats.rates.test_poisson`; ``"exact-c"`` is the central exact test
    (twice the smaller tail), matching the Garwood interval; ``"score"`` is the score test.
    ``null_rate`` is per unit of exposure (events per person, not per 1,000).
    """
    result = test_poisson(count, exposure, null_rate, method=method, alternative=alternative)
    return PoissonTestResult(_plain(result.statistic), _plain(result.pvalue))


def funnel_limits(
    population: npt.ArrayLike,
    benchmark_rate: float,
    *,
    count: npt.ArrayLike | None = None,
    multiplier: float = 1000,
    confidence: Confidence = (0.95, 0.998),
    expected_rounding: str = "none",
) -> pd.DataFrame:
    """Exact Poisson funnel-plot limits around a benchmark rate, and which areas fall outside them.

    Parameters
    ----------
    population
        Populations at which to draw the limits: the areas' own populations, or a grid (e.g.
        ``np.geomspace(1e3, 1e6, 200)``) to draw smooth curves.
    benchmark_rate
        The target rate per ``multiplier``, e.g. England & Wales or the pooled rate of the areas.
    count
        The areas' counts (same length as ``population``): adds value and significance_<level>
        ('higher', 'lower', 'similar'), exactly as :func:`compare_with_benchmark` labels them.
    expected_rounding
        ``"none"`` (default): the limits of PHEindicatormethods' funnels (an exact test of each count
        against the expected count), continuous in population. ``"fingertips"``: the control limits
        Fingertips' "SPC for DSRs" comparison draws around the expected count E: the exact confidence
        limits of E with E rounded up (lower limit) or down (upper limit) to whole events; areas are
        then labelled by these limits, which can disagree with :func:`compare_with_benchmark`.

    Returns
    -------
    DataFrame with population, expected (count the benchmark predicts), benchmark, lower_<level>,
    upper_<level> (as rates per ``multiplier``) and, with ``count``, count, value, significance_<level>.

    Notes
    -----
    With ``"none"`` the upper limit at expected count mu is the (real-valued) count whose exact lower
    confidence limit is mu, so at whole counts the curve passes through PHEindicatormethods' funnel
    points (e.g. 2 events at 0.2422 expected: 825.7 per 100). Areas are labelled by their own interval
    (exact below 10 events, Byar's from 10), as PHE labels them; Byar's differs from the exact limit
    by well under 1%, so a point within a hair of a line may be drawn one side and labelled the other.
    Crime counts are often over-dispersed (far more areas fall outside than the 5% and 0.2% chance
    alone would give); read many points outside as "real variation between areas", not as that many
    individual outliers.

    References
    ----------
    PHEindicatormethods ``calculate_funnel_limits`` / ``assign_funnel_significance``; Fingertips
    ``SpcForDsrComparer`` and ``StatisticalMethods.PoisLow/PoisHigh`` (fingertips-open); Spiegelhalter
    (2005); PHE Technical Guide: Funnel Plots.
    """
    if expected_rounding not in ("none", "fingertips"):
        raise ValueError(f"expected_rounding must be 'none' or 'fingertips', not {expected_rounding!r}")
    n = np.asarray(population, dtype="float64")
    if np.any(n <= 0) or not benchmark_rate > 0:
        raise ValueError("funnel limits need populations and a benchmark rate greater than zero")
    expected = n * benchmark_rate / multiplier
    columns: dict[str, Any] = {"population": np.atleast_1d(n), "expected": np.atleast_1d(expected)}
    columns["benchmark"] = float(benchmark_rate)
    levels = confidence_levels(confidence)
    if count is not None:
        observed = np.asarray(count, dtype="float64")
        columns["count"] = np.atleast_1d(observed)
        columns["value"] = np.atleast_1d(observed / n * multiplier)
        compared = compare_with_benchmark(
            np.atleast_1d(observed), np.atleast_1d(n), benchmark_rate, multiplier=multiplier, confidence=levels
        )
    for level in levels:
        label = level_label(level)
        tail = (1 - level) / 2
        if expected_rounding == "none":
            upper_count, lower_count = count_limits_at_expected(expected, tail)
        else:
            lower_count = poisson_mean_by_bisection(expected, tail, at_least=True)
            upper_count = poisson_mean_by_bisection(expected, tail, at_least=False)
        lower, upper = lower_count / n * multiplier, upper_count / n * multiplier
        columns[f"lower_{label}"] = np.atleast_1d(lower)
        columns[f"upper_{label}"] = np.atleast_1d(upper)
        if count is not None:
            if expected_rounding == "none":
                columns[f"significance_{label}"] = np.atleast_1d(compared[f"significance_{label}"].to_numpy())
            else:
                value = columns["value"]
                outside = _labels(higher=value > upper, lower=value < lower, missing=np.isnan(value))
                columns[f"significance_{label}"] = np.atleast_1d(outside)
    return pd.DataFrame(columns, index=series_index(population, count))


_VECTORISED_TESTS = {"ratio": {"score", "wald", "score-log", "wald-log", "sqrt"}, "diff": {"score", "wald", "waldccv"}}
_CONDITIONAL_CI = {"score": "wilson", "exact-cond": "beta"}


def _labels(*, higher: np.ndarray, lower: np.ndarray, missing: np.ndarray) -> Any:
    labels = np.select(
        [missing, higher, lower],
        [Significance.NOT_COMPARED.value, Significance.HIGHER.value, Significance.LOWER.value],
        Significance.SIMILAR.value,
    ).astype(object)
    return labels.item() if labels.ndim == 0 else labels


def _whole(count: float) -> float | int:
    """Whole-number counts as int, which scipy's exact binomial test insists on."""
    return int(count) if float(count).is_integer() else count


def _plain(values: Any) -> Any:
    array = np.asarray(values, dtype="float64")
    return float(array) if array.ndim == 0 else array
