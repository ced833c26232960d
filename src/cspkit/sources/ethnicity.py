"""ONS Census 2021 table TS021 "Ethnic group", by local authority: the residents of each group.

Two published layouts are read:

* the Nomis bulk download (``census2021-ts021-ltla.csv``): one row per area, columns ``date``,
  ``geography``, ``geography code``, ``Ethnic group: Total: All usual residents``, then
  ``Ethnic group: <high-level group>`` and ``Ethnic group: <group>: <detailed group>``;
* the ONS "create a custom dataset" download: one row per area and category, columns
  ``Lower tier local authorities Code``, ``Lower tier local authorities``,
  ``Ethnic group (N categories) Code``, ``Ethnic group (N categories)``, ``Observation``.

Both are reduced to the five high-level groups the Home Office compares stop and search
with: Asian, Black, Mixed, White and Other. Each area's groups must add up to its total
where the file gives one, which catches a shifted row.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cspkit.errors import InputError
from cspkit.sources.csvcheck import CsvTable, read_csv

GROUPS = ("Asian", "Black", "Mixed", "White", "Other")
_PREFIXES = {
    "Asian, Asian British or Asian Welsh": "Asian",
    "Black, Black British, Black Welsh, Caribbean or African": "Black",
    "Mixed or Multiple ethnic groups": "Mixed",
    "White": "White",
    "Other ethnic group": "Other",
}
_NOMIS_TOTAL = "Ethnic group: Total: All usual residents"
_LONG_CODE = "Lower tier local authorities Code"
_LONG_NAME = "Lower tier local authorities"
CODE_PATTERN = r"^[EWSNK]\d{8}$"


@dataclass(frozen=True)
class EthnicityTable:
    """Usual residents by area and high-level ethnic group (long: area_code, area_name, ethnic_group, residents)."""

    path: Path
    census_year: int
    table: pd.DataFrame


def group_of(category: str) -> str | None:
    """The high-level group of a census category ('White: Irish' -> 'White'); None for 'Does not apply'."""
    text = category.strip()
    for prefix, group in _PREFIXES.items():
        if text == prefix or text.startswith(prefix + ":"):
            return group
    return None


def read_ethnicity(path: Path | str) -> EthnicityTable:
    """Read and check a TS021 file in either published layout.

    The checked CSV reader reads it, so damage (NUL bytes, junk after the data, bytes that are
    not UTF-8) is named with its line, every row is accounted for, and lines are counted as the
    file has them, blank lines included."""
    csv = read_csv(path)
    keys = {written: key for key, written in csv.header.items()}
    if "geography code" in keys and _NOMIS_TOTAL in keys:
        table = _wide(csv, keys)
    elif _LONG_CODE in keys and "Observation" in keys:
        table = _long(csv, keys)
    else:
        raise InputError(csv.path, "is not an ONS Census 2021 ethnic group table (TS021): expected the Nomis columns "
                         f"'geography code' and '{_NOMIS_TOTAL}', or the ONS custom-dataset columns "
                         f"'{_LONG_CODE}' and 'Observation'", line=1)
    if table.empty:
        raise InputError(csv.path, "holds no local authorities")
    return EthnicityTable(csv.path, 2021, table)


def _count(csv: CsvTable, row: int, value: str, column: str) -> float:
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        shown = f"'{value}'" if value else "an empty value"
        raise csv.error(row, f"{shown} in column '{column}' is not a number of residents") from None
    if not math.isfinite(number):
        raise csv.error(row, f"'{value}' in column '{column}' is not a number of residents")
    if number < 0:
        raise csv.error(row, f"a negative number of residents ({value}) in column '{column}'")
    return number


def _check_code(csv: CsvTable, row: int, code: str) -> None:
    if not re.match(CODE_PATTERN, code):
        shown = f"'{code}' is not" if code else "the code is empty, not"
        raise csv.error(row, f"{shown} a local authority code (a letter and eight digits)")


def _wide(csv: CsvTable, keys: dict[str, str]) -> pd.DataFrame:
    top = {column: _PREFIXES[column.removeprefix("Ethnic group: ")] for column in keys
           if column.removeprefix("Ethnic group: ") in _PREFIXES and column.startswith("Ethnic group: ")}
    missing = sorted(set(GROUPS) - set(top.values()))
    if missing:
        raise InputError(csv.path, f"has no column for the ethnic group{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(missing)} (e.g. 'Ethnic group: White')", line=1)
    code_key = keys["geography code"]
    csv.check_unique([code_key], lambda row: f"local authority {csv.value(code_key, row)}")
    rows = []
    for row, record in enumerate(csv.table.to_pylist()):
        code = record[code_key]
        _check_code(csv, row, code)
        counts = {group: _count(csv, row, record[keys[column]], column) for column, group in top.items()}
        total = _count(csv, row, record[keys[_NOMIS_TOTAL]], _NOMIS_TOTAL)
        if abs(sum(counts.values()) - total) > 0.5:
            raise csv.error(row, f"the five ethnic groups of {code} add up to {sum(counts.values()):,.0f}, "
                                 f"not its total of {total:,.0f} residents")
        name = record[keys["geography"]] if "geography" in keys else ""
        rows += [{"area_code": code, "area_name": name, "ethnic_group": group, "residents": count}
                 for group, count in counts.items()]
    return pd.DataFrame(rows)


def _long(csv: CsvTable, keys: dict[str, str]) -> pd.DataFrame:
    category = next((c for c in keys if c.startswith("Ethnic group (") and not c.endswith("Code")), None)
    if category is None:
        raise InputError(csv.path, "has no 'Ethnic group (N categories)' column", line=1)
    rows = []
    first_row: dict[tuple[str, str], int] = {}  # (area, category) -> the row that gave it
    for row, record in enumerate(csv.table.to_pylist()):
        code = record[keys[_LONG_CODE]]
        _check_code(csv, row, code)
        written = record[keys[category]]
        key = (code, written)
        if key in first_row:  # the categories are summed into groups below, so a repeat would be added in
            raise csv.error(row, f"gives {written} for {code} again (first on line {csv.line_of(first_row[key])}); "
                                 "is part of the file repeated? Nothing was loaded")
        first_row[key] = row
        group = group_of(written)
        if group is None:
            if written != "Does not apply":
                raise csv.error(row, f"'{written}' is not a Census 2021 ethnic group")
            continue
        name = record[keys[_LONG_NAME]] if _LONG_NAME in keys else ""
        rows.append({"area_code": code, "area_name": name, "ethnic_group": group,
                     "residents": _count(csv, row, record[keys["Observation"]], "Observation")})
    if not rows:
        return pd.DataFrame(columns=["area_code", "area_name", "ethnic_group", "residents"])
    table = pd.DataFrame(rows).groupby(["area_code", "area_name", "ethnic_group"], as_index=False)["residents"].sum()
    return table
