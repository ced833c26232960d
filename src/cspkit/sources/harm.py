"""The Cambridge Crime Harm Index workbook published by ONS (``cchi2020dataxls.xlsx``).

One row per detailed offence: its title, its Home Office classification and its harm score in
days of imprisonment (the sentencing-guideline starting point; 15 years for murder = 5,475).
The sheet is found by its header (``CCHI Score``, ``CLASSIFICATION_CODE``, ``FULL_OFFENCE_TITLE``)
rather than its name, so a renamed sheet in a later edition still reads. Hidden sheets are passed
over (an old edition kept out of sight is not the one on show), and two visible sheets with the
header are refused rather than one picked. Each offence is listed once: a repeated row would
count its weight twice in the median weight of its offence code, so it is refused.

Offence codes are written as in the Home Office recorded crime tables: the workbook's
``4/3`` and ``37/1`` become ``4.3`` and ``37.1``, so the weights join to those tables.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from cspkit.errors import InputError
from cspkit.sources.workbook import load_workbook

SCHEME = "cchi"
UNIT = "days"
HEADERS = {"offence_code": "CLASSIFICATION_CODE", "offence_description": "FULL_OFFENCE_TITLE", "weight": "CCHI SCORE"}
OPTIONAL_HEADERS = {"home_office_classification": "HOME_OFFICE_CLASSIFICATION", "notifiable": "NOTIFIABLE",
                    "urn": "ATHENA URN"}
_HEADER_NAMES = "CLASSIFICATION_CODE, FULL_OFFENCE_TITLE and CCHI Score"  # as the published workbook writes them
_HEADER_ROWS = 20  # how far down each sheet to look for the header
_EDITION = re.compile(r"\b(20\d\d)\b")
_NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")  # 5475, 5,475, 12.5: a number typed as text


@dataclass(frozen=True)
class HarmWorkbook:
    """A checked CCHI workbook: ``offences`` has offence_code, offence_description, weight,
    home_office_classification and notifiable, one row per detailed offence."""

    path: Path
    scheme: str
    edition: str
    unit: str
    offences: pd.DataFrame
    sheet: str = ""  # the sheet read
    edition_from: str = ""  # where the edition's year was found, in words ("the sheet's name")
    hidden_sheets: tuple[str, ...] = ()  # hidden sheets that also had the CCHI columns, not read
    scores_as_text: int = 0  # scores stored as text in Excel ('5475') and read as numbers

    def describe(self) -> str:
        """What was read, for the person loading it to check: the sheet, the edition and why."""
        text = (f"{self.path.name}: read sheet '{self.sheet}' as the {self.edition} edition of the Cambridge Crime "
                f"Harm Index (the year in {self.edition_from})")
        if self.hidden_sheets:
            text += f"; the hidden sheet {_names(self.hidden_sheets)} was not read"
        if self.scores_as_text:
            text += (f"; {self.scores_as_text:,} score{'s' if self.scores_as_text > 1 else ''} stored as text in "
                     "Excel were read as numbers")
        return text


# What a damaged .xlsx (a zip of XML) raises as openpyxl reads it: bad zip data or CRC, cut-short
# compressed streams, XML that is not well formed, and cells or rows that are not where the index says.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, ParseError, IndexError, ValueError, TypeError,
           NotImplementedError)  # a zip index asking for a version zipfile cannot read


def read_cchi_workbook(path: Path) -> HarmWorkbook:
    """Read and check the CCHI workbook; raise :class:`InputError` naming the sheet, line and problem."""
    path = Path(path)
    try:
        book = load_workbook(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, *_DAMAGE) as exc:
        raise InputError(path, f"not an Excel workbook (.xlsx) that can be read: {exc}") from None
    try:
        sheet, header_row, columns, hidden = _find_table(path, book)
        offences, as_text = _read_rows(path, sheet, header_row, columns)
        edition, edition_from = _edition(book, sheet.title) or (None, "")
    except _DAMAGE as exc:  # openpyxl reads sheets lazily: damage inside the zip shows up here
        raise InputError(path, f"the workbook is damaged and cannot be read ({type(exc).__name__}: {exc}); "
                               "download it again, or open it in Excel and save it again") from None
    finally:
        book.close()
    if edition is None:
        raise InputError(path, "cannot tell which edition of the index this is (no year in the sheet names or cover)")
    return HarmWorkbook(path, SCHEME, edition, UNIT, offences, sheet.title, edition_from, hidden, as_text)


def _find_table(
    path: Path, book: openpyxl.Workbook
) -> tuple[ReadOnlyWorksheet, int, dict[str, int], tuple[str, ...]]:
    """The one visible sheet with the CCHI table: the sheet, its 1-based header row, the column
    positions, and the hidden sheets that have the table too (not read)."""
    visible: list[tuple[ReadOnlyWorksheet, int, dict[str, int]]] = []
    hidden: list[str] = []
    for sheet in book.worksheets:
        found = _header(sheet)
        if found is None:
            continue
        if sheet.sheet_state == "visible":
            visible.append((sheet, *found))
        else:
            hidden.append(sheet.title)
    if len(visible) > 1:
        raise InputError(path, f"two sheets have the Cambridge Crime Harm Index columns, '{visible[0][0].title}' and "
                               f"'{visible[1][0].title}', and cspkit cannot tell which to read: delete the one that "
                               "is not wanted, then load the workbook again")
    if not visible and hidden:
        raise InputError(path, f"the only sheet with the Cambridge Crime Harm Index columns, {_names(hidden)}, is "
                               "hidden, and hidden sheets are not read (they often hold old or working values): "
                               "if it is the one to load, unhide it in Excel (right-click a sheet tab, Unhide)")
    if not visible:
        shown = [s.title for s in book.worksheets if s.sheet_state == "visible"]
        raise InputError(path, "no sheet with the Cambridge Crime Harm Index columns: looked in the first "
                               f"{_HEADER_ROWS} rows of each visible sheet ({_names(shown) or 'there are none'}) for "
                               f"a row naming {_HEADER_NAMES}. Is this the ONS CCHI workbook? If title "
                               f"rows put the column names below row {_HEADER_ROWS}, delete some of them")
    sheet, header_row, columns = visible[0]
    return sheet, header_row, columns, tuple(hidden)


def _header(sheet: ReadOnlyWorksheet) -> tuple[int, dict[str, int]] | None:
    """The 1-based header row and column positions of the CCHI table on ``sheet``, if it has it."""
    for number, row in enumerate(sheet.iter_rows(max_row=_HEADER_ROWS, values_only=True), start=1):
        names = [str(v).strip().upper() if v is not None else "" for v in row]
        if all(h in names for h in HEADERS.values()):
            wanted = {**HEADERS, **OPTIONAL_HEADERS}
            return number, {role: names.index(h) for role, h in wanted.items() if h in names}
    return None


def _names(titles: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"'{t}'" for t in titles)


def _read_rows(
    path: Path, sheet: ReadOnlyWorksheet, header_row: int, columns: dict[str, int]
) -> tuple[pd.DataFrame, int]:
    """The offences, and how many of their scores were stored as text."""
    records = []
    where = f"sheet '{sheet.title}'"
    first_row: dict[tuple, int] = {}  # the ATHENA URN (else the whole row) -> the row that gave it
    as_text = 0
    for number, row in enumerate(sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue

        def cell(role: str, row: tuple = row) -> object:
            position = columns.get(role)
            return row[position] if position is not None and position < len(row) else None

        code = _text(cell("offence_code"))
        if not code:
            raise InputError(path, f"{where}: the offence code (CLASSIFICATION_CODE) is empty", line=number)
        title = _text(cell("offence_description"))
        if not title:
            raise InputError(path, f"{where}: offence code {code} has no offence title", line=number)
        urn = _text(cell("urn"))
        key = ("urn", urn) if urn else ("row", *(_text(v) for v in row))
        if key in first_row:
            what = f"ATHENA URN {urn}" if urn else "the same cells"
            raise InputError(path, f"{where}: rows {first_row[key]:,} and {number:,} both give {what} (offence code "
                                   f"{code}, {title}): each offence is listed once, and a repeat would count its "
                                   "weight twice. Delete the repeated row", line=number)
        first_row[key] = number
        score = cell("weight")
        if isinstance(score, str) and _NUMBER_TEXT.match(score.strip()):
            score, as_text = float(score.strip().replace(",", "")), as_text + 1
        if problem := _not_a_number(score):
            if score is None and (formula := _formula(path, sheet.title, number, columns["weight"])):
                problem = (f"is a formula ({formula}) whose result was not saved in the file, as happens when a "
                           "program other than Excel writes it: open the workbook in Excel or LibreOffice and save "
                           "it, so the results are stored, then load it again")
            raise InputError(path, f"{where}: the CCHI score of offence code {code} {problem}", line=number)
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
    return pd.DataFrame.from_records(records), as_text


def _formula(path: Path, title: str, row: int, column: int) -> str | None:
    """The formula in a cell whose value came back empty, if it holds one: a workbook written by a
    program that does not calculate (a script, some exports) keeps the formula but no result."""
    book = load_workbook(path, data_only=False)
    try:
        cells = next(book[title].iter_rows(min_row=row, max_row=row, values_only=True), ())
        value = cells[column] if column < len(cells) else None
    finally:
        book.close()
    return value if isinstance(value, str) and value.startswith("=") else None


def _not_a_number(value: object) -> str | None:
    """Why a cell is not a score, in the words Excel shows it in; None if it is a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "is empty"
    if isinstance(value, bool):
        return f"is {str(value).upper()}, not a number"
    if isinstance(value, datetime | date):
        return f"is a date ({value:%d/%m/%Y}), not a number: is the cell formatted as a date in Excel?"
    if isinstance(value, str):
        return f"is text ('{' '.join(value.split())}'), not a number"
    if not isinstance(value, int | float):
        return f"is not a number ({value})"
    return None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _edition(book: openpyxl.Workbook, table_sheet: str) -> tuple[str, str] | None:
    """The year of the edition and where it was found: the table's sheet name, else a cell of a
    visible cover sheet that names the harm index."""
    match = _EDITION.search(table_sheet)
    if match:
        return match.group(1), "the sheet's name"
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        for row in sheet.iter_rows(max_row=60, values_only=True):
            for value in row:
                if isinstance(value, str) and "harm index" in value.lower() and (match := _EDITION.search(value)):
                    return match.group(1), f"sheet '{sheet.title}'"
    return None
