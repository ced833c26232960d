"""Checks every CSV reader needs: UTF-8 text, a header with the expected columns, rows as wide as
the header, values of the right kind and no repeated keys.

Each failure is an :class:`~cspkit.errors.InputError` naming the file, the line and the problem,
so an analyst can open the file at that line and see what is wrong. The file is parsed once by
pyarrow (multi-threaded, every column kept as text); a slow pass with :mod:`csv` runs only after
a failure, to find the line to name.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from cspkit.errors import InputError
from cspkit.sources.textfile import MAX_LINE_BYTES, TextScan, scan_text, unclosed_quote

_NUMBER = r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d*)?([eE][+-]?\d+)?$"
_HAS_DIGIT = r"\d"


def normalise(name: str) -> str:
    """A header name as a key: ``'Number of Offences '`` -> ``'number_of_offences'``, ``'90+'`` stays."""
    return re.sub(r"[^0-9a-z+]+", "_", name.casefold()).strip("_")


@dataclass(frozen=True)
class CsvTable:
    """A CSV file read as text: ``table`` has one column per header name (normalised, see
    :func:`normalise`), values stripped of surrounding spaces; ``header`` maps each normalised
    name back to the name as written, for messages."""

    path: Path
    header: dict[str, str]
    table: pa.Table
    scan: TextScan | None = None  # every byte of the file, read before parsing

    @property
    def rows(self) -> int:
        return self.table.num_rows

    def column(self, name: str) -> pa.ChunkedArray:
        return self.table[name]

    def line_of(self, row: int) -> int:
        """The line (1-based, header is line 1) on which data row ``row`` (0-based) starts."""
        with open(self.path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            next(reader)
            start, index = reader.line_num + 1, -1
            for record in reader:
                if record:
                    index += 1
                    if index == row:
                        return start
                start = reader.line_num + 1
        raise IndexError(row)

    def error(self, row: int, problem: str) -> InputError:
        return InputError(self.path, problem, line=self.line_of(row))

    def require(self, valid: pa.ChunkedArray | pa.Array, problem: Callable[[int], str]) -> None:
        """Raise at the first row where ``valid`` is false, with ``problem(row)`` as the message."""
        bad = np.flatnonzero(~np.asarray(valid.fill_null(False)))
        if bad.size:
            raise self.error(int(bad[0]), problem(int(bad[0])))

    def find_columns(
        self, wanted: Mapping[str, Iterable[str]], *, what: str, optional: Iterable[str] = ()
    ) -> dict[str, str | None]:
        """Map each role to the column that holds it, trying the role's accepted names in order.

        A missing required role is an error that lists the columns expected and those found, so a
        file of the wrong kind (or an edited header) is recognised at once.
        """
        optional = set(optional)
        found: dict[str, str | None] = {}
        missing = []
        for role, names in wanted.items():
            names = tuple(names)
            found[role] = next((normalise(n) for n in names if normalise(n) in self.header), None)
            if found[role] is None and role not in optional:
                missing.append(" or ".join(repr(n) for n in names))
        if missing:
            required = [{normalise(n) for n in names} for role, names in wanted.items() if role not in optional]
            self.refuse_header_below(lambda present: all(present & names for names in required))
            raise InputError(
                self.path,
                f"this does not look like {what}: no column {'; no column '.join(missing)}. "
                f"The columns are: {', '.join(repr(h) for h in self.header.values())}",
                line=1,
            )
        return found

    def refuse_header_below(self, recognised: Callable[[set[str]], bool], lines: int = 50) -> None:
        """Refuse a file whose column names are not on line 1 but further down (under a title that
        spreads across the columns, as a table saved from a report has), naming their line.

        ``recognised`` says whether a line's fields (normalised) are the column names sought;
        only the first ``lines`` lines are searched.
        """
        with open(self.path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            next(reader, None)
            start = reader.line_num + 1
            for record in reader:
                if record and recognised({normalise(field) for field in record}):
                    raise InputError(
                        self.path,
                        f"the column names are on line {start:,}, not line 1: delete the lines above them (a title "
                        "or notes), save it as 'CSV UTF-8' and load it again",
                        line=1,
                    )
                if reader.line_num >= lines:
                    return
                start = reader.line_num + 1

    def value(self, name: str, row: int) -> str:
        return self.table[name][row].as_py()

    def numbers(
        self,
        name: str,
        *,
        what: str,
        integer: bool = False,
        blank: bool = False,
        minimum: float | None = None,
        maximum: float | None = None,
    ) -> pa.ChunkedArray:
        """Column ``name`` as float64 (thousands separators allowed), checked row by row.

        ``what`` names the value in the user's words ("the number of offences"). Blank cells
        are an error unless ``blank``, when they become nulls.
        """
        text = self.table[name]
        empty = pc.equal(text, "")
        written = repr(self.header[name])

        def problem(row: int) -> str:
            value = self.value(name, row)
            return (
                f"{what} (column {written}) is empty"
                if not value
                else f"{what} in column {written} is {value!r}, not a number"
            )

        kept = pc.if_else(empty, None, text) if blank else text
        try:
            values = pc.cast(kept, pa.float64())
        except pa.ArrowInvalid:
            shaped = pc.and_(pc.match_substring_regex(text, _NUMBER), pc.match_substring_regex(text, _HAS_DIGIT))
            self.require(pc.or_(shaped, empty) if blank else shaped, problem)
            values = pc.cast(pc.replace_substring(kept, ",", ""), pa.float64())
        self.require(pc.is_finite(values).fill_null(True), problem)
        if integer:
            self.require(
                pc.equal(values, pc.floor(values)).fill_null(True),
                lambda row: f"{what} in column {written} is {self.value(name, row)!r}, not a whole number",
            )
        if minimum is not None:
            self.require(
                pc.greater_equal(values, minimum).fill_null(True),
                lambda row: f"{what} in column {written} is {self.value(name, row)!r}; it cannot be below {minimum:g}",
            )
        if maximum is not None:
            self.require(
                pc.less_equal(values, maximum).fill_null(True),
                lambda row: f"{what} in column {written} is {self.value(name, row)!r}; it cannot be above {maximum:g}",
            )
        return values

    def require_filled(self, name: str, what: str) -> None:
        written = repr(self.header[name])
        self.require(pc.not_equal(self.table[name], ""), lambda row: f"{what} (column {written}) is empty")

    def check_unique(
        self, names: list[str], describe: Callable[[int], str], *, among: pa.ChunkedArray | None = None
    ) -> None:
        """Refuse a row whose key (the values in ``names``) repeats an earlier row.

        ``describe(row)`` says what the key means ("LSOA E01014210"); ``among`` limits the check
        to rows where it is true.
        """
        keys = self.table.select(names).to_pandas()
        if among is not None:
            keys = keys[np.asarray(among)]
        repeated = keys.duplicated(keep="first")
        if not repeated.any():
            return
        row = int(repeated.idxmax())
        first = int(keys.index[(keys == keys.loc[row]).all(axis=1)][0])
        raise self.error(row, f"{describe(row)} appears twice (first on line {self.line_of(first)})")


EARLIEST_YEAR = 2000  # no partnership's figures begin earlier (CSPs were set up by the Crime and Disorder Act 1998)


def plausible_years() -> tuple[int, int]:
    """The years a partnership's figures can cover: from 2000 to next year (a forecast or target)."""
    return EARLIEST_YEAR, date.today().year + 1


