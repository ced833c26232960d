"""The Home Office police recorded crime table by Community Safety Partnership, for the demo.

Same layout as the published ``prc-csp`` open data tables: one row per financial quarter, CSP
and offence code, with the offence's description, group and subgroup, counts padded with
spaces and zero written ``-00``. Counts come from the demo's own street-level crimes (each
police.uk crime type split over its Home Office offence codes in typical proportions), so the
two sources agree as closely as real ones do. ASB is not a recorded crime and is left out.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from cspkit.demo import crime_types
from cspkit.demo.crimes import MONTHS, PointTable, StreetCrimes
from cspkit.demo.geography import FORCE_AREA, Geography

COLUMNS = (
    "Financial Year", "Financial Quarter", "Force Name", "CSP Name", "Offence Description",
    "Offence Group", "Offence Subgroup", "Offence Code", "Number of Offences",
)  # fmt: skip

_VAP, _SEX, _THEFT, _CDA = (
    "Violence against the person",
    "Sexual offences",
    "Theft offences",
    "Criminal damage and arson",
)
_MISC, _WEAPONS, _ORDER = (
    "Miscellaneous crimes against society",
    "Possession of weapons offences",
    "Public order offences",
)
_VSO = "Violence and sexual offences"  # the police.uk type of every violent and sexual offence
# (offence code, description, group, subgroup, police.uk crime type, typical share of that type)
OFFENCES: tuple[tuple[str, str, str, str, str, float], ...] = (
    ("1/4.1/4.10/4.2", "Homicide", _VAP, "Homicide", _VSO, 0.0004),
    ("5D", "Assault with intent to cause serious harm", _VAP, "Violence with injury", _VSO, 0.012),
    ("8N", "Assault with injury", _VAP, "Violence with injury", _VSO, 0.21),
    ("105A", "Assault without injury", _VAP, "Violence without injury", _VSO, 0.20),
    ("3B", "Threats to kill", _VAP, "Violence without injury", _VSO, 0.015),
    ("8L", "Harassment", _VAP, "Stalking and harassment", _VSO, 0.09),
    ("8Q", "Stalking", _VAP, "Stalking and harassment", _VSO, 0.035),
    ("8R", "Malicious Communications", _VAP, "Stalking and harassment", _VSO, 0.11),
    ("8U", "Controlling or coercive behaviour", _VAP, "Stalking and harassment", _VSO, 0.04),
    ("19C", "Rape of a female aged 16 and over", _SEX, "Rape offences", _VSO, 0.02),
    ("20A", "Sexual assault on a female aged 13 and over", _SEX, "Other sexual offences", _VSO, 0.02),
    ("88E", "Exposure and voyeurism", _SEX, "Other sexual offences", _VSO, 0.006),
    ("34A", "Robbery of business property", "Robbery", "Robbery of business property", "Robbery", 0.15),
    ("34B", "Robbery of personal property", "Robbery", "Robbery of personal property", "Robbery", 0.85),
    ("28E", "Burglary Residential", _THEFT, "Residential burglary", "Burglary", 0.55),
    ("28F", "Attempted Burglary Residential", _THEFT, "Residential burglary", "Burglary", 0.12),
    ("30C", "Burglary Business and Community", _THEFT, "Non-residential burglary", "Burglary", 0.28),
    ("30D", "Attempted Burglary Business and Community", _THEFT, "Non-residential burglary", "Burglary", 0.05),
    ("45", "Theft from vehicle", _THEFT, "Theft from a vehicle", "Vehicle crime", 0.50),
    ("48", "Theft or unauthorised taking of motor vehicle", _THEFT, "Theft of a motor vehicle", "Vehicle crime", 0.35),
    ("126", "Interfering with a motor vehicle", _THEFT, "Vehicle interference", "Vehicle crime", 0.15),
    ("39", "Theft from the person", _THEFT, "Theft from the person", "Theft from the person", 1.0),
    ("44", "Theft or unauthorised taking of a pedal cycle", _THEFT, "Bicycle theft", "Bicycle theft", 1.0),
    ("46", "Shoplifting", _THEFT, "Shoplifting", "Shoplifting", 1.0),
    ("49", "Other theft", _THEFT, "Other theft offences", "Other theft", 0.65),
    ("49A", "Making off without payment", _THEFT, "Other theft offences", "Other theft", 0.18),
    ("40", "Theft in a dwelling other than from an automatic machine or meter", _THEFT, "Other theft offences",
     "Other theft", 0.12),
    ("41", "Theft by an employee", _THEFT, "Other theft offences", "Other theft", 0.05),
    ("56B", "Arson not endangering life", _CDA, "Arson", "Criminal damage and arson", 0.05),
    ("58A", "Criminal damage to a dwelling", _CDA, "Criminal damage", "Criminal damage and arson", 0.25),
    ("58B", "Criminal damage to a building other than a dwelling", _CDA, "Criminal damage",
     "Criminal damage and arson", 0.10),
    ("58C", "Criminal damage to a vehicle", _CDA, "Criminal damage", "Criminal damage and arson", 0.38),
    ("58D", "Other criminal damage", _CDA, "Criminal damage", "Criminal damage and arson", 0.22),
    ("92A", "Trafficking in controlled drugs", "Drug offences", "Trafficking of drugs", "Drugs", 0.22),
    ("92D", "Possession of controlled drugs (excl. Cannabis)", "Drug offences", "Possession of drugs", "Drugs", 0.20),
    ("92E", "Possession of controlled drugs (Cannabis)", "Drug offences", "Possession of drugs", "Drugs", 0.58),
    ("10C", "Possession of other weapons", _WEAPONS, _WEAPONS, "Possession of weapons", 0.40),
    ("10D", "Possession of article with blade or point", _WEAPONS, _WEAPONS, "Possession of weapons", 0.55),
    ("10B", "Possession of firearms offences", _WEAPONS, _WEAPONS, "Possession of weapons", 0.05),
    ("9A", "Public fear, alarm or distress", _ORDER, _ORDER, "Public order", 0.62),
    ("9B", "Racially or religiously aggravated public fear, alarm or distress", _ORDER, _ORDER, "Public order", 0.12),
    ("66", "Other offences against the State or public order", _ORDER, _ORDER, "Public order", 0.26),
    ("59", "Threat or possession with intent to commit criminal damage", _MISC, _MISC, "Other crime", 0.30),
    ("86", "Obscene publications etc", _MISC, _MISC, "Other crime", 0.30),
    ("79", "Perverting the course of justice", _MISC, _MISC, "Other crime", 0.10),
    ("99", "Other notifiable offences", _MISC, _MISC, "Other crime", 0.30),
)  # fmt: skip


def financial_quarter(year: int, month: int) -> tuple[str, int]:
    """('2023/24', 3) for October 2023: the year runs April to March, quarter 1 is April to June."""
    start = year if month >= 4 else year - 1
    return f"{start}/{(start + 1) % 100:02d}", (month - 4) % 12 // 3 + 1


def _count_text(value: int) -> str:
    """Numbers as the Home Office export writes them: ' 123 ', '-1 ', and zero as '-00 '."""
    return "-00 " if value == 0 else f"{value} " if value < 0 else f" {value} "


def write_csp_table(
    geography: Geography, crimes: StreetCrimes, points: PointTable, first_month: str, seed: int, path: Path
) -> Path:
    """Recorded crime by CSP, financial quarter and offence code for every complete quarter of the demo."""
    rng = np.random.default_rng([seed, 70])
    year, month = (int(part) for part in first_month.split("-"))
    calendar = [(year + (month - 1 + m) // 12, (month - 1 + m) % 12 + 1) for m in range(MONTHS)]
    quarter_of = [financial_quarter(*ym) for ym in calendar]
    quarters = [q for q in sorted(set(quarter_of), key=quarter_of.index) if quarter_of.count(q) == 3]

    in_area = crimes.point < points.neighbour_first
    district = points.in_area.lsoa[np.where(in_area, crimes.point, 0)]
    district = geography.lsoa_district[district]
    rows = []
    for quarter in quarters:
        months = [m for m, q in enumerate(quarter_of) if q == quarter]
        in_quarter = in_area & np.isin(crimes.month, months) & (crimes.crime_type != crime_types.ASB_INDEX)
        for d, csp in enumerate(geography.districts):
            by_type = np.bincount(crimes.crime_type[in_quarter & (district == d)], minlength=len(crime_types.NAMES))
            for type_index, name in enumerate(crime_types.NAMES):
                offences = [o for o in OFFENCES if o[4] == name]
                if not offences:
                    continue
                shares = np.array([o[5] for o in offences])
                counts = rng.multinomial(by_type[type_index], shares / shares.sum())
                for (code, description, group, subgroup, _, _), count in zip(offences, counts, strict=True):
                    rows.append(
                        (*quarter, FORCE_AREA, csp.name, description, group, subgroup, code, _count_text(count))
                    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")  # quotes only descriptions holding commas, as published
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path
