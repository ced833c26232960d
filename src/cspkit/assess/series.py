"""Monthly series for the area: trend, forecast, seasonality and control-chart signals.

Months that the data-quality checks flag (e.g. files far smaller than the force's usual level)
are left out of the trend, and the statement says so, rather than reporting a rise that is
only a recording gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from cspkit.stats.change import FINGERTIPS, QUASI_POISSON, TREND_METHODS, recent_trend_counts, trend_test
from cspkit.stats.forecast import forecast_monthly
from cspkit.stats.seasonal import seasonality_profile
from cspkit.stats.spc import seasonal_xmr_chart

# Minimum lengths of series, below which nothing is claimed (docs/decisions/0009):
MIN_TREND_MONTHS = 24
"""An annual rate of change only from two full years of usable months: with fewer, each calendar
month is seen once at most and the yearly cycle of crime (summer peaks) passes for a trend. Two
complete cycles is what a seasonal decomposition needs (statsmodels' ``seasonal_decompose``: "x must
contain 2 complete cycles"; STL, Cleveland et al. 1990)."""
MIN_SEASONAL_MONTHS = 24
"""Seasonality from two full years (the same decomposition minimum)."""
MIN_FORECAST_MONTHS = 24
"""Forecasts only from the seasonal exponential-smoothing model, which takes its starting seasonal
values from the first two years (Hyndman et al. 2008); a seasonal naive forecast from one year
would only repeat last year."""
MIN_SPC_MONTHS = 12
"""Control limits from at least 12 months: NHSRplotthedots, the Making Data Count reference
implementation, warns below 12 points (Making Data Count advises 15-20)."""
TOO_SHORT = "too few months"


def area_series(grouped: pd.DataFrame, area_key: str, months: Sequence[date]) -> pd.DataFrame:
    """Monthly counts of the area: crime_group, month, count (months given, zero where none)."""
    wanted = {pd.Timestamp(m) for m in months}
    rows = grouped[(grouped["area_key"] == area_key) & grouped["month"].isin(wanted)]
    return rows[["crime_group", "month", "count"]].reset_index(drop=True)


def trend_table(series: pd.DataFrame, flagged: set[date], method: str = QUASI_POISSON) -> pd.DataFrame:
    """Trend per crime group, over all months and over the unflagged months only.

    ``method`` is ``"quasi-poisson"`` (default: log-linear trend with an annual % change; with fewer
    than ``MIN_TREND_MONTHS`` usable months no trend is fitted, the verdict is ``TOO_SHORT`` and the
    statement says why) or
    ``"fingertips"`` (Fingertips' recent-trend chi-square test on the last five 12-month totals,
    which needs five unbroken years; no % change). The ``method`` column says which was used.
    """
    if method not in TREND_METHODS:
        raise ValueError(f"trend method must be one of {', '.join(TREND_METHODS)}, not {method!r}")
    rows = []
    flagged_ts = {pd.Timestamp(m) for m in flagged}
    for group, frame in series.groupby("crime_group", sort=False):
        frame = frame.sort_values("month")
        keep = ~frame["month"].isin(flagged_ts).to_numpy()
        if method == FINGERTIPS:
            rows.append({"crime_group": group, **_fingertips_trend(frame, keep)})
            continue
        times = years_since_first(frame["month"])
        counts = frame["count"].to_numpy(float)
        every = _fitted(counts, times)
        clean = _fitted(counts[keep], times[keep]) if (~keep).any() else every
        rows.append({
            "crime_group": group,
            "months_used": int(keep.sum()),
            "months_excluded": int((~keep).sum()),
            "months_needed": MIN_TREND_MONTHS,
            **clean,
            "verdict_all_months": every["verdict"],
            "annual_percent_change_all_months": every["annual_percent_change"],
            "method": QUASI_POISSON,
            "chi_square": np.nan,
        })
    return pd.DataFrame(rows)


def _fingertips_trend(frame: pd.DataFrame, keep: np.ndarray) -> dict:
    """Fingertips' recent trend on 12-month totals counted back from the latest month.

    Like Fingertips, only an unbroken run of valid totals is used: counting back stops at the first
    year with a flagged month.
    """
    counts, totals = frame["count"].to_numpy(float), []
    for end in range(len(counts), 11, -12):
        if not keep[end - 12:end].all():
            break
        totals.append(counts[end - 12:end].sum())
    result = recent_trend_counts(totals[::-1])
    direction = "flat" if not np.isfinite(result.slope) or result.slope == 0 else ("up" if result.slope > 0 else "down")
    return {
        "months_used": 12 * len(totals),
        "months_needed": 60,  # five 12-month totals
        "months_excluded": int((~keep).sum()),
        "annual_percent_change": np.nan,
        "lower_95": np.nan,
        "upper_95": np.nan,
        "p_value": result.p_value,
        "direction": direction,
        "verdict": result.verdict,
        "verdict_all_months": result.verdict,
        "annual_percent_change_all_months": np.nan,
        "method": FINGERTIPS,
        "chi_square": result.chi_square,
    }


def _fitted(counts: np.ndarray, times: np.ndarray) -> dict:
    """The trend's fields, or ``TOO_SHORT`` with no figures (and no fit) below the minimum length."""
    if len(counts) < MIN_TREND_MONTHS:
        return {"annual_percent_change": np.nan, "lower_95": np.nan, "upper_95": np.nan, "p_value": np.nan,
                "direction": "flat", "verdict": TOO_SHORT}
    fit = trend_test(counts, times=times)
    return {"annual_percent_change": fit.annual_percent_change, "lower_95": fit.lower, "upper_95": fit.upper,
            "p_value": fit.p_value, "direction": fit.direction, "verdict": fit.verdict}


def forecast_table(series: pd.DataFrame) -> pd.DataFrame:
    """Next 12 months with 95% prediction intervals, for groups with at least two years of months."""
    rows = []
    for group, frame in series.groupby("crime_group", sort=False):
        values = _indexed(frame)
        if len(values) < MIN_FORECAST_MONTHS:
            continue
        result = forecast_monthly(values, horizon=12, level=0.95)
        for month, row in result.table.iterrows():
            rows.append({"crime_group": group, "month": month.to_timestamp(), "forecast": row["forecast"],
                         "lower_95": row["lower"], "upper_95": row["upper"], "method": result.method})
    return pd.DataFrame(rows, columns=["crime_group", "month", "forecast", "lower_95", "upper_95", "method"])


def seasonality_table(series: pd.DataFrame) -> pd.DataFrame:
    """Seasonal index per group and calendar month, where two full years are loaded."""
    months = series["month"].nunique()
    if months < MIN_SEASONAL_MONTHS:
        return pd.DataFrame(columns=["group", "month_of_year", "month_name", "index", "runs_high", "runs_low"])
    counts = series.rename(columns={"crime_group": "crime_type"})
    return seasonality_profile(counts, group="crime_type", month="month", count="count")


def spc_table(series: pd.DataFrame) -> pd.DataFrame:
    """XmR chart points and signals per group, for groups with at least 12 months."""
    frames = []
    for group, frame in series.groupby("crime_group", sort=False):
        values = _indexed(frame)
        if len(values) < MIN_SPC_MONTHS or np.ptp(values.to_numpy()) == 0:
            continue
        chart, adjusted = seasonal_xmr_chart(values)
        points = chart.points.reset_index(names="month")
        points["seasonally_adjusted"] = adjusted
        points["month"] = points["month"].dt.to_timestamp() if hasattr(points["month"], "dt") else points["month"]
        points.insert(0, "crime_group", group)
        frames.append(points)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _indexed(frame: pd.DataFrame) -> pd.Series:
    frame = frame.sort_values("month")
    return pd.Series(frame["count"].to_numpy(float), index=pd.PeriodIndex(frame["month"], freq="M"))


def years_since_first(months: pd.Series | pd.Index) -> np.ndarray:
    """Each month's distance from the first, in years: the time axis of an annual-change trend."""
    first = months[0] if isinstance(months, pd.Index) else months.iloc[0]
    return np.array([(m.year - first.year) * 12 + m.month - first.month for m in months], dtype=float) / 12
