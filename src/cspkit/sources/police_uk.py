"""police.uk archive files: finding them, reading their names, and checking their contents.

data.police.uk publishes one CSV per force, month and kind (``street``, ``outcomes``,
``stop-and-search``), laid out as ``YYYY-MM/YYYY-MM-<force>-<kind>.csv`` in a folder or a
``.zip`` archive. The file name is the only place the force slug (and, for stop and search,
the month) is written, so it is parsed strictly.

Checking happens at two speeds. :func:`read_csv_sql` and :data:`CHECKS` let DuckDB read and
check millions of rows quickly; :func:`first_problem` re-reads one file line by line with the
:mod:`csv` module to say exactly which line is wrong and why, in the user's words. The slow
reader runs only once the fast one has found that something is wrong.
"""

from __future__ import annotations

import codecs
import csv
import lzma
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from pathlib import Path, PurePosixPath
from typing import IO
from zoneinfo import ZoneInfo

import duckdb
import fsspec
import zipfile_deflate64  # noqa: F401  (teaches zipfile to read Deflate64, which Windows writes for large zips)

from cspkit.errors import InputError
from cspkit.sources.folders import files_in
from cspkit.sources.textfile import (
    CHUNK_BYTES,
    MAX_LINE_BYTES,
    Head,
    TextScan,
    bounded_lines,
    doubled_line_breaks,
    long_line_damage,
    read_head,
    scan_text,
    sniff_newline,
)

KINDS = ("street", "outcomes", "stop-and-search")

FILE_NAME = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<force>[a-z0-9]+(?:-[a-z0-9]+)*)-(?P<kind>street|outcomes|stop-and-search)\.csv",
    re.IGNORECASE,
)
FILE_NAME_HELP = "YYYY-MM-<force>-<street|outcomes|stop-and-search>.csv, e.g. 2022-01-staffordshire-street.csv"

# Great Britain with a margin (St Kilda to Lowestoft, the Scilly Isles to Shetland). police.uk
# snaps points to map features, so a point outside this box is a broken coordinate.
GB_LONGITUDE = (-8.7, 1.9)
GB_LATITUDE = (49.8, 60.9)
LSOA_CODE = re.compile(r"[EW]01\d{6}")
LSOA_CODE_SQL = "[EW]01[0-9]{6}"

# Files a zip or folder may hold beside the data without being an error: hidden files, and
# those file managers make (macOS resource forks, Windows thumbnails).
IGNORED_NAMES = {"thumbs.db", "desktop.ini"}

# police.uk assigns a stop and search to the month of its date in UK local time; the files
# write the date in UTC (23:01 UTC on 31 May 2019 is 00:01 on 1 June in the UK).
UK_TIME = ZoneInfo("Europe/London")

# Compression methods zipfile reads (with zipfile_deflate64): stored, deflate, deflate64, bzip2, lzma.
_READABLE_COMPRESSION = {0, 8, 9, 12, 14}
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


@dataclass(frozen=True)
class Column:
    """One column of a police.uk file: its header, our name for it and how DuckDB reads it."""

    header: str
    name: str
    sql_type: str = "VARCHAR"
    required: bool = False


@dataclass(frozen=True)
class Layout:
    """The published columns of one kind of police.uk file."""

    kind: str
    columns: tuple[Column, ...]
    month_column: str  # 'Month' (YYYY-MM) or 'Date' (ISO 8601 date and time)
    force_column: str | None  # 'Reported by'; stop and search files name no force

    @property
    def header(self) -> list[str]:
        return [c.header for c in self.columns]


_LOCATED = (
    Column("Longitude", "longitude", "DOUBLE"),
    Column("Latitude", "latitude", "DOUBLE"),
    Column("Location", "location"),
    Column("LSOA code", "lsoa_code"),
    Column("LSOA name", "lsoa_name"),
)
_REPORTED = (
    Column("Crime ID", "crime_id"),
    Column("Month", "month", "DATE", required=True),
    Column("Reported by", "reported_by", required=True),
    Column("Falls within", "falls_within", required=True),
    *_LOCATED,
)

