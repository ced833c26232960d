"""ONS mid-year population estimates by area: a total and, where given, single years of age.

The layout is one row per area: a code column (``lsoa11_code``, ``ltla21_code``, ``LSOA Code``),
an optional name, the total (``total_population`` or ``All Ages``) and age columns ``0`` ...
``89``, ``90+``. ONS writes the counts as floats (``1944.0``). The ages of each area must add up
to its total, which catches a shifted or truncated row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cspkit.errors import InputError
from cspkit.sources.csvcheck import CsvTable, read_csv
from cspkit.sources.geography import LEVEL_NAMES, LEVELS, AreaColumns, area_columns, check_codes

TOTAL_COLUMNS = ("total_population", "All Ages", "all_ages", "Total", "Population", "All persons")
GENERIC_CODE_COLUMNS = ("Area Code", "Code", "Geography Code", "area_code")
_AGE = re.compile(r"^\d{1,3}\+?$")


@dataclass(frozen=True)
class Population:
    """Checked estimates, long: ``table`` has area_code, age ('all' for the total, '0' ... '90+')
    and population, for one geography ``level`` and mid-``year``."""

    path: Path
    level: str
    year: int
    vintage: str | None
    table: pa.Table
    file_rows: int  # rows of the file (one per area), as the user counts them

    @property
    def area_codes(self) -> pa.Array:
        return pc.unique(self.table["area_code"])


def read_population(path: Path | str, *, year: int | None = None, level: str | None = None) -> Population:
    """Read and check a population file.

    ``year`` defaults to the one in the file name (``population20`` -> 2020, ``mid-2020``);
    ``level`` to the finest geography the code columns name (``--level`` picks another, or names
    the level of a plain ``Code`` column).
    """
    csv = read_csv(path)
    year = year if year is not None else year_from_name(csv.path)
    if year is None:
        raise InputError(csv.path, "cannot tell the year of these estimates from the file name (it gives no year, "
                                   "or more than one); give --year, e.g. --year 2020 for the mid-2020 estimates")
    area = _area_column(csv, level)
    check_codes(csv, area.code, area.level)
    csv.check_unique([area.code], lambda row: f"{LEVEL_NAMES[area.level]} {csv.value(area.code, row)}")
    total_key = csv.find_columns({"total": TOTAL_COLUMNS}, what="a population table")["total"]
    ages = [key for key, written in csv.header.items() if _AGE.match(written)]
    values = {
        "all": csv.numbers(total_key, what="the total population", minimum=0),
        **{csv.header[key]: csv.numbers(key, what=f"the population aged {csv.header[key]}", minimum=0) for key in ages},
    }
    if ages:
        _check_ages_add_up(csv, values, total_key)
    return Population(csv.path, area.level, year, area.vintage, _long(csv.column(area.code), values), csv.rows)


def year_from_name(path: Path) -> int | None:
    """The year in a file name: ``population20_lsoa11`` -> 2020, ``sape-mid-2020`` -> 2020.

    A year that follows a geography (``lsoa2011``: the boundaries' vintage, not the estimates')
    is not taken, and a name that gives two years gives none: the user is asked for ``--year``.
    """
    stem = path.stem.casefold()
    years = {2000 + int(m) for m in re.findall(r"(?:population|pop)_?(\d{2})(?!\d)", stem)}
    years |= {int(m) for m in re.findall(r"(?<!\d)(?<!lsoa)(?<!msoa)(?<!oa)(?<!lad)(?<!ltla)(?<!utla)(?<!ward)"
                                         r"((?:19|20)\d{2})(?!\d)", stem)}
    return years.pop() if len(years) == 1 else None


def _area_column(csv: CsvTable, level: str | None) -> AreaColumns:
    if level is not None and level not in LEVELS:
        raise InputError(csv.path, f"--level {level!r} is not one of {', '.join(LEVELS)}")
    groups = area_columns(csv.header)
    if level is not None:
        matching = [g for g in groups if g.level == level]
        if matching:
            return matching[0]
        generic = csv.find_columns({"code": GENERIC_CODE_COLUMNS}, what=f"a population table by {LEVEL_NAMES[level]}")
        return AreaColumns(level, None, generic["code"], None)
    if not groups:
        csv.refuse_header_below(lambda names: bool(area_columns(names)))
        raise InputError(
            csv.path,
            "no area code column recognised: expected one such as lsoa11_code, LSOA11CD, ltla21_code or "
            "LAD21CD (or give --level for a plain 'Code' column). "
            f"The columns are: {', '.join(repr(h) for h in csv.header.values())}",
            line=1,
        )
    return groups[0]


def _check_ages_add_up(csv: CsvTable, values: dict[str, pa.ChunkedArray], total_key: str) -> None:
    total = values["all"].to_numpy()
    ages = np.sum([v.to_numpy() for age, v in values.items() if age != "all"], axis=0)
    wrong = np.flatnonzero(np.abs(ages - total) > 0.5)
    if wrong.size:
        row = int(wrong[0])
        raise csv.error(
            row, f"the ages add up to {ages[row]:,.0f} but {csv.header[total_key]!r} says {total[row]:,.0f}"
        )


def _long(codes: pa.ChunkedArray, values: dict[str, pa.ChunkedArray]) -> pa.Table:
    """One row per area and age, areas in file order."""
    n, ages = len(codes), list(values)
    return pa.table(
        {
            "area_code": pc.take(codes, np.repeat(np.arange(n), len(ages))),
            "age": pc.take(pa.array(ages, pa.string()), np.tile(np.arange(len(ages)), n)),
            "population": pa.array(np.column_stack([v.to_numpy() for v in values.values()]).ravel(), pa.float64()),
        }
    )