MAX_COLUMNS = 5_000  # the widest table cspkit reads (Census tables run to a few hundred columns)


def read_csv(path: Path | str) -> CsvTable:
    """Read a CSV file as text, refusing an empty or headerless file, non-UTF-8 text, repeated
    column names and rows wider or narrower than the header."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    if path.stat().st_size == 0:
        raise InputError(path, "the file is empty")
    with open(path, "rb") as stream:
        scan = scan_text(stream, str(path))  # damage (NUL bytes, junk with no line breaks) named first
    if scan.quotes:
        _check_quoting(path)
    header = _read_header(path)
    if len(header) > MAX_COLUMNS:
        raise InputError(path, f"the first line names {len(header):,} columns; cspkit reads tables of up to "
                               f"{MAX_COLUMNS:,} columns. Is the first line damaged, or is this not a table?", line=1)
    keys = [normalise(name) or f"column_{i + 1}" for i, name in enumerate(header)]
    seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key in seen:
            raise InputError(
                path, f"two columns are called {header[seen[key]]!r} and {header[i]!r}; names must differ", line=1
            )
        seen[key] = i
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=keys),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(keys, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise _explain(path, len(keys), exc) from exc
    if table.num_rows == 0:
        raise InputError(path, "the file has a header but no rows of data")
    stripped = pa.table({key: pc.utf8_trim_whitespace(table[key]) for key in keys})
    _account_for_every_row(path, table.num_rows, scan)
    return CsvTable(path, dict(zip(keys, header, strict=True)), stripped, scan)


def _check_quoting(path: Path) -> None:
    """Refuse broken quoting, which pyarrow would quietly mend: text after a closing quote mark
    (``"x"y`` read as ``xy``, or a damaged header merging two columns) or a quoted field never
    closed (pyarrow ends it at the end of the file). Run only on files that hold quote marks."""
    csv.field_size_limit(MAX_LINE_BYTES)  # the readers' own bound on a line
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream, strict=True)
        start = 1  # the line the record being read begins on: where a quote left open was opened
        try:
            for _ in reader:
                start = reader.line_num + 1
        except UnicodeDecodeError:
            return  # not UTF-8: the header read below names the byte
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                raise unclosed_quote(str(path), start) from None
            spans = (f"; lines {start:,} to {reader.line_num:,} were read as one row, so a quote mark on line "
                     f"{start:,} is probably never closed") if reader.line_num > start else ""
            raise InputError(
                path,
                f"a quoted value is broken ({exc}){spans}: a quote mark inside a value must be doubled, and only "
                "a comma or the end of the line may follow the closing quote mark. Open it, save it again as "
                "'CSV UTF-8' and load it again",
                line=start,
            ) from None


def _account_for_every_row(path: Path, rows: int, scan: TextScan) -> None:
    """Hold the rows parsed to the lines scanned (or, when a quoted field spans lines, to the
    :mod:`csv` module's count), so that no row is lost in silence."""
    if rows == scan.data_lines:
        return
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            next(reader, None)
            counted = sum(1 for record in reader if record)
    except csv.Error as exc:
        raise InputError(path, f"cannot be read as CSV ({exc}). Open it, save it again as 'CSV UTF-8' and "
                               "load it again") from None
    if rows != counted:
        raise InputError(path, f"the file holds {counted:,} rows of data but only {rows:,} could be read. "
                               "Open it, save it again as 'CSV UTF-8' and load it again")


def _read_header(path: Path) -> list[str]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            header = next(csv.reader(stream), [])
    except UnicodeDecodeError as exc:
        raise _explain(path, 0, exc) from exc
    header = [name.strip() for name in header]
    if not any(header):
        raise InputError(path, "the first line should name the columns but is empty", line=1)
    return header


def _explain(path: Path, width: int, exc: Exception) -> InputError:
    """Turn a parser failure into a message naming the line, found by a slow second pass."""
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as bad:
                return InputError(
                    path,
                    f"the file is not UTF-8 text (byte 0x{raw[bad.start]:02X} cannot be read). "
                    "Save it as 'CSV UTF-8' and load it again",
                    line=number,
                )
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader, [])
        start = reader.line_num + 1
        for record in reader:
            if record and len(record) != width:
                if width == 1 < len(record):
                    return _title_above_header(path, header[0].strip(), start, len(record))
                return InputError(path, f"this line has {len(record)} fields but the header has {width}", line=start)
            start = reader.line_num + 1
    return InputError(path, f"cannot be read as CSV: {exc}")


def _title_above_header(path: Path, first: str, line: int, fields: int) -> InputError:
    """A first line of one column followed by wider rows: a title (or notes) above the column
    names, as a table copied from a publication or saved from a report has."""
    return InputError(
        path,
        f"this does not look like the column names: it is one column ({first!r}) but line {line:,} has {fields} "
        "fields. If the file begins with a title or notes, delete the lines above the column names so that they "
        "are on line 1, save it as 'CSV UTF-8' and load it again",
        line=1,
    )