LAYOUTS = {
    "street": Layout(
        "street",
        (
            *_REPORTED,
            Column("Crime type", "crime_type", required=True),
            Column("Last outcome category", "last_outcome"),
            Column("Context", "context"),
        ),
        month_column="Month",
        force_column="Reported by",
    ),
    "outcomes": Layout(
        "outcomes",
        (*_REPORTED, Column("Outcome type", "outcome_type", required=True)),
        month_column="Month",
        force_column="Reported by",
    ),
    "stop-and-search": Layout(
        "stop-and-search",
        (
            Column("Type", "search_type"),
            Column("Date", "searched_at", required=True),
            Column("Part of a policing operation", "part_of_policing_operation"),
            Column("Policing operation", "policing_operation"),
            Column("Latitude", "latitude", "DOUBLE"),
            Column("Longitude", "longitude", "DOUBLE"),
            Column("Gender", "gender"),
            Column("Age range", "age_range"),
            Column("Self-defined ethnicity", "self_defined_ethnicity"),
            Column("Officer-defined ethnicity", "officer_defined_ethnicity"),
            Column("Legislation", "legislation"),
            Column("Object of search", "object_of_search"),
            Column("Outcome", "outcome"),
            Column("Outcome linked to object of search", "outcome_linked_to_object"),
            Column("Removal of more than just outer clothing", "removal_of_outer_clothing"),
        ),
        month_column="Date",
        force_column=None,
    ),
}


@dataclass(frozen=True)
class PoliceUkFile:
    """One police.uk CSV: a file on disk, or a member of a zip archive (read in place)."""

    source: Path
    member: str | None
    force: str
    month: date
    kind: str
    size: int  # bytes of CSV text (uncompressed)
    cleaned: Path | None = None  # a copy without blank lines, read by DuckDB in place of the file

    @property
    def in_zip(self) -> bool:
        """Whether DuckDB reads it from a zip archive (a cleaned copy is on disk)."""
        return self.member is not None and self.cleaned is None

    @property
    def label(self) -> str:
        """How the user would name this file in a message."""
        return f"{self.source}: {self.member}" if self.member else str(self.source)

    @property
    def name(self) -> str:
        return PurePosixPath(self.member).name if self.member else self.source.name

    @property
    def layout(self) -> Layout:
        return LAYOUTS[self.kind]

    @property
    def month_text(self) -> str:
        return f"{self.month:%Y-%m}"

def parse_file_name(name: str) -> tuple[date, str, str] | None:
    """``(month, force slug, kind)`` from a police.uk file name, or None if it is not one."""
    match = FILE_NAME.fullmatch(PurePosixPath(name).name)
    if not match or not 1 <= int(match["month"]) <= 12:
        return None
    return date(int(match["year"]), int(match["month"]), 1), match["force"].lower(), match["kind"].lower()


def find_files(paths: Iterable[Path]) -> list[PoliceUkFile]:
    """Every police.uk file in the given files, folders (searched recursively) and zip archives.

    A folder or archive holding anything that is not a police.uk file is refused, naming the
    stray files: loading half of what the user pointed at would be a silent surprise.
    """
    found: list[PoliceUkFile] = []
    for path in map(Path, paths):
        if not path.exists():
            raise InputError(path, "no such file or folder")
        if path.is_dir():
            found.extend(_in_folder(path))
        elif zipfile.is_zipfile(path):
            found.extend(_in_zip(path))
        elif _looks_like_zip(path):
            raise InputError(path, "the zip archive is cut short or damaged (its index, at the end of the file, "
                                   "is missing): download it again")
        else:
            parsed = parse_file_name(path.name)
            if parsed is None:
                raise InputError(path, f"not a police.uk file name; expected {FILE_NAME_HELP}")
            found.append(PoliceUkFile(path, None, parsed[1], parsed[0], parsed[2], path.stat().st_size))
    found = _each_once(found)
    _refuse_duplicates(found)
    return found


def _each_once(files: list[PoliceUkFile]) -> list[PoliceUkFile]:
    """``files`` without repeats of one file (a path given twice, or a file also inside a folder
    given), as the other loaders take each file once: two *different* files of one month are
    still refused."""
    once: dict[tuple[Path, str | None], PoliceUkFile] = {}
    for file in files:
        once.setdefault((file.source.resolve(), file.member), file)
    return list(once.values())


