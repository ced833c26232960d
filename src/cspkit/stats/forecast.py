"""Forecast the next months of a monthly count, with prediction intervals.

Why these models. A partnership has 2 to 5 years of monthly counts (police.uk keeps three
years), often small and sometimes zero, so the method must be stable on 24-60 points:

* 24 months or more: exponential smoothing with additive errors and additive seasonality,
  ETS(A,N,A), or the same with a damped trend, ETS(A,Ad,A), whichever has the lower AICc.
  Additive (not multiplicative) components tolerate months with zero crimes; the damped
  trend does not project a short rise or fall for ever; heuristic initial states (from a
  decomposition of the first two years) keep the number of estimated parameters small.
  Intervals are the analytic ones for these linear models (Hyndman et al. 2008, ch. 6).
* 12 to 23 months: too short to fit a seasonal model, so the seasonal naive forecast (each
  month as the same month last year), intervals widening by sqrt(years ahead + 1).
* fewer than 12 months: refused; no honest monthly forecast is possible.

Counts cannot be negative, so forecasts and lower limits are floored at zero.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.tools.sm_exceptions import ConvergenceWarning
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from cspkit.stats._monthly import monthly_series

PERIOD = 12
ETS_CANDIDATES = (("ETS(A,N,A)", None, False), ("ETS(A,Ad,A)", "add", True))


@dataclass(frozen=True)
class Forecast:
    """Forecasts for the months after a series.

    ``table`` is indexed by month (pandas Period) with columns forecast, lower, upper;
    ``method`` names the model used, ``level`` the coverage of the prediction interval and
    ``parameters`` the fitted values an analyst may be asked for (smoothing parameters and the
    residual variance ``sigma2``).
    """

    table: pd.DataFrame
    method: str
    level: float
    observations: int
    parameters: dict[str, float]


def forecast_monthly(series: pd.Series, *, horizon: int = 12, level: float = 0.95) -> Forecast:
    """Forecast ``horizon`` months ahead with a ``level`` prediction interval (see the module notes).

    Parameters
    ----------
    series : pandas.Series
        Counts indexed by month, consecutive, at least 12 months.
    horizon : int
        Months to forecast (default 12: the next year).
    level : float
        Coverage of the prediction interval, between 0 and 1 (default 0.95).

    References
    ----------
    Hyndman, R. J., Koehler, A. B., Ord, J. K. and Snyder, R. D. (2008). Forecasting with
    exponential smoothing: the state space approach. Springer. (Table 6.1: forecast variances.)
    Hyndman, R. J. and Athanasopoulos, G. (2021). Forecasting: principles and practice, 3rd ed.,
    sections 5.2 and 5.5 (seasonal naive method and its prediction intervals).
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1; got {level}")
    if horizon < 1:
        raise ValueError(f"horizon must be at least 1 month; got {horizon}")
    values = monthly_series(series)
    n = len(values)
    if n < PERIOD:
        raise ValueError(f"a monthly forecast needs at least {PERIOD} consecutive months; got {n}")
    months = pd.period_range(values.index[-1] + 1, periods=horizon, freq="M")
    if np.ptp(values.to_numpy()) == 0:
        mean = np.full(horizon, values.iloc[0])
        lower, upper, method, parameters = mean, mean, "constant (every month equal)", {"sigma2": 0.0}
    elif n < 2 * PERIOD:
        mean, lower, upper, parameters = _seasonal_naive(values.to_numpy(), horizon, level)
        method = "seasonal naive"
    else:
        mean, lower, upper, method, parameters = _ets(values.to_numpy(), horizon, level)
    table = pd.DataFrame(
        {"forecast": np.maximum(mean, 0.0), "lower": np.maximum(lower, 0.0), "upper": np.maximum(upper, 0.0)},
        index=pd.PeriodIndex(months, name="month"),
    )
    return Forecast(table, method, level, n, parameters)


def _seasonal_naive(
    y: np.ndarray, horizon: int, level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, float]]:
    """Same month last year; sigma from the year-on-year residuals, widened by sqrt(k + 1)."""
    steps = np.arange(horizon)
    mean = y[len(y) - PERIOD + steps % PERIOD]
    residuals = y[PERIOD:] - y[:-PERIOD]
    sigma = np.sqrt(np.mean(residuals**2))
    years_ahead = steps // PERIOD
    half = stats.norm.ppf(0.5 + level / 2) * sigma * np.sqrt(years_ahead + 1)
    return mean, mean - half, mean + half, {"sigma2": float(sigma**2)}


def _ets(
    y: np.ndarray, horizon: int, level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, str, dict[str, float]]:
    """Fit each candidate ETS model, keep the lowest AICc, return its forecasts and intervals."""
    endog = pd.Series(y)
    best = None
    for name, trend, damped in ETS_CANDIDATES:
        model = ETSModel(
            endog,
            error="add",
            trend=trend,
            damped_trend=damped,
            seasonal="add",
            seasonal_periods=PERIOD,
            initialization_method="heuristic",
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            fit = model.fit(disp=False)
        if best is None or fit.aicc < best[1].aicc:
            best = (name, fit)
    name, fit = best
    frame = fit.get_prediction(start=len(y), end=len(y) + horizon - 1).summary_frame(alpha=1 - level)
    parameters = {
        "smoothing_level": float(fit.smoothing_level),
        "smoothing_seasonal": float(fit.smoothing_seasonal),
        "sigma2": float(fit.mse),
    }
    if fit.model.has_trend:
        parameters["smoothing_trend"] = float(fit.smoothing_trend)
        parameters["damping_trend"] = float(fit.damping_trend)
    mean, lower, upper = (frame[c].to_numpy() for c in ("mean", "pi_lower", "pi_upper"))
    return mean, lower, upper, name, parameters
