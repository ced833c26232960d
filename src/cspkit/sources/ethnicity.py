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

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cspkit.errors import InputError

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
    """Read and check a TS021 file in either published layout."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(path, f"cannot be read as a CSV file ({exc})") from None
    frame.columns = [c.strip() for c in frame.columns]
    if "geography code" in frame.columns and _NOMIS_TOTAL in frame.columns:
        table = _wide(path, frame)
    elif _LONG_CODE in frame.columns and "Observation" in frame.columns:
        table = _long(path, frame)
    else:
        raise InputError(path, "is not an ONS Census 2021 ethnic group table (TS021): expected the Nomis columns "
                         f"'geography code' and '{_NOMIS_TOTAL}', or the ONS custom-dataset columns "
                         f"'{_LONG_CODE}' and 'Observation'", line=1)
    if table.empty:
        raise InputError(path, "holds no local authorities")
    return EthnicityTable(path, 2021, table)


def _count(path: Path, value: str, line: int, column: str) -> float:
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        raise InputError(path, f"'{value}' in column '{column}' is not a number of residents", line=line) from None
    if number < 0:
        raise InputError(path, f"a negative number of residents ({value}) in column '{column}'", line=line)
    return number


def _check_code(path: Path, code: str, line: int) -> None:
    if not pd.Series([code]).str.match(CODE_PATTERN).iloc[0]:
        raise InputError(path, f"'{code}' is not a local authority code (a letter and eight digits)", line=line)


def _wide(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    top = {column: _PREFIXES[column.removeprefix("Ethnic group: ")] for column in frame.columns
           if column.removeprefix("Ethnic group: ") in _PREFIXES and column.startswith("Ethnic group: ")}
    missing = sorted(set(GROUPS) - set(top.values()))
    if missing:
        raise InputError(path, f"has no column for the ethnic group{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(missing)} (e.g. 'Ethnic group: White')", line=1)
    rows = []
    for line, record in enumerate(frame.to_dict("records"), start=2):
        code = record["geography code"].strip()
        _check_code(path, code, line)
        counts = {group: _count(path, record[column], line, column) for column, group in top.items()}
        total = _count(path, record[_NOMIS_TOTAL], line, _NOMIS_TOTAL)
        if abs(sum(counts.values()) - total) > 0.5:
            raise InputError(path, f"the five ethnic groups of {code} add up to {sum(counts.values()):,.0f}, "
                             f"not its total of {total:,.0f} residents", line=line)
        rows += [{"area_code": code, "area_name": record.get("geography", "").strip(), "ethnic_group": group,
                  "residents": count} for group, count in counts.items()]
    return _unique(path, pd.DataFrame(rows))


def _long(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    category = next((c for c in frame.columns if c.startswith("Ethnic group (") and not c.endswith("Code")), None)
    if category is None:
        raise InputError(path, "has no 'Ethnic group (N categories)' column", line=1)
    rows = []
    first_line: dict[tuple[str, str], int] = {}  # (area, category) -> the line that gave it
    for line, record in enumerate(frame.to_dict("records"), start=2):
        code = record[_LONG_CODE].strip()
        _check_code(path, code, line)
        key = (code, str(record[category]).strip())
        if key in first_line:  # the categories are summed into groups below, so a repeat would be added in
            raise InputError(path, f"gives {key[1]} for {code} again (first on line {first_line[key]}); is part of "
                                   "the file repeated? Nothing was loaded", line=line)
        first_line[key] = line
        group = group_of(record[category])
        if group is None:
            if record[category].strip() != "Does not apply":
                raise InputError(path, f"'{record[category]}' is not a Census 2021 ethnic group", line=line)
            continue
        rows.append({"area_code": code, "area_name": record.get(_LONG_NAME, "").strip(), "ethnic_group": group,
                     "residents": _count(path, record["Observation"], line, "Observation")})
    if not rows:
        return pd.DataFrame(columns=["area_code", "area_name", "ethnic_group", "residents"])
    table = pd.DataFrame(rows).groupby(["area_code", "area_name", "ethnic_group"], as_index=False)["residents"].sum()
    return table


def _unique(path: Path, table: pd.DataFrame) -> pd.DataFrame:
    repeated = table[table.duplicated(["area_code", "ethnic_group"])]
    if not repeated.empty:
        raise InputError(path, f"gives local authority {repeated.iloc[0]['area_code']} more than once")
    return table
