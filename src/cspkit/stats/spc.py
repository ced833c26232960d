"""Statistical process control for monthly counts: an XmR chart and the usual special-cause rules.

The XmR (individuals and moving range) chart separates routine month-to-month noise (common
cause variation) from a signal worth acting on (special cause). It is the chart the NHS
"Making Data Count" programme teaches and many partnerships already read in board papers.

Limits: centre = mean of the baseline months; natural process limits = centre +/- 2.66 x the
mean moving range (2.66 = 3 / 1.128, so the limits sit three sigma from the centre). Moving
ranges of 3.267 x their mean or more (above the upper range limit) are screened out and the mean
recomputed, so one wild month does not widen the limits for every other.
Rules, as the NHS "Making Data Count" programme and its reference implementation
(NHSRplotthedots, NHS-R Community) apply them, each flagging the points that make it up:

1. beyond_limits: a point above the upper or below the lower process limit;
2. shift: ``shift_run`` (default 7) or more consecutive points on the same side of the centre
   line (a point exactly on the centre breaks a run);
3. trend: ``trend_run`` (default 7) or more consecutive points each higher (or each lower) than
   the one before (an equal value breaks a run);
4. two_of_three: two out of three consecutive points close to a limit (beyond two sigma but
   inside the limit) with all three on the same side of the centre; the close points are flagged.

Earlier versions used a 6-point trend and counted two-of-three windows across the centre line;
on a smooth seasonal series (crime peaks in summer) nearly every month then sat in some run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

SCALING = 2.66  # 3 / d2, d2 = 1.128 for moving ranges of two points
RANGE_LIMIT = 3.267  # D4 for ranges of two points: the upper limit of the moving range chart


@dataclass(frozen=True)
class XmRChart:
    """An XmR chart: its limits and one row per point with the rules each point breaks.

    ``points`` has columns value, moving_range, centre, lower, upper, beyond_limits, shift,
    trend, two_of_three, signal_high, signal_low (special cause above / below expectation).
    """

    centre: float
    mean_moving_range: float
    lower: float
    upper: float
    baseline_points: int
    points: pd.DataFrame

    @property
    def sigma(self) -> float:
        """One sigma of the process: a third of the distance from the centre to a limit."""
        return SCALING * self.mean_moving_range / 3

    @property
    def latest_signal(self) -> str | None:
        """'high' or 'low' if the most recent point is part of a special cause, else None."""
        last = self.points.iloc[-1]
        if last["signal_high"]:
            return "high"
        if last["signal_low"]:
            return "low"
        return None

    @property
    def emerging_issue(self) -> bool:
        """The latest month is a special cause on the high side: for a crime count, a rise to look at."""
        return self.latest_signal == "high"


def xmr_chart(
    values: pd.Series | Sequence[float],
    *,
    baseline: int | None = None,
    shift_run: int = 7,
    trend_run: int = 7,
    screen_outliers: bool = True,
) -> XmRChart:
    """Build an XmR chart and apply the special-cause rules (see the module notes).

    Parameters
    ----------
    values : pandas.Series or sequence of float
        The monthly series in time order; a Series keeps its index in the result.
    baseline : int, optional
        Compute the limits from the first ``baseline`` points only (then judge later points
        against them); default: all points. Making Data Count advises at least 15-20 points;
        NHSRplotthedots warns below 12.
    shift_run, trend_run : int
        Run lengths for the shift and trend rules (Making Data Count: 7 and 7; Wheeler: 8 and 6).
    screen_outliers : bool
        Leave moving ranges at or above 3.267 x their mean out of the mean moving range
        (NHSRplotthedots' ``screen_outliers``, on by default there too).

    References
    ----------
    Wheeler, D. J. (2000). Understanding variation: the key to managing chaos, 2nd ed. SPC Press.
    NHS England and NHS Improvement (2019). Making Data Count: getting started, and the
    "Making Data Count" SPC guidance (run rules: shift, trend, two of three close to a limit).
    NHS-R Community, NHSRplotthedots (R package): ``ptd_spc_standard`` and
    ``ptd_calculate_point_type``, the Making Data Count rules in code; the tests reproduce
    the cases in its test suite.
    Western Electric Company (1956). Statistical quality control handbook.
    """
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    x = np.asarray(series, dtype=float)
    if not np.isfinite(x).all():
        raise ValueError("an XmR chart needs a value for every point")
    used = len(x) if baseline is None else baseline
    if not 2 <= used <= len(x):
        raise ValueError(f"the baseline needs 2 to {len(x)} points; got {used}")
    if shift_run < 2 or trend_run < 2:
        raise ValueError("run lengths must be at least 2 points")
    centre = float(x[:used].mean())
    ranges = np.abs(np.diff(x[:used]))
    mr_bar = float(ranges.mean())
    if screen_outliers and mr_bar > 0:
        mr_bar = float(ranges[ranges < RANGE_LIMIT * mr_bar].mean())
    lower, upper = centre - SCALING * mr_bar, centre + SCALING * mr_bar
    two_sigma = 2 * SCALING * mr_bar / 3

    above, below = x > centre, x < centre
    rising = np.r_[False, np.diff(x) > 0]
    falling = np.r_[False, np.diff(x) < 0]
    beyond_high, beyond_low = x > upper, x < lower
    shift_high, shift_low = _runs(above, shift_run), _runs(below, shift_run)
    trend_high, trend_low = _trend_runs(rising, trend_run), _trend_runs(falling, trend_run)
    side = np.sign(x - centre)
    near_high = _two_of_three((x > centre + two_sigma) & ~beyond_high, side)
    near_low = _two_of_three((x < centre - two_sigma) & ~beyond_low, side)

    points = pd.DataFrame(
        {
            "value": x,
            "moving_range": np.r_[np.nan, np.abs(np.diff(x))],
            "centre": centre,
            "lower": lower,
            "upper": upper,
            "beyond_limits": beyond_high | beyond_low,
            "shift": shift_high | shift_low,
            "trend": trend_high | trend_low,
            "two_of_three": near_high | near_low,
            "signal_high": beyond_high | shift_high | trend_high | near_high,
            "signal_low": beyond_low | shift_low | trend_low | near_low,
        },
        index=series.index,
    )
    return XmRChart(centre, mr_bar, lower, upper, used, points)


def _runs(condition: np.ndarray, length: int) -> np.ndarray:
    """Mark every element of each run of at least ``length`` consecutive True values."""
    flagged = np.zeros(len(condition), dtype=bool)
    start = None
    for i, c in enumerate(np.r_[condition, False]):
        if c and start is None:
            start = i
        elif not c and start is not None:
            if i - start >= length:
                flagged[start:i] = True
            start = None
    return flagged


def _trend_runs(step: np.ndarray, length: int) -> np.ndarray:
    """Mark points in runs of ``length`` points each beyond the previous.

    ``step[i]`` says point i is beyond point i-1 (``step[0]`` is False). A run of n steps spans
    n + 1 points, so the point each run starts from is marked too.
    """
    flagged = _runs(step, length - 1)
    starts = np.flatnonzero(flagged & ~np.r_[False, flagged[:-1]])
    flagged[starts - 1] = True
    return flagged


def _two_of_three(close: np.ndarray, side: np.ndarray) -> np.ndarray:
    """Mark the close points of every window of three points, all on one side of the centre,
    at least two of which are close to a limit."""
    flagged = np.zeros(len(close), dtype=bool)
    for i in range(len(close) - 2):
        window = close[i : i + 3]
        if window.sum() >= 2 and abs(side[i : i + 3].sum()) == 3:
            flagged[i : i + 3] |= window
    return flagged


def seasonal_xmr_chart(series: pd.Series, *, alpha: float = 0.05, **rules: object) -> tuple[XmRChart, bool]:
    """An XmR chart that allows for a stable seasonal pattern; also says whether it did.

    XmR limits assume months vary at random around one level. Recorded crime has a yearly cycle
    (violence and ASB peak in summer), so on raw counts every half-cycle of six or seven rising or
    falling months is a "trend", and summer and winter fall outside limits set by the small
    month-to-month ranges: the season itself is flagged as special cause. When the series has two
    full years and its seasonal pattern is stable (the Kruskal-Wallis test of the detrended months
    by calendar month, as ``seasonality_profile``, p < ``alpha``), the rules are applied to the
    seasonally adjusted series (count minus the STL seasonal component, averaged by calendar month),
    and the centre line and limits are drawn back around the seasonal pattern, so ``value`` stays
    the recorded count. Otherwise it is the ordinary chart.

    References
    ----------
    Wheeler, D. J. (2003). Making sense of data: SPC for the service sector. SPC Press (charts for
    seasonal data: limits on deseasonalised values).
    """
    from cspkit.stats.seasonal import PERIOD, _kruskal_p, decompose

    values = series.astype(float)
    if len(values) < 2 * PERIOD:
        return xmr_chart(values, **rules), False
    parts = decompose(values).components
    detrended = parts["observed"] - parts["trend"]
    by_month = [detrended[parts.index.month == m].to_numpy() for m in range(1, PERIOD + 1)]
    if _kruskal_p(by_month) >= alpha:
        return xmr_chart(values, **rules), False
    seasonal = parts["seasonal"].groupby(parts.index.month).transform("mean").to_numpy()
    chart = xmr_chart(pd.Series(values.to_numpy() - seasonal, index=values.index), **rules)
    points = chart.points.copy()
    points["value"] = values.to_numpy()
    for column in ("centre", "lower", "upper"):
        points[column] = points[column] + seasonal
    points["seasonal"] = seasonal
    return XmRChart(chart.centre, chart.mean_moving_range, chart.lower, chart.upper, chart.baseline_points,
                    points), True
