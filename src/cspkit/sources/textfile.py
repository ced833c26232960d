"""Text files read as bytes, every byte accounted for, with bounded lines and memory.

Every CSV reader first passes its bytes through :func:`scan_text` (or reads lines with
:func:`bounded_lines`), so damage that a CSV parser might stop at silently (a download padded
with NUL bytes, megabytes of junk after the last row) is named as damage, with its line and
byte offset, instead of being dropped. Line endings may be LF, CRLF or CR alone (Excel's
"CSV (Macintosh)"); blank lines are counted so that the rows of data can be counted exactly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from cspkit.errors import InputError

MAX_LINE_BYTES = 1 << 20
"""No real CSV line of any source cspkit reads comes near a megabyte; a longer one is damage."""

CHUNK_BYTES = MAX_LINE_BYTES  # a chunk no longer than the limit: only lines crossing chunks need measuring

_NL, _CR = ord("\n"), ord("\r")


@dataclass(frozen=True)
class TextScan:
    """What :func:`scan_text` found: the size, lines (a last line without a line break counts),
    blank lines (nothing but the line break), the line break byte and the SHA-256."""

    size: int
    lines: int
    blank_lines: int
    newline: bytes
    sha256: str
    quotes: int = 0  # quote marks: an odd count means a quoted field is never closed (a file cut short)

    @property
    def data_lines(self) -> int:
        """Lines that are neither the header nor blank (rows, if no quoted field spans lines)."""
        return max(self.lines - 1 - self.blank_lines, 0)


def sniff_newline(head: bytes) -> bytes:
    """``b"\\n"`` for LF and CRLF text, ``b"\\r"`` for CR-only text (judged on its first line break)."""
    return _sniff(head) or b"\n"


def _sniff(head: bytes) -> bytes | None:
    """As :func:`sniff_newline`, or None while ``head`` cannot tell (no line break yet, or a CR
    at its very end that an LF may follow)."""
    lf, cr = head.find(b"\n"), head.find(b"\r")
    if cr >= 0 and (lf < 0 or lf > cr + 1) and cr + 1 < len(head):
        return b"\r"
    if lf >= 0:
        return b"\n"
    return None


#: How files that are not UTF-8 text begin, and what to tell the person who saved them.
NOT_TEXT = (
    ((b"\xff\xfe", b"\xfe\xff"), "this is UTF-16 text (Excel's 'Unicode Text'), not UTF-8: open it and save it as "
                                   "'CSV UTF-8 (comma delimited)', then load that file"),
    ((b"PK\x03\x04",), "this is an Excel workbook (or a zip archive), not a CSV file: open it and save the sheet as "
                       "'CSV UTF-8 (comma delimited)', then load that file"),
    ((b"\xd0\xcf\x11\xe0",), "this is an old Excel 97-2003 workbook (.xls), not a CSV file: open it in Excel and "
                             "save the sheet as 'CSV UTF-8 (comma delimited)', then load that file"),
)


def not_text(label: str | Path, start: bytes) -> InputError | None:
    """The error for a file that begins as UTF-16 text or a workbook does (its NUL bytes are not damage)."""
    for marks, problem in NOT_TEXT:
        if start.startswith(marks):
            return InputError(label, problem)
    return None


def refuse_not_text(path: Path) -> None:
    """Refuse, before it is decoded, a file that is UTF-16 text or a workbook whatever its name says:
    decoded as UTF-8 it would fail at byte 0, or worse, read as one column of mojibake."""
    with open(path, "rb") as stream:
        start = stream.read(8)
    if error := not_text(path, start):
        raise error


def nul_damage(label: str, offset: int, line: int) -> InputError:
    return InputError(
        label,
        "a NUL byte (a zero, which text never holds): the file is damaged from here on, as happens when a "
        "download or copy is cut short. Download or copy it again",
        line=line,
        offset=offset,
    )


def long_line_damage(label: str, offset: int, line: int, limit: int = MAX_LINE_BYTES) -> InputError:
    return InputError(
        label,
        f"a line longer than {limit:,} bytes with no line break: no real row is this long, so the file is "
        "damaged from here on (junk after the data, or two files run together). Download or save it again",
        line=line,
        offset=offset,
    )


def scan_text(stream: IO[bytes], label: str, *, max_line: int = MAX_LINE_BYTES, chunk: int = CHUNK_BYTES) -> TextScan:
    """Read every byte of ``stream``: count lines and blank lines, checksum, and refuse damage
    (a NUL byte, a line over ``max_line`` bytes) naming its line and byte offset.

    Memory stays at a few chunks whatever the file holds.
    """
    chunk = min(chunk, max_line)
    digest = hashlib.sha256()
    newline: bytes | None = None
    offset = lines = blank = quotes = 0
    line_start = 0  # offset of the line being read
    before = -1  # the byte before this chunk (-1 at the start)
    while data := stream.read(chunk):
        digest.update(data)
        quotes += data.count(b'"')
        if newline is None:
            newline = _sniff(bytes([before]) + data if before == _CR else data)
            if newline == b"\r" and before == _CR:  # the first line ended with the last chunk
                lines, line_start = lines + 1, offset
        arr = np.frombuffer(data, np.uint8)
        ends = np.flatnonzero(arr == (newline or b"\n")[0])
        nul = data.find(b"\0")
        if nul >= 0:
            other_format = not_text(label, data) if offset == 0 else None
            raise other_format or nul_damage(label, offset + nul, lines + 1 + int(np.searchsorted(ends, nul)))
        if ends.size == 0:
            if offset + len(data) - line_start > max_line:
                raise long_line_damage(label, line_start, lines + 1, max_line)
        else:
            starts = np.concatenate(([line_start - offset], ends[:-1] + 1))
            lengths = ends - starts
            too_long = np.flatnonzero(lengths > max_line)
            if too_long.size:
                i = int(too_long[0])
                raise long_line_damage(label, offset + int(starts[i]), lines + i + 1, max_line)
            empty = lengths == 0
            if newline == b"\n":  # CRLF: a line of nothing but "\r" is blank too
                previous = np.where(ends > 0, arr[np.maximum(ends - 1, 0)], before)
                empty |= (lengths == 1) & (previous == _CR)
            blank += int(empty.sum())
            lines += int(ends.size)
            line_start = offset + int(ends[-1]) + 1
        before = int(arr[-1])
        offset += len(data)
    if offset > line_start:
        lines += 1
    return TextScan(offset, lines, blank, newline or b"\n", digest.hexdigest(), quotes)


def unclosed_quote(label: str, line: int | None = None) -> InputError:
    """A quoted field still open at the end of the file; ``line``, where known, is where it opened."""
    return InputError(label, "a quoted field is not closed before the end of the file (the file holds an odd "
                             "number of quote marks): is it cut short, or is a quote mark on this line never "
                             "closed? Download or save it again" if line else
                             "a quoted field is not closed before the end of the file (the file holds an odd "
                             "number of quote marks): is it cut short? Download or save it again", line=line)


def bounded_lines(
    stream: IO[bytes], label: str, *, newline: bytes | None = None, max_line: int = MAX_LINE_BYTES
) -> Iterator[bytes]:
    """The lines of ``stream``, each with its line break, never holding more than ``max_line``
    bytes of one line in memory (a longer line is refused as damage, see :func:`scan_text`)."""
    buffer = b""
    offset = number = 0
    while data := stream.read(CHUNK_BYTES):
        if newline is None:
            newline = sniff_newline(data)
        buffer += data
        start = 0
        while (end := buffer.find(newline, start)) >= 0:
            number += 1
            yield buffer[start : end + 1]
            offset += end + 1 - start
            start = end + 1
        buffer = buffer[start:]
        if len(buffer) > max_line:
            raise long_line_damage(label, offset, number + 1, max_line)
    if buffer:
        yield buffer


@dataclass(frozen=True)
class Head:
    """The start of a file: its first line (without the line break), whether anything but blank
    lines follows it (None when the file is too long to tell from its start) and whether its line
    break is doubled."""

    line: bytes
    more: bool | None
    doubled: bool = False  # the first line ends in CR CR LF (see :func:`doubled_line_breaks`)


def read_head(stream: IO[bytes], label: str, *, max_line: int = MAX_LINE_BYTES) -> Head:
    """The first line of ``stream``, read with a bound (a zip bomb of NUL bytes or a file with
    no line breaks is refused, not read into memory)."""
    limit = min(max_line, CHUNK_BYTES)
    head = stream.read(limit + 1)
    newline = sniff_newline(head)
    end = head.find(newline)
    line = head if end < 0 else head[:end]
    nul = line.find(b"\0")
    if nul >= 0:
        raise not_text(label, head) or nul_damage(label, nul, 1)
    if end < 0 and len(head) > max_line:
        raise long_line_damage(label, 0, 1, max_line)
    rest = b"" if end < 0 else head[end + 1 :]
    more = bool(rest.strip()) if len(head) <= limit else None
    return Head(line.rstrip(b"\r"), more, doubled=end >= 0 and head[end : end + 3] == b"\r\r\n")


def doubled_line_breaks(label: str) -> InputError:
    """Lines ending in CR CR LF: Windows line breaks (CR LF) converted to Windows line breaks again."""
    return InputError(
        label,
        "the lines end in CR CR LF (two carriage returns and a line feed) instead of CR LF: the file's line breaks "
        "were converted twice, e.g. by a text editor or by a transfer in text (ASCII) mode. Download or copy the "
        "file again (a transfer in binary mode), or open it in a text editor and save it with Windows (CR LF) or "
        "Unix (LF) line endings",
        line=1,
    )