def _in_folder(folder: Path) -> list[PoliceUkFile]:
    files, strays = [], []
    for path in files_in(folder):
        if _ignored(path.name):
            continue
        parsed = parse_file_name(path.name)
        if parsed is None:
            strays.append(str(path.relative_to(folder)))
        else:
            files.append(PoliceUkFile(path, None, parsed[1], parsed[0], parsed[2], path.stat().st_size))
    _refuse_strays(folder, "folder", files, strays)
    return files


def _looks_like_zip(path: Path) -> bool:
    """A file that starts like a zip (or is named one) but that zipfile cannot open: cut short."""
    with open(path, "rb") as stream:
        return stream.read(4) in _ZIP_MAGIC or path.suffix.lower() == ".zip"


def _in_zip(archive: Path) -> list[PoliceUkFile]:
    files, strays = [], []
    try:
        with zipfile.ZipFile(archive) as opened:
            members = [m for m in opened.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise InputError(archive, f"the zip archive is damaged ({exc}): download it again") from None
    except NotImplementedError as exc:  # the index asks for a zip version Python cannot read, or is damaged
        raise InputError(archive, f"the zip archive cannot be read ({exc}): it is damaged, or was made by a program "
                                  "cspkit cannot read; download it again, or unzip it and load the folder") from None
    for member in sorted(members, key=lambda m: m.filename):
        if _ignored(member.filename):
            continue
        parsed = parse_file_name(member.filename)
        if parsed is None:
            strays.append(member.filename)
            continue
        label = f"{archive}: {member.filename}"
        if member.flag_bits & 0x1:
            raise InputError(label, "this zip member is protected by a password; unzip the archive with its "
                                    "password and load the folder instead")
        if member.compress_type not in _READABLE_COMPRESSION:
            raise InputError(label, f"this zip member is compressed with a method cspkit cannot read (method "
                                    f"{member.compress_type}); unzip it with the program that made it and load the "
                                    "folder, or zip it again with ordinary compression")
        files.append(PoliceUkFile(archive, member.filename, parsed[1], parsed[0], parsed[2], member.file_size))
    _refuse_strays(archive, "zip archive", files, strays)
    return files


def _ignored(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return parts[0] == "__MACOSX" or parts[-1].startswith(".") or parts[-1].lower() in IGNORED_NAMES


def _refuse_strays(where: Path, what: str, files: list[PoliceUkFile], strays: list[str]) -> None:
    if strays:
        shown = ", ".join(strays[:5]) + (f" and {len(strays) - 5} more" if len(strays) > 5 else "")
        raise InputError(where, f"the {what} holds files that are not police.uk data: {shown} "
                                f"(police.uk files are named {FILE_NAME_HELP})")
    if not files:
        raise InputError(where, f"the {what} holds no police.uk files (named {FILE_NAME_HELP})")


def _refuse_duplicates(files: list[PoliceUkFile]) -> None:
    seen: dict[tuple[str, date, str], PoliceUkFile] = {}
    for file in files:
        key = (file.force, file.month, file.kind)
        if key in seen:
            raise InputError(file.label, f"{file.month_text} {file.force} {file.kind} is also in "
                                         f"{seen[key].label}; give each month once")
        seen[key] = file


def each_opened(files: Iterable[PoliceUkFile]) -> Iterator[tuple[PoliceUkFile, IO[bytes]]]:
    """Each file with its bytes open for reading, opening a zip archive once for all its members.

    A police.uk archive holds thousands of members, and opening the archive reads its whole
    index, so opening it once per member would take minutes.
    """
    for source, group in groupby(files, key=lambda f: f.source):
        members = list(group)
        if members[0].member is None:
            for file in members:
                with open(file.source, "rb") as stream:
                    yield file, stream
            continue
        with zipfile.ZipFile(source) as archive:
            for file in members:
                with _zip_reading(file), archive.open(file.member) as stream:
                    yield file, _GuardedMember(file, stream)


class _GuardedMember:
    """A zip member's stream whose read errors (bad CRC, damaged data) name the archive and member."""

    def __init__(self, file: PoliceUkFile, stream: IO[bytes]) -> None:
        self._file, self._stream = file, stream

    def read(self, size: int = -1) -> bytes:
        with _zip_reading(self._file):
            return self._stream.read(size)


@contextmanager
def _zip_reading(file: PoliceUkFile) -> Iterator[None]:
    """Turn what zipfile raises for a damaged member into a message naming the archive and member."""
    try:
        yield
    except zipfile.BadZipFile as exc:
        if "CRC" in str(exc):
            raise InputError(file.label, "the zip member does not match its checksum (CRC): the archive is damaged; "
                                         "download it again") from None
        raise InputError(file.label, f"the zip archive is damaged ({exc}): download it again") from None
    except (zlib.error, EOFError, lzma.LZMAError, OSError) as exc:  # bz2 raises OSError for bad data
        raise InputError(file.label, f"the compressed data in the zip archive is damaged or cut short ({exc}): "
                                     "download it again") from None
    except RuntimeError as exc:
        if "password" in str(exc) or "encrypted" in str(exc):
            raise InputError(file.label, "this zip member is protected by a password; unzip the archive with its "
                                         "password and load the folder instead") from None
        raise
    except NotImplementedError as exc:
        raise InputError(file.label, f"this zip member is compressed with a method cspkit cannot read ({exc}); "
                                     "unzip it and load the folder instead") from None


def scan(file: PoliceUkFile) -> TextScan:
    """Every byte of ``file`` read and accounted for (see :func:`~cspkit.sources.textfile.scan_text`)."""
    with closing(each_opened([file])) as opened:
        _, stream = next(opened)
        return scan_text(stream, file.label)


def check_headers(files: Iterable[PoliceUkFile]) -> None:
    """Refuse an empty file, a header that is not the published one, or a short file with only
    blank lines after its header (reading a bounded start of each file; the load counts the rest)."""
    for file, stream in each_opened(files):
        _check_header(file, read_head(stream, file.label))


def check_header(file: PoliceUkFile) -> None:
    """:func:`check_headers` for one file."""
    check_headers([file])


def _check_header(file: PoliceUkFile, head: Head) -> None:
    first = head.line
    if not first.strip() and head.more is not True:
        raise InputError(file.label, "the file is empty" if not first else "the first line, which should name "
                                     "the columns, is blank", line=None if not first else 1)
    if head.doubled:
        raise doubled_line_breaks(file.label)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(file.label, "bytes that are not UTF-8 in the header", line=1) from None
    try:
        header = next(csv.reader([text]))
    except csv.Error:
        header = []
    expected = file.layout.header
    if header != expected:
        shown = text if len(text) <= 300 else text[:300] + "..."
        raise InputError(file.label, f"{header_difference(header, expected, file.kind)}. The header found is: "
                                     f"{shown}; the header should be: {','.join(expected)}", line=1)
    if head.more is False:
        raise InputError(file.label, "the file has a header but no rows")


def header_difference(found: list[str], expected: list[str], kind: str) -> str:
    """The first way a police.uk header differs from the published one, in words."""
    other = next((k for k, layout in LAYOUTS.items() if k != kind and layout.header == found), None)
    if other:
        return f"this is the header of a police.uk {other} file, but the file name says {kind}"
    if found[: len(expected)] == expected and not any(name.strip() for name in found[len(expected):]):
        extra = len(found) - len(expected)
        return (f"the header ends with {'an extra empty column' if extra == 1 else f'{extra} extra empty columns'} "
                "(a comma at the end of the line, as a spreadsheet adds when a column beyond the data was "
                "touched): download the file again, or delete the empty columns and save it as 'CSV UTF-8'")
    for position, (name, wanted) in enumerate(zip(found, expected, strict=False), start=1):
        if name == wanted:
            continue
        if name.casefold() == wanted.casefold():
            return (f"column {position} is written {name!r}, not {wanted!r}: police.uk's column names are read "
                    "exactly as published; download the file again or restore the header")
        if name.strip() == wanted:
            return f"column {position}, {wanted!r}, has spaces around its name ({name!r})"
        if wanted not in found:
            return f"there is no column {wanted!r}: column {position} is {name!r}"
        return f"column {position} is {name!r} where {wanted!r} is expected"
    if len(found) > len(expected):
        return (f"an unexpected column {found[len(expected)]!r} at position {len(expected) + 1}, after "
                f"{expected[-1]!r}")
    return f"the header has {len(found)} columns, not {len(expected)}: no column {expected[len(found)]!r}"


# --- Fast checks, run by DuckDB over the rows it has read -----------------------------------


def read_csv_sql(kind: str) -> str:
    """A ``SELECT`` of every column of the files in ``$paths`` under our names, plus ``file_index``.

    Column names and types are fixed (nothing is sniffed) and the parser is strict, so a row
    with too many or too few fields, bad quoting, bytes that are not UTF-8, or a Month or
    coordinate that is not one, stops the read.
    """
    layout = LAYOUTS[kind]
    selected = ", ".join(f'"{c.header}" AS {c.name}' for c in layout.columns)
    columns = ", ".join(f"'{c.header}': '{c.sql_type}'" for c in layout.columns)
    return (
        f"SELECT {selected}, file_index FROM read_csv($paths, header = true, auto_detect = false, "
        f"columns = {{{columns}}}, delim = ',', quote = '\"', escape = '\"', strict_mode = true, "
        "null_padding = false, dateformat = '%Y-%m', encoding = 'utf-8')"
    )


@dataclass(frozen=True)
class Check:
    """A per-file test: an SQL aggregate over the file's rows (the columns of :func:`read_csv_sql`
    plus ``expected_month``, the month in the file name) that is non-zero when some row fails,
    and how to say so (``{count}`` is the aggregate) if :func:`first_problem` finds no line."""

    name: str
    sql: str
    problem: str
    kinds: tuple[str, ...] = KINDS


UK_MONTH_SQL = (
    "CASE WHEN regexp_matches(searched_at, '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$') "
    "THEN strftime(timezone('Europe/London', try_cast(searched_at AS TIMESTAMPTZ)), '%Y-%m') "
    "ELSE left(searched_at, 7) END"
)
"""The month of a stop and search in UK time: a Date with an offset (police.uk writes UTC) is
moved to Europe/London; a Date without one is already local."""

_LON, _LAT = GB_LONGITUDE, GB_LATITUDE
CHECKS = (
    Check(
        "half_located",
        "count(*) FILTER (WHERE (longitude IS NULL) <> (latitude IS NULL))",
        "{count:,} rows have a Longitude or a Latitude but not both",
    ),
    Check(
        "outside_gb",
        f"count(*) FILTER (WHERE NOT (longitude BETWEEN {_LON[0]} AND {_LON[1]} "
        f"AND latitude BETWEEN {_LAT[0]} AND {_LAT[1]}))",
        "{count:,} rows have coordinates outside Great Britain",
    ),
    Check(
        "bad_lsoa",
        f"count(*) FILTER (WHERE NOT regexp_full_match(lsoa_code, '{LSOA_CODE_SQL}'))",
        "{count:,} rows have an LSOA code that is not E01 or W01 and six digits",
        kinds=("street", "outcomes"),
    ),
    Check(
        "forces",
        "greatest(count(DISTINCT reported_by) - 1, 0)",
        "the file holds more than one force",
        kinds=("street", "outcomes"),
    ),
    Check(
        "wrong_month",
        "count(*) FILTER (WHERE month <> expected_month)",
        "{count:,} rows have a Month other than the month in the file name",
        kinds=("street", "outcomes"),
    ),
    Check(
        "wrong_date",
        f"count(*) FILTER (WHERE searched_at IS NULL OR coalesce({UK_MONTH_SQL}, '') <> "
        "strftime(expected_month, '%Y-%m'))",
        "{count:,} rows have no Date, or a Date outside the month in the file name (in UK time)",
        kinds=("stop-and-search",),
    ),
)



def checks_for(kind: str) -> tuple[Check, ...]:
    return tuple(c for c in CHECKS if kind in c.kinds)


# --- Slow check, line by line, to tell the user exactly what is wrong ------------------------


def first_problem(file: PoliceUkFile) -> InputError | None:
    """The first thing wrong with ``file`` (its line and problem), or None if nothing is."""
    try:
        check_header(file)
    except InputError as error:
        return error
    with closing(each_opened([file])) as opened:
        _, stream = next(opened)
        reader = csv.reader(_text(enumerate(bounded_lines(stream, file.label), start=1)), strict=True)
        start = 1  # the line each record begins on (a quoted field may span lines)
        try:
            next(reader)  # the header, checked above
            state = _RowState()
            start = reader.line_num + 1
            for fields in reader:
                if fields and (problem := _row_problem(file.layout, file, fields, state)):
                    return InputError(file.label, problem, line=start)
                start = reader.line_num + 1
        except _NotUtf8 as bad:
            return InputError(file.label, "bytes that are not UTF-8", line=bad.line)
        except csv.Error as exc:
            return InputError(file.label, _csv_problem(exc), line=start)
        except InputError as damage:
            return damage
    return None


def _drop_blank_lines(text: bytes, newline: bytes) -> bytes:
    """``text`` (whole lines) without its blank lines; each pass halves every run of line breaks."""
    doubles = (b"\r\n\r\n", b"\n\n") if newline == b"\n" else (b"\r\r",)
    while any(d in text for d in doubles):
        for double in doubles:
            text = text.replace(double, double[: len(double) // 2])
    return text.lstrip(b"\r\n")


def without_blank_lines(file: PoliceUkFile, folder: Path) -> PoliceUkFile:
    """``file`` with a copy of its text in ``folder`` that has no blank lines, for DuckDB, whose
    strict reader cannot always skip them (the file itself still names lines in messages)."""
    copy = folder / f"{len(list(folder.iterdir()))}-{file.name}"
    with closing(each_opened([file])) as opened, open(copy, "wb") as out:
        _, stream = next(opened)
        newline, carry = None, b""
        while data := stream.read(CHUNK_BYTES):
            newline = newline or sniff_newline(data)
            data = carry + data
            cut = data.rfind(newline) + 1
            carry = data[cut:]
            if len(carry) > MAX_LINE_BYTES:
                raise long_line_damage(file.label, -1, -1)
            out.write(_drop_blank_lines(data[:cut], newline))
        out.write(carry)
    return PoliceUkFile(file.source, file.member, file.force, file.month, file.kind, file.size, copy)


def count_rows(file: PoliceUkFile) -> int | None:
    """The rows of data in ``file`` counted by the :mod:`csv` module (blank lines skipped): the
    independent count a load is held to when a quick count of lines does not settle it; None
    if the csv module cannot read the file (then :func:`first_problem` says why)."""
    with closing(each_opened([file])) as opened:
        _, stream = next(opened)
        reader = csv.reader(_text(enumerate(bounded_lines(stream, file.label), start=1)))
        try:
            next(reader, None)
            return sum(1 for fields in reader if fields)
        except (csv.Error, _NotUtf8):
            return None


class _NotUtf8(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _text(numbered: Iterator[tuple[int, bytes]]) -> Iterator[str]:
    decode = codecs.getincrementaldecoder("utf-8-sig")().decode
    for number, raw in numbered:
        try:
            yield decode(raw)
        except UnicodeDecodeError:
            raise _NotUtf8(number) from None


_CSV_PROBLEMS = {
    "unexpected end of data": "a quoted field starting on this line is not closed before the end of the file "
                              "(is it cut short?)",
    "new-line character seen in unquoted field": "a line break (carriage return) inside a field that is not quoted",
    "expected after": "a quote mark inside a field that is not quoted, or text after a closing quote",
    "field larger than field limit": "a field longer than 131,072 characters (is a quote mark not closed?)",
    "NUL": "a NUL byte (a zero, which text never holds): the file is damaged; download it again",
}


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    for clue, problem in _CSV_PROBLEMS.items():
        if clue in text:
            return problem
    return f"the line is not valid CSV ({text})"


@dataclass
class _RowState:
    force: str | None = None


def _row_problem(layout: Layout, file: PoliceUkFile, fields: list[str], state: _RowState) -> str | None:
    if len(fields) != len(layout.columns):
        return f"expected {len(layout.columns)} fields, found {len(fields)}"
    row = dict(zip(layout.header, fields, strict=True))
    for column in layout.columns:
        if column.required and not row[column.header]:
            return f"{column.header} is empty"
    for test in _ROW_TESTS:
        if problem := test(layout, file, row, state):
            return problem
    return None


def _month_test(layout: Layout, file: PoliceUkFile, row: dict[str, str], state: _RowState) -> str | None:
    value = row[layout.month_column]
    if layout.month_column == "Month" and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return f"Month '{value}' is not a month written as YYYY-MM"
    month = uk_month(value) if layout.month_column == "Date" else value[:7]
    if month is None:
        return f"Date '{value}' is not a date and time written as YYYY-MM-DDTHH:MM:SS+00:00"
    if month != file.month_text:
        in_uk = f" ({month} in UK time)" if layout.month_column == "Date" and month != value[:7] else ""
        return f"the file name says {file.month_text} but {layout.month_column} is {value}{in_uk}"
    return None


def uk_month(value: str) -> str | None:
    """``YYYY-MM`` of a police.uk Date in UK time: ``2019-05-31T23:01:00+00:00`` -> ``2019-06``.

    A Date with no offset is taken as UK time already; None if it is not a date.
    """
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UK_TIME)
    return f"{moment:%Y-%m}"


def _force_test(layout: Layout, file: PoliceUkFile, row: dict[str, str], state: _RowState) -> str | None:
    if layout.force_column is None:
        return None
    force = row[layout.force_column]
    if state.force is None:
        state.force = force
    elif force != state.force:
        return f"file holds more than one force: '{state.force}' and '{force}'"
    return None


def _location_test(layout: Layout, file: PoliceUkFile, row: dict[str, str], state: _RowState) -> str | None:
    longitude, latitude = row["Longitude"], row["Latitude"]
    if not longitude and not latitude:
        return None
    if not longitude or not latitude:
        return "has a Longitude or a Latitude but not both"
    try:
        lon, lat = float(longitude), float(latitude)
    except ValueError:
        return f"Longitude '{longitude}' or Latitude '{latitude}' is not a number"
    inside = (
        not (math.isnan(lon) or math.isnan(lat))
        and GB_LONGITUDE[0] <= lon <= GB_LONGITUDE[1]
        and GB_LATITUDE[0] <= lat <= GB_LATITUDE[1]
    )
    if not inside:
        return f"Longitude {longitude}, Latitude {latitude} is outside Great Britain"
    return None


def _lsoa_test(layout: Layout, file: PoliceUkFile, row: dict[str, str], state: _RowState) -> str | None:
    code = row.get("LSOA code", "")
    if code and not LSOA_CODE.fullmatch(code):
        return f"LSOA code '{code}' is not an LSOA code (E01 or W01 and six digits)"
    return None


_ROW_TESTS: tuple[Callable[[Layout, PoliceUkFile, dict[str, str], _RowState], str | None], ...] = (
    _month_test,
    _force_test,
    _location_test,
    _lsoa_test,
)


# --- Giving DuckDB the files -----------------------------------------------------------------


def literal(name: str) -> str:
    """A path DuckDB takes literally: its glob characters (``*``, ``?``, ``[``, ``]``) each in a
    class of their own, so a folder called ``police [2022]`` is not read as a pattern."""
    return re.sub(r"([\[\]*?])", r"[\1]", name)


@contextmanager
def duckdb_paths(con: duckdb.DuckDBPyConnection, files: list[PoliceUkFile]) -> Iterator[list[str]]:
    """Paths DuckDB's ``read_csv`` can open for ``files`` (all from one file or one archive).

    Zip members are read in place through an fsspec zip file system registered on ``con``
    for the duration of the block: nothing is unpacked to disk.
    """
    archives = {f.source for f in files if f.in_zip}
    if not archives:
        yield [literal(str(f.cleaned or f.source)) for f in files]
        return
    if len(archives) > 1 or any(not f.in_zip for f in files):
        raise ValueError("duckdb_paths takes the members of one archive at a time")
    filesystem = fsspec.filesystem("zip", fo=str(archives.pop()))
    con.register_filesystem(filesystem)
    try:
        yield [f"zip://{literal(f.member)}" for f in files]
    finally:
        con.unregister_filesystem("zip")
