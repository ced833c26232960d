"""Partner indicators for the demo districts, in cspkit's generic partner CSV layout.

Columns ``area_code, period, measure, value, denominator, source``, one row per district and
period, at the frequency each partner really reports:

* deliberate fires (fire and rescue service), monthly, peaking with spring grass fires and
  around Bonfire Night, more in deprived districts;
* domestic abuse-related incidents and crimes (police), monthly, rising gently;
* successful completions from drug treatment (treatment provider), by financial quarter,
  out of the number in treatment;
* proven reoffending (probation), by financial year, out of the offender cohort.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from cspkit.demo.crimes import MONTHS
from cspkit.demo.geography import FORCE_NAME, Geography
from cspkit.demo.home_office import financial_quarter
from cspkit.demo.police_uk_format import month_labels

COLUMNS = ("area_code", "period", "measure", "value", "denominator", "source")
FIRES, DOMESTIC, TREATMENT, REOFFENDING = (
    "Deliberate fires",
    "Domestic abuse-related incidents and crimes",
    "Successful completions from drug treatment",
    "Proven reoffending",
)
FIRE_SERVICE = "Mercia Vale Fire and Rescue Service"
_FIRE_SEASON = {1: 0.7, 2: 0.8, 3: 1.2, 4: 1.6, 5: 1.4, 6: 1.1, 7: 1.1, 8: 1.0, 9: 0.8, 10: 0.9, 11: 1.3, 12: 0.6}


def indicator_rows(
    geography: Geography, residents: np.ndarray, deprivation: np.ndarray, first_month: str, seed: int
) -> list[tuple]:
    """Every indicator row for the demo period, districts in code order."""
    rng = np.random.default_rng([seed, 80])
    months = month_labels(first_month, MONTHS)
    people = np.array([residents[geography.lsoa_district == d].sum() for d in range(len(geography.districts))])
    need = np.array([np.exp(0.5 * deprivation[geography.lsoa_district == d]).mean() for d in range(len(people))])
    rows: list[tuple] = []
    for d, district in enumerate(geography.districts):
        for m, month in enumerate(months):
            fires = rng.poisson(people[d] / 1000 * 0.045 * need[d] * _FIRE_SEASON[int(month[5:])])
            rows.append((district.code, month, FIRES, fires, "", FIRE_SERVICE))
            domestic = rng.poisson(people[d] / 1000 * 1.35 * need[d] * (1 + 0.04 * m / 12))
            rows.append((district.code, month, DOMESTIC, domestic, "", FORCE_NAME))
        quarters = sorted({financial_quarter(int(month[:4]), int(month[5:])) for month in months})
        for year, quarter in quarters:
            in_treatment = rng.poisson(people[d] / 1000 * 2.4 * need[d])
            completed = rng.binomial(in_treatment, 0.18 + 0.01 * (quarter % 2))
            rows.append(
                (district.code, f"{year} Q{quarter}", TREATMENT, completed, in_treatment, "Mercia Vale Recovery")
            )
        for year in sorted({year for year, _ in quarters})[:-1]:
            cohort = rng.poisson(people[d] / 1000 * 1.9 * need[d])
            rows.append((district.code, year, REOFFENDING, rng.binomial(cohort, 0.26), cohort, "Probation Service"))
    return rows


def write_indicators(
    geography: Geography, residents: np.ndarray, deprivation: np.ndarray, first_month: str, seed: int, path: Path
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(indicator_rows(geography, residents, deprivation, first_month, seed))
    return path
