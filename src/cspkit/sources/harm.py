"""The Cambridge Crime Harm Index workbook published by ONS (``cchi2020dataxls.xlsx``).

One row per detailed offence: its title, its Home Office classification and its harm score in
days of imprisonment (the sentencing-guideline starting point; 15 years for murder = 5,475).
The sheet is found by its header (``CCHI Score``, ``CLASSIFICATION_CODE``, ``FULL_OFFENCE_TITLE``)
rather than its name, so a renamed sheet in a later edition still reads.

Offence codes are written as in the Home Office recorded crime tables: the workbook's
``4/3`` and ``37/1`` become ``4.3`` and ``37.1``, so the weights join to those tables.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from cspkit.errors import InputError

SCHEME = "cchi"
UNIT = "days"
HEADERS = {"offence_code": "CLASSIFICATION_CODE", "offence_description": "FULL_OFFENCE_TITLE", "weight": "CCHI SCORE"}
OPTIONAL_HEADERS = {"home_office_classification": "HOME_OFFICE_CLASSIFICATION", "notifiable": "NOTIFIABLE"}
_HEADER_ROWS = 20  # how far down each sheet to look for the header
_EDITION = re.compile(r"\b(20\d\d)\b")


@dataclass(frozen=True)
class HarmWorkbook:
    """A checked CCHI workbook: ``offences`` has offence_code, offence_description, weight,
    home_office_classification and notifiable, one row per detailed offence."""

    path: Path
    scheme: str
    edition: str
    unit: str
    offences: pd.DataFrame


# What a damaged .xlsx (a zip of XML) raises as openpyxl reads it: bad zip data or CRC, cut-short
# compressed streams, XML that is not well formed, and cells or rows that are not where the index says.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, ParseError, IndexError, ValueError, TypeError,
           NotImplementedError)  # a zip index asking for a version zipfile cannot read


def read_cchi_workbook(path: Path) -> HarmWorkbook:
    """Read and check the CCHI workbook; raise :class:`InputError` naming the sheet, line and problem."""
    path = Path(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, *_DAMAGE) as exc:
        raise InputError(path, f"not an Excel workbook (.xlsx) that can be read: {exc}") from None
    try:
        found = _find_table(book)
        if found is None:
            raise InputError(
                path,
                "no sheet with the Cambridge Crime Harm Index columns "
                f"({', '.join(HEADERS.values())}); is this the ONS CCHI workbook?",
            )
        sheet, header_row, columns = found
        offences = _read_rows(path, sheet, header_row, columns)
        edition = _edition(book, sheet.title)
    except _DAMAGE as exc:  # openpyxl reads sheets lazily: damage inside the zip shows up here
        raise InputError(path, f"the workbook is damaged and cannot be read ({type(exc).__name__}: {exc}); "
                               "download it again, or open it in Excel and save it again") from None
    finally:
        book.close()
    if edition is None:
        raise InputError(path, "cannot tell which edition of the index this is (no year in the sheet names or cover)")
    return HarmWorkbook(path, SCHEME, edition, UNIT, offences)


def _find_table(book: openpyxl.Workbook) -> tuple[ReadOnlyWorksheet, int, dict[str, int]] | None:
    """The sheet, 1-based header row and column positions of the CCHI table, if any sheet has it."""
    for sheet in book.worksheets:
        for number, row in enumerate(sheet.iter_rows(max_row=_HEADER_ROWS, values_only=True), start=1):
            names = [str(v).strip().upper() if v is not None else "" for v in row]
            if all(h in names for h in HEADERS.values()):
                wanted = {**HEADERS, **OPTIONAL_HEADERS}
                return sheet, number, {role: names.index(h) for role, h in wanted.items() if h in names}
    return None


def _read_rows(path: Path, sheet: ReadOnlyWorksheet, header_row: int, columns: dict[str, int]) -> pd.DataFrame:
    records = []
    for number, row in enumerate(sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        where = f"sheet '{sheet.title}'"

        def cell(role: str, row: tuple = row) -> object:
            position = columns.get(role)
            return row[position] if position is not None and position < len(row) else None

        code = _text(cell("offence_code"))
        if not code:
            raise InputError(path, f"{where}: the offence code (CLASSIFICATION_CODE) is empty", line=number)
        title = _text(cell("offence_description"))
        if not title:
            raise InputError(path, f"{where}: offence code {code} has no offence title", line=number)
        score = cell("weight")
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise InputError(
                path, f"{where}: the CCHI score {score!r} of offence code {code} is not a number", line=number
            )
        if not score >= 0:
            raise InputError(path, f"{where}: the CCHI score {score} of offence code {code} is negative", line=number)
        records.append(
            {
                "offence_code": code.replace("/", "."),
                "offence_description": title,
                "weight": float(score),
                "home_office_classification": _text(cell("home_office_classification")) or None,
                "notifiable": _text(cell("notifiable")).lower() == "notifiable",
            }
        )
    if not records:
        raise InputError(path, f"sheet '{sheet.title}' has the CCHI columns but no offences")
    return pd.DataFrame.from_records(records)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _edition(book: openpyxl.Workbook, table_sheet: str) -> str | None:
    """The year of the edition: from the table's sheet name, else from any cell of the cover sheets."""
    match = _EDITION.search(table_sheet)
    if match:
        return match.group(1)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(max_row=60, values_only=True):
            for value in row:
                if isinstance(value, str) and "harm index" in value.lower() and (match := _EDITION.search(value)):
                    return match.group(1)
    return None
