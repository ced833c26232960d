"""Reading uploaded workbooks within limits, so no upload can tie up the server or attack its parser.

An .xlsx file is a zip of XML documents. Before openpyxl sees one we check its size, the size
its parts would unpack to, and that no part declares an XML document type (Excel never writes
one; "billion laughs" and XXE need one). Rows are then read one by one with a cap on rows,
columns and seconds, ignoring the sheet's declared dimensions (``A1:XFD1048576`` costs nothing).
A formula is reported with its cell, never silently read as an empty value.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from cspkit.errors import InputError
from cspkit.sources.workbook import old_excel


@dataclass(frozen=True)
class Limits:
    """What one upload may cost."""

    max_bytes: int = 5 * 1024 * 1024
    max_unpacked_bytes: int = 50 * 1024 * 1024
    max_parts: int = 200
    max_rows: int = 20_000
    max_columns: int = 60
    max_seconds: float = 20.0


DEFAULT_LIMITS = Limits()
XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


def _size(stream: IO[bytes]) -> int:
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size


def check_xlsx(stream: IO[bytes], name: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a file too big, a zip that unpacks too big, or XML with a document type declaration."""
    size = _size(stream)
    if size > limits.max_bytes:
        most = f"{limits.max_bytes / 1e6:.0f} MB"
        raise InputError(name, f"the file is {size / 1e6:.1f} MB; the most this page takes is {most}")
    try:
        if error := old_excel(name, stream.read(8)):
            raise error
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
            if len(parts) > limits.max_parts:
                raise InputError(name, f"the workbook has {len(parts):,} parts; Excel workbooks have far fewer")
            if sum(part.file_size for part in parts) > limits.max_unpacked_bytes:
                raise InputError(name, "the workbook unpacks to more than the app accepts; split it or remove images")
            for part in parts:
                if part.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(part) as xml:
                        head = xml.read(64 * 1024)
                        rest = xml.read()
                    if any(marker in head or marker in rest for marker in XML_DECLARATIONS):
                        raise InputError(
                            name,
                            f"the part {part.filename} declares an XML document type, which Excel never writes; "
                            "the file may have been tampered with, so it was not read",
                        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as error:
        raise InputError(name, "this is not an Excel workbook (.xlsx)") from error
    finally:
        stream.seek(0)


def open_xlsx(stream: IO[bytes], name: str, limits: Limits = DEFAULT_LIMITS) -> Workbook:
    """The workbook, read-only, with formulas kept as formulas so they can be reported."""
    check_xlsx(stream, name, limits)
    try:
        return load_workbook(stream, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ParseError, DefusedXmlException) as error:
        raise InputError(name, "this is not an Excel workbook (.xlsx), or it is damaged") from error
    except Exception as error:  # lxml's XMLSyntaxError and others: any failure to parse is the file's fault
        raise InputError(name, "this Excel workbook is damaged and could not be read") from error


def sheet_rows(sheet: Any, source: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, list[Any]]]:
    """(line, values) of each row, within the limits; a formula cell stops the read with its cell named."""
    sheet.reset_dimensions()  # ignore what the file claims its size is; read the cells it has
    deadline = time.monotonic() + limits.max_seconds
    try:
        for line, row in enumerate(sheet.iter_rows(), start=1):
            if line > limits.max_rows:
                raise InputError(source, f"the sheet has more than {limits.max_rows:,} rows", line)
            if time.monotonic() > deadline:
                raise InputError(source, f"reading the sheet took more than {limits.max_seconds:.0f} seconds", line)
            values = []
            for column, cell in enumerate(row, start=1):
                value = getattr(cell, "value", None)
                if value is not None and column > limits.max_columns:
                    letter = get_column_letter(column)
                    raise InputError(source, f"column {letter} is beyond the {limits.max_columns} columns read", line)
                if getattr(cell, "data_type", None) == "f":
                    raise InputError(
                        source,
                        f"cell {get_column_letter(column)}{line} holds a formula ({str(value)[:60]}); cspkit reads "
                        "values, not formulas: replace it with its value (Paste Special, Values) and upload again",
                        line,
                    )
                values.append(value)
            yield line, values[: limits.max_columns]
    except (ParseError, DefusedXmlException) as error:
        raise InputError(source, "this Excel workbook is damaged and could not be read") from error
