"""English Indices of Deprivation by LSOA: rank, decile and (where given) score of each domain.

Two layouts are recognised from their column names: the compact one (``lsoa11_code``,
``IMD_decile``, ``Income_rank``, ``Housing_and_Access_decile`` ...) and MHCLG's File 7
(``LSOA code (2011)``, ``Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)``
...). Domains are stored under their official names. Rank 1 is the most deprived LSOA and decile
1 the most deprived tenth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from cspkit.errors import InputError
from cspkit.sources.csvcheck import CsvTable, normalise, read_csv
from cspkit.sources.geography import area_columns, check_codes

# (words that identify the domain in a normalised column name, official domain name); first match wins.
DOMAINS = (
    (("imd", "index_of_multiple_deprivation"), "Index of Multiple Deprivation"),
    (("idaci", "income_deprivation_affecting_children"), "Income Deprivation Affecting Children Index"),
    (("idaopi", "income_deprivation_affecting_older_people"), "Income Deprivation Affecting Older People Index"),
    (("income",), "Income"),
    (("employment",), "Employment"),
    (("education",), "Education, Skills and Training"),
    (("health",), "Health Deprivation and Disability"),
    (("crime",), "Crime"),
    (("housing", "barriers"), "Barriers to Housing and Services"),
    (("environment",), "Living Environment"),
)
MEASURES = ("rank", "decile", "score")
LSOA_COLUMNS = ("LSOA code (2011)", "LSOA code (2021)", "LSOA code", "lsoa_code")


@dataclass(frozen=True)
class Deprivation:
    """Checked indices, long: ``table`` has lsoa_code, domain, rank, decile, score."""

    path: Path
    edition: int
    table: pa.Table
    warnings: tuple[str, ...]
    file_rows: int  # rows of the file (one per LSOA), as the user counts them

    @property
    def lsoa_codes(self) -> pa.Array:
        return pc.unique(self.table["lsoa_code"])


def read_deprivation(path: Path | str, *, edition: int | None = None) -> Deprivation:
    """Read and check an Indices of Deprivation file.

    ``edition`` (the year of the release, e.g. 2019) defaults to the year in the file name
    (``imd2019_england_lsoa11``) or a ``year`` column holding one value.
    """
    csv = read_csv(path)
    lsoa = _lsoa_column(csv)
    check_codes(csv, lsoa, "lsoa")
    csv.check_unique([lsoa], lambda row: f"LSOA {csv.value(lsoa, row)}")
    edition = edition or _edition(csv)
    columns, ignored = _measure_columns(csv)
    if not columns:
        raise InputError(
            csv.path,
            "no deprivation ranks, deciles or scores recognised: expected columns such as IMD_decile, "
            "Income_rank or 'Index of Multiple Deprivation (IMD) Score'",
            line=1,
        )
    tables = []
    for domain, measures in columns.items():
        values = {m: _measure(csv, key, m, domain) for m, key in measures.items()}
        missing = pa.nulls(csv.rows, pa.float64())
        tables.append(
            pa.table(
                {
                    "lsoa_code": csv.column(lsoa),
                    "domain": pa.array([domain] * csv.rows, pa.string()),
                    "rank": values.get("rank", missing),
                    "decile": pc.cast(values.get("decile", missing), pa.int32()),
                    "score": values.get("score", missing),
                }
            )
        )
    table = pa.concat_tables(tables)
    warnings = tuple(f"{csv.path}: ignored column {csv.header[k]!r}" for k in ignored)
    return Deprivation(csv.path, edition, table, warnings, csv.rows)


def _lsoa_column(csv: CsvTable) -> str:
    groups = [g for g in area_columns(csv.header) if g.level == "lsoa"]
    if groups:
        return groups[0].code
    named = {normalise(n) for n in LSOA_COLUMNS}
    csv.refuse_header_below(lambda names: bool(names & named) or any(g.level == "lsoa" for g in area_columns(names)))
    return csv.find_columns({"lsoa": LSOA_COLUMNS}, what="an Indices of Deprivation table by LSOA")["lsoa"]


def _edition(csv: CsvTable) -> int:
    if match := re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", csv.path.stem):
        return int(match[1])
    if "year" in csv.header:
        years = pc.unique(csv.column("year")).to_pylist()
        if len(years) == 1 and re.fullmatch(r"(19|20)\d{2}", years[0]):
            return int(years[0])
    raise InputError(csv.path, "cannot tell which edition (2015, 2019, ...) of the indices this is; give --year")


def _measure_columns(csv: CsvTable) -> tuple[dict[str, dict[str, str]], list[str]]:
    """{domain: {measure: column}} for every recognised column, and the unrecognised ones."""
    found: dict[str, dict[str, str]] = {}
    ignored = []
    for key in csv.header:
        words = set(key.split("_"))
        measure = next((m for m in MEASURES if m in words), None)
        domain = next((name for keys, name in DOMAINS if any(_has(key, k) for k in keys)), None)
        if measure is None or domain is None or "sub_domain" in key or "subdomain" in key:
            if measure is not None:
                ignored.append(key)
            continue
        if measure in found.setdefault(domain, {}):
            raise InputError(
                csv.path,
                f"columns {csv.header[found[domain][measure]]!r} and {csv.header[key]!r} both look like the "
                f"{measure} of {domain}",
                line=1,
            )
        found[domain][measure] = key
    return found, ignored


def _has(key: str, words: str) -> bool:
    return re.search(rf"(^|_){re.escape(normalise(words))}(_|$)", key) is not None


def _measure(csv: CsvTable, key: str, measure: str, domain: str) -> pa.ChunkedArray:
    what = f"the {domain} {measure}"
    if measure == "decile":
        return csv.numbers(key, what=what, integer=True, minimum=1, maximum=10)
    if measure == "rank":
        return csv.numbers(key, what=what, minimum=1)
    return csv.numbers(key, what=what)
