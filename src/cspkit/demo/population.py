"""Mid-year population of the demo LSOAs and districts by single year of age.

LSOAs hold about 1,650 people each (as real ones do). The age mix starts from an England-like
profile and shifts with place: deprived urban LSOAs are younger, rural ones older, and the
centre of the cathedral city of Oakminster holds a university's students. District files are
the exact sums of their LSOAs, as in the ONS releases.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from cspkit.demo.geography import Geography

YEAR = 2022
AGES = (*(str(age) for age in range(90)), "90+")
# Share of people at each single year of age (per cent), England-like, interpolated between nodes.
_NODES = ((0, 1.08), (10, 1.22), (17, 1.15), (20, 1.20), (30, 1.40), (40, 1.30), (50, 1.42), (57, 1.40), (65, 1.15))
_NODES += ((72, 1.10), (80, 0.70), (89, 0.25))
_OVER_90 = 0.85
STUDENT_DISTRICT = "Oakminster"


def _base_profile() -> np.ndarray:
    ages, shares = zip(*_NODES, strict=True)
    profile = np.append(np.interp(np.arange(90), ages, shares), _OVER_90)
    return profile / profile.sum()


def lsoa_population(geography: Geography, deprivation: np.ndarray, seed: int) -> np.ndarray:
    """People by LSOA (rows) and single year of age 0..89, 90+ (columns), whole numbers."""
    rng = np.random.default_rng([seed, 30])
    g = geography
    ages = np.arange(91)
    rural = 1.0 - g.lsoa_urban
    students = np.zeros(g.lsoa_count, dtype=bool)
    student_district = next(i for i, d in enumerate(g.districts) if d.name == STUDENT_DISTRICT)
    students[(g.lsoa_district == student_district) & (g.lsoa_urban > 0.8)] = True

    weights = np.tile(_base_profile(), (g.lsoa_count, 1))
    young = deprivation[:, None] * np.where(ages < 16, 0.20, np.where(ages >= 65, -0.20, 0.0))
    weights *= np.exp(young)
    weights *= 1.0 + rural[:, None] * np.where(ages >= 50, 0.45, np.where((ages >= 20) & (ages < 36), -0.35, 0.0))
    weights[students] *= np.where((ages >= 18) & (ages <= 22), 8.0, 1.0)
    weights /= weights.sum(axis=1, keepdims=True)

    totals = np.clip(np.round(rng.normal(1_650, 180, g.lsoa_count) + 700 * students), 1_000, 3_200).astype(int)
    return np.array([rng.multinomial(total, p) for total, p in zip(totals, weights, strict=True)])


def district_population(geography: Geography, by_lsoa: np.ndarray) -> np.ndarray:
    """Districts' people by age: the exact sum of their LSOAs."""
    return np.array([by_lsoa[geography.lsoa_district == d].sum(axis=0) for d in range(len(geography.districts))])


def _write(path: Path, leading: dict[str, list[str]], counts: np.ndarray) -> Path:
    columns = {name: pa.array(values) for name, values in leading.items()}
    columns["total_population"] = pa.array([f"{v:.1f}" for v in counts.sum(axis=1)])
    for i, age in enumerate(AGES):
        columns[age] = pa.array([f"{v:.1f}" for v in counts[:, i]])
    path.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(pa.table(columns), path, pacsv.WriteOptions(quoting_style="none", quoting_header="none"))
    return path


def write_lsoa_population(geography: Geography, by_lsoa: np.ndarray, path: Path) -> Path:
    """The ONS layout: lsoa11_name, lsoa11_code, total_population, 0 .. 89, 90+ (numbers as 1944.0)."""
    return _write(path, {"lsoa11_name": list(geography.lsoa_names), "lsoa11_code": list(geography.lsoa_codes)}, by_lsoa)


def write_district_population(geography: Geography, by_lsoa: np.ndarray, path: Path) -> Path:
    """The ONS district layout: ltla21_code, ltla21_name, total_population, 0 .. 89, 90+."""
    leading = {
        "ltla21_code": [d.code for d in geography.districts],
        "ltla21_name": [d.name for d in geography.districts],
    }
    return _write(path, leading, district_population(geography, by_lsoa))
