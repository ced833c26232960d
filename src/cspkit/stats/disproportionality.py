"""Disproportionality in stop and search: how many times more often one ethnic group is searched.

The Home Office method ("Police powers and procedures: Stop and search and arrests, England and
Wales", the annual Official Statistics; e.g. year ending 31 March 2022, published 27 October 2022,
https://www.gov.uk/government/statistics/police-powers-and-procedures-stop-and-search-and-arrests-england-and-wales-year-ending-31-march-2022/
police-powers-and-procedures-stop-and-search-and-arrests-england-and-wales-year-ending-31-march-2022)
divides the searches of people of each self-defined ethnic group by the number of residents of
that group in the Census, aggregated from local authorities to the police force area, per 1,000;
and divides each group's rate by White people's, from the unrounded rates. Until its update of
2 March 2023 ("Update to stop and search and arrests statistics using 2021 Census estimates") the
populations were those of the 2011 Census; since then, the 2021 Census. Checked against published
figures in tests/stats/test_disproportionality.py: West Midlands, year ending March 2022, 3,973
searches of Black people (24.2 per 1,000) and 9,713 of White people (5.1 per 1,000), "4.8 times"
(from the unrounded rates: the rounded ones would give 4.7).

The published ratios come without intervals. Here each ratio carries the standard log-method
interval for a ratio of two Poisson rates whose denominators are known exactly (the census
counts): log(RR) +/- z * sqrt(1/a + 1/b), with a and b the two groups' searches (Rothman,
Greenland and Lash, Modern Epidemiology, 3rd ed., 2008, ch. 14; Kirkwood and Sterne, Essential
Medical Statistics, 2nd ed., 2003, sect. 23.2). With no searches in a group the ratio is 0 or
infinite and no interval is given.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from cspkit.stats.rates import confidence_level, z_for

PER = 1000


@dataclass(frozen=True)
class RateRatio:
    """One group's rate against the reference group's, with its interval."""

    ratio: float
    lower: float
    upper: float
    confidence: float


def rate_per_1000(searches: npt.ArrayLike, population: npt.ArrayLike) -> np.ndarray:
    """Searches per 1,000 residents (the Home Office's rate); NaN where there is no population."""
    s = np.asarray(searches, dtype=float)
    p = np.asarray(population, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0, s / p * PER, np.nan)


def rate_ratio(
    searches: float, population: float, reference_searches: float, reference_population: float,
    confidence: float = 0.95,
) -> RateRatio:
    """The ratio of two rates per resident with the log-method interval (see the module notes)."""
    level = confidence_level(confidence)
    if population <= 0 or reference_population <= 0:
        raise ValueError("both populations must be greater than zero")
    if searches < 0 or reference_searches < 0:
        raise ValueError("search counts cannot be negative")
    if reference_searches == 0:
        return RateRatio(np.inf if searches > 0 else np.nan, np.nan, np.nan, level)
    ratio = (searches / population) / (reference_searches / reference_population)
    if searches == 0:
        return RateRatio(0.0, np.nan, np.nan, level)
    spread = z_for(level) * np.sqrt(1 / searches + 1 / reference_searches)
    return RateRatio(float(ratio), float(ratio * np.exp(-spread)), float(ratio * np.exp(spread)), level)


def disproportionality_table(
    searches: pd.Series, population: pd.Series, reference: str = "White", confidence: float = 0.95,
) -> pd.DataFrame:
    """One row per group: searches, population, rate per 1,000, ratio to ``reference`` and its interval.

    ``searches`` and ``population`` are indexed by the same group names. ``significance`` says
    whether the interval lies wholly above 1 ('higher'), below 1 ('lower') or not ('similar').
    """
    if reference not in population.index or not population.get(reference, 0) > 0:
        raise ValueError(f"the reference group {reference!r} has no population")
    groups = [g for g in population.index if population[g] > 0]
    ref_searches, ref_population = float(searches.get(reference, 0)), float(population[reference])
    rows = []
    for group in groups:
        count = float(searches.get(group, 0))
        ratio = rate_ratio(count, float(population[group]), ref_searches, ref_population, confidence)
        if group == reference:  # the reference against itself: 1 by definition, no interval
            ratio = RateRatio(1.0, np.nan, np.nan, ratio.confidence)
        rows.append({
            "ethnic_group": group, "searches": count, "population": float(population[group]),
            "rate_per_1000": float(rate_per_1000(count, population[group])),
            "ratio": ratio.ratio, "lower": ratio.lower, "upper": ratio.upper,
            "significance": "" if group == reference else _label(ratio),
        })
    return pd.DataFrame(rows)


def _label(ratio: RateRatio) -> str:
    if np.isnan(ratio.lower) or np.isnan(ratio.upper):
        return "not compared"
    if ratio.lower > 1:
        return "higher"
    if ratio.upper < 1:
        return "lower"
    return "similar"
