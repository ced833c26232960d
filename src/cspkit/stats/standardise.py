"""Directly and indirectly standardised rates and ratios (age standardisation, area vs England & Wales).

Direct standardisation (DSR) answers "what would this area's rate be with the standard population's
age structure?" and uses Dobson's interval. Indirect standardisation compares an area's observed
count with the count expected if reference rates (e.g. England & Wales, by age band) applied to the
area's own population: the ratio x 100 is an SMR-style index where 100 means "as expected".

References
----------
Dobson AJ, Kuulasmaa K, Eberle E, Scherer J (1991). Confidence intervals for weighted sums of
Poisson parameters. Statistics in Medicine 10, 457-462.
Breslow NE, Day NE (1987). Statistical Methods in Cancer Research, Vol. II, IARC, ch. 2 (indirect
standardisation, Byar's limits).
Public Health England. Technical Guide: Confidence Intervals; PHEindicatormethods
``calculate_dsr``, ``calculate_ISRate`` and ``calculate_ISRatio``, the methods behind Fingertips.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from cspkit.stats.rates import (
    Confidence,
    IntervalEstimate,
    byar_lower,
    byar_upper,
    confidence_levels,
    is_single_level,
    level_label,
    poisson_limits,
    poisson_method,
    series_index,
)

#: PHE suppresses a DSR (value and intervals) when the total count is below this.
DSR_MINIMUM_COUNT = 10


def dsr(
    data: pd.DataFrame,
    *,
    count: str = "count",
    population: str = "population",
    standard: str = "standard_population",
    by: str | list[str] | None = None,
    event_frequency: str | None = None,
    age_band: str = "age_band",
    multiplier: float = 100_000,
    confidence: Confidence = (0.95, 0.998),
) -> pd.DataFrame:
    """Directly standardised rates with Dobson confidence intervals, one row per group.

    Parameters
    ----------
    data
        One row per (group, age band): the events, the local population and the standard
        population's weight for the band (e.g. European Standard Population 2013). A missing count
        counts as 0.
    by
        Column(s) naming the groups (areas); ``None`` treats the whole table as one group.
    event_frequency
        For events that are not independent (repeat victims): the column holding how many events
        each person had. ``count`` then holds the number of *people* with that many events, with one
        row per (group, ``age_band``, frequency). The variance becomes the sum over frequencies f of
        f^2 x var_f, so repeat victimisation widens the interval.

    Returns
    -------
    DataFrame with the group columns, total_count, total_population, value, lower_<level>,
    upper_<level>, method and multiplier. Value and limits are missing where the total count is
    below 10 (PHE's rule: too few events for a stable standardised rate).

    References
    ----------
    Dobson et al. (1991); PHE Technical Guide: Confidence Intervals; PHEindicatormethods
    ``calculate_dsr`` (including ``independent_events = FALSE``).
    """
    keys = _keys(by)
    frequency = [event_frequency, age_band] if event_frequency else []
    _require(data, [*keys, count, population, standard, *frequency])
    if data[population].isna().any() or (data[population] <= 0).any():
        raise ValueError("every age band needs a population greater than zero for a standardised rate")
    frame = data.assign(_x=data[count].astype("float64").fillna(0.0), _all=0)
    keys = keys or ["_all"]
    if event_frequency is None:
        bands = frame
        variance = _dobson_variance(frame, keys, population, standard)
        method = "Dobson"
    else:
        per_frequency = _dobson_variance(frame, [*keys, event_frequency], population, standard)
        frequencies = per_frequency.index.get_level_values(event_frequency).to_numpy(dtype="float64")
        variance = (per_frequency * frequencies**2).groupby(level=keys, sort=False).sum()
        events = frame.assign(_x=frame["_x"] * frame[event_frequency])
        bands = events.groupby([*keys, age_band], sort=False).agg(
            _x=("_x", "sum"), **{population: (population, "first"), standard: (standard, "first")}
        )
        bands = bands.reset_index()
        method = "Dobson, with confidence adjusted for non-independent events"
    bands = bands.assign(_term=bands["_x"] * bands[standard] / bands[population])
    grouped = bands.groupby(keys, sort=False)
    totals = pd.DataFrame({"total_count": grouped["_x"].sum(), "total_population": grouped[population].sum()})
    rate = (grouped["_term"].sum() / grouped[standard].sum()).to_numpy()
    o = totals["total_count"].to_numpy()
    spread = np.sqrt(variance.reindex(totals.index).to_numpy() / o)
    enough = o >= DSR_MINIMUM_COUNT
    totals["value"] = np.where(enough, rate * multiplier, np.nan)
    for level in confidence_levels(confidence):
        label = level_label(level)
        lower = (rate + spread * (byar_lower(o, level) - o)) * multiplier
        upper = (rate + spread * (byar_upper(o, level) - o)) * multiplier
        totals[f"lower_{label}"] = np.where(enough, lower, np.nan)
        totals[f"upper_{label}"] = np.where(enough, upper, np.nan)
    totals["method"] = method
    totals["multiplier"] = float(multiplier)
    return totals.reset_index().drop(columns="_all", errors="ignore")


def expected_count(
    population: npt.ArrayLike, reference_count: npt.ArrayLike, reference_population: npt.ArrayLike
) -> Any:
    """Events expected if reference rates (count / population, e.g. England & Wales) applied locally.

    Arrays are per stratum (age band); missing values count as 0, as in PHE's ISR functions.
    """
    return float(_expected_terms(population, reference_count, reference_population).sum())


def standardised_ratio(
    observed: npt.ArrayLike,
    expected: npt.ArrayLike,
    *,
    refvalue: float = 100,
    confidence: Confidence = 0.95,
) -> IntervalEstimate | pd.DataFrame:
    """Observed / expected x ``refvalue`` (an SMR-style index: 100 = as expected) with intervals.

    ``expected`` is usually the count England & Wales rates would predict for the area
    (:func:`expected_count`, or national rate x local population when there are no strata). The limits
    are the observed count's Poisson limits (exact below 10, Byar's from 10) divided by the expected.

    Returns an IntervalEstimate for scalar inputs with ``confidence`` a single number, otherwise a
    DataFrame with columns observed, expected, value, lower_<level>, upper_<level>, method, refvalue.

    References
    ----------
    Breslow & Day (1987); PHEindicatormethods ``calculate_ISRatio``.
    """
    o, e = np.broadcast_arrays(np.asarray(observed, dtype="float64"), np.asarray(expected, dtype="float64"))
    if np.any(e <= 0):
        raise ValueError("expected count must be greater than zero")
    levels = confidence_levels(confidence)
    limits = {level: poisson_limits(o, level) for level in levels}
    value = o / e * refvalue
    if np.ndim(value) == 0 and is_single_level(confidence):
        lower, upper = limits[levels[0]]
        return IntervalEstimate(
            float(value),
            float(lower / e * refvalue),
            float(upper / e * refvalue),
            levels[0],
            poisson_method(o),
            refvalue,
        )
    columns: dict[str, Any] = {
        "observed": np.atleast_1d(o),
        "expected": np.atleast_1d(e),
        "value": np.atleast_1d(value),
    }
    for level in levels:
        label = level_label(level)
        columns[f"lower_{label}"] = np.atleast_1d(limits[level][0] / e * refvalue)
        columns[f"upper_{label}"] = np.atleast_1d(limits[level][1] / e * refvalue)
    columns["method"] = np.atleast_1d(poisson_method(o))
    columns["refvalue"] = float(refvalue)
    return pd.DataFrame(columns, index=series_index(observed, expected))


def isr_ratio(
    data: pd.DataFrame,
    *,
    count: str = "count",
    population: str = "population",
    reference_count: str = "reference_count",
    reference_population: str = "reference_population",
    by: str | list[str] | None = None,
    refvalue: float = 100,
    confidence: Confidence = (0.95, 0.998),
) -> pd.DataFrame:
    """Indirectly standardised ratio per group: observed / expected x ``refvalue``.

    ``data`` has one row per (group, stratum) with the local count and population and the reference
    (e.g. England & Wales) count and population for the stratum; merge a reference table on the age
    band first. Missing values count as 0 (PHE).

    Returns a DataFrame with the group columns, observed, expected, value, lower_<level>,
    upper_<level>, method ('Exact' below 10 events, 'Byars' from 10) and refvalue.

    References
    ----------
    Breslow & Day (1987); PHEindicatormethods ``calculate_ISRatio``.
    """
    totals = _observed_expected(data, count, population, reference_count, reference_population, by)
    ratio = standardised_ratio(
        totals["observed"], totals["expected"], refvalue=refvalue, confidence=confidence_levels(confidence)
    )
    return _with_keys(totals, ratio.drop(columns=["observed", "expected"]), by)


def isr_rate(
    data: pd.DataFrame,
    *,
    count: str = "count",
    population: str = "population",
    reference_count: str = "reference_count",
    reference_population: str = "reference_population",
    by: str | list[str] | None = None,
    multiplier: float = 100_000,
    confidence: Confidence = (0.95, 0.998),
) -> pd.DataFrame:
    """Indirectly standardised rate per group: observed / expected x the reference crude rate.

    Same input as :func:`isr_ratio`. Returns the group columns, observed, expected, reference_rate
    (reference count / population x ``multiplier``), value, lower_<level>, upper_<level>, method and
    multiplier.

    References
    ----------
    Breslow & Day (1987); PHEindicatormethods ``calculate_ISRate``.
    """
    totals = _observed_expected(data, count, population, reference_count, reference_population, by)
    grouped = _group(data.assign(_xr=data[reference_count].astype("float64")), _keys(by))
    reference_rate = (grouped["_xr"].sum() / grouped[reference_population].sum() * multiplier).to_numpy()
    ratio = standardised_ratio(
        totals["observed"], totals["expected"], refvalue=1, confidence=confidence_levels(confidence)
    )
    scaled = ratio.drop(columns=["observed", "expected", "refvalue"])
    numeric = [c for c in scaled.columns if c != "method"]
    scaled[numeric] = scaled[numeric].mul(reference_rate, axis=0)
    scaled.insert(0, "reference_rate", reference_rate)
    scaled["multiplier"] = float(multiplier)
    return _with_keys(totals, scaled, by)


def _observed_expected(
    data: pd.DataFrame, count: str, population: str, reference_count: str, reference_population: str, by: Any
) -> pd.DataFrame:
    keys = _keys(by)
    _require(data, [*keys, count, population, reference_count, reference_population])
    terms = _expected_terms(data[population], data[reference_count], data[reference_population])
    frame = data.assign(_o=data[count].astype("float64").fillna(0.0), _e=terms)
    grouped = _group(frame, keys)
    return pd.DataFrame({"observed": grouped["_o"].sum(), "expected": grouped["_e"].sum()})


def _expected_terms(
    population: npt.ArrayLike, reference_count: npt.ArrayLike, reference_population: npt.ArrayLike
) -> Any:
    """Per-stratum expected counts; a missing value or an empty stratum contributes 0."""
    n = np.asarray(population, dtype="float64")
    x_ref = np.asarray(reference_count, dtype="float64")
    n_ref = np.asarray(reference_population, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = x_ref / n_ref * n
    return np.where((n == 0) | np.isnan(terms), 0.0, terms)


def _dobson_variance(frame: pd.DataFrame, keys: list[str], population: str, standard: str) -> pd.Series:
    """Dobson's variance of the weighted sum, sum(x (w/n)^2) / (sum w)^2, per group."""
    terms = frame.assign(_v=frame["_x"] * (frame[standard] / frame[population]) ** 2)
    grouped = _group(terms, keys)
    return (grouped["_v"].sum() / grouped[standard].sum() ** 2).rename("_var")


def _group(frame: pd.DataFrame, keys: list[str]) -> Any:
    return frame.groupby(keys, sort=False, dropna=False) if keys else frame.groupby(np.zeros(len(frame)))


def _with_keys(totals: pd.DataFrame, values: pd.DataFrame, by: Any) -> pd.DataFrame:
    result = pd.concat([totals.reset_index(drop=True), values.reset_index(drop=True)], axis=1)
    if _keys(by):
        result = pd.concat([totals.index.to_frame(index=False), result], axis=1)
    return result


def _keys(by: str | list[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _require(data: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"the table has no column(s) {', '.join(missing)}")
