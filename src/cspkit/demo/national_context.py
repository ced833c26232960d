"""The demo's national context: published crime rates by area and Hartbury's Most Similar Group.

A real partnership downloads the ONS/Home Office table of recorded crime rates by Community
Safety Partnership (one row per area: England and Wales, the regions, forces and CSPs, a column
of rates per 1,000 residents per offence group) and takes its Most Similar Group from iQuanta.
The demo writes both, fictional, in those layouts, so its report has every comparator.

The demo's own districts get the rates their police.uk records give (so the two sources agree
as closely as real ones do); England and Wales, the region and the other, invented partnerships
are drawn around typical national rates from one seeded stream.
"""

from __future__ import annotations

import calendar
import csv
from pathlib import Path

import numpy as np

from cspkit.demo import crime_types, names
from cspkit.demo.crimes import FIRST_MONTH, MONTHS, PointTable, StreetCrimes
from cspkit.demo.geography import REGION_CODE, REGION_NAME, Geography
from cspkit.demo.police_uk_format import month_labels

#: Published offence group -> (police.uk crime types it adds up to, typical England and Wales rate per 1,000).
GROUPS: dict[str, tuple[tuple[str, ...], float]] = {
    "Total recorded crime (excluding fraud)": ((), 88.0),
    "Violence against the person": (("Violence and sexual offences",), 34.0),
    "Sexual offences": ((), 3.3),
    "Robbery": (("Robbery",), 1.3),
    "Burglary": (("Burglary",), 3.9),
    "Vehicle offences": (("Vehicle crime",), 5.9),
    "Theft from the person": (("Theft from the person",), 1.9),
    "Bicycle theft": (("Bicycle theft",), 1.2),
    "Shoplifting": (("Shoplifting",), 7.6),
    "All other theft offences": (("Other theft",), 7.5),
    "Criminal damage and arson": (("Criminal damage and arson",), 8.3),
    "Drug offences": (("Drugs",), 3.1),
    "Possession of weapons offences": (("Possession of weapons",), 0.9),
    "Public order offences": (("Public order",), 7.3),
    "Miscellaneous crimes against society": (("Other crime",), 1.9),
    "Anti-social behaviour incidents": (("Anti-social behaviour",), 17.5),
}
NATIONAL = ("K04000001", "England and Wales")
#: The title line above the table, as a published table saved as CSV keeps it: what it is and for which year.
TITLE = ("Police recorded crime by Community Safety Partnership area, rates per 1,000 residents, year ending "
         "{ending} (Home Office / ONS; fictional demo figures)")
MSG_SIZE = 15
OTHER_PARTNERSHIPS = 60
_STREAM = 71  # seed-sequence tag of this step


def write_national_context(geography: Geography, street: StreetCrimes, points: PointTable,
                           residents: np.ndarray, seed: int, folder: Path) -> list[Path]:
    """Write ``csp-crime-rates.csv`` (the published table) and ``most-similar-group.csv``; return both paths."""
    rng = np.random.default_rng([seed, _STREAM])
    folder.mkdir(parents=True, exist_ok=True)
    national = {group: typical for group, (_, typical) in GROUPS.items()}
    rows = [(*NATIONAL, national), (REGION_CODE, REGION_NAME, _around(rng, national, 0.04))]
    own = _own_rates(geography, street, points, residents)
    rows += [(code, name, rates) for code, name, rates in own]
    others = names.place_names(rng, OTHER_PARTNERSHIPS + len(own))
    taken = {name for _, name, _ in own}
    others = [name for name in others if name not in taken][:OTHER_PARTNERSHIPS]
    for number, name in enumerate(others, start=1):
        rows.append((f"E22800{number:03d}", name, _around(rng, national, 0.22)))
    rates_path = folder / "csp-crime-rates.csv"
    with rates_path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow([TITLE.format(ending=_year_ending())])
        writer.writerow(["Area Code", "Area Name", *GROUPS])
        for code, name, rates in rows:
            writer.writerow([code, name, *(f"{rates[group]:.1f}" for group in GROUPS)])
    # The peers most like the first district (the demo's main partnership) in overall crime.
    first = own[0][2][next(iter(GROUPS))] if own else national[next(iter(GROUPS))]
    candidates = sorted(rows[2 + len(own):], key=lambda row: abs(row[2][next(iter(GROUPS))] - first))
    msg_path = folder / "most-similar-group.csv"
    with msg_path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Area Code", "Area Name"])
        writer.writerows((code, name) for code, name, _ in candidates[:MSG_SIZE])
    return [rates_path, msg_path]


def _year_ending() -> str:
    """The last month of the demo's police.uk records, in words: the year the published rates cover
    (the demo's own districts get the rates of their latest 12 months)."""
    last = month_labels(FIRST_MONTH, MONTHS)[-1]
    return f"{calendar.month_name[int(last[5:])]} {last[:4]}"


def _around(rng: np.random.Generator, national: dict[str, float], spread: float) -> dict[str, float]:
    """Rates near the national ones: an area-wide level times a smaller per-group wobble."""
    level = rng.lognormal(0.0, spread)
    rates = {g: v * level * rng.lognormal(0.0, spread / 2) for g, v in national.items() if GROUPS[g][0]}
    rates["Sexual offences"] = national["Sexual offences"] * level
    recorded = [g for g in rates if g != "Anti-social behaviour incidents"]
    rates["Total recorded crime (excluding fraud)"] = sum(rates[g] for g in recorded)
    return {g: rates[g] for g in GROUPS}


def _own_rates(geography: Geography, street: StreetCrimes, points: PointTable,
               residents: np.ndarray) -> list[tuple[str, str, dict[str, float]]]:
    """Each demo district's rates over the latest 12 months of its police.uk records."""
    inside = len(points.in_area.lsoa)
    recent = (street.month >= street.month.max() - 11) & (street.point < inside)
    lsoa = points.in_area.lsoa[street.point[recent]]
    district = geography.lsoa_district[lsoa]
    types = np.asarray(crime_types.NAMES, dtype=object)[street.crime_type[recent]]
    found = []
    for index, area in enumerate(geography.districts):
        people = float(residents[geography.lsoa_district == index].sum())
        named, counts = np.unique(types[district == index], return_counts=True)
        by_type = dict(zip(named, counts, strict=True))
        rates = {group: sum(float(by_type.get(t, 0)) for t in members) / people * 1000
                 for group, (members, _) in GROUPS.items() if members}
        violence = rates["Violence against the person"]
        rates["Violence against the person"], rates["Sexual offences"] = violence * 0.91, violence * 0.09
        recorded = [g for g in rates if g != "Anti-social behaviour incidents"]
        rates["Total recorded crime (excluding fraud)"] = sum(rates[g] for g in recorded)
        found.append((area.csp_code, area.name, {g: rates[g] for g in GROUPS}))
    return found
