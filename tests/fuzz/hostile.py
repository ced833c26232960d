"""A generated corpus of hostile files: Hypothesis strategies that damage a valid file the ways
downloads, disks and spreadsheet re-saves do. Files are built in memory and written to the
test's temporary folder; nothing large is ever committed."""

from __future__ import annotations

import csv
import io
import zipfile

from hypothesis import strategies as st

from cspkit.sources.textfile import MAX_LINE_BYTES

# Junk that lands after or inside a file: NUL padding (a download cut short), letters and random
# bytes (a disk error, two files run together), and very long lines with no break.
_JUNK = st.one_of(
    st.binary(max_size=64),
    st.sampled_from([b"\0", b"x", b"\xff", b",", b'"', b"\r", b"\n", b"\r\n"]).flatmap(
        lambda unit: st.sampled_from([1, 7, 4096, 140_000, (1 << 20) + 1]).map(lambda n: unit * n)
    ),
)


def _lines(data: bytes) -> list[bytes]:
    return data.replace(b"\r\n", b"\n").split(b"\n")


@st.composite
def damaged(draw: st.DrawFn, valid: bytes) -> bytes:
    """``valid`` after one to three damages drawn from the catalogue."""
    data = valid
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(
            ["truncate", "tail", "insert", "flip", "blank", "endings", "encoding", "bom", "duplicate", "drop"]
        ))
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "tail":
            data += draw(_JUNK)
        elif kind == "insert":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(_JUNK) + data[at:]
        elif kind == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif kind == "blank":
            lines = _lines(data)
            at = draw(st.integers(0, len(lines)))
            data = b"\n".join(lines[:at] + [b""] * draw(st.integers(1, 5)) + lines[at:])
        elif kind == "endings":
            ending = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
            data = ending.join(_lines(data))
        elif kind == "encoding":
            text = data.decode("utf-8", errors="replace")
            codec = draw(st.sampled_from(["latin-1", "utf-16", "cp1252"]))
            data = text.encode(codec, errors="replace")
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "duplicate":
            lines = _lines(data)
            if len(lines) > 1:
                at = draw(st.integers(1, len(lines) - 1))
                data = b"\n".join([*lines[:at + 1], lines[at], *lines[at + 1:]])
        elif kind == "drop":
            lines = _lines(data)
            if len(lines) > 1:
                at = draw(st.integers(0, len(lines) - 1))
                data = b"\n".join(lines[:at] + lines[at + 1 :])
    return data


@st.composite
def damaged_zip(draw: st.DrawFn, member: str, valid: bytes) -> bytes:
    """A zip of ``member`` (its text perhaps damaged), the archive itself perhaps damaged too."""
    text = draw(st.one_of(st.just(valid), damaged(valid)))
    buffer = io.BytesIO()
    method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr(member, text)
    data = buffer.getvalue()
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["truncate", "flip", "tail"]))
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        else:
            data += draw(st.binary(max_size=32))
    return data


def records(data: bytes) -> int | None:
    """The rows of data in ``data`` by Python's csv module (header and blank lines not counted):
    the independent count a successful load must match; None if it is not UTF-8 CSV."""
    csv.field_size_limit(MAX_LINE_BYTES)  # the readers' own bound on a line
    try:
        text = data.decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        next(reader, None)
        return sum(1 for row in reader if row)
    except (UnicodeDecodeError, csv.Error):
        return None
