"""ONS geography: recognising code and name columns of any vintage, checking codes, and reading
lookups (LSOA -> ward -> district -> CSP -> police force area) and the LSOA 2011 <-> 2021
change table.

ONS names columns by level, two-digit year and kind (``LSOA11CD``, ``LAD17NM``, ``CSP24CD``);
republished copies often use ``lsoa11_code`` or ``ltla21_name``. Both are recognised here, so
other readers (population, deprivation, boundaries) learn the level and vintage of a file from
its header alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cspkit.errors import InputError
from cspkit.sources.csvcheck import CsvTable, read_csv

LEVELS = ("lsoa", "ward", "lad", "csp", "pfa", "region", "country")
"""Geography levels cspkit knows, finest to coarsest."""

LEVEL_NAMES = {
    "lsoa": "LSOA",
    "ward": "ward",
    "lad": "district",
    "csp": "Community Safety Partnership",
    "pfa": "police force area",
    "region": "region",
    "country": "country",
}

# ONS code prefixes (entity codes) of each level in England, Wales, Scotland and Northern Ireland.
_PREFIXES = {
    "lsoa": ("E01", "W01"),
    "ward": ("E05", "W05", "S13", "N08"),
    "lad": ("E06", "E07", "E08", "E09", "W06", "S12", "N09"),
    "csp": ("E22", "W14"),
    "pfa": ("E23", "W15"),
    "region": ("E12", "W92", "S92", "N92"),
    "country": ("E92", "W92", "S92", "N92", "K02", "K03", "K04"),
}
_EXAMPLES = {
    "lsoa": "E01014210",
    "ward": "E05008714",
    "lad": "E06000021",
    "csp": "E22000270",
    "pfa": "E23000015",
    "region": "E12000005",
    "country": "E92000001",
}
_LEVEL_WORDS = {
    "lsoa": "lsoa",
    "wd": "ward",
    "ward": "ward",
    "lad": "lad",
    "ltla": "lad",
    "csp": "csp",
    "pfa": "pfa",
    "rgn": "region",
    "region": "region",
    "ctry": "country",
    "country": "country",
}
_COLUMN = re.compile(
    rf"^(?P<level>{'|'.join(_LEVEL_WORDS)})_?(?P<year>\d{{4}}|\d{{2}})?_?(?P<kind>cd|code|nm|name)"
    r"(?:_(?P<year_after>\d{4}|\d{2}))?$"
)
_OTHER_GEOGRAPHY = re.compile(r"^[a-z]+_?\d{2}_?(cd|code)$")
_CHANGE_COLUMNS = ("change_code", "chgind")
_CHANGE_CODES = ("U", "S", "M", "X")


@dataclass(frozen=True)
class AreaColumns:
    """The header columns holding one geography: its codes and (if given) names."""

    level: str
    vintage: str | None
    code: str
    name: str | None

    @property
    def label(self) -> str:
        year = f" {self.vintage}" if self.vintage else ""
        return f"{LEVEL_NAMES[self.level]}{year}"


def vintage_of(year: str) -> str:
    """The four-digit vintage of an ONS column year: ``'11'`` -> ``'2011'``."""
    return year if len(year) == 4 else f"20{year}"


def area_columns(keys: Iterable[str]) -> list[AreaColumns]:
    """The geographies named by a header (normalised keys), finest first, then by vintage.

    A level whose column names carry no year (``lsoa_code``) gets vintage ``None``; a name
    column without a matching code column is left out, since names alone link nothing.
    """
    codes: dict[tuple[str, str | None], str] = {}
    names: dict[tuple[str, str | None], str] = {}
    for key in keys:
        match = _COLUMN.match(key)
        if not match:
            continue
        year = match["year"] or match["year_after"]
        group = (_LEVEL_WORDS[match["level"]], vintage_of(year) if year else None)
        target = codes if match["kind"] in ("cd", "code") else names
        target.setdefault(group, key)
    found = [AreaColumns(level, vintage, code, names.get((level, vintage))) for (level, vintage), code in codes.items()]
    return sorted(found, key=lambda g: (LEVELS.index(g.level), g.vintage or ""))


def unused_geography_columns(keys: Iterable[str]) -> list[str]:
    """Header keys that look like ONS code columns of a level cspkit does not use (``MSOA11CD``)."""
    return [k for k in keys if _OTHER_GEOGRAPHY.match(k) and not _COLUMN.match(k)]


def code_pattern(level: str) -> str:
    """Regular expression of a well-formed code of ``level``: its ONS prefix and six digits."""
    return rf"^({'|'.join(_PREFIXES[level])})\d{{6}}$"


def bad_code(value: str, level: str, column: str) -> str:
    """What is wrong with ``value`` as a code of ``level`` read from ``column``, in plain words."""
    what = LEVEL_NAMES[level]
    if not value:
        return f"the {what} code (column {column!r}) is empty"
    return (
        f"{value!r} in column {column!r} is not a well-formed {what} code "
        f"(those start {' or '.join(_PREFIXES[level])} and have six more digits, e.g. {_EXAMPLES[level]})"
    )


def check_codes(csv: CsvTable, column: str, level: str) -> None:
    """Refuse an empty or malformed code of ``level`` in ``column``, naming the line."""
    csv.require(
        pc.match_substring_regex(csv.column(column), code_pattern(level)),
        lambda row: bad_code(csv.value(column, row), level, csv.header[column]),
    )


EXPECTED_COLUMNS = (
    "ONS code columns such as LSOA11CD, WD21CD, LAD17CD, CSP17CD, PFA17CD, RGN21CD or CTRY21CD "
    "(or lsoa11_code, ward17_code, ltla21_code, csp24_code, pfa24_code), with optional names "
    "(LSOA11NM, ltla21_name)"
)


@dataclass(frozen=True)
class Lookup:
    """A checked geography lookup.

    ``areas``: code, name, level, vintage (one row per area). ``links``: every child -> parent
    pair, from each level to the nearest coarser level it nests in. ``changes``: the LSOA
    2011 -> 2021 change table (lsoa11_code, lsoa21_code, change_code, lad_code) or ``None``.
    """

    path: Path
    areas: pa.Table
    links: pa.Table
    changes: pa.Table | None
    warnings: tuple[str, ...]
    file_rows: int  # rows of the file, as the user counts them

    @property
    def link_pairs(self) -> set[tuple[str, str, str, str]]:
        """(child level, child vintage, parent level, parent vintage) of every link in the file."""
        columns = ("child_level", "child_vintage", "parent_level", "parent_vintage")
        return {tuple(r.values()) for r in self.links.select(columns).group_by(list(columns)).aggregate([]).to_pylist()}


def read_lookup(path: Path | str, *, vintage: str | None = None) -> Lookup:
    """Read and check an ONS lookup or the LSOA 2011 <-> 2021 change table.

    ``vintage`` is the year of codes whose column names carry none (``lsoa_code``). Every
    level must nest in a coarser one (each LSOA in one district); a level that does not nest
    in the next (districts in 2024 CSPs) is linked to the next it does nest in, with a warning.
    """
    csv = read_csv(path)
    groups = _groups_with_vintage(csv, vintage)
    change = next((k for k in _CHANGE_COLUMNS if k in csv.header), None)
    warnings = [
        f"{csv.path}: ignored column {csv.header[k]!r} (a geography cspkit does not use)"
        for k in unused_geography_columns(csv.header)
    ]
    for group in groups:
        check_codes(csv, group.code, group.level)
    frame = csv.table.to_pandas()
    areas = pa.concat_tables(_areas(csv, frame, g) for g in groups)
    changes = _changes(csv, frame, groups, change) if change else None
    links, link_warnings = _links(csv, frame, groups, is_change_table=change is not None)
    if len(groups) == 1:
        link_warnings.append(f"{csv.path}: only one geography ({groups[0].label}); areas recorded, no links")
    return Lookup(csv.path, areas, links, changes, tuple(warnings + link_warnings), csv.rows)


def _groups_with_vintage(csv: CsvTable, vintage: str | None) -> list[AreaColumns]:
    groups = area_columns(csv.header)
    if not groups:
        csv.refuse_header_below(lambda names: bool(area_columns(names)))
        raise InputError(
            csv.path,
            f"no geography columns recognised. Expected {EXPECTED_COLUMNS}. "
            f"The columns are: {', '.join(repr(h) for h in csv.header.values())}",
            line=1,
        )
    undated = [g for g in groups if g.vintage is None]
    if vintage is not None and not undated:
        raise InputError(
            csv.path,
            f"--vintage {vintage} was given but every column already says its year "
            f"({', '.join(f'{csv.header[g.code]} = {g.vintage}' for g in groups)})",
        )
    if undated and vintage is None:
        raise InputError(
            csv.path,
            f"column {csv.header[undated[0].code]!r} does not say which year's codes it holds: "
            "name it like LSOA11CD or lsoa11_code, or give --vintage",
            line=1,
        )
    if vintage is not None and not re.fullmatch(r"\d{4}", vintage):
        raise InputError(csv.path, f"--vintage should be a four-digit year such as 2021, not {vintage!r}")
    resolved = [AreaColumns(g.level, g.vintage or vintage, g.code, g.name) for g in groups]
    return sorted(resolved, key=lambda g: (LEVELS.index(g.level), g.vintage))


def _areas(csv: CsvTable, frame: pd.DataFrame, group: AreaColumns) -> pa.Table:
    """One row per distinct code; a code written with two different names is refused."""
    columns = [group.code] + ([group.name] if group.name else [])
    distinct = frame[columns].drop_duplicates()
    clash = distinct[group.code].duplicated()
    if clash.any():
        code = distinct.loc[clash.idxmax(), group.code]
        rows = frame.index[frame[group.code] == code]
        second = next(r for r in rows if frame.at[r, group.name] != frame.at[rows[0], group.name])
        raise csv.error(
            second,
            f"{LEVEL_NAMES[group.level]} {code} is called {frame.at[second, group.name]!r} here but "
            f"{frame.at[rows[0], group.name]!r} on line {csv.line_of(rows[0])}",
        )
    names = distinct[group.name] if group.name else [None] * len(distinct)
    return pa.table(
        {
            "code": pa.array(distinct[group.code], pa.string()),
            "name": pa.array(names, pa.string()),
            "level": pa.array([group.level] * len(distinct), pa.string()),
            "vintage": pa.array([group.vintage] * len(distinct), pa.string()),
        }
    )


def _links(
    csv: CsvTable, frame: pd.DataFrame, groups: list[AreaColumns], *, is_change_table: bool
) -> tuple[pa.Table, list[str]]:
    """Link each level to the nearest coarser level it nests in (one parent per child)."""
    tables, warnings = [LINK_SCHEMA.empty_table()], []
    for i, child in enumerate(groups):
        coarser = [g for g in groups[i + 1 :] if LEVELS.index(g.level) > LEVELS.index(child.level)]
        parent = next((g for g in coarser if _nests(frame, child, g)), None)
        if parent is not None:
            pairs = frame[[child.code, parent.code]].drop_duplicates()
            tables.append(_link_table(pairs, child, parent))
        elif coarser and not is_change_table:
            raise _not_nested(csv, frame, child, coarser[0])
        if coarser and parent is not coarser[0]:
            counts = frame[[child.code, coarser[0].code]].drop_duplicates()[child.code].value_counts()
            linked = f"linked to {parent.label} instead" if parent else "not linked to a coarser level"
            warnings.append(
                f"{csv.path}: {child.label} areas do not all nest in {coarser[0].label} areas "
                f"({counts.index[0]} lies in {counts.iloc[0]}), so they are {linked}"
            )
    return pa.concat_tables(tables), warnings


def _nests(frame: pd.DataFrame, child: AreaColumns, parent: AreaColumns) -> bool:
    return not frame[[child.code, parent.code]].drop_duplicates()[child.code].duplicated().any()


LINK_SCHEMA = pa.schema(
    [
        (name, pa.string())
        for name in ("child_code", "child_level", "child_vintage", "parent_code", "parent_level", "parent_vintage")
    ]
)


def _link_table(pairs: pd.DataFrame, child: AreaColumns, parent: AreaColumns) -> pa.Table:
    n = len(pairs)
    return pa.table(
        [
            pa.array(pairs[child.code], pa.string()),
            pa.array([child.level] * n, pa.string()),
            pa.array([child.vintage] * n, pa.string()),
            pa.array(pairs[parent.code], pa.string()),
            pa.array([parent.level] * n, pa.string()),
            pa.array([parent.vintage] * n, pa.string()),
        ],
        schema=LINK_SCHEMA,
    )


def _not_nested(csv: CsvTable, frame: pd.DataFrame, child: AreaColumns, parent: AreaColumns) -> InputError:
    pairs = frame[[child.code, parent.code]].drop_duplicates()
    second = pairs.index[pairs[child.code].duplicated()][0]
    code = frame.at[second, child.code]
    first = frame.index[frame[child.code] == code][0]
    child_name, parent_name = LEVEL_NAMES[child.level], LEVEL_NAMES[parent.level]
    return csv.error(
        second,
        f"{child_name} {code} is in {parent_name} {frame.at[second, parent.code]} here but in "
        f"{frame.at[first, parent.code]} on line {csv.line_of(first)}; a lookup must give each "
        f"{child_name} one {parent_name}",
    )


def _changes(csv: CsvTable, frame: pd.DataFrame, groups: list[AreaColumns], change: str) -> pa.Table:
    """The LSOA 2011 -> 2021 change table: U unchanged, S split, M merged, X redefined."""
    lsoas = {g.vintage: g for g in groups if g.level == "lsoa"}
    if set(lsoas) != {"2011", "2021"}:
        raise InputError(
            csv.path,
            f"a change table ({csv.header[change]!r} column) needs LSOA 2011 and LSOA 2021 code columns; "
            f"found LSOA columns for {', '.join(sorted(lsoas)) or 'no year'}",
            line=1,
        )
    written = repr(csv.header[change])
    csv.require(
        pc.is_in(csv.column(change), pa.array(_CHANGE_CODES)),
        lambda row: f"change code {csv.value(change, row)!r} in column {written} is not one of U, S, M or X",
    )
    old, new = lsoas["2011"].code, lsoas["2021"].code
    csv.check_unique([old, new], lambda row: f"the change LSOA {csv.value(old, row)} -> {csv.value(new, row)}")
    lad = next((g.code for g in groups if g.level == "lad"), None)
    return pa.table(
        {
            "lsoa11_code": csv.column(old),
            "lsoa21_code": csv.column(new),
            "change_code": csv.column(change),
            "lad_code": csv.column(lad) if lad else pa.nulls(csv.rows, pa.string()),
        }
    )
