"""Home Office police recorded crime open data tables (``prc-pfa-...`` and ``prc-csp-...``).

One row per area, financial quarter and offence code. The police force area layout names the
force; the Community Safety Partnership layout adds a CSP column. Counts are padded with spaces
and ``-00`` means none. National fraud bodies (Action Fraud, CIFAS, UK Finance) appear as if they
were forces: they are kept as published, under their offence group 'Fraud offences'.

The published table repeats some rows: homicide is one row per force and quarter for each of
the offence codes 1, 4.1, 4.10 and 4.2, all written as the merged code ``1/4.1/4.10/4.2``. Rows
are counts to be added up, so a key may repeat only under such a merged code; any other repeat
(a file pasted in twice) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from cspkit.sources.csvcheck import CsvTable, plausible_years, read_csv

COLUMNS = {
    "financial_year": ("Financial Year",),
    "financial_quarter": ("Financial Quarter", "Quarter"),
    "force_name": ("Force Name", "Police Force", "Force"),
    "csp_name": ("CSP Name", "Community Safety Partnership", "CSP"),
    "area_code": ("CSP Code", "Community Safety Partnership Code", "PFA Code", "Force Code", "ONS Code"),
    "offence_description": ("Offence Description",),
    "offence_group": ("Offence Group",),
    "offence_subgroup": ("Offence Subgroup", "Offence Sub Group", "Offence Sub-group"),
    "offence_code": ("Offence Code",),
    "offences": ("Number of Offences", "Offences"),
}
# Rows that are not territorial police force areas: national fraud bodies and the transport police.
NOT_TERRITORIAL = ("Action Fraud", "CIFAS", "UK Finance", "British Transport Police", "Financial Fraud Action UK")
_OPTIONAL = ("csp_name", "area_code")
_TEXT_ROLES = ("force_name", "csp_name", "offence_description", "offence_group", "offence_subgroup", "offence_code")
_WORDS = {
    "force_name": "the force",
    "csp_name": "the Community Safety Partnership",
    "offence_description": "the offence description",
    "offence_group": "the offence group",
    "offence_subgroup": "the offence subgroup",
    "offence_code": "the offence code",
}


@dataclass(frozen=True)
class RecordedCrime:
    """A checked Home Office table: ``table`` has the columns of ``ho_recorded_crime`` (no load_id)."""

    path: Path
    area_type: str
    table: pa.Table
    warnings: tuple[str, ...]

    @property
    def quarters(self) -> set[tuple[str, int]]:
        """(financial year, quarter) pairs the file holds: what a load of it replaces."""
        pairs = self.table.select(["financial_year", "financial_quarter"]).group_by(
            ["financial_year", "financial_quarter"]
        )
        return {(r["financial_year"], r["financial_quarter"]) for r in pairs.aggregate([]).to_pylist()}


def read_recorded_crime(path: Path | str, *, known_forces: Collection[str] | None = None) -> RecordedCrime:
    """Read and check a Home Office recorded crime table in the force-area or CSP layout.

    ``known_forces``, the force names the store knows, lets rows of any other force name be
    counted in a warning (they would match no force area).
    """
    csv = read_csv(path)
    found = csv.find_columns(COLUMNS, what="a Home Office police recorded crime table", optional=_OPTIONAL)
    area_type = "csp" if found["csp_name"] else "pfa"
    for role in _TEXT_ROLES:
        if found[role]:
            csv.require_filled(found[role], _WORDS[role])
    _check_financial_years(csv, found["financial_year"])
    quarter = found["financial_quarter"]
    csv.require(
        pc.is_in(csv.column(quarter), pa.array(["1", "2", "3", "4"])),
        lambda row: f"financial quarter {csv.value(quarter, row)!r} should be 1, 2, 3 or 4",
    )
    offences = csv.numbers(found["offences"], what="the number of offences", integer=True)
    area = found["csp_name"] or found["force_name"]
    key = [area, found["financial_year"], quarter, found["offence_code"], found["offence_description"]]
    csv.check_unique(
        key,
        lambda row: (
            f"{csv.value(area, row)}, {csv.value(found['financial_year'], row)} "
            f"quarter {csv.value(quarter, row)}, offence {csv.value(found['offence_code'], row)!r}"
        ),
        among=pc.invert(pc.match_substring(csv.column(found["offence_code"]), "/")),
    )
    table = pa.table(
        {
            "area_type": pa.array([area_type] * csv.rows, pa.string()),
            "area_name": csv.column(area),
            "area_code": _codes(csv, found["area_code"]),
            "force_name": csv.column(found["force_name"]),
            "financial_year": csv.column(found["financial_year"]),
            "financial_quarter": pc.cast(csv.column(quarter), pa.int32()),
            "offence_code": csv.column(found["offence_code"]),
            "offence_description": csv.column(found["offence_description"]),
            "offence_group": csv.column(found["offence_group"]),
            "offence_subgroup": csv.column(found["offence_subgroup"]),
            "offences": pc.cast(offences, pa.int64()),
        }
    )
    negative = pc.sum(pc.less(offences, 0)).as_py()
    warnings = []
    if negative:
        warnings.append(
            f"{csv.path}: {negative:,} rows have negative counts (Home Office revisions of earlier "
            "quarters); kept as published"
        )
    if known_forces is not None:
        warnings.extend(_unknown_forces(csv, found["force_name"], known_forces))
    return RecordedCrime(csv.path, area_type, table, tuple(warnings))


def force_key(name: str) -> str:
    """A force name as compared: 'Devon & Cornwall' and 'devon and cornwall' are one force."""
    return " ".join(name.replace("&", " and ").split()).casefold()


def _unknown_forces(csv: CsvTable, column: str, known: Collection[str]) -> list[str]:
    """A warning for rows whose Force Name is no police force area, national body or force the
    store knows (a code or a name typed in its place)."""
    keys = {force_key(name) for name in (*known, *NOT_TERRITORIAL)}
    names = csv.column(column)
    unknown = [n for n in pc.unique(names).to_pylist() if force_key(n) not in keys]
    if not unknown:
        return []
    rows = pc.is_in(names, pa.array(unknown, pa.string()))
    count = pc.sum(rows).as_py()
    first = int(pc.index(rows, True).as_py())
    shown = ", ".join(repr(n) for n in unknown[:3]) + (" and more" if len(unknown) > 3 else "")
    return [
        f"{csv.path}: {count:,} {'row names a force' if count == 1 else 'rows name forces'} cspkit does not know "
        f"({shown}; first on line {csv.line_of(first):,}): {'it is' if count == 1 else 'they are'} loaded, but "
        f"{'matches' if count == 1 else 'match'} no police force area. Check the column {csv.header[column]!r}"
    ]


def _check_financial_years(csv: CsvTable, column: str) -> None:
    """A financial year is written 2017/18: the second year follows the first."""
    years = pc.unique(csv.column(column)).to_pylist()
    valid = [y for y in years if (m := re.fullmatch(r"(\d{4})/(\d{2})", y)) and (int(m[1]) + 1) % 100 == int(m[2])]
    csv.require(
        pc.is_in(csv.column(column), pa.array(valid, pa.string())),
        lambda row: f"financial year {csv.value(column, row)!r} should be written like 2017/18",
    )
    first, last = plausible_years()
    possible = [y for y in valid if first <= int(y[:4]) < last]
    csv.require(
        pc.is_in(csv.column(column), pa.array(possible, pa.string())),
        lambda row: f"financial year {csv.value(column, row)!r} is outside the years a partnership's figures can "
                    f"cover ({first} to {last}): is the year mistyped?",
    )


def _codes(csv: CsvTable, column: str | None) -> pa.ChunkedArray | pa.Array:
    if column is None:
        return pa.nulls(csv.rows, pa.string())
    text = csv.column(column)
    return pc.if_else(pc.equal(text, ""), None, text)
