"""The demo force's stop-and-search files and the Census ethnic-group table they are compared with.

Searches follow the national picture of recent Home Office statistics: most under the Misuse
of Drugs Act, looking for drugs; about seven in ten end with no further action; an arrest in
about one in seven; the outcome linked to the object of search in about a quarter. Black and
Mixed residents are searched more often than White residents (about four and two times), so
the disproportionality table has something to find. Dates are written as police.uk writes them:
UTC with its offset, in daytime hours.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from cspkit.demo.crimes import MONTHS, PointTable
from cspkit.demo.geography import FORCE_SLUG, Geography
from cspkit.demo.police_uk_format import month_labels, write_police_csv

STOP_SEARCH_COLUMNS = (
    "Type", "Date", "Part of a policing operation", "Policing operation", "Latitude", "Longitude", "Gender",
    "Age range", "Self-defined ethnicity", "Officer-defined ethnicity", "Legislation", "Object of search",
    "Outcome", "Outcome linked to object of search", "Removal of more than just outer clothing",
)
SEARCHES_PER_1000 = 4.5  # a year, per resident: a mid-table force
ETHNIC_SHARES = {"White": 0.885, "Asian": 0.055, "Black": 0.02, "Mixed": 0.025, "Other": 0.015}
SEARCH_WEIGHT = {"White": 1.0, "Asian": 1.3, "Black": 4.0, "Mixed": 2.0, "Other": 1.2}
SELF_DEFINED = {
    "White": ("White - English/Welsh/Scottish/Northern Irish/British", "White - Any other White background"),
    "Asian": ("Asian/Asian British - Pakistani", "Asian/Asian British - Indian", "Asian/Asian British - Bangladeshi"),
    "Black": ("Black/African/Caribbean/Black British - Caribbean", "Black/African/Caribbean/Black British - African"),
    "Mixed": ("Mixed/Multiple ethnic groups - White and Black Caribbean",
              "Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background"),
    "Other": ("Other ethnic group - Any other ethnic group",),
}
NOT_STATED = "Other ethnic group - Not stated"
_LEGISLATION = {"Misuse of Drugs Act 1971 (section 23)": 0.62,
                "Police and Criminal Evidence Act 1984 (section 1)": 0.35,
                "Criminal Justice and Public Order Act 1994 (section 60)": 0.02, "Firearms Act 1968 (section 47)": 0.01}
_PACE_OBJECTS = {"Offensive weapons": 0.35, "Stolen goods": 0.3, "Articles for use in criminal damage": 0.15,
                 "Evidence of offences under the Act": 0.2}
_OUTCOMES = {"A no further action disposal": 0.69, "Arrest": 0.14, "Community resolution": 0.08,
             "Khat or Cannabis warning": 0.04, "Penalty Notice for Disorder": 0.02, "Summons / charged by post": 0.02,
             "Caution (simple or conditional)": 0.01}
_AGES = {"10-17": 0.2, "18-24": 0.35, "25-34": 0.25, "over 34": 0.19, "under 10": 0.01}


def _pick(rng: np.random.Generator, options: dict[str, float], n: int) -> np.ndarray:
    names = np.array(list(options), dtype=object)
    weights = np.array(list(options.values()))
    return names[rng.choice(len(names), n, p=weights / weights.sum())]


def _objects(rng: np.random.Generator, legislation: np.ndarray) -> np.ndarray:
    objects = _pick(rng, _PACE_OBJECTS, len(legislation))
    objects[legislation == "Misuse of Drugs Act 1971 (section 23)"] = "Controlled drugs"
    objects[legislation == "Criminal Justice and Public Order Act 1994 (section 60)"] = "Offensive weapons"
    objects[legislation == "Firearms Act 1968 (section 47)"] = "Firearms"
    return objects


def search_month(rng: np.random.Generator, month: str, searches: int, points: PointTable) -> dict[str, pa.Array]:
    """One month of searches, as the columns of a police.uk stop-and-search file."""
    n = searches
    weights = {g: ETHNIC_SHARES[g] * SEARCH_WEIGHT[g] for g in ETHNIC_SHARES}
    group = _pick(rng, weights, n)
    self_defined = np.array([SELF_DEFINED[g][rng.integers(len(SELF_DEFINED[g]))] for g in group], dtype=object)
    self_defined[rng.random(n) < 0.08] = NOT_STATED
    officer = group.copy()
    officer[officer == "Mixed"] = np.where(rng.random(int((officer == "Mixed").sum())) < 0.5, "Black", "White")
    legislation = _pick(rng, _LEGISLATION, n)
    outcome = _pick(rng, _OUTCOMES, n)
    found = outcome != "A no further action disposal"
    linked = np.where(found, np.where(rng.random(n) < 0.78, "True", "False"),
                      np.where(rng.random(n) < 0.5, "False", ""))
    days = pd.Period(month, "M").days_in_month
    day, hour, minute = rng.integers(1, days + 1, n), rng.integers(6, 22, n), rng.integers(0, 60, n)
    dates = [f"{month}-{d:02d}T{h:02d}:{m:02d}:00+00:00" for d, h, m in zip(day, hour, minute, strict=True)]
    point = rng.integers(0, points.neighbour_first, n)
    located = pa.array(rng.random(n) > 0.03)
    blank = pa.scalar("")
    latitude = pa.compute.if_else(located, points.columns["Latitude"].take(pa.array(point)), blank)
    longitude = pa.compute.if_else(located, points.columns["Longitude"].take(pa.array(point)), blank)
    kind = _pick(rng, {"Person search": 0.9, "Person and Vehicle search": 0.08, "Vehicle search": 0.02}, n)
    return {
        "Type": pa.array(kind, pa.string()), "Date": pa.array(dates, pa.string()),
        "Part of a policing operation": pa.array(np.where(rng.random(n) < 0.05, "True", "False"), pa.string()),
        "Policing operation": pa.repeat(blank, n), "Latitude": latitude, "Longitude": longitude,
        "Gender": pa.array(np.where(rng.random(n) < 0.9, "Male", "Female"), pa.string()),
        "Age range": pa.array(_pick(rng, _AGES, n), pa.string()),
        "Self-defined ethnicity": pa.array(self_defined, pa.string()),
        "Officer-defined ethnicity": pa.array(officer, pa.string()),
        "Legislation": pa.array(legislation, pa.string()),
        "Object of search": pa.array(_objects(rng, legislation), pa.string()),
        "Outcome": pa.array(outcome, pa.string()),
        "Outcome linked to object of search": pa.array(linked, pa.string()),
        "Removal of more than just outer clothing": pa.array(np.where(rng.random(n) < 0.02, "True", "False"),
                                                             pa.string()),
    }


def write_stop_search_files(folder: Path, residents: float, points: PointTable, first_month: str, seed: int,
                            ) -> list[Path]:
    """``folder/YYYY-MM/YYYY-MM-mercia-vale-stop-and-search.csv`` for every month."""
    rng = np.random.default_rng([seed, 70])
    expected = residents * SEARCHES_PER_1000 / 1000 / 12
    written = []
    for month in month_labels(first_month, MONTHS):
        path = folder / f"{month}/{month}-{FORCE_SLUG}-stop-and-search.csv"
        write_police_csv(path, search_month(rng, month, int(rng.poisson(expected)), points), STOP_SEARCH_COLUMNS)
        written.append(path)
    return written


def write_census_ethnicity(geography: Geography, district_residents: np.ndarray, seed: int, path: Path) -> Path:
    """The Nomis bulk layout of Census 2021 TS021 for the demo districts (high-level groups and totals)."""
    rng = np.random.default_rng([seed, 71])
    rows = []
    for district, total in zip(geography.districts, district_residents, strict=True):
        shares = rng.dirichlet(np.array(list(ETHNIC_SHARES.values())) * 400)
        counts = np.floor(shares * total).astype(int)
        counts[0] += round(total) - counts.sum()
        by_group = dict(zip(ETHNIC_SHARES, counts, strict=True))
        rows.append({
            "date": 2021, "geography": district.name, "geography code": district.code,
            "Ethnic group: Total: All usual residents": int(counts.sum()),
            "Ethnic group: Asian, Asian British or Asian Welsh": by_group["Asian"],
            "Ethnic group: Black, Black British, Black Welsh, Caribbean or African": by_group["Black"],
            "Ethnic group: Mixed or Multiple ethnic groups": by_group["Mixed"],
            "Ethnic group: White": by_group["White"],
            "Ethnic group: Other ethnic group": by_group["Other"],
        })
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(path, index=False)
    return path
