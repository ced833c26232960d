"""The 14 police.uk crime types with the mix, seasonality and trend the generators give them.

Shares are close to England and Wales street-level data (violence and sexual offences about
a third of rows, ASB about a fifth); seasonal peaks follow the familiar pattern (violence,
ASB and bicycle theft in summer, burglary and vehicle crime in the dark winter months);
trends are gentle and mixed (shoplifting rising, ASB and burglary falling) so a demo
assessment has both directions of travel to report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CrimeType:
    name: str
    share: float  # of all police.uk rows in a typical month
    seasonal_amplitude: float  # relative swing around the yearly mean
    peak_month: int  # calendar month (1-12) of the seasonal peak
    yearly_trend: float  # relative change per year, e.g. 0.12 = +12% a year


ASB = "Anti-social behaviour"

CRIME_TYPES: tuple[CrimeType, ...] = (
    CrimeType(ASB, 0.225, 0.25, 7, -0.05),
    CrimeType("Bicycle theft", 0.010, 0.35, 7, -0.06),
    CrimeType("Burglary", 0.042, 0.15, 12, -0.05),
    CrimeType("Criminal damage and arson", 0.078, 0.08, 10, -0.03),
    CrimeType("Drugs", 0.022, 0.05, 3, 0.05),
    CrimeType("Other crime", 0.020, 0.03, 6, 0.02),
    CrimeType("Other theft", 0.062, 0.06, 8, -0.02),
    CrimeType("Possession of weapons", 0.008, 0.06, 7, 0.04),
    CrimeType("Public order", 0.066, 0.10, 7, -0.03),
    CrimeType("Robbery", 0.010, 0.08, 12, 0.03),
    CrimeType("Shoplifting", 0.060, 0.06, 12, 0.14),
    CrimeType("Theft from the person", 0.010, 0.10, 12, 0.06),
    CrimeType("Vehicle crime", 0.054, 0.10, 11, -0.04),
    CrimeType("Violence and sexual offences", 0.333, 0.10, 7, 0.02),
)
NAMES: tuple[str, ...] = tuple(t.name for t in CRIME_TYPES)
ASB_INDEX = NAMES.index(ASB)
SHARES = np.array([t.share for t in CRIME_TYPES])


def monthly_factors(calendar_month: int, years_since_start: float) -> np.ndarray:
    """Multiplier for each crime type in one month: seasonal cosine times compound trend.

    The seasonal term averages 1 over a year, so a type's yearly total follows its trend alone.
    """
    amplitude = np.array([t.seasonal_amplitude for t in CRIME_TYPES])
    peak = np.array([t.peak_month for t in CRIME_TYPES])
    trend = np.array([t.yearly_trend for t in CRIME_TYPES])
    season = 1.0 + amplitude * np.cos(2.0 * np.pi * (calendar_month - peak) / 12.0)
    return season * (1.0 + trend) ** years_since_start
