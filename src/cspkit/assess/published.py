"""Comparators from published tables: a Most Similar Group, the region and England and Wales.

A partnership's police.uk files give rates for itself and its force; the other comparators of a
strategic assessment (seed 002) come from published tables. cspkit reads them in the layout
they are published in:

- the ONS/Home Office table of recorded crime rates by Community Safety Partnership: one row
  per area (``Area Code``, ``Area Name``, then a column of rates per 1,000 residents for each
  offence group), with rows for England and Wales, England, the regions, forces and CSPs;
- a Most Similar Group list as iQuanta gives it: the codes (or names) of the partnership's
  peers, one a line or in the first column of a CSV.

A published table saved from a spreadsheet often keeps its title lines above the header row
(e.g. "Police recorded crime by Community Safety Partnership area, year ending March 2026"):
they are skipped, and kept as the table's title so the report can say what was loaded and for
which period (:func:`describe_published`).

The Most Similar Group's rate is the average of its members' rates, as iQuanta shows it.
Offence groups are matched to police.uk crime types by the names below; a column that matches
no crime group of the assessment is ignored.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from cspkit.assess.benchmarks import Comparator, read_peer_list
from cspkit.assess.groups import ALL_CRIME, ASB
from cspkit.errors import InputError

NATIONAL_CODE, NATIONAL_NAME = "K04000001", "England and Wales"
#: Published offence group -> police.uk crime group; several groups may add up to one.
OFFENCE_GROUPS: dict[str, str] = {
    "total recorded crime (excluding fraud)": ALL_CRIME,
    "violence against the person": "Violence and sexual offences",
    "sexual offences": "Violence and sexual offences",
    "robbery": "Robbery",
    "residential burglary": "Burglary",
    "non-residential burglary": "Burglary",
    "burglary": "Burglary",
    "vehicle offences": "Vehicle crime",
    "theft from the person": "Theft from the person",
    "bicycle theft": "Bicycle theft",
    "shoplifting": "Shoplifting",
    "all other theft offences": "Other theft",
    "criminal damage and arson": "Criminal damage and arson",
    "drug offences": "Drugs",
    "possession of weapons offences": "Possession of weapons",
    "public order offences": "Public order",
    "miscellaneous crimes against society": "Other crime",
    "anti-social behaviour incidents": ASB,
}
MSG_LABEL = "Most Similar Group"
REGION_SUFFIX = " (region)"


def read_published_rates(path: Path) -> dict[str, tuple[str, dict[str, float]]]:
    """Area code -> (area name, crime group -> rate per 1,000) from a published rates table."""
    path = Path(path)
    rows = _read_rows(path)
    if not rows:
        raise InputError(path, "the file is empty")
    start = _header_line(rows)
    if start is None:
        raise InputError(path, "missing the columns 'Area Code' and 'Area Name' of the published table", 1)
    header = [cell.strip() for cell in rows[start]]
    lowered = [cell.lower() for cell in header]
    code_at, name_at = lowered.index("area code"), lowered.index("area name")
    groups = {i: OFFENCE_GROUPS[cell] for i, cell in enumerate(lowered) if cell in OFFENCE_GROUPS}
    if not groups:
        raise InputError(path, "no column names an offence group (e.g. 'Robbery', 'Drug offences')", 1)
    found: dict[str, tuple[str, dict[str, float]]] = {}
    for line, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        code = row[code_at].strip() if code_at < len(row) else ""
        if not code:
            raise InputError(path, "the area code is empty", line)
        rates: dict[str, float] = {}
        for index, group in groups.items():
            text = row[index].strip().replace(",", "") if index < len(row) else ""
            if text in ("", "..", "[x]", "[z]", "-"):
                continue
            try:
                value = float(text)
            except ValueError:
                raise InputError(path, f"the rate '{text}' for {header[index]} is not a number", line) from None
            rates[group] = rates.get(group, 0.0) + value
        found[code] = (row[name_at].strip(), rates)
    return found


def _read_rows(path: Path) -> list[list[str]]:
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as stream:
            return list(csv.reader(stream))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except UnicodeDecodeError:
        raise InputError(path, "the file is not UTF-8 text (save it as CSV UTF-8)") from None


def _header_line(rows: list[list[str]]) -> int | None:
    """The index of the header row (the first naming 'Area Code' and 'Area Name'), or None."""
    for index, row in enumerate(rows):
        lowered = {cell.strip().lower() for cell in row}
        if {"area code", "area name"} <= lowered:
            return index
    return None


def published_title(path: Path) -> str | None:
    """The title lines above a published table's header, joined (None when the header is the first line):
    they say what the table is and for which period, as its publisher wrote it."""
    rows = _read_rows(path)
    start = _header_line(rows) or 0
    lines = [" ".join(cell.strip() for cell in row if cell.strip()) for row in rows[:start]]
    return " ".join(line for line in lines if line) or None


def describe_published(rates_file: Path, msg_file: Path | None) -> dict[str, object]:
    """What the report says about the published comparators: the table's file name, title (its
    publisher's words, with its period) and offence groups, and the Most Similar Group list's file
    name and members by name."""
    rows = _read_rows(rates_file)
    start = _header_line(rows) or 0
    header = [cell.strip() for cell in rows[start]] if rows else []
    found: dict[str, object] = {"file": Path(rates_file).name, "title": published_title(rates_file),
                                # the offence groups the table has, as it names them: how they were matched
                                "offence_groups": [cell for cell in header if cell.lower() in OFFENCE_GROUPS]}
    if msg_file is not None:
        table = read_published_rates(rates_file)
        by_name = {name.lower(): name for name, _ in table.values()}
        members = [table[m][0] if m in table else by_name.get(m.lower(), m) for m in read_peer_list(msg_file)]
        found |= {"msg_file": Path(msg_file).name, "msg_members": members}
    return found


def published_comparators(rates_file: Path, *, msg_file: Path | None, region: tuple[str, str] | None,
                          known_groups: set[str]) -> list[Comparator]:
    """The Most Similar Group (when a list is given), the region and England and Wales, as typed columns."""
    table = read_published_rates(rates_file)
    comparators = []
    if msg_file is not None:
        members = read_peer_list(msg_file)
        by_name = {name.lower(): code for code, (name, _) in table.items()}
        codes = [m if m in table else by_name.get(m.lower(), "") for m in members]
        unknown = [m for m, code in zip(members, codes, strict=True) if not code]
        if unknown:
            raise InputError(msg_file, f"{', '.join(unknown)} not found in {Path(rates_file).name}")
        averages = _average([table[code][1] for code in codes])
        comparators.append(_typed(f"{MSG_LABEL} ({len(codes)} partnerships)", averages, known_groups))
    if region is not None:
        code, name = region
        if code in table:
            comparators.append(_typed(f"{name}{REGION_SUFFIX}", table[code][1], known_groups))
    national = table.get(NATIONAL_CODE) or next(
        (entry for entry in table.values() if entry[0].lower() == NATIONAL_NAME.lower()), None)
    if national is not None:
        comparators.append(_typed(NATIONAL_NAME, national[1], known_groups))
    return comparators


def _average(members: list[dict[str, float]]) -> dict[str, float]:
    groups = {g for rates in members for g in rates}
    averages = {}
    for group in groups:
        values = [rates[group] for rates in members if group in rates and not math.isnan(rates[group])]
        if len(values) == len(members):  # a group some members lack has no fair average
            averages[group] = sum(values) / len(values)
    return averages


def _typed(label: str, rates: dict[str, float], known_groups: set[str]) -> Comparator:
    return Comparator(key=f"typed:{label}", label=label, kind="typed",
                      rates={g: round(v, 3) for g, v in rates.items() if g in known_groups})
